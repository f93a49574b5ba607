"""Sync: in a region, export the next bundle to a chosen folder (a USB stick), load the centre's receipts, and see
the history of bundles; in the central office, import bundles (file dialog or drag and drop) with a result per
bundle, and the regions with their last bundle and its age.

All work goes through desk.sync (no SQL here); export and import run off the UI thread via `ctx.tasks`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from desk.i18n import N_, _, format_date, format_moment, format_number, ngettext
from desk.ui.context import AppContext
from desk.ui.pages.base import Page
from desk.ui.qt import (
    QDragEnterEvent,
    QDropEvent,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from desk.ui.rows_model import GOOD_COLOUR, WARNING_COLOUR, RowColumn, RowsModel
from desk.ui.tasks import error_text


def _kb(size: int) -> str:
    return _("{size} KB").format(size=format_number(max(1, size // 1024)))


def _changes(counts_json: str) -> str:
    try:
        counts = json.loads(counts_json)
    except ValueError:
        return ""
    return format_number(sum(v for v in counts.values() if isinstance(v, int)))


BUNDLE_COLUMNS: list[RowColumn[Any]] = [
    RowColumn(N_("No."), lambda b: str(b.sequence), numeric=True),
    RowColumn(N_("Made"), lambda b: format_moment(b.created_at)),
    RowColumn(N_("Kind"), lambda b: _("full") if b.full else _("changes")),
    RowColumn(N_("Records"), lambda b: _changes(b.counts), numeric=True),
    RowColumn(N_("Size"), lambda b: _kb(b.size), numeric=True),
    RowColumn(N_("File"), lambda b: b.file_name),
    RowColumn(
        N_("Receipt"),
        lambda b: format_date(b.acknowledged_at) if b.acknowledged_at else _("awaited"),
        colour=lambda b: GOOD_COLOUR if b.acknowledged_at else None,
    ),
]

_RESULTS = {
    "imported": N_("imported"),
    "skipped": N_("skipped"),
    "refused": N_("refused"),
    "verified": N_("verified"),
}

OUTCOME_COLUMNS: list[RowColumn[Any]] = [
    RowColumn(N_("File"), lambda o: o.file_name),
    RowColumn(N_("Region"), lambda o: o.region),
    RowColumn(N_("No."), lambda o: str(o.sequence) if o.sequence is not None else "", numeric=True),
    RowColumn(
        N_("Result"),
        lambda o: (
            _(_RESULTS.get(o.result, o.result))
            + (" " + _("(with warnings)") if getattr(o, "warnings", None) else "")
        ),
        colour=lambda o: (
            WARNING_COLOUR if o.result == "refused" or getattr(o, "warnings", None) else GOOD_COLOUR
        ),
    ),
    RowColumn(N_("Details"), lambda o: o.message),  # an import's warnings end its message (desk.sync.notices)
]


def _age(status: Any) -> str:
    days = status.age_days()
    if days is None:
        return "—"
    return ngettext("{n} day", "{n} days", days).format(n=days)


REGION_COLUMNS: list[RowColumn[Any]] = [
    RowColumn(N_("Region"), lambda s: s.name),
    RowColumn(N_("Key"), lambda s: s.key_fingerprint or _("no key")),
    RowColumn(
        N_("Last bundle"),
        lambda s: str(s.last_sequence) if s.last_sequence is not None else "—",
        numeric=True,
    ),
    RowColumn(N_("Made"), lambda s: format_date(s.last_created_at) if s.last_created_at else "—"),
    RowColumn(N_("Age"), _age, colour=lambda s: WARNING_COLOUR if (s.age_days() or 0) > 92 else None),
    RowColumn(N_("Associations"), lambda s: format_number(s.associations), numeric=True),
    RowColumn(N_("Persons"), lambda s: format_number(s.persons), numeric=True),
    RowColumn(N_("Events"), lambda s: format_number(s.events), numeric=True),
]


def _table(model: RowsModel[Any]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


class SyncPage(Page):
    key = "sync"
    title = N_("Sync")
    watches = frozenset(
        {"sync_bundle"}
    )  # besides the records (central import): refresh() is also called directly

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.central = ctx.workspace.is_central
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
        layout.addWidget(self.status)
        if self.central:
            self._build_central(layout)
        else:
            self._build_region(layout)
        self.retranslate()
        self.refresh()

    # --- layout ---------------------------------------------------------------------------------------------------

    def _build_region(self, layout: QVBoxLayout) -> None:
        self.recipient_box = QGroupBox()
        row = QHBoxLayout(self.recipient_box)
        self.recipient_edit = QLineEdit()
        self.recipient_edit.setPlaceholderText("age1…")
        self.recipient_save = QPushButton()
        self.recipient_save.clicked.connect(self.save_recipient)
        row.addWidget(self.recipient_edit, 1)
        row.addWidget(self.recipient_save)
        layout.addWidget(self.recipient_box)
        buttons = QHBoxLayout()
        self.export_button = QPushButton()
        self.export_button.clicked.connect(lambda: self.export(full=False))
        self.export_full_button = QPushButton()
        self.export_full_button.clicked.connect(lambda: self.export(full=True))
        self.receipt_button = QPushButton()
        self.receipt_button.clicked.connect(self.load_receipt)
        self.centre_bundle_button = QPushButton()
        self.centre_bundle_button.clicked.connect(self.choose_centre_bundle)
        self.setAcceptDrops(True)  # a central office bundle (.dqc) dropped on the page is applied
        for button in (self.export_button, self.export_full_button, self.receipt_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        from_centre = QHBoxLayout()  # a row of its own: the window stays narrow enough in longer languages
        from_centre.addWidget(self.centre_bundle_button)
        from_centre.addStretch(1)
        layout.addLayout(from_centre)
        self.history_label = QLabel()
        self.history_label.setObjectName("sectionTitle")
        layout.addWidget(self.history_label)
        self.history = RowsModel(BUNDLE_COLUMNS, parent=self)
        self.history_view = _table(self.history)
        layout.addWidget(self.history_view, 1)

    def _build_central(self, layout: QVBoxLayout) -> None:
        self.setAcceptDrops(True)
        buttons = QHBoxLayout()
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.choose_and_import)
        self.drop_hint = QLabel()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.drop_hint, 1)
        layout.addLayout(buttons)
        self.results_label = QLabel()
        self.results_label.setObjectName("sectionTitle")
        layout.addWidget(self.results_label)
        self.results = RowsModel(OUTCOME_COLUMNS, marked=lambda o: o.result == "refused", parent=self)
        self.results_view = _table(self.results)
        layout.addWidget(self.results_view, 1)
        self.regions_label = QLabel()
        self.regions_label.setObjectName("sectionTitle")
        layout.addWidget(self.regions_label)
        self.regions = RowsModel(REGION_COLUMNS, parent=self)
        self.regions_view = _table(self.regions)
        layout.addWidget(self.regions_view, 2)

    def retranslate(self) -> None:
        self.heading.setText(self.nav_title())
        if self.central:
            self.intro.setText(
                _(
                    "Import the bundles the regions send (on a USB stick or by e-mail): each is "
                    "decrypted, its signature and contents checked, and applied whole or not at all. "
                    "A signed receipt for the region is written for each imported bundle."
                )
            )
            self.import_button.setText(_("Import bundles…"))
            self.drop_hint.setText(_("or drop bundle files here"))
            self.results_label.setText(_("Import results"))
            self.regions_label.setText(_("Regions and their last bundle"))
        else:
            self.intro.setText(
                _(
                    "Send the region's changes to the central office: the bundle is signed with the "
                    "region's key and encrypted for the central office only. Until the central office's "
                    "receipt is loaded, every bundle carries those changes again."
                )
            )
            self.recipient_box.setTitle(_("Central office recipient (age)"))
            self.recipient_save.setText(_("Save"))
            self.export_button.setText(_("Export changes…"))
            self.export_full_button.setText(_("Export everything…"))
            self.receipt_button.setText(_("Load a receipt…"))
            self.centre_bundle_button.setText(_("Import a central office bundle…"))
            self.history_label.setText(_("Bundles and receipts"))
        for model in self._models():
            model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, model.columnCount() - 1)
        self.refresh()

    def _models(self) -> list[RowsModel[Any]]:
        return [self.results, self.regions] if self.central else [self.history]

    # --- data -------------------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        ws = self.ctx.workspace
        if self.central:
            from desk.sync.keys import central_recipient
            from desk.sync.status import region_statuses

            try:
                recipient = central_recipient(ws)
            except Exception as exc:  # noqa: BLE001 - a missing key file is shown, not raised
                recipient = error_text(exc)
            self.status.setText(
                _("Regions encrypt their bundles to: {recipient}").format(recipient=recipient)
            )
            self.regions.set_rows(region_statuses(ws, self.ctx.language))
            return
        from desk.sync.export import bundle_history, pending_changes
        from desk.sync.keys import region_public_key

        try:
            fingerprint = region_public_key(ws).fingerprint
        except Exception as exc:  # noqa: BLE001
            fingerprint = error_text(exc)
        from desk.sync.centre_bundle import centre_bundle_status

        pending = pending_changes(ws)
        self.status.setText(
            _("Key fingerprint: {fingerprint}").format(fingerprint=fingerprint)
            + "\n"
            + centre_bundle_status(ws).text()
            + "\n"
            + ngettext(
                "{n} change not yet acknowledged by the central office.",
                "{n} changes not yet acknowledged by the central office.",
                pending,
            ).format(n=format_number(pending))
        )
        if not self.recipient_edit.hasFocus():
            self.recipient_edit.setText(ws.settings.get("central_recipient"))
        self.history.set_rows(bundle_history(ws))

    # --- region: actions --------------------------------------------------------------------------------------

    def save_recipient(self) -> None:
        from desk.sync.keys import parse_recipient

        try:
            value = parse_recipient(self.recipient_edit.text())
        except Exception as exc:  # noqa: BLE001 - DeskError: shown as it is
            QMessageBox.warning(self, _("Central office recipient (age)"), error_text(exc))
            return
        self.ctx.workspace.settings.set("central_recipient", value)
        self.recipient_edit.setText(value)

    def ask_folder(self) -> str:
        start = self.ctx.ui_value("sync/folder") or str(Path.home())
        return QFileDialog.getExistingDirectory(
            self, _("Where to write the bundle (e.g. a USB stick)"), start
        )

    def ask_receipt(self) -> str:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Load a receipt"), self.ctx.ui_value("sync/folder") or "", _("Receipts (*.json)")
        )
        return path

    def export(self, *, full: bool) -> Any:
        if not self.ctx.workspace.settings.get("central_recipient"):
            # Asked here, before the folder: the recipient is set on this page (never by typing a command).
            self.last_message = _(
                "First set the central office's recipient (age1…, given by the central office) "
                "in the field above and press Save; then export."
            )
            self.status.setText(self.last_message)
            self.recipient_edit.setFocus()
            return None
        folder = self.ask_folder()
        if not folder:
            return None
        self.ctx.set_ui_value("sync/folder", folder)
        ws = self.ctx.workspace

        def work(progress: Any) -> Any:
            from desk.sync.export import export_bundle

            return export_bundle(ws, Path(folder), full=full, progress=progress)

        def done(result: Any) -> None:
            self.refresh()
            text = _("Bundle {sequence} was written to {path}.").format(
                sequence=result.sequence, path=result.path
            )
            if result.over_email_limit:
                text += "\n\n" + _(
                    "Warning: the bundle is larger than the e-mail limit of {limit} MB; send it on "
                    "a USB stick."
                ).format(limit=result.email_limit_mb)
            self.last_message = text
            QMessageBox.information(self, _("Bundle exported"), text)

        return self.ctx.tasks.run(work, title=_("Exporting the bundle"), parent=self, on_done=done)

    def confirm_centre_key(self, fingerprint: str) -> bool:
        """Ask the clerk to compare the first receipt's key with the fingerprint the central office gave."""
        answer = QMessageBox.question(
            self,
            _("The central office's key"),
            _(
                "This region does not trust a central office key yet. The receipt is signed by the key\n\n"
                "{fingerprint}\n\nCompare it with the fingerprint the central office gave you (by phone or in a "
                "letter). Trust this key for all receipts from now on?"
            ).format(fingerprint=fingerprint),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def load_receipt(self) -> Any:
        from desk.sync.receipts import receipt_key

        path = self.ask_receipt()
        if not path:
            return None
        ws = self.ctx.workspace
        confirmed = ""
        unconfirmed = receipt_key(ws, Path(path))  # a small file, read at once
        if unconfirmed is not None:
            if not self.confirm_centre_key(unconfirmed.fingerprint):
                return None
            confirmed = unconfirmed.fingerprint

        def work(_progress: Any) -> Any:
            from desk.sync.receipts import load_receipt

            return load_receipt(ws, Path(path), confirm_fingerprint=confirmed)

        def done(result: Any) -> None:
            self.refresh()
            self.last_message = _(
                "The central office acknowledged bundle {sequence}; the next bundle carries the "
                "changes made after it."
            ).format(sequence=result.sequence)
            if result.quarters:  # the centre's decisions on the region's quarters (desk/sync/quarters.py)
                from desk.sync.quarters import decision_sentence

                self.last_message += "\n\n" + "\n".join(decision_sentence(d) for d in result.quarters)
            QMessageBox.information(self, _("Receipt loaded"), self.last_message)

        return self.ctx.tasks.run(work, title=_("Loading the receipt"), parent=self, on_done=done)

    def ask_centre_bundle(self) -> str:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Import a central office bundle…"),
            self.ctx.ui_value("sync/folder") or "",
            _("Central office bundles (*.dqc);;All files (*)"),
        )
        return path

    def choose_centre_bundle(self) -> Any:
        path = self.ask_centre_bundle()
        return self.import_centre_bundle(path) if path else None

    def import_centre_bundle(self, path: str) -> Any:
        ws = self.ctx.workspace

        def work(_progress: Any) -> Any:
            from desk.sync.centre_bundle import import_centre_bundle

            return import_centre_bundle(ws, Path(path))

        def done(applied: Any) -> None:
            self.refresh()
            if "reference" in applied.sections:
                # the received lists are in force (desk.services.reference_data): every form, filter and list
                # reads its choices and names again, as after a change of language
                self.ctx.language_changed.emit(self.ctx.language)
            if applied.already:
                self.last_message = _(
                    "Central office bundle {version} was applied before; nothing changes."
                ).format(version=applied.version)
            else:
                self.last_message = _("Central office bundle {version} applied ({sections}).").format(
                    version=applied.version, sections=", ".join(applied.sections)
                )
            QMessageBox.information(self, _("Import a central office bundle…"), self.last_message)

        return self.ctx.tasks.run(work, title=_("Import a central office bundle…"), parent=self, on_done=done)

    # --- central: import --------------------------------------------------------------------------------------

    def ask_bundles(self) -> list[str]:
        paths, _filter = QFileDialog.getOpenFileNames(
            self,
            _("Import bundles"),
            self.ctx.ui_value("sync/folder") or "",
            _("Bundles (*.age);;All files (*)"),
        )
        return paths

    def choose_and_import(self) -> Any:
        paths = self.ask_bundles()
        if paths:
            self.ctx.set_ui_value("sync/folder", str(Path(paths[0]).parent))
            return self.import_paths(paths)
        return None

    def import_paths(self, paths: list[str]) -> Any:
        ws = self.ctx.workspace
        files = [Path(p) for p in paths]

        def work(progress: Any) -> Any:
            from desk.sync.central_import import import_files

            return import_files(ws, files, progress=progress)

        def done(outcomes: Any) -> None:
            self.results.set_rows(list(outcomes) + self.results.rows)
            self.results_view.resizeRowsToContents()
            self.refresh()

        return self.ctx.tasks.run(work, title=_("Importing bundles"), parent=self, on_done=done)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        local = bool(urls) and all(u.isLocalFile() for u in urls)
        if local and (self.central or len(urls) == 1):  # a region takes one central office bundle at a time
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if self.central and paths:
            event.acceptProposedAction()
            self.import_paths(paths)
        elif not self.central and len(paths) == 1:
            event.acceptProposedAction()
            self.import_centre_bundle(paths[0])


PAGE = SyncPage
