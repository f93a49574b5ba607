"""Every script in the PDFs (issue 17, point 3): Arabic shaped and right to left, Hebrew, Georgian, Armenian,
Chinese, Korean, symbols and emoji print in a bundled face and extract back; NFC; what no face has is a visible
mark and a warning, never a blank."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import pytest

from desk.cli import main
from desk.reports import fallback
from desk.reports.common import para, render, table
from desk.reports.tables import Column
from desk.services import associations
from tests.reports.pdfread import _poppler, pdf_text

SAMPLES = {
    "arabic": "مركز الثقافة العربية",
    "hebrew": "מרכז התרבות היהודית",
    "georgian": "ქართული კულტურის ცენტრი",
    "armenian": "Հայկական մշակութային կենտրոն",
    "chinese": "中国文化中心",
    "korean": "고려인 문화 센터",
    "symbols": "✓ ★ ☎ 🙂 🎉",
}


def _fonts(path: Path) -> str:
    return subprocess.run([_poppler("pdffonts"), str(path)], capture_output=True, check=True).stdout.decode()


def _pdf(ws, out: Path, values: list[str]) -> None:
    def build(lang):
        rows = [(v, v) for v in values]
        return "Scripts", [para(v) for v in values] + [
            table([Column("Name", 50), Column("Plain", 50, wrap=False)], rows, "")
        ]

    render(ws, out, "en", build)


def _letters(text: str) -> str:
    """Only the letters, in compatibility form (presentation forms of Arabic become the plain letters)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalnum())


@pytest.mark.parametrize("script", list(SAMPLES))
def test_each_script_prints_and_extracts_back(workspace, tmp_path: Path, script: str):
    value = SAMPLES[script]
    out = tmp_path / f"{script}.pdf"
    _pdf(workspace, out, [value])
    assert not fallback.undrawable()
    text = pdf_text(out, layout=False)
    assert "\ufffd" not in text
    want = _letters(value) if script != "symbols" else "".join(ch for ch in value if not ch.isspace())
    got = _letters(text) if script != "symbols" else "".join(ch for ch in text if not ch.isspace())
    if script in ("arabic", "hebrew"):
        # drawn right to left: poppler gives the letters in drawing order or in logical order
        assert want in got or want[::-1] in got or _letters(fallback.visual(value)) in got, (want, got)
    else:
        assert want in got, (want, got)
    fonts = _fonts(out)
    face = {
        "arabic": "Arabic",
        "hebrew": "Hebrew",
        "georgian": "Georgian",
        "armenian": "Armenian",
        "chinese": "WenQuanYi",
        "korean": "WenQuanYi",
        "symbols": "Symbola",
    }[script]
    assert face in fonts.replace(" ", "")
    assert all("yes" in line.split()[-4:-1] for line in fonts.splitlines()[2:]), fonts  # embedded (subset)


def test_arabic_is_shaped_and_in_visual_order():
    shaped = fallback.visual("مرحبا")
    assert shaped != "مرحبا"
    assert all("\ufe70" <= ch <= "\ufeff" for ch in shaped)  # the joined presentation forms
    assert unicodedata.normalize("NFKC", shaped)[::-1] == "مرحبا"
    assert fallback.visual("Mixed مرحبا end").startswith("Mixed ") and fallback.visual(
        "Mixed مرحبا end"
    ).endswith(" end")


def test_text_is_nfc_normalised(workspace, tmp_path: Path):
    decomposed = unicodedata.normalize("NFD", "Әсел Қайрат Ёлкин")
    out = tmp_path / "nfc.pdf"
    _pdf(workspace, out, [decomposed])
    assert "Әсел Қайрат Ёлкин" in pdf_text(out, layout=False)


def test_an_undrawable_character_is_a_visible_mark_and_a_cli_warning(demo_workspace, tmp_path: Path, capsys):
    ws = demo_workspace
    associations.REGISTER.create(
        ws, {"name_kk": "Белгісіз \U0010fffd таңба 𓀀", "ethnic_group": "korean", "legal_status": "initiative"}
    )
    out = tmp_path / "marks.pdf"
    assert (
        main(
            [
                "report",
                "associations",
                "--filter",
                "ethnic_group=korean",
                "--lang",
                "kk",
                "-o",
                str(out),
                "--home",
                str(ws.home.root),
            ]
        )
        == 0
    )
    err = capsys.readouterr().err
    assert "U+10FFFD" in err and "U+13000" in err
    text = pdf_text(out, layout=False)
    assert "Белгісіз \ufffd таңба \ufffd" in " ".join(text.split())


def test_every_script_in_a_register_from_the_cli(demo_workspace, tmp_path: Path, capsys):
    ws = demo_workspace
    for value in SAMPLES.values():
        associations.REGISTER.create(
            ws, {"name_kk": value, "ethnic_group": "korean", "legal_status": "initiative"}
        )
    out = tmp_path / "all.pdf"
    assert (
        main(
            [
                "report",
                "associations",
                "--filter",
                "ethnic_group=korean",
                "--lang",
                "kk",
                "-o",
                str(out),
                "--home",
                str(ws.home.root),
            ]
        )
        == 0
    )
    assert "warning" not in capsys.readouterr().err
    got = _letters(pdf_text(out, layout=False))
    for script in ("georgian", "armenian", "chinese", "korean"):
        assert all(_letters(word) in got for word in SAMPLES[script].split()), script


def test_headers_and_footers_print_other_scripts_too(workspace, tmp_path: Path):
    out = tmp_path / "footer.pdf"
    workspace.settings.set("operator", "王芳 محمد")

    def build(lang):
        return "სათაური 标题", [para("x")]

    render(workspace, out, "en", build)
    got = _letters(pdf_text(out, layout=False))
    assert _letters("სათაური") in got and _letters("标题") in got and _letters("王芳") in got
    assert "\ufffd" not in pdf_text(out, layout=False)
