"""Alembic environment: runs on the connection handed over by `desk.store.migrate`."""

from alembic import context
from sqlalchemy import Connection
from sqlmodel import SQLModel

import desk.domain.records  # noqa: F401  (registers the tables)

config = context.config
target_metadata = SQLModel.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from sqlalchemy import create_engine

        url = config.get_main_option("sqlalchemy.url")
        if url is None:
            raise RuntimeError("migrations need a connection or sqlalchemy.url")
        engine = create_engine(url)
        with engine.begin() as conn:
            _run(conn)
        return
    _run(connection)


def _include(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    # The FTS5 table and its shadow tables are SQLite-only and made by hand in the first migration.
    return not (type_ == "table" and name and name.startswith("search_fts"))


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=_include,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
