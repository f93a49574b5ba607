"""Storage: the data folder, the database engine and sessions, migrations, backups and full-text search."""
