"""Spreadsheet import and export (.xlsx and .csv) of the registers. No Qt, no display.

- `reader`: open a file (xlsx streamed read-only, csv in UTF-8 or Windows-1251), list its sheets, yield its rows
  (merged cells filled from the sheet's merge list); formulas without a saved value; what to do with .ods,
  password-protected and UTF-16 files.
- `fields`: what each register's columns are, with header synonyms in Kazakh, Russian and English.
- `headers`: find the header row(s) of a real sheet and map its columns to fields; saved mappings; the columns
  left out and why.
- `values`: forgiving parsing of dates (and ranges), numbers, identifiers, yes/no and reference values; the forms
  of ethnic groups come from `data/ethnic_group_forms.csv`.
- `links`: how a sheet names a linked record (house, plan item, meeting, decision, member) so it is found again.
- `importer`: preview, dry run with a per-row report, import in one transaction, matching rows to records (id,
  BIN/IIN, else a unique name), a whole region at once, undo.
- `batches`: the import batch tables that make an import undoable.
- `exporter`: a register (with a filter), or every register, to .xlsx or .csv, safe from formula injection.
"""
