"""Errors a user is shown: one clear sentence in the current language, never a traceback."""

from __future__ import annotations


class DeskError(Exception):
    """A failure the user can act on. `exit_code` is what the command line returns."""

    exit_code = 1

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code


class NotFound(DeskError):
    """A record, file or key that was asked for does not exist."""


class NotInitialised(DeskError):
    """The data folder holds no database yet."""
