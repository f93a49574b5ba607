"""Quarters: in a region, the recent quarters with their state (not sent, submitted, accepted, returned, reopened),
the centre's comments, and "Submit" for the chosen one; at the central office, the republic at a glance (every
region × quarter, with the last bundle's age), and for a region's quarter its figures beside the region's PDF, what
changed since the version before, and Accept / Return / Reopen, and the quarter's deadline.

All work goes through desk.sync.quarters and desk.services.quarters (no SQL here); submitting and deciding run off
the UI thread via `ctx.tasks`.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from desk.domain import quarters as rules
from desk.i18n import N_, _, format_date, format_moment, ngettext
from desk.ui.context import AppContext
from desk.ui.pages.base import Page
from desk.ui.printing import load_pdf
from desk.ui.qt import (
    QBuffer,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QImage,
    QInputDialog,
    QLabel,
    QPdfDocument,
    QPixmap,
    QPushButton,
    QScrollArea,
    QSize,
    QSplitter,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from desk.ui.rows_model import GOOD_COLOUR, WARNING_COLOUR, RowColumn, RowsModel
from desk.ui.tasks import error_text

_STATE_COLOURS = {rules.ACCEPTED: GOOD_COLOUR, rules.RETURNED: WARNING_COLOUR, rules.REOPENED: WARNING_COLOUR}


def _state(s: rules.QuarterStatus) -> str:
    return _(rules.STATE_TITLES[s.state])


REGION_QUARTER_COLUMNS: list[RowColumn[Any]] = [
    RowColumn(N_("Quarter"), lambda s: s.period.label()),
    RowColumn(N_("State"), _state, colour=lambda s: _STATE_COLOURS.get(s.state)),
    RowColumn(N_("Version"), lambda s: str(s.submission.version) if s.submission else "", numeric=True),
    RowColumn(N_("Submitted"), lambda s: format_moment(s.submission.submitted_at) if s.submission else ""),
    RowColumn(N_("Decided"), lambda s: format_date(s.decision.decided_at) if s.decision else ""),
    RowColumn(N_("Comment"), lambda s: s.decision.comment if s.decision else ""),
]

FIGURE_COLUMNS: list[RowColumn[Any]] = [
    RowColumn(N_("Figure"), lambda r: r[0]),
    RowColumn(N_("Value"), lambda r: "" if r[1] is None else str(r[1]), numeric=True),
    RowColumn(
        N_("Before"),
        lambda r: "" if r[2] is None else str(r[2]),
        numeric=True,
        colour=lambda r: WARNING_COLOUR if r[3] else None,
    ),
]


def _age(days: int | None) -> str:
    if days is None:
        return _("none")
    return ngettext("{n} day", "{n} days", days).format(n=days)


def _table(model: RowsModel[Any]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


class QuartersPage(Page):
    key = "quarters"
    title = N_("Quarters")
    watches = frozenset({"quarter_submission", "quarter_decision"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.central = ctx.workspace.is_central
        self.last_message = ""
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        if self.central:
            self._build_central(layout)
        else:
            self._build_region(layout)
        layout.addWidget(self.status)
        self.retranslate()

    # --- layout ---------------------------------------------------------------------------------------------------

    def _build_region(self, layout: QVBoxLayout) -> None:
        self.quarters = RowsModel(REGION_QUARTER_COLUMNS, parent=self)
        self.quarters_view = _table(self.quarters)
        layout.addWidget(self.quarters_view, 1)
        buttons = QHBoxLayout()
        self.submit_button = QPushButton()
        self.submit_button.clicked.connect(lambda: self.submit_selected())
        buttons.addWidget(self.submit_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def _build_central(self, layout: QVBoxLayout) -> None:
        self.periods = rules.recent(dt.date.today(), 4)
        self.republic = RowsModel(self._republic_columns(), parent=self)
        self.republic_view = _table(self.republic)
        self.republic_view.doubleClicked.connect(lambda _i: self.show_selected())
        controls = QHBoxLayout()
        self.period_box = QComboBox()
        for p in reversed(self.periods):
            self.period_box.addItem(p.label(), p)
        self.show_button = QPushButton()
        self.show_button.clicked.connect(lambda: self.show_selected())
        self.accept_button = QPushButton()
        self.accept_button.clicked.connect(lambda: self.decide(rules.ACCEPTED))
        self.return_button = QPushButton()
        self.return_button.clicked.connect(lambda: self.decide(rules.RETURNED))
        self.reopen_button = QPushButton()
        self.reopen_button.clicked.connect(lambda: self.decide(rules.REOPENED))
        self.deadline_button = QPushButton()
        self.deadline_button.clicked.connect(lambda: self.set_deadline())
        self.period_label = QLabel()
        controls.addWidget(self.period_label)
        for w in (
            self.period_box,
            self.show_button,
            self.accept_button,
            self.return_button,
            self.reopen_button,
            self.deadline_button,
        ):
            controls.addWidget(w)
        controls.addStretch(1)

        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        self.figures = RowsModel(FIGURE_COLUMNS, marked=lambda r: bool(r[3]), parent=self)
        self.figures_view = _table(self.figures)
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.page_number = 0
        self.page_image = QLabel()
        self.page_image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.page_image)
        self.scroll.setWidgetResizable(True)
        self.prev_button = QPushButton("◀")
        self.next_button = QPushButton("▶")
        self.prev_button.clicked.connect(lambda: self.show_pdf_page(self.page_number - 1))
        self.next_button.clicked.connect(lambda: self.show_pdf_page(self.page_number + 1))
        self.pdf_page_label = QLabel()
        pdf_nav = QHBoxLayout()
        for w in (self.prev_button, self.pdf_page_label, self.next_button):
            pdf_nav.addWidget(w)
        pdf_nav.addStretch(1)
        pdf_side = QWidget()
        pdf_layout = QVBoxLayout(pdf_side)
        pdf_layout.setContentsMargins(0, 0, 0, 0)
        pdf_layout.addLayout(pdf_nav)
        pdf_layout.addWidget(self.scroll, 1)
        self.detail = QSplitter(Qt.Orientation.Horizontal)
        self.detail.addWidget(self.figures_view)
        self.detail.addWidget(pdf_side)
        self.detail.setSizes([400, 600])

        splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.republic_view, 1)
        top_layout.addLayout(controls)
        top_layout.addWidget(self.detail_label)
        splitter.addWidget(top)
        splitter.addWidget(self.detail)
        splitter.setSizes([400, 500])
        layout.addWidget(splitter, 1)

    def _republic_columns(self) -> list[RowColumn[Any]]:
        columns: list[RowColumn[Any]] = [RowColumn(N_("Region"), lambda r: r.name)]
        for p in self.periods:
            columns.append(
                RowColumn(
                    p.label(),
                    lambda r, p=p: r.cells[p].text(),
                    colour=lambda r, p=p: _STATE_COLOURS.get(r.cells[p].state),
                )
            )
        columns.append(RowColumn(N_("Last bundle"), lambda r: _age(r.last_bundle_age_days), numeric=True))
        return columns

    def retranslate(self) -> None:
        self.heading.setText(self.nav_title())
        if self.central:
            self.intro.setText(
                _(
                    "Which regions have submitted each quarter, and whether the centre accepted or returned it. "
                    "Choose a region and a quarter to see its figures beside the region's report; the decision "
                    "goes back to the region with its receipt."
                )
            )
            self.period_label.setText(_("Quarter:"))
            self.show_button.setText(_("Show"))
            self.accept_button.setText(_("Accept"))
            self.return_button.setText(_("Return…"))
            self.reopen_button.setText(_("Reopen…"))
            self.deadline_button.setText(_("Deadline…"))
            for i, p in enumerate(reversed(self.periods)):
                self.period_box.setItemText(i, p.label())
            self.republic.columns = self._republic_columns()
            models = [self.republic, self.figures]
        else:
            self.intro.setText(
                _(
                    "When a quarter has ended, submit it to the centre: its figures and report are frozen, "
                    "signed and carried by the next bundle. An accepted quarter is locked; a returned or "
                    "reopened one is corrected and submitted again."
                )
            )
            self.submit_button.setText(_("Submit the chosen quarter"))
            models = [self.quarters]
        for model in models:
            model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, model.columnCount() - 1))
        self.refresh()

    # --- data -------------------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        ws = self.ctx.workspace
        if self.central:
            from desk.sync.quarters import republic

            self.table = republic(ws, self.periods, self.ctx.language)
            selected = self.republic_view.selectionModel().selectedRows()
            self.republic.set_rows(self.table.rows)
            if selected:  # the same twenty regions in the same order: keep the region chosen
                self.republic_view.selectRow(selected[0].row())
            deadlines = [
                _("Deadline for {quarter}: {date}").format(quarter=p.label(), date=rules.day_text(d))
                for p, d in self.table.deadlines.items()
                if d is not None
            ]
            if not self.last_message:
                self.status.setText("\n".join(deadlines))
            return
        from desk.services import quarters as service

        known = service.statuses(ws, ws.region)
        rows = [
            known.get((ws.region, p)) or rules.QuarterStatus(ws.region, p, rules.NOT_SENT)
            for p in reversed(rules.recent(dt.date.today(), 8))
        ]
        self.quarters.set_rows(rows)

    # --- region -------------------------------------------------------------------------------------------------

    def chosen_status(self) -> rules.QuarterStatus | None:
        rows = self.quarters_view.selectionModel().selectedRows()
        return self.quarters.row(rows[0].row()) if rows else None

    def submit_selected(self, status: rules.QuarterStatus | None = None) -> Any:
        status = status or self.chosen_status()
        if status is None:
            self._say(_("Choose a quarter in the list first."))
            return None
        ws = self.ctx.workspace
        p = status.period

        def work(_progress: Any) -> Any:
            from desk.sync.quarters import submit

            return submit(ws, p.year, p.quarter)

        def done(result: Any) -> None:
            self.refresh()
            if result.correction:
                text = _(
                    "{quarter} submitted again as a correction (version {version}); the next bundle carries it."
                ).format(quarter=p.label(), version=result.submission.version)
            else:
                text = _("{quarter} submitted; the next bundle carries it to the centre.").format(
                    quarter=p.label()
                )
            self._say(text)

        return self.ctx.tasks.run(
            work, title=_("Submitting the quarter"), parent=self, on_done=done, on_error=self._failed
        )

    # --- centre -------------------------------------------------------------------------------------------------

    def chosen(self) -> tuple[str, rules.Period] | None:
        rows = self.republic_view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.republic.row(rows[0].row()).code, self.period_box.currentData()

    def show_selected(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            self._say(_("Choose a region in the table first."))
            return
        from desk.services import quarters as service
        from desk.sync.quarters import pdf_of, verify

        ws = self.ctx.workspace
        region, p = chosen
        rows = service.submission_rows(ws, region, p)
        if not rows:
            self.figures.set_rows([])
            self._load_pdf(b"")
            self.detail_label.setText(
                _("{quarter} of {region} has not been submitted: there is nothing to decide on.").format(
                    quarter=p.label(), region=region
                )
            )
            return
        latest = rows[-1]
        status = service.status(ws, region, p)
        fix = service.correction(ws, region, p)
        before = {c.figure: c.before for c in fix.changes} if fix else {}
        figures = rules.flatten(json.loads(latest.figures))
        self.figures.set_rows(
            [(name, value, before.get(name), name in before) for name, value in figures.items()]
        )
        problem = verify(ws, latest)
        lines = [
            rules.submission_line(status, region, latest.version, latest.submitted_at),
            problem or _("Signature and hashes verified."),
        ]
        if fix is not None:
            lines.append(
                ngettext(
                    "{n} figure changed since version {version} (marked).",
                    "{n} figures changed since version {version} (marked).",
                    len(fix.changes),
                ).format(n=len(fix.changes), version=fix.before)
            )
        self.detail_label.setText("\n".join(lines))
        self._load_pdf(pdf_of(latest))

    def _load_pdf(self, data: bytes) -> None:
        self.document.close()
        if not data:
            self.page_image.clear()
            self.pdf_page_label.clear()
            return
        self._buffer = load_pdf(self.document, data, self, self._buffer)
        self.show_pdf_page(0)

    def show_pdf_page(self, number: int) -> None:
        pages = self.document.pageCount()
        if pages <= 0:
            return
        self.page_number = max(0, min(number, pages - 1))
        size = self.document.pagePointSize(self.page_number)
        width = max(self.scroll.viewport().width() - 24, 300)
        scale = width / max(size.width(), 1)
        image: QImage = self.document.render(
            self.page_number, QSize(int(size.width() * scale), int(size.height() * scale))
        )
        self.page_image.setPixmap(QPixmap.fromImage(image))
        self.pdf_page_label.setText(
            _("Page {page} of {pages}").format(page=self.page_number + 1, pages=pages)
        )

    def ask_comment(self, action: str) -> str | None:
        title = _("Return the quarter") if action == rules.RETURNED else _("Reopen the quarter")
        text, ok = QInputDialog.getMultiLineText(self, title, _("What must the region correct?"))
        return text if ok else None

    def decide(self, action: str, comment: str | None = None) -> Any:
        chosen = self.chosen()
        if chosen is None:
            self._say(_("Choose a region in the table first."))
            return None
        region, p = chosen
        if action != rules.ACCEPTED and comment is None:
            comment = self.ask_comment(action)
            if comment is None:
                return None
        ws = self.ctx.workspace

        def work(_progress: Any) -> Any:
            from desk.sync.quarters import decide

            return decide(ws, region, p.year, p.quarter, action, comment or "")

        def done(result: Any) -> None:
            from desk.sync.quarters import decision_sentence

            text = decision_sentence(result.decision)
            if result.receipt is not None:
                text += "\n" + _(
                    "Send the region its receipt, which now carries the decision: {path}"
                ).format(path=result.receipt)
            self.refresh()
            self.show_selected()
            self._say(text)

        return self.ctx.tasks.run(
            work, title=_("Recording the decision"), parent=self, on_done=done, on_error=self._failed
        )

    def ask_deadline(self, p: rules.Period) -> str | None:
        text, ok = QInputDialog.getText(
            self,
            _("Deadline for {quarter}").format(quarter=p.label()),
            _("The day by which the regions must submit it (YYYY-MM-DD):"),
        )
        return text if ok else None

    def set_deadline(self, text: str | None = None) -> None:
        from desk.services import quarters as service

        p: rules.Period = self.period_box.currentData()
        text = text if text is not None else self.ask_deadline(p)
        if text is None:
            return
        try:
            day = dt.date.fromisoformat(text.strip())
        except ValueError:
            self._say(_("Expected a date YYYY-MM-DD, not “{value}”.").format(value=text))
            return
        try:
            service.set_deadline(self.ctx.workspace, p, day)
        except Exception as exc:  # noqa: BLE001 - DeskError: shown as it is
            self._failed(exc)
            return
        self.last_message = ""
        self.refresh()

    # --- messages -------------------------------------------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.last_message = text
        self.status.setText(text)

    def _failed(self, exc: BaseException) -> None:
        self._say(error_text(exc))  # on the page, under the table: never a box that blocks


PAGE = QuartersPage
