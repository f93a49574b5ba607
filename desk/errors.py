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


# What the system says about a file, in the user's words: `OSError.strerror` is the C library's English text.
_OS_REASONS: dict[int, str] = {}


def _reasons() -> dict[int, str]:
    if not _OS_REASONS:
        import errno

        from desk.i18n import N_

        _OS_REASONS.update(
            {
                errno.ENOENT: N_("there is no such file or folder"),
                errno.EACCES: N_("access is denied"),
                errno.EPERM: N_("access is denied"),
                errno.EISDIR: N_("it is a folder, not a file"),
                errno.ENOTDIR: N_("a part of the path is not a folder"),
                errno.ENOSPC: N_("the disk is full"),
                errno.EROFS: N_("the disk is read-only"),
                errno.EEXIST: N_("it already exists"),
                errno.ENAMETOOLONG: N_("the name is too long"),
                errno.EIO: N_("the disk could not be read or written"),
                errno.EBUSY: N_("it is in use by another program"),
            }
        )
    return _OS_REASONS


def _errno_of(exc: OSError, path: object = None) -> int | None:
    """The error number, with Windows' answers made POSIX-like: opening a folder as a file is "access is denied"
    there (EACCES), where POSIX says "is a directory" (EISDIR)."""
    import errno
    import os

    number = exc.errno
    if number in (errno.EEXIST, errno.ENOENT):
        # Windows says "already exists" (or "not found") for a folder made under a file: POSIX says ENOTDIR
        from pathlib import Path

        for name in (path, exc.filename, exc.filename2):
            try:
                if isinstance(name, str | os.PathLike):
                    target = Path(name)
                    if not target.exists() and any(parent.is_file() for parent in target.parents):
                        return errno.ENOTDIR
            except (OSError, TypeError, ValueError):
                pass
    if number in (errno.EACCES, errno.EPERM):
        for name in (path, exc.filename, exc.filename2):
            try:
                if isinstance(name, str | bytes | int | os.PathLike) and os.path.isdir(name):
                    return errno.EISDIR
            except (OSError, TypeError, ValueError):
                pass
    return number


def os_error_reason(exc: OSError, path: object = None) -> str:
    """Why a file operation failed, in the current language (never the system's English text). `path`: the file
    the operation was on, when the error may not name it."""
    from desk.i18n import _

    reason = _reasons().get(_errno_of(exc, path) or -1)
    if reason is not None:
        return _(reason)
    if exc.errno:
        return _("system error {number}").format(number=exc.errno)
    winerror = getattr(exc, "winerror", None)  # Windows only
    if winerror:
        return _("system error {number}").format(number=winerror)
    return _("system error")


def cannot_read(path: object, exc: OSError) -> DeskError:
    """ "Cannot read FILE: reason" as a DeskError, for `raise cannot_read(path, exc) from None`."""
    from desk.i18n import _

    return DeskError(_("Cannot read {path}: {error}").format(path=path, error=os_error_reason(exc, path)))


def cannot_write(path: object, exc: OSError) -> DeskError:
    """ "Cannot write FILE: reason" as a DeskError."""
    from desk.i18n import _

    return DeskError(_("Cannot write {path}: {error}").format(path=path, error=os_error_reason(exc, path)))
