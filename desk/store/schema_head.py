"""The newest schema revision, named without importing Alembic or SQLAlchemy: `desk.store.migrate` compares a
database with it before deciding to migrate, and the light read path of `desk list` (desk.store.light_read) reads
only a database already at it."""

HEAD = "0010_centre_bundles"
"""The newest revision in `migrations/versions` (tests/store/test_start_checks.py keeps it true)."""
