"""Pictures of every main page in each language (used by `desk screenshots` and for the README)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from desk import i18n
from desk.services.workspace import Workspace
from desk.ui.app import application, open_main_window


def _shot(app, window, path: Path) -> Path:  # noqa: ANN001 - QApplication, MainWindow
    app.processEvents()
    while (
        window.ctx.tasks.busy or window.ctx.reads.pending()
    ):  # Home's figures, the centre's rows: read apart
        window.ctx.tasks.wait(5000)
        window.ctx.reads.wait(5000)
        app.processEvents()
    app.processEvents()
    window.grab().save(str(path))
    return path


def save_screenshots(
    ws: Workspace,
    folder: Path,
    languages: Sequence[str],
    size: tuple[int, int] = (1280, 800),
    *,
    theme: str = "system",
) -> Iterator[Path]:
    """Save `<page>-<lang>.png` for every page (`<page>-<lang>-<theme>.png` in the dark or high-contrast palette);
    the saved language setting is left as it was."""
    from desk.ui import theme as themes
    from desk.ui.qt import QPalette

    app = application()
    palette_before = QPalette(app.palette())
    themes.use_palette(app, themes.palette_for(theme))
    suffix = "" if theme == "system" else f"-{theme}"
    window = open_main_window(ws)
    window.resize(*size)
    window.show()
    before = i18n.current_language()
    try:
        for lang in languages:
            i18n.set_language(lang)  # not ctx.set_language: the clerk's chosen language stays saved
            for key in window.page_keys():
                page = window.show_page(key)
                yield _shot(app, window, folder / f"{key}-{lang}{suffix}.png")
                # The forms too (a record of each register open; each tab of a meeting), for reviewing layouts.
                for view in getattr(page, "views", []):
                    tabs = getattr(page, "tabs", None)
                    if tabs is not None:
                        tabs.setCurrentWidget(view)
                    while view.model.busy:
                        app.processEvents()
                    if view.model.rowCount():
                        view.open_row(0)
                    else:
                        view.new_record()
                    yield _shot(app, window, folder / f"{key}-{view.spec.key}-form-{lang}{suffix}.png")
                    view.close_form()
                detail = getattr(page, "detail", None)
                if key == "meetings" and detail is not None:
                    for index, name in ((1, "attendance"), (2, "decisions")):
                        detail.setCurrentIndex(index)
                        yield _shot(app, window, folder / f"{key}-{name}-{lang}{suffix}.png")
                    detail.setCurrentIndex(0)
    finally:
        i18n.set_language(before)
        themes.use_palette(app, palette_before)
        window.close()
        window.ctx.close()
        window.deleteLater()
        app.processEvents()
