"""Printing a report: the same pages as its PDF, drawn from the PDF onto the printer chosen in Qt's print dialog
(printer, A4, page range, copies, duplex where the printer has it). Off the UI thread: each page is rendered at the
printer's resolution from a QPdfDocument of the task's own."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from desk.i18n import _
from desk.ui.qt import (
    QAbstractPrintDialog,
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QObject,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfDocument,
    QPrinter,
    QRect,
    QSize,
)

PRINT_DPI = 300
"""Pages are drawn as images of this resolution: sharp text on office printers, a few MB a page at most."""


def new_printer(doc_name: str, pages: int) -> QPrinter:
    """A printer set up for a report: A4, every page, the report's name for the print queue."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setResolution(PRINT_DPI)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    printer.setFullPage(True)  # the PDF's pages carry their own margins
    printer.setDocName(doc_name)
    printer.setFromTo(1, max(1, pages))
    return printer


def dialog_options() -> QAbstractPrintDialog.PrintDialogOption:
    """What the dialog offers: a page range, the current page, copies collated; duplex and the printer's own
    settings are the system dialog's."""
    o = QAbstractPrintDialog.PrintDialogOption
    return o.PrintPageRange | o.PrintCurrentPage | o.PrintCollateCopies | o.PrintToFile | o.PrintShowPageSize


def chosen_pages(printer: QPrinter, pages: int, current: int) -> list[int]:
    """The 0-based pages the user chose: all, a range (from–to, 1-based in the dialog) or the page on screen."""
    mode = printer.printRange()
    if mode == QPrinter.PrintRange.PageRange:
        first, last = max(1, printer.fromPage()), min(pages, printer.toPage() or pages)
        return list(range(first - 1, last))
    if mode == QPrinter.PrintRange.CurrentPage:
        return [current] if 0 <= current < pages else []
    return list(range(pages))


def print_pages(
    data: bytes,
    printer: QPrinter,
    pages: Sequence[int],
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> int:
    """Draw `pages` of the PDF `data` on `printer`, each page scaled to the sheet (A4 onto A4: as it is), turned
    to the page's own orientation. Copies and duplex are the printer's (set in the dialog). Returns pages printed."""
    document = QPdfDocument()
    buffer = load_pdf(document, data, None, None)  # noqa: F841 - the document reads it while it lives
    if not pages:
        return 0
    first_size = document.pagePointSize(pages[0])
    printer.setPageOrientation(
        QPageLayout.Orientation.Landscape
        if first_size.width() > first_size.height()
        else QPageLayout.Orientation.Portrait
    )
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(_("The printer could not be opened."))
    printed = 0
    try:
        for index, number in enumerate(pages):
            if cancelled():
                break
            if progress is not None:
                progress(index, len(pages), _("Printing page {page}").format(page=number + 1))
            if index:
                printer.newPage()
            target: QRect = printer.pageLayout().fullRectPixels(printer.resolution())
            size = document.pagePointSize(number)
            scale = min(target.width() / max(size.width(), 1), target.height() / max(size.height(), 1))
            width, height = int(size.width() * scale), int(size.height() * scale)
            image = document.render(number, QSize(width, height))
            painter.drawImage(QRect(target.x(), target.y(), width, height), image)
            printed += 1
    finally:
        painter.end()
        document.close()
    return printed


def load_pdf(document: QPdfDocument, data: bytes, owner: QObject | None, previous: QBuffer | None) -> QBuffer:
    """Show the PDF `data` in `document` (a report's preview): the bytes go through a buffer the document reads
    while it lives; the buffer of the previous PDF is let go. Returns the new buffer, for the next call."""
    document.close()
    buffer = QBuffer(owner)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if previous is not None:
        previous.deleteLater()
    return buffer
