"""`desk central reference set FILE` refuses a malformed file naming the file, not as a malformed central office
bundle (there is none: the clerk gave a file of their own); a bundle's malformed section is still refused as such."""

from __future__ import annotations

import json

import pytest

from desk.errors import DeskError
from desk.i18n import set_language
from desk.sync.centre_sections import check_reference, set_central_reference
from desk.sync.errors import CentreBundleRefused


def test_a_malformed_reference_file_is_refused_naming_the_file(central, tmp_path):
    set_language("en")
    path = tmp_path / "lists.json"
    path.write_text(json.dumps({"event_types": []}), encoding="utf-8")
    with pytest.raises(DeskError) as refused:
        set_central_reference(central, path)
    assert not isinstance(refused.value, CentreBundleRefused)
    message = refused.value.message
    assert str(path) in message and "event_types" in message and "bundle" not in message
    with pytest.raises(CentreBundleRefused, match="bundle has a malformed section"):
        check_reference({"event_types": []})
