"""Use-cases the whole program calls (UI, command line, reports, sync, import): no Qt here."""
