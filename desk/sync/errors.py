"""Why a bundle or a receipt was refused: one clear sentence for the user."""

from __future__ import annotations

from desk.errors import DeskError


class BundleRefused(DeskError):
    """A bundle failed a check; nothing of it was applied."""


class ReceiptRefused(DeskError):
    """A receipt failed a check; the region's state is unchanged."""


class CentreBundleRefused(DeskError):
    """A centre → region bundle failed a check; nothing of it was applied."""
