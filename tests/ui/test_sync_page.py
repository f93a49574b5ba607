"""The Sync page: a region exports to a chosen folder with progress and sees its history; the central office
imports by file dialog or by dropping files, sees a result per bundle and the regions' last bundles; the region
then loads the receipt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desk.services.workspace import MODE_CENTRAL, create_workspace, open_workspace
from desk.ui.qt import QDragEnterEvent, QDropEvent, QMimeData, QPoint, QPointF, Qt, QUrl


def _no_message_boxes(monkeypatch: Any) -> None:
    from desk.ui.pages import sync

    monkeypatch.setattr(sync.QMessageBox, "information", lambda *a, **k: None)
    monkeypatch.setattr(sync.QMessageBox, "warning", lambda *a, **k: None)


def test_export_import_by_drop_and_receipt(make_window, qtbot, tmp_path: Path, monkeypatch: Any) -> None:
    from desk.services import associations
    from desk.setup_region import init_region
    from desk.sync import keys, trust

    _no_message_boxes(monkeypatch)
    central = create_workspace(tmp_path / "central", region=None, mode=MODE_CENTRAL)
    keys.create_central_keys(central)
    region = init_region(tmp_path / "region", "KZ-35")
    trust.add(central, "KZ-35", keys.region_public_key(region).base64)
    associations.REGISTER.create(
        region,
        {"name_kk": "Корей этномәдени орталығы", "ethnic_group": "korean", "legal_status": "initiative"},
    )
    usb = tmp_path / "usb"
    usb.mkdir()

    window = make_window(region)
    window.show_page("sync")
    page = window.current_page()
    assert page.key == "sync" and not page.central

    # the recipient typed into the page is checked and saved
    page.recipient_edit.setText("age1nonsense")
    page.save_recipient()
    assert region.settings.get("central_recipient") == ""
    page.recipient_edit.setText(keys.central_recipient(central))
    page.save_recipient()
    assert region.settings.get("central_recipient") == keys.central_recipient(central)

    monkeypatch.setattr(page, "ask_folder", lambda: str(usb))
    progress: list[tuple[int, int, str]] = []
    task = page.export(full=False)
    task.progressed.connect(lambda d, t, w: progress.append((d, t, w)))
    with qtbot.waitSignal(task.finished, timeout=30000):
        pass
    qtbot.waitUntil(lambda: page.history.rowCount() == 1)
    bundle = next(usb.glob("KZ-35-bundle-000001-*.age"))
    assert page.history.data(page.history.index(0, 5)) == bundle.name
    assert page.history.data(page.history.index(0, 6)) == "awaited"
    assert progress and progress[-1][0] == progress[-1][1]

    # the central office: drop the file on the page
    central_window = make_window(open_workspace(central.home.root))
    central_window.show_page("sync")
    cpage = central_window.current_page()
    assert cpage.central
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(bundle))])
    # Qt delivers drop events only during a real drag, so the page's handlers are called as Qt would
    enter = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    cpage.dragEnterEvent(enter)
    assert cpage.acceptDrops() and enter.isAccepted()
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    cpage.dropEvent(drop)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: cpage.results.rowCount() == 1, timeout=30000)
    assert cpage.results.data(cpage.results.index(0, 3)) == "imported"
    qtbot.waitUntil(lambda: any(s.code == "KZ-35" and s.last_sequence == 1 for s in cpage.regions.rows))

    # the same file again, through the file dialog: skipped, shown above the first result
    monkeypatch.setattr(cpage, "ask_bundles", lambda: [str(bundle)])
    task = cpage.choose_and_import()
    with qtbot.waitSignal(task.finished, timeout=30000):
        pass
    qtbot.waitUntil(lambda: cpage.results.rowCount() == 2)
    assert cpage.results.data(cpage.results.index(0, 3)) == "skipped"

    # the region loads the receipt: its history shows the acknowledgement
    receipt = central.home.root / "receipts" / "KZ-35-receipt-000001.json"
    monkeypatch.setattr(page, "ask_receipt", lambda: str(receipt))
    # the region set no centre key: the receipt's key is shown to confirm; refused, nothing is loaded
    asked: list[str] = []
    monkeypatch.setattr(page, "confirm_centre_key", lambda f: asked.append(f) or False)
    assert page.load_receipt() is None
    assert asked == [keys.central_public_key(central).fingerprint]
    monkeypatch.setattr(page, "confirm_centre_key", lambda f: asked.append(f) or True)
    task = page.load_receipt()
    with qtbot.waitSignal(task.finished, timeout=30000):
        pass
    qtbot.waitUntil(lambda: page.history.data(page.history.index(0, 6)) != "awaited")
    central.close()


def test_a_region_applies_a_central_office_bundle_dropped_on_the_page(
    make_window, qtbot, tmp_path: Path, monkeypatch: Any
) -> None:
    from desk.setup_region import init_region
    from desk.sync import keys
    from desk.sync.centre_bundle import make_centre_bundle
    from desk.sync.receipts import trust_centre

    _no_message_boxes(monkeypatch)
    central = create_workspace(tmp_path / "central", region=None, mode=MODE_CENTRAL)
    keys.create_central_keys(central)
    region = init_region(tmp_path / "region", "KZ-35")
    trust_centre(region, keys.central_public_key(central).base64)
    made = make_centre_bundle(central, tmp_path)

    window = make_window(region)
    window.show_page("sync")
    page = window.current_page()
    assert "No reference data from the central office yet." in page.status.text()
    assert page.acceptDrops()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(made.path))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    page.dropEvent(drop)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: "Reference data is 0 days old" in page.status.text(), timeout=30000)
    assert page.last_message == f"Central office bundle {made.version} applied (reference)."
    central.close()


def test_received_reference_lists_reach_the_open_forms_and_filters(
    make_window, qtbot, tmp_path: Path, monkeypatch: Any
) -> None:
    """A region already showing the associations page applies a bundle with a new ethnic group and a renamed event
    type: the form and the filter offer the group at once, in the window's language, without reopening."""
    import json

    from desk.domain import reference
    from desk.i18n import set_language
    from desk.setup_region import init_region
    from desk.sync import keys
    from desk.sync.centre_bundle import make_centre_bundle
    from desk.sync.centre_sections import set_central_reference
    from desk.sync.receipts import trust_centre

    _no_message_boxes(monkeypatch)
    central = create_workspace(tmp_path / "central", region=None, mode=MODE_CENTRAL)
    keys.create_central_keys(central)
    lists = {kind: reference.terms_to_data(kind, terms) for kind, terms in reference.BUILT_IN.items()}
    lists["ethnic_groups"].append(
        {"code": "assyrian", "kk": "Ассириялықтар", "ru": "Ассирийцы", "en": "Assyrians"}
    )
    lists["event_types"] = [
        {**t, "kk": "Оқыту семинары", "ru": "Обучающий семинар", "en": "Training seminar"}
        if t["code"] == "seminar"
        else t
        for t in lists["event_types"]
    ]
    path = tmp_path / "lists.json"
    path.write_text(json.dumps(lists, ensure_ascii=False), encoding="utf-8")
    set_central_reference(central, path)
    made = make_centre_bundle(central, tmp_path)
    region = init_region(tmp_path / "region", "KZ-35")  # its process: the built-in lists
    trust_centre(region, keys.central_public_key(central).base64)

    window = make_window(region)
    view = window.show_page("associations").view
    assert view.form.widgets["ethnic_group"].findData("assyrian") < 0
    events_view = window.show_page("houses").show_register("events")
    page = window.show_page("sync")
    page.import_centre_bundle(str(made.path))
    qtbot.waitUntil(lambda: "applied" in getattr(page, "last_message", ""), timeout=30000)
    form_box = view.form.widgets["ethnic_group"]
    assert form_box.findData("assyrian") >= 0
    assert form_box.itemText(form_box.findData("assyrian")) == "Assyrians"
    assert view.filter_widgets["ethnic_group"].findData("assyrian") >= 0
    seminar = events_view.form.widgets["event_type"]
    assert seminar.itemText(seminar.findData("seminar")) == "Training seminar"
    set_language("kk")
    qtbot.waitUntil(lambda: form_box.itemText(form_box.findData("assyrian")) == "Ассириялықтар", timeout=5000)
    set_language("en")
    central.close()
