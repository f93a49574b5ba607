"""An empty label stays empty in every language (gettext's empty msgid is the catalog header)."""

import pytest

from desk import i18n


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_an_empty_label_is_not_the_catalog_header(lang):
    i18n.set_language(lang)
    assert i18n._("") == ""
    assert i18n.gettext_for(lang)("") == ""
