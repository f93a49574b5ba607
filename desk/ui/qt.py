"""The one module that imports PySide6. Every other UI module imports Qt names from here.

Keeping the binding behind one shim means a switch of binding or version touches one file, and the architecture
test can check that nothing else imports it. QtCore, QtGui and QtWidgets are re-exported whole; add other Qt
modules here (explicitly) when a page needs them.
"""

# ruff: noqa: F401, F403
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import *
from PySide6.QtCore import Property, QLibraryInfo, QObject, QThread, Signal, Slot
from PySide6.QtGui import *
from PySide6.QtNetwork import QLocalServer, QLocalSocket  # one window per data folder (desk/ui/startup.py)
from PySide6.QtPdf import QPdfDocument  # report previews (desk/ui/pages/reports.py)
from PySide6.QtPrintSupport import (  # printing reports
    QAbstractPrintDialog,
    QPrintDialog,
    QPrinter,
    QPrinterInfo,
)
from PySide6.QtWidgets import *

QT_VERSION_STR = QtCore.qVersion()


def _scan_no_sources() -> None:
    """PySide6 calls `PySide6.support.feature.feature_imported` after every import, and the first time it sees a
    module it reads the module's whole source (`inspect.getsource`) to learn whether the module uses PySide, for
    `from __feature__ import snake_case, true_property`. This program never selects a feature, so a module's answer
    changes nothing but the time: ~55 ms of the window's start (the database layer, imported after Qt, is read
    source file by source file). Answer from the module's name instead: the program's UI modules and PySide's own
    use PySide, nothing else does. A PySide6 without this hook (another version) is left as it is."""
    import sys

    feature = sys.modules.get("PySide6.support.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]


def uses_pyside(module: Any) -> bool:
    """Whether a module uses PySide, by its name (see `_scan_no_sources`)."""
    name = getattr(module, "__name__", "")
    return name.startswith(("desk.ui", "PySide6", "shiboken6", "__main__")) or "pyside" in name.lower()


_scan_no_sources()


def qt_translations_dir() -> str:
    """Where PySide6 keeps Qt's own translations (qtbase_kk.qm, qtbase_ru.qm)."""
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def qtest() -> Any:
    """QtTest's QTest, for tools that drive the window (bench/): loaded only when asked for, never by the program."""
    from PySide6.QtTest import QTest

    return QTest
