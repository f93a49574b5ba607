"""`--region` of list, search and the reports: an unknown code is refused in the user's language, not an empty list."""

import json

import pytest

from desk.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def region_home(workspace, home_dir):
    workspace.close()
    return str(home_dir)


@pytest.mark.parametrize(
    "command",
    [
        ["list", "associations"],
        ["search", "корей"],
        ["report", "associations"],
        ["report", "events"],
        ["report", "quarterly"],
    ],
)
def test_unknown_region_is_refused_with_the_valid_codes(capsys, tmp_path, region_home, command):
    out_pdf = ["-o", str(tmp_path / "r.pdf")] if command[0] == "report" else []
    code, out, err = run(
        capsys, *command, *out_pdf, "--region", "KZ-99", "--home", region_home, "--lang", "ru"
    )
    assert code != 0
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert "KZ-99" in lines[0] and "неизвестный регион" in lines[0]
    assert "KZ-35" in lines[0] and "KZ-75" in lines[0]  # the valid codes are listed
    assert not (tmp_path / "r.pdf").exists()


def test_unknown_region_in_kazakh(capsys, region_home):
    code, _out, err = run(
        capsys, "list", "persons", "--region", "kz35", "--home", region_home, "--lang", "kk"
    )
    assert code != 0 and "KZ35" in err and "KZ-35" in err
    assert "unknown" not in err


def test_another_region_in_a_region_folder_is_refused(capsys, region_home):
    code, out, err = run(capsys, "list", "associations", "--region", "KZ-75", "--home", region_home)
    assert code != 0 and out == ""
    assert "holds KZ-35 only" in err


def test_own_region_in_any_case_lists(capsys, region_home):
    code, out, _err = run(
        capsys, "list", "associations", "--region", "kz-35", "--json", "--home", region_home
    )
    assert code == 0 and json.loads(out)["total"] == 0


def test_central_folder_valid_region_without_records_is_an_empty_result(capsys, tmp_path):
    home = str(tmp_path / "central")
    assert run(capsys, "central", "init", "--home", home)[0] == 0
    code, out, err = run(capsys, "list", "associations", "--region", "KZ-79", "--json", "--home", home)
    assert code == 0 and json.loads(out)["total"] == 0 and err == ""
    code, out, _err = run(capsys, "search", "корей", "--region", "KZ-79", "--json", "--home", home)
    assert code == 0 and json.loads(out) == []
    code, _out, err = run(capsys, "list", "associations", "--region", "KZ-99", "--home", home)
    assert code != 0 and "KZ-99" in err


def test_unknown_filter_lists_the_valid_keys(capsys, region_home):
    code, out, err = run(
        capsys, "list", "associations", "--filter", "nope=1", "--home", region_home, "--lang", "ru"
    )
    assert code != 0 and out == ""
    line = err.strip()
    assert "\n" not in line and "«nope»" in line and "ethnic_group" in line and "status" in line
