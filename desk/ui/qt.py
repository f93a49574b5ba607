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


def qt_translations_dir() -> str:
    """Where PySide6 keeps Qt's own translations (qtbase_kk.qm, qtbase_ru.qm)."""
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def qtest() -> Any:
    """QtTest's QTest, for tools that drive the window (bench/): loaded only when asked for, never by the program."""
    from PySide6.QtTest import QTest

    return QTest
