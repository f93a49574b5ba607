"""No meeting in a period: a natural sentence with the dates as each language writes them; report --lang and messages."""

import pytest

from desk.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    """Exit code, stdout, stderr; CLDR's (narrow) no-break spaces read as plain spaces here."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, plain(out), plain(err)


def plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


@pytest.fixture
def demo_home(demo_workspace):
    demo_workspace.close()
    return str(demo_workspace.home.root)


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("ru", "desk: 1 янв. 1999 г. заседаний не проводилось."),
        ("kk", "desk: 1999 ж. 01 қаң. күні отырыс өткізілмеген."),
        ("en", "desk: No meeting was held on Jan 1, 1999."),
    ],
)
def test_report_meeting_on_a_day_without_one(capsys, tmp_path, demo_home, lang, expected):
    out_pdf = tmp_path / "p.pdf"
    code, _out, err = run(
        capsys,
        "report",
        "meeting",
        "--date",
        "1999-01-01",
        "-o",
        str(out_pdf),
        "--home",
        demo_home,
        "--lang",
        lang,
    )
    assert code != 0 and err.strip() == expected and not out_pdf.exists()


@pytest.mark.parametrize(
    "lang, period, expected",
    [
        (
            "ru",
            ["--from", "1999-01-01", "--to", "1999-03-31"],
            "С 1 янв. 1999 г. по 31 мар. 1999 г. заседаний не было.",
        ),
        (
            "kk",
            ["--from", "1999-01-01", "--to", "1999-03-31"],
            "1999 ж. 01 қаң. – 1999 ж. 31 нау. аралығында отырыс өткізілмеген.",
        ),
        (
            "en",
            ["--from", "1999-01-01", "--to", "1999-03-31"],
            "No meetings were held from Jan 1, 1999 to Mar 31, 1999.",
        ),
        ("ru", ["--from", "2999-01-01"], "Начиная с 1 янв. 2999 г. заседаний не было."),
        ("ru", ["--to", "1999-01-01"], "По 1 янв. 1999 г. включительно заседаний не было."),
        ("ru", ["--from", "1999-01-01", "--to", "1999-01-01"], "1 янв. 1999 г. заседаний не проводилось."),
    ],
)
def test_meetings_in_an_empty_period(capsys, demo_home, lang, period, expected):
    code, out, err = run(capsys, "meetings", *period, "--home", demo_home, "--lang", lang)
    assert code == 0 and out.strip() == expected and err == ""


def test_meetings_in_an_empty_folder(capsys, workspace, home_dir):
    workspace.close()
    code, out, _err = run(capsys, "meetings", "--home", str(home_dir), "--lang", "ru")
    assert code == 0 and out.strip() == "Заседания еще не внесены."


def test_meetings_with_results_still_count_them(capsys, demo_home):
    code, out, _err = run(capsys, "meetings", "--home", demo_home)
    assert code == 0 and out.strip().splitlines()[-1].startswith("Meetings: ")


def test_report_lang_sets_the_message_language(capsys, tmp_path, demo_home):
    code, _out, err = run(
        capsys, "report", "meeting", "--date", "1999-01-01", "--home", demo_home, "--lang", "kk"
    )
    assert code != 0 and "отырыс өткізілмеген" in err


def test_report_lang_all_keeps_the_saved_language_for_messages(capsys, tmp_path, demo_workspace):
    demo_workspace.settings.set("language", "ru")
    demo_workspace.close()
    home = str(demo_workspace.home.root)
    code, _out, err = run(
        capsys, "report", "meeting", "--date", "1999-01-01", "--lang", "all", "--home", home
    )
    assert code != 0 and err.strip() == "desk: 1 янв. 1999 г. заседаний не проводилось."
    target = tmp_path / "q.pdf"
    code, out, err = run(
        capsys,
        "report",
        "quarterly",
        "--year",
        "2025",
        "--quarter",
        "4",
        "--lang",
        "all",
        "-o",
        str(target),
        "--home",
        home,
    )
    assert code == 0 and err == ""
    assert out.strip() == f"Записан файл {target}."
    assert target.stat().st_size > 10_000


def test_report_lang_all_without_a_saved_language_uses_the_system_one(capsys, monkeypatch, demo_home):
    monkeypatch.setattr("desk.cli.command.system_language", lambda: "kk")
    code, _out, err = run(
        capsys, "report", "meeting", "--date", "1999-01-01", "--lang", "all", "--home", demo_home
    )
    assert code != 0 and "күні отырыс өткізілмеген" in err
