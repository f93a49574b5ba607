"""The address of a PostgreSQL server database as a clerk gives it: server, port, database, user and password,
or one postgresql:// URL. Checked field by field (the refusal names the field), and shown with the password
masked. No I/O: asking the server is desk.store.server's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from desk.domain.validation import Checker
from desk.i18n import _

DEFAULT_PORT = 5432
SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")
_HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^\[[0-9A-Fa-f:.]+\]$|^[0-9A-Fa-f:.]+$")
_NAME = re.compile(r"^[^\s\x00-\x1f\x7f/?#@:]+$")
MASK = "•••"
_QUERY_PASSWORD = re.compile(r"([?&]password=)[^&#\s\"']*", re.IGNORECASE)
"""libpq takes the password in the query too (postgresql://user@server/db?password=…), and uses it."""


@dataclass(frozen=True)
class ServerAddress:
    host: str
    port: int
    database: str
    user: str
    password: str = ""

    def url(self) -> str:
        """The postgresql:// URL (user, password and database escaped as URLs require)."""
        host = f"[{self.host}]" if ":" in self.host and not self.host.startswith("[") else self.host
        login = quote(self.user, safe="")
        if self.password:
            login += ":" + quote(self.password, safe="")
        return f"postgresql://{login}@{host}:{self.port}/{quote(self.database, safe='')}"

    def shown(self) -> str:
        """The URL with the password masked: what the window and the log may show."""
        return masked(self.url())


def check(host: str, port: str, database: str, user: str, password: str = "") -> ServerAddress:
    """The address from the form's fields, or ValidationError naming every field that is wrong."""
    errors = Checker()
    host, port, database, user = host.strip(), port.strip(), database.strip(), user.strip()
    if not host:
        errors.fail("server_host", _("give the server's name or IP address"))
    elif not _HOST.match(host):
        errors.fail("server_host", _("“{value}” is not a server name or IP address").format(value=host))
    number = DEFAULT_PORT
    if port:
        if not port.isdigit() or not 1 <= int(port) <= 65535:
            errors.fail("server_port", _("a number from 1 to 65535 (usually 5432)"))
        else:
            number = int(port)
    if not database:
        errors.fail("server_database", _("give the name of the database made for Dostyq Desk"))
    elif not _NAME.match(database) or len(database) > 63:
        errors.fail("server_database", _("at most 63 characters, without spaces, “/”, “?”, “#”, “@” or “:”"))
    if not user:
        errors.fail("server_user", _("give the user name the server knows"))
    elif not _NAME.match(user) or len(user) > 63:
        errors.fail("server_user", _("at most 63 characters, without spaces, “/”, “?”, “#”, “@” or “:”"))
    errors.raise_if_any()
    return ServerAddress(host=host, port=number, database=database, user=user, password=password)


def from_url(text: str) -> ServerAddress:
    """The address in a postgresql:// URL, checked as the fields are (ValidationError names the URL)."""
    text = text.strip()
    if not text.startswith(SCHEMES):
        refusal = Checker()
        refusal.fail(
            "server_url", _("it must begin with postgresql:// (postgresql://user@server:5432/database)")
        )
        refusal.raise_if_any()
    parts = urlsplit("postgresql://" + text.split("://", 1)[1])
    try:
        port = str(parts.port or "")
    except ValueError:
        port = "x"  # refused below, naming the port
    return check(
        unquote(parts.hostname or ""),
        port,
        unquote(parts.path.lstrip("/")),
        unquote(parts.username or ""),
        unquote(parts.password or ""),
    )


def masked(url: str) -> str:
    """`url` with its password (if any) replaced by dots; any other text unchanged."""
    if "://" not in url:
        return url
    url = _QUERY_PASSWORD.sub(lambda m: m.group(1) + MASK, url)
    scheme, rest = url.split("://", 1)
    login, at, place = rest.rpartition("@")
    if not at or ":" not in login:
        return url
    user = login.split(":", 1)[0]
    return f"{scheme}://{user}:{MASK}@{place}"
