"""Dostyq Desk: the registry of a regional secretariat of the Assembly of People of Kazakhstan."""

__version__ = "0.1.0"
APP_NAME = "Dostyq Desk"
