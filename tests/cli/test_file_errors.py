"""File errors of sync, bundle, import and report commands: one line in the user's language naming the file."""

import errno

import pytest

from desk import i18n
from desk.cli import main
from desk.cli.command import file_error_line

ENGLISH_OS_TEXT = ("No such file", "Is a directory", "Permission denied", "Errno")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def region_home(workspace, home_dir):
    workspace.close()
    return str(home_dir)


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert not any(text in lines[0] for text in ENGLISH_OS_TEXT), lines[0]
    return lines[0]


def test_receipt_missing_file_in_russian(capsys, region_home, tmp_path):
    missing = tmp_path / "nope.json"
    code, _out, err = run(capsys, "sync", "receipt", str(missing), "--home", region_home, "--lang", "ru")
    assert code != 0
    assert one_line(err) == f"desk: Не удается прочитать {missing}: такого файла или папки нет"


def test_receipt_that_is_a_folder_in_kazakh(capsys, region_home, tmp_path):
    code, _out, err = run(capsys, "sync", "receipt", str(tmp_path), "--home", region_home, "--lang", "kk")
    assert code != 0
    line = one_line(err)
    assert str(tmp_path) in line and "қалта" in line


def test_central_import_missing_bundle_names_the_file(capsys, tmp_path):
    home = str(tmp_path / "central")
    assert run(capsys, "central", "init", "--home", home)[0] == 0
    missing = tmp_path / "KZ-35-000001.age"
    code, _out, err = run(capsys, "central", "import", str(missing), "--home", home, "--lang", "ru")
    assert code != 0
    line = one_line(err)
    assert str(missing) in line and "такого файла или папки нет" in line


def test_spreadsheet_import_with_unreadable_mapping(capsys, region_home, tmp_path):
    sheet = tmp_path / "a.csv"
    sheet.write_text("Name\nX\n", encoding="utf-8")
    bad = tmp_path / "map.json"
    bad.write_text("{nope", encoding="utf-8")
    code, _out, err = run(
        capsys,
        "import",
        "csv",
        str(sheet),
        "--kind",
        "associations",
        "--mapping",
        str(bad),
        "--home",
        region_home,
        "--lang",
        "ru",
    )
    assert code == 2
    line = one_line(err)
    assert str(bad) in line and "ошибка в JSON (строка 1, столбец 2)" in line
    code, _out, err = run(
        capsys,
        "import",
        "csv",
        str(sheet),
        "--kind",
        "associations",
        "--mapping",
        str(tmp_path / "none.json"),
        "--home",
        region_home,
        "--lang",
        "kk",
    )
    assert code == 2 and "мұндай файл не қалта жоқ" in one_line(err)


def test_report_into_a_folder_named_like_the_target(capsys, demo_workspace, tmp_path):
    """The target is an existing folder: the report cannot be moved there; the user is told in Russian."""
    demo_workspace.close()
    target = tmp_path / "out.pdf"
    target.mkdir()
    code, _out, err = run(
        capsys, "report", "roster", "-o", str(target), "--home", str(demo_workspace.home.root), "--lang", "ru"
    )
    assert code != 0
    line = one_line(err)
    assert line.startswith(f"desk: Не удается записать {target}: ")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".report-")]  # no half report left


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("ru", "Не удается использовать файл /media/usb/x.age: диск заполнен."),
        ("kk", "/media/usb/x.age файлын пайдалану мүмкін емес: диск толы."),
        ("en", "Cannot use the file /media/usb/x.age: the disk is full."),
    ],
)
def test_any_uncaught_os_error_is_translated_with_its_file(lang, expected):
    i18n.set_language(lang)
    assert file_error_line(OSError(errno.ENOSPC, "No space left on device", "/media/usb/x.age")) == expected
    assert "EIO" not in file_error_line(OSError(errno.EIO, "Input/output error"))


def test_main_turns_an_uncaught_os_error_into_one_line(capsys, monkeypatch, region_home):
    import desk.cli.registry as registry

    def broken(ctx):
        raise PermissionError(errno.EACCES, "Permission denied", "/srv/desk/x.db")

    monkeypatch.setattr(registry, "cmd_check", broken)
    code, _out, err = run(capsys, "check", "--home", region_home, "--lang", "ru")
    assert code == 1
    assert one_line(err) == "desk: Не удается использовать файл /srv/desk/x.db: доступ запрещен."
