"""Every value printed literally: ReportLab's Paragraph reads markup, so values are escaped before they meet it.

In a kk-Latn version every value is printed in Latin (`reports.scripts`).

`text()` makes a value safe for a Paragraph: XML special characters escaped, other scripts in their fonts
(`reports.fallback`), control characters and lone
surrogates dropped (they would break the PDF or the parser), line breaks kept as `<br/>`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from desk.reports.fallback import markup
from desk.reports.scripts import for_print

_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")


def clean(value: Any) -> str:
    """The value as a string without characters that cannot be printed (NUL, other controls, lone surrogates)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    text = for_print(unicodedata.normalize("NFC", _UNPRINTABLE.sub("", text)))
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")


def text(value: Any) -> str:
    """The value as Paragraph markup that prints exactly the value."""
    return markup(clean(value)).replace("\n", "<br/>")
