"""The quarter commands as the issue names them: `desk quarter submit|list` in a region, `desk central quarters`
and `desk central quarter accept|return|reopen|show|deadline` at the centre; the decision reaches the region with
`desk sync receipt`, and a refused edit says why in the user's language."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from desk.cli import main
from desk.domain import quarters as rules
from desk.domain.records import Event
from desk.services.workspace import open_workspace


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_submit_return_correct_accept_on_the_command_line(capsys, tmp_path: Path):
    region, central, usb = str(tmp_path / "region"), str(tmp_path / "central"), tmp_path / "usb"
    usb.mkdir()
    p = rules.last_finished(dt.date.today())
    year, quarter = str(p.year), str(p.quarter)
    assert run(capsys, "init", "--region", "KZ-35", "--home", region)[0] == 0
    assert run(capsys, "central", "init", "--home", central)[0] == 0
    recipient = run(capsys, "central", "recipient", "--home", central)[1].strip()
    assert run(capsys, "sync", "set-recipient", recipient, "--home", region)[0] == 0
    pubkey = run(capsys, "key", "show", "--home", region)[1].splitlines()[1]
    assert run(capsys, "central", "trust", "add", "KZ-35", pubkey, "--home", central)[0] == 0
    centre_key = run(capsys, "central", "key", "show", "--home", central)[1].splitlines()[1]
    assert run(capsys, "sync", "trust-centre", centre_key, "--home", region)[0] == 0

    code, out, err = run(
        capsys, "quarter", "submit", "--year", year, "--quarter", "5", "--home", region, "--lang", "en"
    )
    assert code == 1 and "The quarter must be 1, 2, 3 or 4." in err
    code, out, _ = run(
        capsys, "quarter", "submit", "--year", year, "--quarter", quarter, "--home", region, "--lang", "en"
    )
    assert code == 0 and "submitted; the next bundle carries it" in out and "Report SHA-256: " in out
    code, out, _ = run(capsys, "quarter", "list", "--json", "--home", region)
    assert json.loads(out)[0] == {
        **json.loads(out)[0],
        "quarter": p.key(),
        "state": "submitted",
        "version": 1,
    }
    submitted = dt.datetime.fromisoformat(json.loads(out)[0]["submitted_at"])
    code, out, _ = run(capsys, "quarter", "list", "--home", region, "--lang", "ru")
    # a person reads the moment in local time as the window shows it, never the ISO form scripts get
    assert code == 0 and "T" not in out.splitlines()[2] and "+00:00" not in out
    assert submitted.astimezone().strftime("%H:%M") in out.splitlines()[2]

    def sync() -> None:
        assert run(capsys, "bundle", "export", "-o", str(usb), "--home", region)[0] == 0
        bundle = sorted(usb.glob("*.age"))[-1]
        code, out, _ = run(capsys, "central", "import", str(bundle), "--home", central)
        assert code == 0, out

    def receipt() -> Path:
        return sorted((Path(central) / "receipts").glob("KZ-35-receipt-*.json"))[-1]

    sync()
    assert (
        run(
            capsys,
            "central",
            "quarter",
            "deadline",
            "--year",
            year,
            "--quarter",
            quarter,
            "--date",
            "2999-01-01",
            "--home",
            central,
            "--lang",
            "en",
        )[0]
        == 0
    )
    code, out, _ = run(capsys, "central", "quarters", "--json", "--home", central)
    data = json.loads(out)
    mine = next(r for r in data["regions"] if r["region"] == "KZ-35")["quarters"][p.key()]
    assert mine["state"] == "submitted" and mine["on_time"] is True and len(data["regions"]) == 20
    code, out, _ = run(capsys, "central", "quarters", "--home", central, "--lang", "ru")
    assert code == 0 and "отправлен" in out and "не отправлен" in out

    pdf = tmp_path / "kz35.pdf"
    code, out, _ = run(
        capsys,
        "central",
        "quarter",
        "show",
        "KZ-35",
        "--year",
        year,
        "--quarter",
        quarter,
        "--pdf",
        str(pdf),
        "--json",
        "--home",
        central,
    )
    shown = json.loads(out)
    assert code == 0 and shown["signature_problem"] is None and shown["changes"] is None
    assert pdf.read_bytes().startswith(b"%PDF")

    with pytest.raises(SystemExit) as refused:  # argparse: the comment is required
        main(
            ["central", "quarter", "return", "KZ-35", "--year", year, "--quarter", quarter, "--home", central]
        )
    assert refused.value.code == 2 and "--comment" in capsys.readouterr().err
    code, out, _ = run(
        capsys,
        "central",
        "quarter",
        "return",
        "KZ-35",
        "--year",
        year,
        "--quarter",
        quarter,
        "--comment",
        "Нет протокола",
        "--home",
        central,
        "--lang",
        "en",
    )
    assert code == 0 and "was returned by the centre" in out and "Send the region its receipt" in out
    code, out, _ = run(capsys, "sync", "receipt", str(receipt()), "--home", region, "--lang", "ru")
    assert code == 0 and "возвращен центром" in out and "Нет протокола" in out

    # the correction: an event dated in the quarter, submitted again, and the centre sees what changed
    ws = open_workspace(Path(region))
    try:
        with ws.db.transact() as session:
            session.add(
                Event(
                    region="KZ-35", name_ru="Наурыз", event_type="holiday", start_date=p.start, status="held"
                )
            )
    finally:
        ws.close()
    code, out, _ = run(
        capsys, "quarter", "submit", "--year", year, "--quarter", quarter, "--home", region, "--lang", "en"
    )
    assert code == 0 and "as a correction (version 2)" in out
    sync()
    code, out, _ = run(
        capsys,
        "central",
        "quarter",
        "show",
        "KZ-35",
        "--year",
        year,
        "--quarter",
        quarter,
        "--home",
        central,
        "--lang",
        "en",
    )
    assert code == 0 and "version 2" in out and "Changed since version 1:" in out

    code, out, _ = run(
        capsys,
        "central",
        "quarter",
        "accept",
        "KZ-35",
        "--year",
        year,
        "--quarter",
        quarter,
        "--home",
        central,
        "--lang",
        "kk",
    )
    assert code == 0 and "қабылданды" in out
    code, out, _ = run(capsys, "sync", "receipt", str(receipt()), "--home", region, "--lang", "en")
    assert code == 0 and "was accepted by the centre on" in out
    code, _, err = run(
        capsys, "quarter", "submit", "--year", year, "--quarter", quarter, "--home", region, "--lang", "ru"
    )
    assert code == 1 and "принят центром" in err and "попросите центр открыть его снова" in err
