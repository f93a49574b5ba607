"""A register on screen: search-as-you-type, filters, a lazily fetched sortable table with a choice of columns,
and the detail form with the record's history beside it.

A page shows one or more of these (Houses of Friendship and events shows two, in tabs). What differs between the
registers is a `RegisterDef` (desk/ui/registers.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from desk.i18n import _, format_number
from desk.services.records import Register
from desk.ui import central_mode, unsaved
from desk.ui.context import AppContext
from desk.ui.copy_rows import install_copy
from desk.ui.filter_grid import FilterGrid
from desk.ui.forms import Field, HistoryView, RecordForm
from desk.ui.panes import ListDetailSplitter
from desk.ui.qt import (
    QAbstractItemView,
    QByteArray,
    QCheckBox,
    QEvent,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QItemSelectionModel,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    Qt,
    QTableView,
    QTabWidget,
    QTimer,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desk.ui.table_model import Column, RegisterModel
from desk.ui.widgets import ChoiceBox, DateField, VerticalScroll

SEARCH_MIN_LETTERS = 22  # the search box never narrower than this many average letters ("Бір…" was useless)
SEARCH_DELAY_MS = 150  # wait this long after a keystroke before searching (typing fast searches once); the
# search itself runs in the background (RegisterModel.request), so the wait is for the database, not for the UI

"""Modules with `add_tools(view: RegisterView, bar: QHBoxLayout)` adding buttons to every register's top bar
(the spreadsheet Export…)."""


REGION_FILTER = "region"
"""The key of the central office's Region filter: it narrows ListQuery.region (not its filters), and the filters
with `regional` choices (districts, houses) to that region's."""


@dataclass(frozen=True)
class Filter:
    key: str  # the ListQuery filter key (REGION_FILTER: ListQuery.region)
    label: str  # N_()
    kind: str = "choice"  # choice or date
    choices: Callable[[AppContext, str], Sequence[tuple[str, str]]] | None = None
    # At the central office: the choices within one region (None: every region's, each named with its region),
    # offered instead of `choices` and narrowed whenever the Region filter changes.
    regional: Callable[[AppContext, str, str | None], Sequence[tuple[str, str]]] | None = None


@dataclass(frozen=True)
class DetailTab:
    """An extra tab beside the form and the history (e.g. a person's memberships)."""

    title: str  # N_()
    make: Callable[[AppContext], QWidget]  # the widget has load(record) and retranslate()


@dataclass(frozen=True)
class RegisterDef:
    key: str
    register: Register[Any]
    columns: list[Column]
    filters: list[Filter]
    fields: list[Field]
    names: Callable[[AppContext, str], Mapping[str, Mapping[str, str]]]
    new_title: str  # N_("New association")
    record_title: Callable[[Any, str], str]
    count_text: Callable[[int, int], str]  # (shown, total) → "100 of 3,200 associations"
    search_hint: str  # N_("Search by name, BIN…")
    tables: frozenset[str] = frozenset()
    tabs: list[DetailTab] = field(default_factory=list)
    default_sort: tuple[str, bool] = ("name", False)  # (sort key, descending) until the clerk sorts otherwise


class RegisterView(QWidget):
    """One register: the list on the left, the open record on the right."""

    opened = Signal(object)  # the record shown in the form (None: a new one)

    def __init__(self, ctx: AppContext, spec: RegisterDef, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.spec = spec
        self.setObjectName(f"register_{spec.key}")

        # --- search and filters ---
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.archived = QCheckBox()
        self.columns_button = QToolButton()
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.columns_menu = QMenu(self)
        self.columns_button.setMenu(self.columns_menu)
        self.new_button = QPushButton()
        self.search.setMinimumWidth(SEARCH_MIN_LETTERS * max(self.fontMetrics().averageCharWidth(), 1))
        top = QHBoxLayout()  # the tools; beside the search box, or under it when the list is narrow
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.columns_button)
        top.addWidget(self.new_button)
        from desk.ui import spreadsheets  # the Export button (it builds on this view)

        spreadsheets.add_tools(self, top)
        self.tools = QWidget()
        self.tools.setLayout(top)
        self.search_bar = QGridLayout()
        self.search_bar.setContentsMargins(0, 0, 0, 0)
        self._tools_below: bool | None = None

        self.filter_labels: dict[str, QLabel] = {}
        self.filter_widgets: dict[str, ChoiceBox | DateField] = {}
        filters_grid = FilterGrid()  # wraps onto more lines when the window is narrow
        for f in spec.filters:
            label = QLabel()
            widget: ChoiceBox | DateField = DateField() if f.kind == "date" else ChoiceBox(empty="")
            widget.setObjectName(f"filter_{f.key}")
            label.setBuddy(widget)
            filters_grid.add_pair(label, widget)
            self.filter_labels[f.key] = label
            self.filter_widgets[f.key] = widget
            if isinstance(widget, DateField):
                widget.dateChanged.connect(self._filters_changed)
            else:
                widget.currentIndexChanged.connect(self._filters_changed)
        self.clear_filters_button = QPushButton()
        self.clear_filters_button.clicked.connect(self.clear_filters)
        filters_grid.add_extra(self.clear_filters_button)
        self.filters_grid = filters_grid

        # --- the table ---
        self.model = RegisterModel(
            ctx.workspace,
            spec.register,
            spec.columns,
            names=lambda lang: spec.names(ctx, lang),
            parent=self,
            reads=ctx.reads,
        )
        self.model.query.sort, self.model.query.descending = (
            spec.default_sort
        )  # until the clerk's own is restored
        self.table = QTableView()
        self.table.setObjectName("table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        install_copy(
            self.table
        )  # Ctrl+C: the selected rows as tab-separated text with the headings (for Excel)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        # Headings start where their column starts: a centred heading of a column wider than what is in view showed
        # its middle only ("тническая гр"); one longer than its column is elided, whole in its tooltip.
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(lambda pos: self.columns_menu.exec(header.mapToGlobal(pos)))
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.empty_label = QLabel()  # why the list is empty (a search, filters, or nothing entered yet)
        self.empty_label.setObjectName("emptyReason")
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.read_only_note = central_mode.note(ctx)  # the central office: why there is no New, no Save
        if self.read_only_note is not None:
            left_layout.addWidget(self.read_only_note)
        left_layout.addLayout(self.search_bar)
        self._arrange_search_bar(False)
        left.installEventFilter(self)
        self.left = left
        # The filters scroll when the window is low (150% on a 768-px screen): one line of them at least.
        self.filters_scroll = VerticalScroll(filters_grid, least=filters_grid.row_height(), low_window_rows=2)
        self.filters_scroll.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        left_layout.addWidget(self.filters_scroll)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.empty_label)
        left_layout.addWidget(self.count_label)

        # --- the detail ---
        self.form = RecordForm(
            ctx, spec.register, spec.fields, new_title=spec.new_title, record_title=spec.record_title
        )
        self.history = HistoryView()
        self.detail = QTabWidget()
        self.detail.setObjectName("detail")
        self.detail.addTab(self.form, "")
        self.detail.addTab(self.history, "")
        self.extra_tabs: list[tuple[DetailTab, QWidget]] = []
        for tab in spec.tabs:
            widget = tab.make(ctx)
            self.detail.addTab(widget, "")
            self.extra_tabs.append((tab, widget))
        self.detail.hide()
        self.read_only = central_mode.apply(ctx, writers=[self.new_button])

        self.splitter = ListDetailSplitter(left, self.detail)  # the open form alone when the window is narrow
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        # --- behaviour ---
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_search)
        self.archived.toggled.connect(self.model.set_include_archived)
        self.new_button.clicked.connect(self.new_record)
        self.form.saved.connect(self._saved)
        self.form.close_button.clicked.connect(self.close_form)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        self.model.reloaded.connect(self._update_count)
        self.model.reloaded.connect(
            self.fit_headings
        )  # a reset may have given the columns their default width
        self.model.total_known.connect(self._update_count)
        self.model.rowsInserted.connect(lambda *_a: self._update_count())
        header.sortIndicatorChanged.connect(lambda *_a: None)
        header.sectionResized.connect(lambda *_a: self._save_header())
        header.sectionMoved.connect(lambda *_a: self._save_header())

        self.retranslate(reload=False)
        self._restore_region()
        restored = self._restore_header()
        self.model.reload()
        if not restored:
            self.size_columns()
        else:
            self.fit_headings()
        header.setSortIndicator(
            self.model.sort_column(),
            Qt.SortOrder.DescendingOrder if self.model.query.descending else Qt.SortOrder.AscendingOrder,
        )
        self.table.setSortingEnabled(True)
        self.fit_headings()  # the sort indicator now takes room in every heading
        self._splitter_restored = ctx.ui_value(f"{spec.key}/detail_sized") is not None
        ctx.remember_splitter(self.splitter, f"{spec.key}/detail")
        # Tab order: search, its options, the filters, the table, then the form.
        chain: list[QWidget] = [
            self.search,
            self.archived,
            self.columns_button,
            self.new_button,
            *self.filter_widgets.values(),
            self.clear_filters_button,
            self.table,
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # --- the search bar -----------------------------------------------------------------------------------------

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
        if watched is getattr(self, "left", None) and event.type() == QEvent.Type.Resize:
            spacing = max(self.search_bar.horizontalSpacing(), 0)
            needed = (
                self.search.minimumWidth()
                + 2 * spacing
                + self.tools.sizeHint().width()
                + self.archived.sizeHint().width()
            )
            self._arrange_search_bar(event.size().width() < needed)
        return super().eventFilter(watched, event)

    def _arrange_search_bar(self, below: bool) -> None:
        """The tools beside the search box, or on a line under it when the list is too narrow for both (a record
        open at 1024 px): the search box keeps a usable width either way."""
        if below == self._tools_below:
            return
        self._tools_below = below
        self.search_bar.removeWidget(self.search)
        self.search_bar.removeWidget(self.tools)
        self.search_bar.removeWidget(self.archived)
        self.search_bar.addWidget(self.search, 0, 0)
        # Beside the box the tools get the width they ask for but add none to the list's minimum width (else the
        # window's included them, and a window once wide could never be made narrow enough to move them below):
        # an explicit minimum of one pixel stands for their own. (An Ignored size policy did that too, but the grid
        # then gave them no width at all: Columns, New, Export and "Archived too" were invisible.) Below, "Archived
        # too" has a line of its own: a long language kept the tools' line wider than the list.
        least = 0 if below else 1  # 0: the widget's own minimum again
        for widget in (self.tools, self.archived):
            widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            widget.setMinimumWidth(least)
        if below:
            self.search_bar.addWidget(self.archived, 1, 0, Qt.AlignmentFlag.AlignLeft)
            self.search_bar.addWidget(self.tools, 2, 0, Qt.AlignmentFlag.AlignLeft)
            self.search_bar.setColumnStretch(1, 0)
            self.search_bar.setColumnStretch(2, 0)
        else:
            self.search_bar.addWidget(self.archived, 0, 1)
            self.search_bar.addWidget(self.tools, 0, 2)
        self.search_bar.setColumnStretch(0, 1)

    # --- settings: columns ---------------------------------------------------------------------------------------

    def _settings_key(self) -> str:
        return f"{self.spec.key}/header"

    def _restore_header(self) -> bool:
        header = self.table.horizontalHeader()
        state = self.ctx.ui_value(self._settings_key())
        restored = isinstance(state, QByteArray | bytes) and header.restoreState(QByteArray(state))
        if not restored:
            for i, c in enumerate(self.spec.columns):
                header.setSectionHidden(i, not c.shown)
                header.resizeSection(i, 110 if c.numeric else 200)
            for i, c in enumerate(self.spec.columns):
                if c.place is not None:
                    header.moveSection(header.visualIndex(i), c.place)
        sort = self.ctx.ui_value(f"{self.spec.key}/sort")
        if isinstance(sort, str) and sort:
            key, _sep, direction = sort.partition(":")
            if any(c.sort == key for c in self.spec.columns):
                self.model.query.sort = key
                self.model.query.descending = direction == "desc"
        self._rebuild_columns_menu()
        return restored

    def size_columns(self) -> None:
        """Give the name a readable width (the widest name shown, within 28 to 48 average letters) and size the
        other columns to their contents (header included, at most 32 letters); the user's widths are kept after."""
        header = self.table.horizontalHeader()
        letter = max(self.table.fontMetrics().averageCharWidth(), 1)
        for i, c in enumerate(self.spec.columns):
            if header.isSectionHidden(i):
                continue
            wanted = max(self.table.sizeHintForColumn(i), header.sectionSizeHint(i))
            if c.key == "name":
                header.resizeSection(i, min(max(wanted, 28 * letter), 48 * letter))
            else:
                header.resizeSection(i, min(wanted, 32 * letter))
        self._save_header()

    def _save_header(self) -> None:
        self.ctx.set_ui_value(self._settings_key(), self.table.horizontalHeader().saveState())

    def _rebuild_columns_menu(self) -> None:
        self.columns_menu.clear()
        header = self.table.horizontalHeader()
        for i, c in enumerate(self.spec.columns):
            action = self.columns_menu.addAction(_(c.title))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(i))
            action.toggled.connect(lambda on, col=i: self.set_column_shown(col, on))

    def set_column_shown(self, column: int, shown: bool) -> None:
        header = self.table.horizontalHeader()
        visible = [i for i in range(len(self.spec.columns)) if not header.isSectionHidden(i)]
        if not shown and visible == [column]:
            return  # keep at least one column
        header.setSectionHidden(column, not shown)
        self._save_header()

    def shown_columns(self) -> list[str]:
        header = self.table.horizontalHeader()
        return [c.key for i, c in enumerate(self.spec.columns) if not header.isSectionHidden(i)]

    # --- search and filters ---------------------------------------------------------------------------------------

    def apply_search(self) -> None:
        self._search_timer.stop()
        self.model.set_text(self.search.text())

    def filters(self) -> dict[str, Any]:
        """The register's filters as the service takes them (the Region filter is the query's region)."""
        return {
            key: w.committed() if isinstance(w, DateField) else w.value()
            for key, w in self.filter_widgets.items()
            if key != REGION_FILTER
        }

    def region(self) -> str | None:
        """The region chosen in the Region filter (the central office's window), None for all."""
        widget = self.filter_widgets.get(REGION_FILTER)
        return widget.value() if isinstance(widget, ChoiceBox) else None

    def _filters_changed(self, *_args: Any) -> None:
        region = self.region()
        if region != self.model.query.region:
            self._fill_regional_filters()
            if REGION_FILTER in self.filter_widgets:
                self.ctx.set_ui_value(self._region_key(), region or "")
        self.model.set_filters(self.filters(), region=region)

    def _region_key(self) -> str:
        return f"{self.spec.key}/region"

    def _restore_region(self) -> None:
        """The region the clerk chose last (the list opens on it, named in the Region filter)."""
        widget = self.filter_widgets.get(REGION_FILTER)
        saved = self.ctx.ui_value(self._region_key())
        if not isinstance(widget, ChoiceBox) or not isinstance(saved, str) or not saved:
            return
        if widget.findData(saved) >= 0:
            widget.set_value(saved, quiet=True)
            self._fill_regional_filters()
            self.model.query.region = saved

    def _fill_regional_filters(self) -> None:
        """The district (and house) choices of the region chosen, or every region's named with their region; a
        choice the new list lacks goes back to "any", where the clerk sees it (kept, it would match nothing)."""
        region, lang = self.region(), self.ctx.language
        for f in self.spec.filters:
            widget = self.filter_widgets[f.key]
            if f.regional is None or not isinstance(widget, ChoiceBox):
                continue
            chosen = widget.value()
            choices = f.regional(self.ctx, lang, region)
            widget.blockSignals(True)
            if chosen is not None and all(code != chosen for code, _label in choices):
                widget.set_value(None)
            widget.set_choices(choices, empty=_("any"))
            widget.blockSignals(False)

    def clear_filters(self) -> None:
        for widget in self.filter_widgets.values():
            widget.blockSignals(True)
            widget.set_value(None)
            widget.blockSignals(False)
        self._filters_changed()

    def _update_count(self) -> None:
        total = self.model.total
        if total is None:  # counted in the background
            shown = format_number(self.model.loaded_count())
            self.count_label.setText(_("{shown} shown, counting…").format(shown=shown))
        else:
            self.count_label.setText(self.spec.count_text(self.model.loaded_count(), total))
        reason = self.empty_reason() if total == 0 else ""
        self.empty_label.setText(reason)
        self.empty_label.setVisible(bool(reason))
        sort = f"{self.model.query.sort}:{'desc' if self.model.query.descending else 'asc'}"
        if sort != getattr(
            self, "_saved_sort", None
        ):  # written on a change only: every page of rows scrolled
            self._saved_sort = (
                sort  # in wrote the settings file (fdatasync on the GUI thread: 10-30 ms stalls)
            )
            self.ctx.set_ui_value(f"{self.spec.key}/sort", sort)

    def empty_reason(self) -> str:
        """Why the list shows nothing, and what to do about it."""
        q = self.model.query
        if q.text.strip():
            return _("Nothing matches “{text}”. Check the spelling, or clear the search (Esc).").format(
                text=q.text.strip()
            )
        if q.region or any(value not in (None, "") for value in q.filters.values()):
            return _("Nothing matches the filters chosen. Press “Clear filters” to see every record.")
        if self.read_only:
            return _(
                "No record to show: no region's bundle has brought one yet, or every one is archived (tick "
                "“Archived too”)."
            )
        if not q.include_archived:
            return _(
                "No record to show: none was entered or imported yet, or every one is archived (tick “Archived "
                "too”). Press “New” (Ctrl+N) to add one, or import a spreadsheet (File menu)."
            )
        return _(
            "The register is empty: nothing was entered or imported yet. Press “New” (Ctrl+N) to add the "
            "first record, or import a spreadsheet (File menu)."
        )

    # --- the detail -------------------------------------------------------------------------------------------

    def _current_changed(self, current: Any, _previous: Any) -> None:
        if current.isValid() and self.detail.isVisible():
            self.open_row(current.row())

    def open_row(self, row: int) -> None:
        record = self.model.record(row)
        if record is not None:
            self.open_record(record)

    def open_record(self, record: Any) -> bool:
        if (
            self.form.record is not None
            and record is not None
            and self.form.record.id == record.id
            and self.detail.isVisible()
        ):
            return True
        if not self._may_leave_form():
            return False
        self.form.load(record)
        self._load_detail(record)
        self._show_detail()
        self.detail.setCurrentIndex(0)
        self.opened.emit(record)
        return True

    def _show_detail(self) -> None:
        if self.detail.isVisible():
            return
        self.detail.show()
        if not self._splitter_restored:  # first time ever: give the form two fifths of the width
            total = sum(self.splitter.sizes()) or self.width()
            self.splitter.setSizes([total * 3 // 5, total * 2 // 5])
            self._splitter_restored = True
            self.ctx.set_ui_value(f"{self.spec.key}/detail_sized", 1)

    def _load_detail(self, record: Any) -> None:
        self.history.load(self.ctx, record.id if record is not None else None)
        for index, (_tab, widget) in enumerate(self.extra_tabs, start=2):
            widget.load(record)  # type: ignore[attr-defined]
            self.detail.setTabEnabled(index, record is not None)
        self.detail.setTabEnabled(1, record is not None)

    def new_record(self) -> bool:
        if self.read_only or not self._may_leave_form():
            return False
        self.table.clearSelection()
        self.form.load(None)
        self._load_detail(None)
        self._show_detail()
        self.detail.setCurrentIndex(0)
        first = next(
            (
                w
                for f, w in zip(self.spec.fields, self.form.widgets.values(), strict=True)
                if f.kind != "readonly"
            ),
            None,
        )
        if first is not None:
            first.setFocus()
        self.opened.emit(None)
        return True

    def unsaved(self) -> str | None:
        """The open record when its form holds unsaved changes ("the record «…»"), else None."""
        if self.detail.isHidden() or not self.form.dirty:
            return None
        if self.form.record is None:
            return _("the new record")
        return _("the record «{name}»").format(
            name=self.spec.record_title(self.form.record, self.ctx.language)
        )

    def discard_changes(self) -> None:
        """The saved values again (a new record that was never saved: the form closes)."""
        if self.form.record is None:
            self.detail.hide()
            self.form.load(None)
            return
        self.form.load(self.spec.register.get(self.ctx.workspace, self.form.record.id))

    def _may_leave_form(self) -> bool:
        return unsaved.settle(self, self.unsaved(), self.form.save, self.discard_changes)

    def close_form(self) -> bool:
        if not self.detail.isVisible():
            if self.search.hasFocus() and self.search.text():
                self.search.clear()
                return True
            return False
        if not self._may_leave_form():
            return True
        self.detail.hide()
        self.form.load(None)
        self.table.setFocus()
        return True

    def save(self) -> bool:
        if self.detail.isVisible():
            return self.form.save()
        return False

    def find(self) -> bool:
        self.search.setFocus()
        self.search.selectAll()
        return True

    def _saved(self, record: Any) -> None:
        self._load_detail(record)
        self.select_id(record.id)

    def select_id(self, record_id: str) -> None:
        row = self.model.row_of(record_id)
        if row >= 0:
            self.table.selectionModel().blockSignals(True)
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.selectionModel().blockSignals(False)
            self.table.scrollTo(self.model.index(row, 0))

    # --- refresh and language -------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the rows shown (after a change), keeping the selection."""
        current = self.table.currentIndex()
        record_id = self.model.data(current, Qt.ItemDataRole.UserRole + 1) if current.isValid() else None
        self.model.forget_names()  # a district or house may have been renamed
        self.model.reload(keep_rows=True)
        if record_id:
            self.select_id(record_id)
        if self.form.record is not None and not self.form.dirty and self.detail.isVisible():
            try:
                self.form.load(self.spec.register.get(self.ctx.workspace, self.form.record.id))
                self._load_detail(self.form.record)
            except Exception:  # noqa: BLE001 - the record was deleted elsewhere: close the form
                self.detail.hide()
                self.form.load(None)

    def retranslate(self, *, reload: bool = True) -> None:
        lang = self.ctx.language
        self.search.setPlaceholderText(_(self.spec.search_hint))
        self.archived.setText(_("Archived too"))
        self.columns_button.setText(_("Columns"))
        self.new_button.setText(_("New"))
        self.new_button.setToolTip(_("New record (Ctrl+N)"))
        self.clear_filters_button.setText(_("Clear filters"))
        for f in self.spec.filters:
            self.filter_labels[f.key].setText(_(f.label) + ":")
            widget = self.filter_widgets[f.key]
            if isinstance(widget, ChoiceBox) and f.choices is not None and f.regional is None:
                widget.blockSignals(True)
                widget.set_choices(f.choices(self.ctx, lang), empty=_("any"))
                widget.blockSignals(False)
            elif isinstance(widget, DateField):
                widget.retranslate()
        self._fill_regional_filters()
        self.filters_grid.relayout()  # the labels' widths changed with the language
        self.detail.setTabText(0, _("Details"))
        self.detail.setTabText(1, _("History"))
        for index, (tab, widget) in enumerate(self.extra_tabs, start=2):
            self.detail.setTabText(index, _(tab.title))
            widget.retranslate()  # type: ignore[attr-defined]
        self.form.retranslate()
        self.history.retranslate()
        if self.form.record is not None:
            self.history.load(self.ctx, self.form.record.id)
        self._rebuild_columns_menu()
        if reload:
            self.model.reload(keep_rows=True)
            self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.spec.columns) - 1)
            self.fit_headings()
        self._update_count()

    def fit_headings(self) -> None:
        """Widen a column whose heading (in the language now chosen) is wider than the column, up to 32 average
        letters; a longer heading is elided, whole in its tooltip. Columns are never narrowed here."""
        header = self.table.horizontalHeader()
        letter = max(self.table.fontMetrics().averageCharWidth(), 1)
        last = header.logicalIndex(header.count() - 1)
        for i in range(len(self.spec.columns)):
            if header.isSectionHidden(i) or i == last:
                continue
            wanted = min(header.sectionSizeHint(i), 32 * letter)
            if header.sectionSize(i) < wanted:
                header.resizeSection(i, wanted)
