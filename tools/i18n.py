"""Catalog maintenance: extract the messages, update the kk/ru/en catalogs, fill translations, compile .mo files.

    python tools/i18n.py update            # pybabel extract + update (new strings appear untranslated)
    python tools/i18n.py missing [--json]  # what still needs a translation
    python tools/i18n.py fill FILE.json    # merge {"msgid": {"kk": "…", "ru": "…"}} (plurals: lists) into the .po
    python tools/i18n.py compile           # build the .mo files (the set-up script and the build run this)

Kazakh in Latin (kk-Latn) has no catalog of its own to keep: `compile` makes i18n/kk_Latn/LC_MESSAGES/desk.mo
from the Kazakh catalog, every message transliterated with the table of desk/domain/data/kazakh_latin.json.

English is the source language: its catalog is filled with the source strings automatically.
Edits to the .po files go through this tool under a lock, so several people can add strings at once.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "i18n"
LANGS = ("kk", "ru", "en")
SOURCES = ("desk",)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "N_plural": (1, 2), "gettext": None}
METHOD_MAP = [("**.py", "python")]


@contextlib.contextmanager
def locked() -> Iterator[None]:
    I18N.mkdir(exist_ok=True)
    with open(I18N / ".lock", "w") as fh:
        try:
            import fcntl

            fcntl.flock(fh, fcntl.LOCK_EX)
        except ImportError:  # Windows: no concurrent editing there
            pass
        yield


def po_path(lang: str) -> Path:
    return I18N / lang / "LC_MESSAGES" / "desk.po"


def load(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, domain="desk", project="Dostyq Desk", fuzzy=False)
    with path.open("rb") as fh:
        return read_po(fh, locale=lang)


def save(lang: str, catalog: Catalog) -> None:
    path = po_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".po.tmp")
    with tmp.open("wb") as fh:
        write_po(fh, catalog, width=120, sort_output=True, omit_header=False, include_lineno=False)
    tmp.replace(path)


def extract() -> Catalog:
    template = Catalog(project="Dostyq Desk", domain="desk", fuzzy=False)
    for source in SOURCES:
        folder = ROOT / source
        if not folder.exists():
            continue
        for filename, lineno, message, comments, context in extract_from_dir(
            str(folder),
            METHOD_MAP,
            keywords=KEYWORDS,
            comment_tags=("TRANSLATORS:",),
            strip_comment_tags=True,
        ):
            if not message or (isinstance(message, tuple) and not message[0]):
                continue
            template.add(
                message, None, [(f"{source}/{filename}", lineno)], auto_comments=comments, context=context
            )
    return template


def update() -> None:
    with locked():
        template = extract()
        with (I18N / "desk.pot").open("wb") as fh:
            write_po(fh, template, width=120, sort_output=True, include_lineno=False)
        for lang in LANGS:
            catalog = load(lang)
            catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
            catalog.obsolete.clear()
            if lang == "en":
                for message in catalog:
                    if message.id and not _translated(message.string):
                        message.string = message.id
            save(lang, catalog)


def _translated(string: str | tuple[str, ...] | None) -> bool:
    if isinstance(string, tuple | list):
        return bool(string) and all(string)
    return bool(string)


def missing(lang: str) -> list[str | tuple[str, ...]]:
    return [m.id for m in load(lang) if m.id and (not _translated(m.string) or m.fuzzy)]


def fill(path: Path) -> int:
    """Merge translations; returns how many messages got one. Unknown msgids are reported, not added."""
    data = json.loads(path.read_text(encoding="utf-8"))
    count = 0
    with locked():
        for lang in ("kk", "ru"):
            catalog = load(lang)
            for msgid, langs in data.items():
                if lang not in langs:
                    continue
                message = catalog.get(msgid)
                if message is None:
                    print(f"not in the catalog (run update first?): {msgid!r}", file=sys.stderr)
                    continue
                value = langs[lang]
                message.string = tuple(value) if isinstance(value, list) else value
                message.flags.discard("fuzzy")
                count += 1
            save(lang, catalog)
    return count


def compile_all() -> None:
    for lang in LANGS:
        catalog = load(lang)
        mo = po_path(lang).with_suffix(".mo")
        with mo.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
    latin = kazakh_latin(load("kk"))
    mo = po_path("kk_Latn").with_suffix(".mo")
    mo.parent.mkdir(parents=True, exist_ok=True)
    with mo.open("wb") as fh:
        write_mo(fh, latin, use_fuzzy=False)


def kazakh_latin(kazakh: Catalog) -> Catalog:
    """The kk-Latn catalog: the Kazakh one with every translation transliterated (placeholders kept)."""
    sys.path.insert(0, str(ROOT))
    from desk.domain.latin import to_latin_message

    latin = Catalog(locale="kk", domain="desk", project="Dostyq Desk", fuzzy=False)
    for message in kazakh:
        if not message.id or message.fuzzy or not _translated(message.string):
            continue
        string = message.string
        value = (
            tuple(to_latin_message(s) for s in string)
            if isinstance(string, tuple | list)
            else to_latin_message(string)
        )
        latin.add(message.id, value, context=message.context)
    return latin


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("update")
    m = sub.add_parser("missing")
    m.add_argument("--json", action="store_true")
    f = sub.add_parser("fill")
    f.add_argument("file", type=Path)
    sub.add_parser("compile")
    args = parser.parse_args()
    if args.cmd == "update":
        update()
    elif args.cmd == "missing":
        result = {lang: missing(lang) for lang in LANGS}
        if args.json:
            print(json.dumps(result, ensure_ascii=False, indent=1))
        else:
            for lang, ids in result.items():
                print(f"{lang}: {len(ids)} untranslated")
                for msgid in ids:
                    print(f"  {msgid!r}")
        return 1 if any(result.values()) else 0
    elif args.cmd == "fill":
        print(f"{fill(args.file)} translations merged")
    elif args.cmd == "compile":
        compile_all()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
