"""A centre bundle's version names one content: a region that applied version N refuses another bundle numbered N
(it said "applied before; nothing changes" and dropped the new content without a word)."""

from __future__ import annotations

import pytest

from desk.sync.centre_bundle import import_centre_bundle, make_centre_bundle
from desk.sync.centre_sections import centre_reference
from desk.sync.errors import CentreBundleRefused

from .test_centre_bundles import _resign


def test_the_same_version_with_another_content_is_refused(make_region, central, outbox, tmp_path):
    region = make_region("KZ-35")
    made = make_centre_bundle(central, outbox)
    import_centre_bundle(region, made.path)
    applied = centre_reference(region)
    assert import_centre_bundle(region, made.path).already  # the same file again: nothing to do

    def renamed(body):
        for section in body["sections"]:
            if section["type"] == "reference":
                section["data"]["ethnic_groups"][0]["ru"] = "Другое имя"
        return body

    other = tmp_path / "other.dqc"
    other.write_bytes(made.path.read_bytes())
    _resign(other, central, renamed)
    with pytest.raises(CentreBundleRefused, match=f"bundle {made.version} differs"):
        import_centre_bundle(region, other)
    assert centre_reference(region) == applied
