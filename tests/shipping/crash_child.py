"""A child process for the crash-safety tests: one big write, stopped in the middle of its transaction.

    python crash_child.py HOME demo|sheet|bundle [FILE] [--finish]

It prints "MID <changes>" once the transaction has written rows and is not committed yet, then waits on stdin:
the test kills it (SIGKILL) right there. With --finish it does not stop; it prints "DONE" after the commit and
waits, so the test can kill it after a completed batch too. A small page cache makes SQLite spill uncommitted
pages into the WAL file as a large batch does, so the kill really interrupts writes to disk.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from sqlalchemy import event

from desk import i18n
from desk.services.workspace import open_workspace

STOP_AT_INSERT = 3  # the third INSERT of the run: the batch has begun writing and is far from done


def run(ws: Any, mode: str, file: Path | None) -> None:
    if mode == "demo":
        from desk.services import demo

        demo.generate(ws, size="small")
    elif mode == "sheet":
        from desk.spreadsheets import importer

        importer.run(ws, file, "persons", dry_run=False)
    elif mode == "bundle":
        from desk.sync.central_import import import_files

        outcome = import_files(ws, [file])[0]
        if outcome.result != "imported":
            raise SystemExit(f"bundle not imported: {outcome.message}")
    else:
        raise SystemExit(f"unknown mode {mode}")


def main() -> None:
    home, mode = Path(sys.argv[1]), sys.argv[2]
    file = Path(sys.argv[3]) if len(sys.argv) > 3 and not sys.argv[3].startswith("--") else None
    finish = "--finish" in sys.argv
    i18n.set_language("en")
    ws = open_workspace(home)
    ws.db.dispose()  # new connections get the listeners below
    inserts = 0

    @event.listens_for(ws.db.engine, "connect")
    def small_cache(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute("PRAGMA cache_size = 50")

    @event.listens_for(ws.db.engine, "before_cursor_execute")
    def stop_midway(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        nonlocal inserts
        insert = statement.lstrip().upper()
        if finish or not insert.startswith("INSERT") or insert.startswith("INSERT INTO BULK_IN_"):
            return  # (a central import stages a bundle's rows in its own temporary tables before it writes)
        inserts += 1
        raw = conn.connection.dbapi_connection
        if inserts == STOP_AT_INSERT and raw.in_transaction:
            print(f"MID {raw.total_changes}", flush=True)
            sys.stdin.readline()  # killed here

    run(ws, mode, file)
    print("DONE", flush=True)
    sys.stdin.readline()


if __name__ == "__main__":
    main()
