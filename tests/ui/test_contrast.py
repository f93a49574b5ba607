"""Dark and high-contrast palettes render legibly (issue 17, point 4): the text of every visible label and table
cell of the main pages has a contrast of at least 4.5:1 against what it is drawn on, in the light palette, a
Windows-like dark palette and a high-contrast one; our own colours follow a palette change."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from desk.ui import theme
from desk.ui.qt import (
    QAbstractItemView,
    QAbstractListModel,
    QApplication,
    QColor,
    QLabel,
    QPalette,
    Qt,
    QWidget,
)

PAGES = ("home", "associations", "persons", "meetings", "plan", "sync", "reports", "settings")


@pytest.fixture
def palette_of(qapp: Any) -> Iterator[Any]:
    from desk.ui.app import application

    app = application()
    before = QPalette(app.palette())

    def use(name: str) -> None:
        theme.use_palette(app, theme.palette_for(name))

    yield use
    theme.use_palette(app, before)


def _background(widget: QWidget) -> QColor:
    """The colour behind a widget: the nearest ancestor that paints its own background (or the window)."""
    node: QWidget | None = widget
    while node is not None:
        if node.autoFillBackground() or node.isWindow() or node.objectName() == "figureCard":
            return node.palette().color(node.backgroundRole())
        node = node.parentWidget()
    return QApplication.palette().color(QPalette.ColorRole.Window)


def _labels(root: QWidget) -> list[QLabel]:
    return [
        w
        for w in root.findChildren(QLabel)
        if w.isVisibleTo(root) and w.text().strip() and w.isEnabled() and w.pixmap().isNull()
    ]


def _poor_labels(root: QWidget) -> list[str]:
    poor = []
    for label in _labels(root):
        label.ensurePolished()
        fg = label.palette().color(label.foregroundRole())
        bg = _background(label)
        ratio = theme.contrast(fg, bg)
        if ratio < theme.MIN_CONTRAST:
            poor.append(
                f"{label.objectName() or type(label).__name__} {label.text()[:30]!r}: {fg.name()} on "
                f"{bg.name()} = {ratio:.2f}"
            )
    return poor


def _poor_cells(root: QWidget) -> list[str]:
    poor = []
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if model is None or not view.isVisibleTo(root):
            continue
        base = view.palette().color(QPalette.ColorRole.Base)
        text = view.palette().color(QPalette.ColorRole.Text)
        root_index = view.rootIndex()
        for row in range(min(model.rowCount(root_index), 60)):
            columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(root_index)
            for column in range(columns):
                brush = model.index(row, column).data(Qt.ItemDataRole.ForegroundRole)
                fg = brush.color() if brush is not None else text
                if theme.contrast(fg, base) < theme.MIN_CONTRAST:
                    poor.append(f"{type(view).__name__} row {row} col {column}: {fg.name()} on {base.name()}")
    return poor


@pytest.mark.parametrize("name", ["light", "dark", "high-contrast"])
def test_every_label_and_cell_is_legible(
    make_window: Any, demo_workspace: Any, palette_of: Any, name: str
) -> None:
    palette_of(name)
    window = make_window(demo_workspace)
    roles = QPalette.ColorRole
    palette = QApplication.palette()
    for fg, bg in (
        (roles.WindowText, roles.Window),
        (roles.Text, roles.Base),
        (roles.ButtonText, roles.Button),
        (roles.HighlightedText, roles.Highlight),
        (roles.ToolTipText, roles.ToolTipBase),
        (roles.PlaceholderText, roles.Base),
    ):
        assert theme.contrast(palette.color(fg), palette.color(bg)) >= theme.MIN_CONTRAST, (name, fg, bg)
    for key in PAGES:
        page = window.show_page(key)
        getattr(page, "new_record", lambda: None)()
        window.ctx.tasks.wait(10000) if window.ctx.tasks.busy else None
        QApplication.processEvents()
        assert _poor_labels(page) == [], (name, key)
        assert _poor_cells(page) == [], (name, key)


def test_our_colours_follow_a_palette_change(palette_of: Any) -> None:
    from desk.ui import rows_model

    palette_of("light")
    light = QColor(rows_model.WARNING_COLOUR)
    palette_of("dark")
    dark = QColor(rows_model.WARNING_COLOUR)
    assert light != dark
    assert theme.contrast(dark, theme.dark_palette().color(QPalette.ColorRole.Base)) >= theme.MIN_CONTRAST
    assert "#b3261e" not in QApplication.instance().styleSheet()  # the light red is not used on dark


def test_the_check_fails_on_a_faint_colour() -> None:
    assert theme.contrast(QColor("#b3261e"), QColor("#202020")) < theme.MIN_CONTRAST
    assert (
        theme.contrast(theme.readable("#b3261e", [QColor("#202020")]), QColor("#202020"))
        >= theme.MIN_CONTRAST
    )


def test_edges_of_controls_show_in_dark_palettes(palette_of: Any) -> None:
    for name in ("dark", "high-contrast"):
        palette_of(name)
        palette = QApplication.palette()
        edge = theme.frame_colour(palette)
        assert all(theme.contrast(edge, bg) >= theme.MIN_FRAME_CONTRAST for bg in theme.backgrounds(palette))
        assert edge.name() in QApplication.instance().styleSheet()
        assert ":focus { border: 2px solid palette(highlight)" in QApplication.instance().styleSheet()
    palette_of("light")
    assert "QPushButton:focus" not in QApplication.instance().styleSheet()  # the light look is Qt's own


def test_dark_screenshots(demo_workspace: Any, tmp_path: Any) -> None:
    from desk.ui.qt import QImage
    from desk.ui.screenshots import save_screenshots

    before = QApplication.palette().color(QPalette.ColorRole.Window)
    paths = list(save_screenshots(demo_workspace, tmp_path, ["kk-Latn"], theme="dark"))
    assert {p.name for p in paths} >= {"home-kk-Latn-dark.png", "associations-kk-Latn-dark.png"}
    image = QImage(str(tmp_path / "associations-kk-Latn-dark.png"))
    dark = sum(
        theme.luminance(image.pixelColor(x, y)) < 0.2
        for x in range(0, image.width(), 40)
        for y in range(0, image.height(), 40)
    )
    total = len(range(0, image.width(), 40)) * len(range(0, image.height(), 40))
    assert dark > total * 0.7
    assert QApplication.palette().color(QPalette.ColorRole.Window) == before  # the palette is given back
