"""Everything Qt: the application, the main window, its pages, table models, dialogs and background tasks.

Only this package imports Qt, and only through `desk.ui.qt`. It reads and writes data through `desk.services`.
"""
