"""Colours that stay legible in the light, the dark and the high-contrast palettes.

The window follows the system's palette (Windows' dark mode and its high-contrast themes give Qt one). The few
colours of our own — a warning's red, a success's green, the accent of the figures, the grey of hints and of
archived rows — are therefore not fixed: each is derived from the palette in use, moved lighter or darker along
its own hue until it has a contrast of at least 4.5:1 (WCAG AA for text) against the palette's window and base
colours; a palette whose own text roles read poorly (Fusion's light selection: white on #308cc6, 3.7:1) is mended
the same way. `install(app, style)` applies both now and after every palette change.

`dark_palette()` and `high_contrast_palette()` are palettes like Windows' dark mode and its "High contrast black"
theme, for `desk screenshots --theme dark` and for the tests that measure the contrast.
"""

from __future__ import annotations

from collections.abc import Callable

from desk.ui.qt import QApplication, QColor, QEvent, QObject, QPalette

MIN_CONTRAST = 4.5
"""WCAG 2 AA, normal text."""

WARNING = "#b3261e"
GOOD = "#1b6e37"
ACCENT = "#2f6f9f"
MUTED_TOKEN = "palette(mid)"
"""What the stylesheet's hints used; `palette(mid)` is a frame colour, too faint for text in dark palettes."""


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor) -> float:
    """WCAG relative luminance."""
    return (
        0.2126 * _linear(colour.redF()) + 0.7152 * _linear(colour.greenF()) + 0.0722 * _linear(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = luminance(a), luminance(b)
    light, dark = max(la, lb), min(la, lb)
    return (light + 0.05) / (dark + 0.05)


def is_dark(palette: QPalette) -> bool:
    return luminance(palette.color(QPalette.ColorRole.Window)) < 0.2


def readable(colour: QColor | str, backgrounds: list[QColor], minimum: float = MIN_CONTRAST) -> QColor:
    """`colour`, made lighter or darker along its hue until it reads on every background."""
    base = QColor(colour)
    if all(contrast(base, bg) >= minimum for bg in backgrounds):
        return base
    darkest = min(luminance(bg) for bg in backgrounds)
    lighten = darkest < 0.2  # dark backgrounds: towards white; light ones: towards black
    hue, saturation, lightness, _alpha = base.getHslF()
    hue = max(hue, 0.0)  # grey has no hue (-1)
    step = 0.02 if lighten else -0.02
    value = lightness
    for _i in range(60):
        value = min(1.0, max(0.0, value + step))
        candidate = QColor.fromHslF(hue, saturation, value)
        if all(contrast(candidate, bg) >= minimum for bg in backgrounds):
            return candidate
    return QColor("#ffffff") if lighten else QColor("#000000")


def backgrounds(palette: QPalette) -> list[QColor]:
    return [
        palette.color(QPalette.ColorRole.Window),
        palette.color(QPalette.ColorRole.Base),
        palette.color(QPalette.ColorRole.AlternateBase),
    ]


def colours(palette: QPalette | None = None) -> dict[str, QColor]:
    """Our colours for `palette` (the application's by default): warning, good, accent, muted, archived."""
    palette = palette or QApplication.palette()
    behind = backgrounds(palette)
    text = palette.color(QPalette.ColorRole.WindowText)
    window = palette.color(QPalette.ColorRole.Window)
    halfway = QColor.fromRgbF(
        (text.redF() + window.redF()) / 2,
        (text.greenF() + window.greenF()) / 2,
        (text.blueF() + window.blueF()) / 2,
    )
    return {
        "warning": readable(WARNING, behind),
        "good": readable(GOOD, behind),
        "accent": readable(ACCENT, behind),
        "muted": readable(halfway, behind),
        "archived": readable(halfway, behind),
    }


TEXT_PAIRS = (
    (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
    (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
    (QPalette.ColorRole.Text, QPalette.ColorRole.AlternateBase),
    (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
    (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight),
    (QPalette.ColorRole.ToolTipText, QPalette.ColorRole.ToolTipBase),
    (QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.Base),
)
"""Text roles and what they are drawn on."""


def legible(palette: QPalette) -> QPalette:
    """`palette` with every text role readable on its background: a faint one is moved along its hue (the
    selection's background rather than its text, so a selected row keeps its look). Palettes that already read
    well — Windows' own, its high-contrast themes — come back unchanged."""
    fixed = QPalette(palette)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        for fg_role, bg_role in TEXT_PAIRS:
            fg, bg = fixed.color(group, fg_role), fixed.color(group, bg_role)
            if contrast(fg, bg) >= MIN_CONTRAST:
                continue
            if bg_role == QPalette.ColorRole.Highlight:
                fixed.setColor(group, bg_role, readable(bg, [fg]))
            else:
                fixed.setColor(group, fg_role, readable(fg, [bg]))
    return fixed


MIN_FRAME_CONTRAST = 3.0
"""WCAG 2.1 non-text contrast: the edges of controls."""

DARK_FRAMES = """
QPushButton, QToolButton { border: 1px solid FRAME; border-radius: 3px; padding: 4px 10px; background: palette(button); }
QPushButton:hover, QToolButton:hover { border-color: palette(highlight); }
QPushButton:disabled, QToolButton:disabled { color: DISABLED; }
QLineEdit, QAbstractSpinBox, QComboBox, QPlainTextEdit, QTextEdit { border: 1px solid FRAME; border-radius: 2px;
    padding: 2px; background: palette(base); }
QCheckBox::indicator, QRadioButton::indicator { width: 13px; height: 13px; border: 1px solid FRAME;
    background: palette(base); }
QRadioButton::indicator { border-radius: 7px; }
QCheckBox::indicator:checked, QRadioButton::indicator:checked { background: palette(highlight);
    border: 3px solid palette(base); outline: 1px solid FRAME; }
QPushButton:focus, QToolButton:focus, QLineEdit:focus, QAbstractSpinBox:focus, QComboBox:focus, QPlainTextEdit:focus,
QTextEdit:focus { border: 2px solid palette(highlight); }
QCheckBox:focus, QRadioButton:focus { outline: 1px solid palette(highlight); }
QAbstractItemView { border: 1px solid FRAME; }
QAbstractItemView:focus { border: 2px solid palette(highlight); }
QGroupBox { border: 1px solid FRAME; margin-top: 1.2em; padding-top: 4px; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; }
QTabWidget::pane { border: 1px solid FRAME; }
"""
"""In a dark palette Qt's Fusion style draws the edges of controls a shade darker than the window — black on
black in a high-contrast theme, so buttons, fields and check boxes vanish. There they get an edge of 3:1 and a
focus ring in the selection colour."""


def frame_colour(palette: QPalette) -> QColor:
    return readable(palette.color(QPalette.ColorRole.Mid), backgrounds(palette), MIN_FRAME_CONTRAST)


def stylesheet(style: str, palette: QPalette | None = None) -> str:
    """The application's stylesheet with our colours for `palette` (and visible edges in a dark one)."""
    palette = palette or QApplication.palette()
    found = colours(palette)
    sheet = (
        style.replace(WARNING, found["warning"].name())
        .replace(ACCENT, found["accent"].name())
        .replace(GOOD, found["good"].name())
        .replace(MUTED_TOKEN, found["muted"].name())
    )
    if is_dark(palette):
        disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
        sheet += DARK_FRAMES.replace("FRAME", frame_colour(palette).name()).replace(
            "DISABLED", disabled.name()
        )
    return sheet


ColourListener = Callable[[dict[str, QColor]], None]
_colour_listeners: list[ColourListener] = []
_installed_colours: dict[str, QColor] = {}


def on_colours(listener: ColourListener) -> None:
    """`listener(colours)` now, when a theme is installed, and at every change of palette. The table models take
    their shared colours this way when they are imported (after the window's frame showed: the theme must not
    import them, and the database layer behind them, before the first paint)."""
    _colour_listeners.append(listener)
    if _installed_colours:
        listener(dict(_installed_colours))


def _update_shared_colours(palette: QPalette) -> None:
    """The colours the table models hand to their views, changed in place: every model and page that imported
    them sees the new value at its next paint."""
    _installed_colours.clear()
    _installed_colours.update(colours(palette))
    for listener in list(_colour_listeners):
        listener(dict(_installed_colours))


def dark_palette() -> QPalette:
    """A palette like Windows' dark mode."""
    p = QPalette()
    roles = QPalette.ColorRole
    for role, value in (
        (roles.Window, "#202020"),
        (roles.WindowText, "#ffffff"),
        (roles.Base, "#1c1c1c"),
        (roles.AlternateBase, "#2b2b2b"),
        (roles.Text, "#ffffff"),
        (roles.Button, "#2d2d2d"),
        (roles.ButtonText, "#ffffff"),
        (roles.Highlight, "#0078d4"),
        (roles.HighlightedText, "#ffffff"),
        (roles.ToolTipBase, "#2b2b2b"),
        (roles.ToolTipText, "#ffffff"),
        (roles.PlaceholderText, "#a6a6a6"),
        (roles.Link, "#99ebff"),
        (roles.LinkVisited, "#d7a8ff"),
        (roles.BrightText, "#ffffff"),
        (roles.Light, "#3c3c3c"),
        (roles.Midlight, "#333333"),
        (roles.Mid, "#4a4a4a"),
        (roles.Dark, "#141414"),
        (roles.Shadow, "#000000"),
    ):
        p.setColor(role, QColor(value))
    for role, value in (
        (roles.WindowText, "#7a7a7a"),
        (roles.Text, "#7a7a7a"),
        (roles.ButtonText, "#7a7a7a"),
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(value))
    return p


def high_contrast_palette() -> QPalette:
    """A palette like Windows' "High contrast black"."""
    p = QPalette()
    roles = QPalette.ColorRole
    for role, value in (
        (roles.Window, "#000000"),
        (roles.WindowText, "#ffffff"),
        (roles.Base, "#000000"),
        (roles.AlternateBase, "#000000"),
        (roles.Text, "#ffffff"),
        (roles.Button, "#000000"),
        (roles.ButtonText, "#ffffff"),
        (roles.Highlight, "#1aebff"),
        (roles.HighlightedText, "#000000"),
        (roles.ToolTipBase, "#000000"),
        (roles.ToolTipText, "#ffffff"),
        (roles.PlaceholderText, "#c0c0c0"),
        (roles.Link, "#ffff00"),
        (roles.LinkVisited, "#ffff00"),
        (roles.BrightText, "#ffffff"),
        (roles.Light, "#ffffff"),
        (roles.Midlight, "#c0c0c0"),
        (roles.Mid, "#808080"),
        (roles.Dark, "#ffffff"),
        (roles.Shadow, "#ffffff"),
    ):
        p.setColor(role, QColor(value))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#3ff23f"))
    return p


THEMES = ("system", "light", "dark", "high-contrast")


def palette_for(theme: str) -> QPalette | None:
    """The palette of a theme's name; None for the system's own."""
    if theme == "dark":
        return dark_palette()
    if theme == "high-contrast":
        return high_contrast_palette()
    if theme == "light":
        return QApplication.style().standardPalette()
    return None


class _Follower(QObject):
    """Re-derives our colours whenever the application's palette changes (the system switched to dark mode)."""

    def __init__(self, app: QApplication, style: str) -> None:
        super().__init__(app)
        self.style = style
        self._applying = False
        app.installEventFilter(self)
        self.apply()

    def apply(self) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self._applying = True
        try:
            palette = legible(app.palette())
            if palette != app.palette():
                app.setPalette(palette)
            _update_shared_colours(palette)
            app.setStyleSheet(stylesheet(self.style, palette))
        finally:
            self._applying = False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            event.type() == QEvent.Type.ApplicationPaletteChange
            and obj is QApplication.instance()
            and not self._applying
        ):
            self.apply()
        return False


def install(app: QApplication, style: str) -> _Follower:
    """Apply our colours for the application's palette now and after every palette change (once)."""
    found = getattr(app, "_desk_theme", None)
    if found is None:
        found = _Follower(app, style)
        app._desk_theme = found  # type: ignore[attr-defined]
    return found


def use_palette(app: QApplication, palette: QPalette | None) -> None:
    """Put a palette on the application (None: leave the system's) and re-derive our colours."""
    if palette is not None:
        app.setPalette(palette)
    follower = getattr(app, "_desk_theme", None)
    if follower is not None:
        follower.apply()
