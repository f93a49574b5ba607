"""Reports: choose a report (quarterly, associations register, roster, events log, meeting protocol), its period
or date and its language (kk, ru, en or all three), see its pages, save the PDF, and print it (Ctrl+P: Qt's print
dialog, the same pages as the PDF).

The PDF is made off the UI thread (`ctx.tasks`) by the same code as `desk report …` (the `reports` package), then
shown page by page with Qt PDF. Data only through desk.services and reports; no SQL here.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desk.domain.validation import ValidationError
from desk.errors import DeskError
from desk.i18n import KK_LATN, LANGUAGE_NAMES, N_, _, current_language, format_date, ngettext, quarter_name
from desk.services import meetings
from desk.ui import printing
from desk.ui.context import AppContext
from desk.ui.pages.base import Page
from desk.ui.printing import load_pdf
from desk.ui.qt import (
    QBuffer,
    QComboBox,
    QDialog,
    QEvent,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QImage,
    QLabel,
    QMessageBox,
    QPdfDocument,
    QPixmap,
    QPrintDialog,
    QPushButton,
    QScrollArea,
    QSize,
    QSpinBox,
    QStyle,
    Qt,
    QVBoxLayout,
    QWidget,
)
from desk.ui.widgets import DateField

REPORTS: tuple[tuple[str, str], ...] = (
    ("quarterly", N_("Quarterly report")),
    ("associations", N_("Register of ethnocultural associations")),
    ("roster", N_("Roster of the members of the assembly")),
    ("events", N_("Events log")),
    ("meeting", N_("Meeting protocol")),
)
ALL_LANGUAGES = N_("All three languages")
ALL_WITH_LATIN = N_("All four versions (Kazakh in both scripts)")
PREVIEW_WIDTH = 620
ZOOM_STEP, ZOOM_MIN, ZOOM_MAX = 1.25, 0.3, 4.0


def _quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


class ReportCancelled(Exception):
    """The clerk pressed Cancel while the report was being made: it stops at the next page."""


def render_report(ws: Any, c: dict[str, Any]) -> tuple[bytes, str]:
    """The PDF the choices `c` ask for, and its file name (on the background thread)."""
    from desk.reports.associations import render_associations
    from desk.reports.events import render_events
    from desk.reports.meeting import render_meeting
    from desk.reports.quarterly import render_quarterly
    from desk.reports.roster import render_roster

    out = io.BytesIO()
    report, lang = c["report"], c["lang"]
    if report == "quarterly":
        render_quarterly(ws, out, year=c["year"], quarter=c["quarter"], lang=lang)
        name = f"quarterly-{c['year']}-Q{c['quarter']}-{lang}.pdf"
    elif report == "associations":
        render_associations(ws, out, lang=lang, as_of=c["as_of"])
        name = f"associations-{c['as_of'].isoformat()}-{lang}.pdf"
    elif report == "roster":
        render_roster(ws, out, lang=lang, as_of=c["as_of"])
        name = f"roster-{c['as_of'].isoformat()}-{lang}.pdf"
    elif report == "events":
        if c["date_from"] is None or c["date_to"] is None:
            raise DeskError(_("Give the first and the last day of the period."))
        render_events(ws, out, lang=lang, date_from=c["date_from"], date_to=c["date_to"])
        name = f"events-{c['date_from'].isoformat()}-{c['date_to'].isoformat()}-{lang}.pdf"
    else:
        if not c["meeting_id"]:
            raise DeskError(_("There is no meeting to print."))
        render_meeting(ws, out, lang=lang, meeting_id=c["meeting_id"])
        name = f"meeting-{lang}.pdf"
    return out.getvalue(), name


class ReportsPage(Page):
    key = "reports"
    title = N_("Reports")
    watches = None

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        today = dt.date.today()
        self.pdf_bytes: bytes | None = None
        self.made_name = ""
        self.page_number = 0
        self._buffer: QBuffer | None = None
        self.document = QPdfDocument(self)

        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.report_box = QComboBox()
        self.year = QSpinBox()
        self.year.setRange(1990, 2100)
        self.year.setValue(today.year)
        self.quarter = QComboBox()
        self.as_of = DateField()
        self.as_of.set_value(today)
        self.date_from = DateField()
        self.date_from.set_value(dt.date(today.year, 3 * (_quarter_of(today) - 1) + 1, 1))
        self.date_to = DateField()
        self.date_to.set_value(today)
        self.meeting_box = QComboBox()
        self.lang_box = QComboBox()
        self.preview_button = QPushButton()
        self.save_button = QPushButton()
        self.print_button = QPushButton()
        self.status = QLabel()
        self.undrawable = ""  # characters the last report printed as the replacement mark
        self.status.setWordWrap(True)

        self.form = QFormLayout()
        self.labels: dict[str, QLabel] = {
            k: QLabel() for k in ("report", "year", "quarter", "as_of", "from", "to", "meeting", "lang")
        }
        self.rows: dict[str, QWidget] = {
            "year": self.year,
            "quarter": self.quarter,
            "as_of": self.as_of,
            "from": self.date_from,
            "to": self.date_to,
            "meeting": self.meeting_box,
        }
        self.form.addRow(self.labels["report"], self.report_box)
        for key, widget in self.rows.items():
            self.form.addRow(self.labels[key], widget)
        self.form.addRow(self.labels["lang"], self.lang_box)
        # two rows: Preview alone, then Save and Print (one row of three outgrew the pane in longer languages)
        buttons = QVBoxLayout()
        first, second = QHBoxLayout(), QHBoxLayout()
        first.addWidget(self.preview_button)
        first.addStretch(1)
        second.addWidget(self.save_button)
        second.addWidget(self.print_button)
        second.addStretch(1)
        buttons.addLayout(first)
        buttons.addLayout(second)

        left = QVBoxLayout()
        left.addLayout(self.form)
        left.addLayout(buttons)
        left.addWidget(self.status)
        left.addStretch(1)
        side = QWidget()
        side.setLayout(left)
        side.setMaximumWidth(420)

        self.page_image = QLabel()
        self.page_image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.page_image.setObjectName("previewHint")
        self.page_image.setWordWrap(True)
        self.page_image.setMargin(24)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.page_image)
        self.scroll.setWidgetResizable(True)
        self.prev_button = QPushButton("◀")
        self.next_button = QPushButton("▶")
        self.page_label = QLabel()
        # Zoom: − and + (or Ctrl+wheel over the page), and fit to the width of the pane (the default).
        self.zoom: float | None = None  # None: fit width; else a factor of PREVIEW_WIDTH
        self.zoom_out_button, self.zoom_in_button, self.fit_button = (
            QPushButton("−"),
            QPushButton("+"),
            QPushButton(),
        )
        self.zoom_out_button.clicked.connect(lambda: self.zoom_by(1 / ZOOM_STEP))
        self.zoom_in_button.clicked.connect(lambda: self.zoom_by(ZOOM_STEP))
        self.fit_button.clicked.connect(self.fit_width)
        self.scroll.viewport().installEventFilter(self)
        nav = QHBoxLayout()
        nav.addWidget(self.zoom_out_button)
        nav.addWidget(self.zoom_in_button)
        nav.addWidget(self.fit_button)
        nav.addStretch(1)
        nav.addWidget(self.prev_button)
        nav.addWidget(self.page_label)
        nav.addWidget(self.next_button)
        nav.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.scroll, 1)
        right.addLayout(nav)

        body = QHBoxLayout()
        body.addWidget(side)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(body, 1)

        self.report_box.currentIndexChanged.connect(self._report_changed)
        self.preview_button.clicked.connect(self.make_preview)
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button.clicked.connect(self.print_report)
        self.prev_button.clicked.connect(lambda: self.show_page_number(self.page_number - 1))
        self.next_button.clicked.connect(lambda: self.show_page_number(self.page_number + 1))
        self.year.valueChanged.connect(self._forget)
        for box in (self.quarter, self.meeting_box, self.lang_box):
            box.currentIndexChanged.connect(self._forget)
        for field in (self.as_of, self.date_from, self.date_to):
            field.dateChanged.connect(self._forget)
        self.retranslate()
        self.refresh()

    # --- texts ------------------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.heading.setText(self.nav_title())
        lang = current_language()
        chosen_report = self.report_box.currentData() or "quarterly"
        self.report_box.blockSignals(True)
        self.report_box.clear()
        for code, title in REPORTS:
            self.report_box.addItem(_(title), code)
        self.report_box.setCurrentIndex(max(0, self.report_box.findData(chosen_report)))
        self.report_box.blockSignals(False)
        chosen_quarter = self.quarter.currentData() or _quarter_of(dt.date.today())
        self.quarter.blockSignals(True)
        self.quarter.clear()
        for q in (1, 2, 3, 4):
            self.quarter.addItem(quarter_name(self.year.value(), q, lang).rsplit(" ", 1)[0], q)
        self.quarter.setCurrentIndex(self.quarter.findData(chosen_quarter))
        self.quarter.blockSignals(False)
        chosen_lang = self.lang_box.currentData() or lang
        self.lang_box.blockSignals(True)
        self.lang_box.clear()
        for code in ("kk", KK_LATN, "ru", "en"):
            self.lang_box.addItem(LANGUAGE_NAMES[code], code)
        self.lang_box.addItem(_(ALL_WITH_LATIN if lang == KK_LATN else ALL_LANGUAGES), "all")
        self.lang_box.setCurrentIndex(max(0, self.lang_box.findData(chosen_lang)))
        self.lang_box.blockSignals(False)
        texts = {
            "report": _("Report"),
            "year": _("Year"),
            "quarter": _("Quarter"),
            "as_of": _("As of"),
            "from": _("From"),
            "to": _("To"),
            "meeting": _("Meeting"),
            "lang": _("Language"),
        }
        for key, label in self.labels.items():
            label.setText(texts[key])
        for field in (self.as_of, self.date_from, self.date_to):
            field.retranslate()
        self.preview_button.setText(_("Preview"))
        self.save_button.setText(_("Save…"))
        self.print_button.setText(_("Print…"))
        self.print_button.setToolTip(_("Print the report (Ctrl+P)"))
        self.fit_button.setText(_("Fit width"))
        self.zoom_in_button.setToolTip(_("Zoom in (Ctrl+wheel)"))
        self.zoom_out_button.setToolTip(_("Zoom out (Ctrl+wheel)"))
        self._fill_meetings()
        self._report_changed()
        self._show_page_label()

    def refresh(self) -> None:
        self._fill_meetings()

    def _fill_meetings(self) -> None:
        chosen = self.meeting_box.currentData()
        lang = current_language()
        from desk.domain import reference
        from desk.services.rows import term_label

        self.meeting_box.blockSignals(True)
        self.meeting_box.clear()
        for result in reversed(meetings.meetings(self.ctx.workspace)):
            m = result.meeting
            kind = term_label(reference.MEETING_KINDS, m.kind, lang)
            number = f" № {m.number}" if m.number else ""
            self.meeting_box.addItem(f"{format_date(m.date, lang)} — {kind}{number}", m.id)
        if chosen:
            self.meeting_box.setCurrentIndex(max(0, self.meeting_box.findData(chosen)))
        self.meeting_box.blockSignals(False)

    def _report_changed(self, *_args: Any) -> None:
        report = self.report_box.currentData() or "quarterly"
        visible = {
            "quarterly": {"year", "quarter"},
            "associations": {"as_of"},
            "roster": {"as_of"},
            "events": {"from", "to"},
            "meeting": {"meeting"},
        }[report]
        for key, widget in self.rows.items():
            widget.setVisible(key in visible)
            self.labels[key].setVisible(key in visible)
        self._forget()

    def _forget(self, *_args: Any) -> None:
        """The choices changed: what was made no longer matches them, so Save makes the PDF anew."""
        self.pdf_bytes = None

    # --- making the PDF -----------------------------------------------------------------------------------------

    def choices(self) -> dict[str, Any]:
        return {
            "report": self.report_box.currentData() or "quarterly",
            "lang": self.lang_box.currentData() or current_language(),
            "year": self.year.value(),
            "quarter": self.quarter.currentData() or 1,
            "as_of": self.as_of.value() or dt.date.today(),
            "date_from": self.date_from.value(),
            "date_to": self.date_to.value(),
            "meeting_id": self.meeting_box.currentData(),
        }

    def _work(self, c: dict[str, Any]) -> Callable[[Any], tuple[bytes, str]]:
        ws = self.ctx.workspace

        def work(progress: Any) -> tuple[bytes, str]:
            from desk.reports.page import page_listener

            def on_page(number: int) -> None:  # each page laid out: shown, and where Cancel stops the report
                if not progress(number, 0, _("Page {number}").format(number=number)):
                    raise ReportCancelled

            if not progress(0, 0, _("Reading the data")):
                raise ReportCancelled
            token = page_listener.set(on_page)
            try:
                made = render_report(ws, c)
            finally:
                page_listener.reset(token)
            from desk.reports.fallback import undrawable

            self.undrawable = undrawable().describe()  # read by `done` on the main thread, after this returns
            return made

        return work

    def make_preview(self, *, then: Callable[[], None] | None = None) -> Any:
        """Make the PDF in the background and show its first page."""
        self.status.setText(_("Printing the report…"))
        self.undrawable = ""

        def done(result: tuple[bytes, str]) -> None:
            self.pdf_bytes, self.made_name = result
            self._load(self.pdf_bytes)
            status = _("{pages} pages.").format(pages=self.document.pageCount())
            if self.undrawable:
                status += " " + _(
                    "No font of the report can draw {chars}: they are printed as \ufffd."
                ).format(chars=self.undrawable)
            self.status.setText(status)
            if then is not None:
                then()

        def failed(exc: BaseException) -> None:
            from desk.ui.tasks import error_text

            self.status.setText(error_text(exc))

        try:
            chosen = self.choices()
        except ValidationError as exc:  # a date typed only in part: say which, print nothing
            self.status.setText("\n".join(str(e) for e in exc.errors))
            return None
        return self.ctx.tasks.run(
            self._work(chosen),
            title=_("Printing the report"),
            parent=self,
            on_done=done,
            on_error=failed,
            on_cancel=lambda: self.status.setText(_("Cancelled: no report was made.")),
        )

    def _load(self, data: bytes) -> None:
        self._buffer = load_pdf(self.document, data, self, self._buffer)
        self.show_page_number(0)

    def show_page_number(self, number: int) -> None:
        pages = self.document.pageCount()
        if pages <= 0:
            self.page_image.clear()
            self._show_page_label()
            return
        self.page_number = max(0, min(number, pages - 1))
        size = self.document.pagePointSize(self.page_number)
        scale = self.preview_width() / max(size.width(), 1)
        image: QImage = self.document.render(
            self.page_number, QSize(int(size.width() * scale), int(size.height() * scale))
        )
        self.page_image.setPixmap(QPixmap.fromImage(image))
        self._show_page_label()

    # --- zoom ---------------------------------------------------------------------------------------------------

    def preview_width(self) -> int:
        """The page's width on screen in pixels: the pane's width (fit width), or PREVIEW_WIDTH times the zoom."""
        if self.zoom is None:
            margins = 2 * self.page_image.margin() + self.style().pixelMetric(
                QStyle.PixelMetric.PM_ScrollBarExtent
            )
            return max(self.scroll.viewport().width() - margins, 200)
        return int(PREVIEW_WIDTH * self.zoom)

    def zoom_by(self, factor: float) -> None:
        current = self.zoom if self.zoom is not None else self.preview_width() / PREVIEW_WIDTH
        self.zoom = min(max(current * factor, ZOOM_MIN), ZOOM_MAX)
        self.show_page_number(self.page_number)

    def fit_width(self) -> None:
        self.zoom = None
        self.show_page_number(self.page_number)

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
        if watched is self.scroll.viewport():
            if event.type() == QEvent.Type.Wheel and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.zoom_by(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)
                return True
            if event.type() == QEvent.Type.Resize and self.zoom is None and self.document.pageCount() > 0:
                self.show_page_number(self.page_number)
        return super().eventFilter(watched, event)

    def _show_page_label(self) -> None:
        pages = max(self.document.pageCount(), 0)  # the pages on screen (the choices may have changed since)
        for widget in (
            self.prev_button,
            self.page_label,
            self.next_button,
            self.zoom_out_button,
            self.zoom_in_button,
            self.fit_button,
        ):
            widget.setVisible(pages > 0)
        if pages == 0:  # nothing made yet: say what to do, not "Page 0 of 0"
            self.page_image.setText(_("Choose a report and press Preview."))
            self.page_label.clear()
        else:
            self.page_label.setText(
                _("Page {page} of {pages}").format(page=self.page_number + 1, pages=pages)
            )
        self.prev_button.setEnabled(pages > 0 and self.page_number > 0)
        self.next_button.setEnabled(pages > 0 and self.page_number < pages - 1)

    # --- saving -------------------------------------------------------------------------------------------------

    def ask_save_path(self, suggested: str) -> str:
        """The native Save dialog; returns "" when the user cancels. The quarterly report may also be saved as an
        editable Word document (.docx)."""
        filters = _("PDF files (*.pdf)")
        if self.choices()["report"] == "quarterly":
            filters += ";;" + _("Word documents (*.docx)")
        path, chosen = QFileDialog.getSaveFileName(self, _("Save the report"), suggested, filters)
        if path and "docx" in chosen and not path.lower().endswith(".docx"):
            path = str(Path(path).with_suffix(".docx"))
        return path

    def _write_file(self, target: Path, data: bytes) -> bool:
        """Write into a temporary file beside the target, then move it into place."""
        try:
            fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=target.suffix, dir=target.parent)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        except OSError as exc:
            QMessageBox.warning(
                self,
                _("Save the report"),
                _("The report could not be saved: {error}").format(error=exc.strerror or exc),
            )
            return False
        self.ctx.set_ui_value("reports/folder", str(target.parent))
        self.status.setText(_("Saved to {file}.").format(file=target))
        return True

    def save_docx(self, target: Path) -> Any:
        """The quarterly report of the chosen quarter as an editable Word document, made in the background."""
        ws = self.ctx.workspace
        c = self.choices()

        def work(progress: Any) -> bytes:
            from desk.reports.quarterly import render_quarterly_docx

            progress(0, 0, _("Printing the report"))
            out = io.BytesIO()
            render_quarterly_docx(ws, out, year=c["year"], quarter=c["quarter"], lang=c["lang"])
            return out.getvalue()

        def failed(exc: BaseException) -> None:
            from desk.ui.tasks import error_text

            self.status.setText(error_text(exc))

        return self.ctx.tasks.run(
            work,
            title=_("Printing the report"),
            parent=self,
            on_done=lambda data: self._write_file(target, data),
            on_error=failed,
        )

    def save_pdf(self) -> None:
        """Save what the preview shows (making it first when nothing was made yet)."""
        if self.pdf_bytes is None:
            self.make_preview(then=self.save_pdf)
            return
        folder = Path(self.ctx.ui_value("reports/folder") or Path.home())
        path = self.ask_save_path(str(folder / self.made_name))
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() == ".docx" and self.choices()["report"] == "quarterly":
            self.save_docx(target)
            return
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        self._write_file(target, self.pdf_bytes)

    def save(self) -> bool:  # Ctrl+S
        self.save_pdf()
        return True

    # --- printing -----------------------------------------------------------------------------------------------

    def ask_print(self, dialog: QPrintDialog) -> bool:
        """Show Qt's print dialog (printer, page range, copies, duplex where the printer has it); False when the
        user cancels."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def print_report(self) -> Any:
        """Print what the preview shows (making it first when nothing was made yet): the PDF's own pages."""
        if self.pdf_bytes is None:
            return self.make_preview(then=self.print_report)
        pages = self.document.pageCount()
        printer = printing.new_printer(self.made_name, pages)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print the report"))
        dialog.setOptions(printing.dialog_options())
        dialog.setMinMax(1, max(1, pages))
        dialog.setFromTo(1, max(1, pages))
        if not self.ask_print(dialog):
            return None
        chosen = printing.chosen_pages(printer, pages, self.page_number)
        data = self.pdf_bytes

        def work(progress: Any) -> int:
            return printing.print_pages(data, printer, chosen, progress)

        def done(count: int) -> None:
            self.status.setText(
                ngettext(
                    "Sent {pages} page to the printer.", "Sent {pages} pages to the printer.", count
                ).format(pages=count)
            )

        def failed(exc: BaseException) -> None:
            from desk.ui.tasks import error_text

            self.status.setText(error_text(exc))

        self._printer = printer  # kept alive until the task ends
        return self.ctx.tasks.run(
            work, title=_("Printing the report"), parent=self, on_done=done, on_error=failed
        )

    def print_(self) -> bool:  # Ctrl+P
        self.print_report()
        return True


PAGE = ReportsPage
