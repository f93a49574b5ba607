"""Bringing the first window to the front when a second start asks, on Windows too.

Windows lets a process take the foreground only when the foreground process allows it: a window that calls
SetForegroundWindow on its own only gets a flashing taskbar button. The second start is the foreground process
(the clerk just launched it), so it grants the first one the right (AllowSetForegroundWindow with the first's
process id, read from the folder's lock file) before it asks; the first then restores and activates its window."""

from __future__ import annotations

import logging
import os

from desk.ui.qt import Qt, QWidget

log = logging.getLogger("desk.ui")

ASFW_ANY = -1  # any process: when the holder's process id could not be read
SW_RESTORE = 9


def allow_foreground(pid: int | None) -> bool:
    """In the second start, before asking: let process `pid` (else any) take the foreground. False off Windows or
    when Windows refuses (we are not the foreground process)."""
    if os.name != "nt":
        return False
    try:
        import ctypes

        user32 = ctypes.windll.user32  # type: ignore[attr-defined]
        allowed = bool(user32.AllowSetForegroundWindow(ctypes.c_uint32(pid if pid else ASFW_ANY).value))
    except (AttributeError, OSError):
        return False
    if not allowed:
        log.info("Windows did not let this start hand the foreground to process %s", pid)
    return allowed


def bring_to_front(window: QWidget) -> None:
    """Un-minimise, raise and activate `window`; on Windows through the API, which Qt's activateWindow alone
    does not do from the background."""
    window.setWindowState(
        (window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
    )
    window.show()
    window.raise_()
    window.activateWindow()
    if os.name != "nt":
        return
    try:
        import ctypes

        user32 = ctypes.windll.user32  # type: ignore[attr-defined]
        hwnd = ctypes.c_void_p(int(window.winId()))
        if user32.IsIconic(hwnd):
            user32.ShowWindow(hwnd, SW_RESTORE)
        user32.BringWindowToTop(hwnd)
        if not user32.SetForegroundWindow(hwnd):
            log.info("SetForegroundWindow refused; the taskbar button flashes instead")
    except (AttributeError, OSError, ValueError):
        log.exception("could not bring the window to the front")
