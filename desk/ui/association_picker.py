"""Choosing associations (an event's organisers, who nominated a member) from thousands: a dialog that searches the
register's full-text index as you type, and the form field that shows the chosen names with a "Choose…" button.

The ids go through the services only (`associations.REGISTER.list_page` with the search text, `lookups` for
names); the field's value is the comma-separated ids the records keep.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from desk.i18n import _
from desk.services import associations, lookups
from desk.services.records import ListQuery
from desk.ui.context import AppContext
from desk.ui.qt import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)

RESULTS = 50  # found associations shown at once: type more to narrow
ID_ROLE = Qt.ItemDataRole.UserRole


class AssociationPicker(QDialog):
    """Search associations and tick the ones wanted; `chosen()` gives their ids in the order chosen."""

    def __init__(
        self,
        ctx: AppContext,
        chosen: Sequence[str] = (),
        *,
        single: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.single = single
        self.setObjectName("associationPicker")
        self._chosen: list[str] = [i for i in chosen if i]
        self._names: dict[str, str] = dict(
            lookups.association_names(ctx.workspace, self._chosen, ctx.language)
        )
        self.search = QLineEdit()
        self.search.setObjectName("pickerSearch")
        self.search.setClearButtonEnabled(True)
        self.found_label = QLabel()
        self.found = QListWidget()
        self.found.setObjectName("pickerFound")
        self.found.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.chosen_label = QLabel()
        self.chosen_list = QListWidget()
        self.chosen_list.setObjectName("pickerChosen")
        self.chosen_list.setMaximumHeight(self.fontMetrics().height() * 5 + 12)
        self.remove_button = QPushButton()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        chosen_row = QHBoxLayout()
        chosen_row.addWidget(self.chosen_list, 1)
        chosen_row.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.found_label)
        layout.addWidget(self.found, 1)
        layout.addWidget(self.chosen_label)
        layout.addLayout(chosen_row)
        layout.addWidget(self.buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.run_search)
        self.found.itemChanged.connect(self._ticked)
        self.found.itemActivated.connect(self._activated)
        self.remove_button.clicked.connect(self._remove_selected)
        ctx.language_changed.connect(self.retranslate)  # dies with the dialog
        self.resize(560, 520)
        self.retranslate()
        self.run_search()

    def retranslate(self, _lang: str | None = None) -> None:
        self.setWindowTitle(_("Choose the organisers") if not self.single else _("Choose an association"))
        self.search.setPlaceholderText(_("Search associations by name or BIN"))
        self.chosen_label.setText(_("Chosen:"))
        self.remove_button.setText(_("Remove"))
        self._names.update(lookups.association_names(self.ctx.workspace, self._chosen, self.ctx.language))
        self._show_chosen()
        self.run_search()

    # --- searching ----------------------------------------------------------------------------------------------

    def run_search(self) -> None:
        self._timer.stop()
        q = ListQuery(text=self.search.text(), limit=RESULTS + 1, lang=self.ctx.language, sort="name")
        rows = associations.REGISTER.list_page(self.ctx.workspace, q, with_total=False).rows
        more = len(rows) > RESULTS
        # Many associations share a name (one in each district): the district tells them apart.
        districts = dict(lookups.districts(self.ctx.workspace, self.ctx.language)) if rows else {}
        self.found.blockSignals(True)
        self.found.clear()
        for a in rows[:RESULTS]:
            name = a.name(self.ctx.language)
            self._names[a.id] = name
            district = districts.get(a.district_id or "", "")
            item = QListWidgetItem(f"{name} — {district}" if district else name)
            item.setData(ID_ROLE, a.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if a.id in self._chosen else Qt.CheckState.Unchecked)
            self.found.addItem(item)
        self.found.blockSignals(False)
        if not rows:
            self.found_label.setText(_("Nothing found."))
        elif more:
            self.found_label.setText(_("The first {n} found; type more to narrow.").format(n=RESULTS))
        else:
            self.found_label.setText(_("Found: {n}").format(n=len(rows)))

    def found_ids(self) -> list[str]:
        return [str(self.found.item(i).data(ID_ROLE)) for i in range(self.found.count())]

    # --- choosing -----------------------------------------------------------------------------------------------

    def choose(self, association_id: str, on: bool = True) -> None:
        if on and association_id not in self._chosen:
            if self.single:
                self._chosen = []
            self._chosen.append(association_id)
        elif not on and association_id in self._chosen:
            self._chosen.remove(association_id)
        self._show_chosen()
        self.found.blockSignals(True)
        for i in range(self.found.count()):
            item = self.found.item(i)
            item.setCheckState(
                Qt.CheckState.Checked if item.data(ID_ROLE) in self._chosen else Qt.CheckState.Unchecked
            )
        self.found.blockSignals(False)

    def _ticked(self, item: QListWidgetItem) -> None:
        self.choose(str(item.data(ID_ROLE)), item.checkState() == Qt.CheckState.Checked)

    def _activated(self, item: QListWidgetItem) -> None:
        self.choose(str(item.data(ID_ROLE)), item.data(ID_ROLE) not in self._chosen)

    def _remove_selected(self) -> None:
        item = self.chosen_list.currentItem()
        if item is not None:
            self.choose(str(item.data(ID_ROLE)), False)

    def _show_chosen(self) -> None:
        self.chosen_list.clear()
        for association_id in self._chosen:
            item = QListWidgetItem(self._names.get(association_id, association_id))
            item.setData(ID_ROLE, association_id)
            self.chosen_list.addItem(item)
        self.remove_button.setEnabled(bool(self._chosen))

    def chosen(self) -> list[str]:
        return list(self._chosen)


class AssociationsField(QWidget):
    """A form field holding association ids (comma-separated): their names, and "Choose…" opening the picker."""

    changed = Signal()

    def __init__(self, ctx: AppContext, *, single: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.single = single
        self._ids: list[str] = []
        self.names = QLabel()
        self.names.setObjectName("chosenAssociations")
        self.names.setWordWrap(True)
        self.names.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton()
        self.choose_button.setObjectName("chooseAssociations")
        self.choose_button.clicked.connect(self.open_picker)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.names, 1)
        layout.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignTop)
        self.picker: AssociationPicker | None = None
        self.retranslate()

    def set_read_only(self, on: bool) -> None:
        """Read-only: the names shown (selectable), no "Choose…"."""
        self.choose_button.setHidden(on)

    def retranslate(self) -> None:
        self.choose_button.setText(_("Choose…"))
        self._show()

    def _show(self) -> None:
        names = lookups.association_names(self.ctx.workspace, self._ids, self.ctx.language)
        shown = [names.get(i, i) for i in self._ids]
        self.names.setText("; ".join(shown) if shown else _("none"))

    def open_picker(self) -> None:
        """Open the picker (modal); the chosen ids replace the field's value on OK."""
        self.picker = AssociationPicker(self.ctx, self._ids, single=self.single, parent=self)
        picker = self.picker
        picker.accepted.connect(lambda: self.set_ids(picker.chosen(), user=True))
        picker.finished.connect(lambda _r: picker.deleteLater())
        picker.open()

    def ids(self) -> list[str]:
        return list(self._ids)

    def set_ids(self, ids: Sequence[str], *, user: bool = False) -> None:
        ids = [i for i in ids if i]
        if ids != self._ids:
            self._ids = ids
            self._show()
            if user:
                self.changed.emit()

    def value(self) -> str:
        return ",".join(self._ids)

    def set_value(self, value: Any) -> None:
        self.set_ids([i.strip() for i in str(value or "").split(",") if i.strip()])
