"""A server database's address from the form's fields or a URL: each wrong field named, the URL escaped, the
password masked wherever the address is shown."""

from __future__ import annotations

import pytest

from desk import i18n
from desk.domain import server_address
from desk.domain.validation import ValidationError


def fields_refused(*args: str) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        server_address.check(*args)
    return {e.field: str(e) for e in caught.value.errors}


def test_every_wrong_field_is_named() -> None:
    refused = fields_refused("", "0", "", "")
    assert set(refused) == {"server_host", "server_port", "server_database", "server_user"}
    assert refused["server_port"].startswith("Port:")
    assert refused["server_host"].startswith("Server:")
    assert set(fields_refused("db server", "5432", "desk", "clerk")) == {"server_host"}
    assert set(fields_refused("db", "65536", "desk", "clerk")) == {"server_port"}
    assert set(fields_refused("db", "54x", "desk", "clerk")) == {"server_port"}
    assert set(fields_refused("db", "", "my/db", "clerk")) == {"server_database"}
    assert set(fields_refused("db", "", "desk", "cl erk")) == {"server_user"}
    assert set(fields_refused("db", "", "d" * 64, "clerk")) == {"server_database"}


def test_the_refusals_speak_kazakh() -> None:
    i18n.set_language("kk")
    refused = fields_refused("", "99999", "desk", "clerk")
    assert refused["server_port"].startswith("Порт:") and "65535" in refused["server_port"]
    assert "сервердің" in refused["server_host"]


def test_the_url_escapes_and_the_shown_form_masks() -> None:
    address = server_address.check(" db.assembly.kz ", "", "dostyq_desk", "clerk", "Құпия сөз/@:1")
    assert address.port == 5432 and address.host == "db.assembly.kz"
    url = address.url()
    assert url.startswith("postgresql://clerk:") and url.endswith("@db.assembly.kz:5432/dostyq_desk")
    assert "Құпия" not in url and "/@" not in url.split("@")[0]
    assert address.shown() == "postgresql://clerk:•••@db.assembly.kz:5432/dostyq_desk"
    back = server_address.from_url(url)
    assert back == address  # the password comes back whole from its escaped form
    assert server_address.check("10.0.0.5", "6432", "d", "u").url() == "postgresql://u@10.0.0.5:6432/d"
    assert server_address.check("::1", "", "d", "u").url() == "postgresql://u@[::1]:5432/d"


def test_a_url_is_checked_as_the_fields_are() -> None:
    with pytest.raises(ValidationError) as caught:
        server_address.from_url("mysql://u@h/d")
    assert [e.field for e in caught.value.errors] == ["server_url"]
    with pytest.raises(ValidationError) as caught:
        server_address.from_url("postgresql://u@h:99999/d")
    assert [e.field for e in caught.value.errors] == ["server_port"]
    with pytest.raises(ValidationError) as caught:
        server_address.from_url("postgresql://h/d")
    assert [e.field for e in caught.value.errors] == ["server_user"]


def test_masked_leaves_urls_without_a_password_and_paths_alone() -> None:
    assert server_address.masked("postgresql://u@h/d") == "postgresql://u@h/d"
    assert server_address.masked("/home/clerk/desk.sqlite3") == "/home/clerk/desk.sqlite3"
    assert server_address.masked("postgresql+psycopg://u:p%40ss@h:1/d") == "postgresql+psycopg://u:•••@h:1/d"


def test_a_password_in_the_urls_query_is_masked_too(caplog: pytest.LogCaptureFixture) -> None:
    # libpq takes (and uses) a password given as ?password=…: it is shown, said and logged as masked as any other
    import logging

    from desk.errors import DeskError
    from desk.services import server_check

    url = "postgresql://clerk@127.0.0.1:1/desk?sslmode=disable&password=S3cret"
    assert server_address.masked(url) == "postgresql://clerk@127.0.0.1:1/desk?sslmode=disable&password=•••"
    assert server_address.masked("postgresql://u:p@h/d?PASSWORD=x") == "postgresql://u:•••@h/d?PASSWORD=•••"
    caplog.set_level(logging.INFO)
    with pytest.raises(DeskError) as refused:
        server_check.test_server(url)  # nothing listens on port 1
    assert "S3cret" not in refused.value.message and "clerk@127.0.0.1:1" in refused.value.message
    assert "S3cret" not in caplog.text
