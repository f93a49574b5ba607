"""Spreadsheet import and export (.xlsx and .csv) of the registers. No Qt, no display.

- `reader`: open a file (xlsx streamed read-only, csv in UTF-8 or Windows-1251), list its sheets, yield its rows.
- `fields`: what each register's columns are, with header synonyms in Kazakh, Russian and English.
- `headers`: find the header row(s) of a real sheet and map its columns to fields; saved mappings.
- `values`: forgiving parsing of dates, numbers, identifiers, yes/no and reference values.
- `importer`: preview, dry run with a per-row report, import in one transaction, duplicates, undo.
- `batches`: the import batch tables that make an import undoable.
- `exporter`: a register (with a filter) to .xlsx or .csv, safe from formula injection.
"""
