"""PDF reports on ReportLab: the quarterly report of the regional assembly and the register reports.

Each report is one module (`quarterly`, `associations`, `roster`, `events`, `meeting`) with a `render` function
that writes a PDF in one language or in all three in turn. The shared parts: `fonts` (embedded Noto Sans with every
Kazakh letter), `styles`, `page` (A4 template: header with region and title, footer "page X of Y", generation date
and operator, PDF outline per language), `tables` (long tables split across pages with repeated headers),
`charts` and `escape` (every value printed literally). `common.REPORT_LANGS` lists what `--lang` takes.
No Qt here: reports run without a display.
"""
