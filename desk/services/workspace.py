"""An opened data folder: its database (migrated), settings, region and mode. Every use-case takes one.

A data folder is either a region's (mode "region", one region's records) or the central office's (mode "central",
every region's records). `create_region_workspace` is what `desk init` does.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from desk.domain import reference
from desk.domain.records import District
from desk.errors import DeskError, NotInitialised
from desk.i18n import _
from desk.services import reference_data
from desk.settings import Settings, saved_language  # noqa: F401 - part of this module's interface
from desk.store.db import Database, os_user, set_meta
from desk.store.home import Home
from desk.store.migrate import upgrade

MODE_REGION = "region"
MODE_CENTRAL = "central"


@dataclass
class Workspace:
    home: Home
    db: Database
    settings: Settings
    region: str
    mode: str
    migration_backup: Path | None = field(default=None)
    operator_override: str = ""  # the operator named for this run (`desk --operator NAME`)

    @property
    def is_central(self) -> bool:
        return self.mode == MODE_CENTRAL

    @property
    def operator(self) -> str:
        """Who is recorded in the audit log: the operator's name, else the computer's login."""
        return self.operator_name or os_user()

    @property
    def operator_name(self) -> str:
        """The operator's own name (for this run, or from Settings), never the computer's login: what reports
        print in their footers and metadata ("" when nobody gave a name)."""
        return (self.operator_override or self.settings.get("operator") or "").strip()

    def region_name(self, lang: str) -> str:
        term = reference.by_code(reference.REGIONS, self.region)
        if term is None:
            return _("Republic of Kazakhstan") if self.is_central else self.region
        return term.label(lang)

    def close(self) -> None:
        self.db.dispose()


def _secure(path: Path) -> None:
    if os.name == "posix" and path.exists():
        os.chmod(path, 0o600)


def open_workspace(root: Path) -> Workspace:
    """Open an existing data folder, migrating its database (with a backup first) when the program is newer."""
    home = Home(root)
    if not home.exists():
        raise NotInitialised(
            _("No database in {folder}. Create one with “desk init --region KZ-…” or “desk demo”.").format(
                folder=root
            )
        )
    db = Database(home.database_target)
    backup = upgrade(db, backup_dir=home.backups)
    region = db.meta("region")
    mode = db.meta("mode", MODE_REGION)
    db.central = mode == MODE_CENTRAL
    ws = Workspace(home=home, db=db, settings=Settings(home.settings), region=region, mode=mode)
    ws.migration_backup = backup
    db.operator = ws.operator
    reference_data.install(db)  # the central office's reference lists, when it sent some
    return ws


def create_workspace(
    root: Path, *, region: str | None, mode: str = MODE_REGION, database_url: str | None = None
) -> Workspace:
    """Create the data folder and its database. Refuses to overwrite an existing one. A central office may keep
    its database on a PostgreSQL server (`database_url`, an empty database the office's server holds for it);
    the folder then keeps the URL, the keys, settings and logs."""
    home = Home(root)
    if home.exists():
        raise DeskError(_("A database already exists in {folder}.").format(folder=root))
    if mode == MODE_REGION and reference.by_code(reference.REGIONS, region or "") is None:
        codes = ", ".join(r.code for r in reference.REGIONS)
        raise DeskError(_("Unknown region “{code}”. Use one of: {codes}.").format(code=region, codes=codes))
    if database_url is not None and (
        mode != MODE_CENTRAL or not database_url.startswith(("postgresql", "postgres:"))
    ):
        raise DeskError(
            _(
                "Only the central office keeps its database on a server, and only on PostgreSQL (postgresql://…)."
            )
        )
    db = Database(database_url) if database_url else None
    if db is not None:
        _check_server_database(db, database_url or "")
    home.ensure()
    if db is not None:
        home.keep_database_url(database_url or "")
    else:
        db = Database(home.database)
    upgrade(db)
    reference_data.install(db)  # a new folder: the built-in lists
    _secure(home.database)
    with db.transact(audit=False) as session:
        set_meta(session, "mode", mode)
        set_meta(session, "region", region or "")
        if mode == MODE_REGION and region:
            for term in reference.terms("districts"):
                if isinstance(term, reference.District) and term.region == region:
                    session.add(
                        District(
                            region=region, code=term.code, name_kk=term.kk, name_ru=term.ru, name_en=term.en
                        )
                    )
    db.central = mode == MODE_CENTRAL
    settings = Settings(home.settings)
    ws = Workspace(home=home, db=db, settings=settings, region=region or "", mode=mode)
    db.operator = ws.operator
    return ws


def _check_server_database(db: Database, url: str) -> None:
    """The server answers, accepts the user, is new enough, and its database is empty (desk.services.server_check)."""
    from desk.services.server_check import test_server

    try:
        test_server(url)
    except DeskError:
        db.dispose()
        raise
