"""Home: the current quarter at a glance — the registers' figures and their change since the previous quarter,
events by month (a chart), upcoming meetings, overdue decisions and the action plan's fulfilment.

The figures are read in the background (desk.services.dashboard), so the window is usable at once.
"""

from __future__ import annotations

from desk.i18n import N_, _, format_date, format_number, month_name, ngettext, quarter_name
from desk.services import dashboard
from desk.ui.chart import BarChart
from desk.ui.context import AppContext
from desk.ui.pages.base import Page
from desk.ui.qt import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)

FIGURES = {
    "associations": N_("Active associations"),
    "registered": N_("Associations registered this quarter"),
    "events_held": N_("Events held"),
    "participants": N_("Participants"),
    "events_planned": N_("Events still planned"),
    "houses": N_("Houses of Friendship"),
    "persons": N_("Persons"),
}


class FigureCard(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figureCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel()
        self.value.setObjectName("figureValue")
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.change = QLabel()
        self.change.setObjectName("figureChange")
        self.change.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        layout.addWidget(self.change)
        layout.addStretch(1)


class HomePage(Page):
    key = "home"
    title = N_("Home")
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.glance: dashboard.Glance | None = None
        self.loading = False
        self.refresh()  # the figures are read in the background while the widgets are made (they arrive queued)
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.subtitle = QLabel()
        self.cards = {key: FigureCard() for key in FIGURES}
        grid = QGridLayout()
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, i // 4, i % 4)
        self.chart = BarChart()
        self.plan_box = QGroupBox()
        self.plan_bar = QProgressBar()
        self.plan_bar.setRange(0, 100)
        self.plan_text = QLabel()
        self.plan_text.setWordWrap(True)
        self.members_text = QLabel()
        self.members_text.setWordWrap(True)
        plan_layout = QVBoxLayout(self.plan_box)
        plan_layout.addWidget(self.plan_bar)
        plan_layout.addWidget(self.plan_text)
        plan_layout.addWidget(self.members_text)
        plan_layout.addStretch(1)
        self.meetings_box = QGroupBox()
        self.meetings = QTreeWidget()
        self.meetings.setRootIsDecorated(False)
        self.meetings_empty = QLabel()
        self.meetings_warning = QLabel()  # years without a session (2002 Regulation, item 8)
        self.meetings_warning.setObjectName("fieldMessage")
        self.meetings_warning.setWordWrap(True)
        self.meetings_warning.hide()
        box = QVBoxLayout(self.meetings_box)
        box.addWidget(self.meetings_warning)
        box.addWidget(self.meetings)
        box.addWidget(self.meetings_empty)
        self.overdue_box = QGroupBox()
        self.overdue = QTreeWidget()
        self.overdue.setRootIsDecorated(False)
        self.overdue_empty = QLabel()
        box = QVBoxLayout(self.overdue_box)
        box.addWidget(self.overdue)
        box.addWidget(self.overdue_empty)

        middle = QHBoxLayout()
        middle.addWidget(self.chart, 3)
        middle.addWidget(self.plan_box, 1)
        lists = QHBoxLayout()
        lists.addWidget(self.meetings_box)
        lists.addWidget(self.overdue_box)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.heading)
        column.addWidget(self.subtitle)
        column.addLayout(grid)
        column.addLayout(middle)
        column.addLayout(lists)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.retranslate(reload=False)  # the figures are on their way already

    # --- data ---------------------------------------------------------------------------------------------------

    def ready(self) -> bool:
        return self.glance is not None

    def refresh(self) -> None:
        """Read the figures in the background; show them when they arrive."""
        if self.loading:
            self._stale = True
            return
        self.loading = True
        ws, lang = self.ctx.workspace, self.ctx.language

        def done(glance: dashboard.Glance) -> None:
            self.glance = glance
            self.show_glance()

        def finished() -> None:
            self.loading = False
            self.loaded.emit()
            if self._stale and self.isVisible():
                self._stale = False
                self.refresh()

        def work(_progress: object) -> dashboard.Glance:
            glance = dashboard.glance(ws, lang=lang)
            quarter_name(
                glance.year, glance.quarter, lang
            )  # the language's CLDR data loads here, off the UI thread
            format_date(glance.start, lang)
            return glance

        task = self.ctx.tasks.run(work, title=_("Home"), parent=self, on_done=done, show_progress=False)
        task.finished.connect(finished)

    def show_glance(self) -> None:
        g = self.glance
        if g is None:
            return
        lang = self.ctx.language
        self.heading.setText(_("{quarter} at a glance").format(quarter=quarter_name(g.year, g.quarter, lang)))
        self.subtitle.setText(
            _("{start} – {end} · {region}").format(
                start=format_date(g.start, lang),
                end=format_date(g.end, lang),
                region=self.ctx.workspace.region_name(lang),
            )
        )
        for figure in g.figures:
            card = self.cards.get(figure.key)
            if card is None:
                continue
            card.value.setText(format_number(figure.value, lang))
            card.caption.setText(_(FIGURES[figure.key]))
            change = figure.change
            if change is None:
                card.change.setText("")
            elif change == 0:
                card.change.setText(_("as in the previous quarter"))
            else:
                sign = "+" if change > 0 else "−"
                card.change.setText(
                    _("{change} since the previous quarter").format(
                        change=sign + format_number(abs(change), lang)
                    )
                )
        self.chart.set_data(
            _("Events by month"),
            [month_name(b.month.month, lang) for b in g.months],
            [(_("Held"), [b.held for b in g.months]), (_("Planned"), [b.planned for b in g.months])],
        )
        # plan
        if g.plan is None:
            self.plan_bar.hide()
            self.plan_text.setText(_("The action plan is not available in this version."))
        elif g.plan.planned == 0:
            self.plan_bar.hide()
            self.plan_text.setText(_("No plan items for this quarter."))
        else:
            self.plan_bar.show()
            self.plan_bar.setValue(g.plan.percent or 0)
            self.plan_text.setText(
                ngettext(
                    "{done} of {n} plan item fulfilled", "{done} of {n} plan items fulfilled", g.plan.planned
                ).format(done=format_number(g.plan.fulfilled, lang), n=format_number(g.plan.planned, lang))
            )
        self.members_text.setText(
            ""
            if g.members is None
            else ngettext(
                "{n} member of the assembly today", "{n} members of the assembly today", g.members
            ).format(n=format_number(g.members, lang))
        )
        # meetings
        self.meetings.clear()
        for m in g.upcoming or []:
            self.meetings.addTopLevelItem(
                QTreeWidgetItem([format_date(m.date, lang), m.kind_label, m.number, m.place])
            )
        if g.upcoming is None:
            self.meetings_empty.setText(_("Meetings are not available in this version."))
        else:
            self.meetings_empty.setText("" if g.upcoming else _("No meetings in the next three months."))
        self.meetings.setVisible(bool(g.upcoming))
        self.meetings_warning.setText("\n".join(f"⚠ {w.text(lang)}" for w in g.session_warnings))
        self.meetings_warning.setVisible(bool(g.session_warnings))
        # overdue
        self.overdue.clear()
        for item in g.overdue or []:
            self.overdue.addTopLevelItem(
                QTreeWidgetItem(
                    [
                        format_date(item.deadline, lang),
                        item.decision_number,
                        item.responsible,
                        item.task or item.decision,
                        ngettext("{n} day", "{n} days", item.days_overdue).format(
                            n=format_number(item.days_overdue, lang)
                        ),
                    ]
                )
            )
        if g.overdue is None:
            self.overdue_empty.setText(_("Decisions are not available in this version."))
        elif g.overdue_total > len(g.overdue):
            self.overdue_empty.setText(
                _("and {n} more").format(n=format_number(g.overdue_total - len(g.overdue)))
            )
        else:
            self.overdue_empty.setText("" if g.overdue else _("No overdue decisions."))
        self.overdue.setVisible(bool(g.overdue))
        for tree in (self.meetings, self.overdue):
            for column in range(tree.columnCount()):
                tree.resizeColumnToContents(column)

    # --- language -----------------------------------------------------------------------------------------------

    def retranslate(self, *, reload: bool = True) -> None:
        self.heading.setText(self.nav_title())
        self.plan_box.setTitle(_("Action plan this quarter"))
        self.meetings_box.setTitle(_("Upcoming meetings"))
        self.overdue_box.setTitle(_("Overdue decisions"))
        self.meetings.setHeaderLabels([_("Date"), _("Kind of meeting"), _("No."), _("Place")])
        self.overdue.setHeaderLabels(
            [_("Deadline"), _("Decision"), _("Responsible"), _("Task"), _("Overdue by")]
        )
        for key, card in self.cards.items():
            card.caption.setText(_(FIGURES[key]))
        if self.glance is not None:
            self.show_glance()
        if reload:
            self.refresh()  # the decision titles and labels come in the language asked for


PAGE = HomePage
