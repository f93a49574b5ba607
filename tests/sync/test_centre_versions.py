"""A centre bundle's version names one content: a region that applied version N refuses another bundle numbered N
(it said "applied before; nothing changes" and dropped the new content without a word), and two clerks making
bundles at once on a PostgreSQL centre get two numbers (both read the same last version)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from desk.sync.centre_bundle import VERSION_META, import_centre_bundle, make_centre_bundle
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


def test_two_clerks_making_bundles_at_once_get_two_versions(central, outbox):
    if central.db.is_sqlite:
        pytest.skip("SQLite has one writer at a time")
    first = make_centre_bundle(central, outbox)
    # another clerk's bundle: its transaction has taken the next number and not committed yet
    other = central.db.engine.connect()
    other.execute(
        text("UPDATE meta SET value = :v WHERE key = :k"), {"v": str(first.version + 1), "k": VERSION_META}
    )
    made: list = []
    worker = threading.Thread(target=lambda: made.append(make_centre_bundle(central, outbox)))
    worker.start()
    with central.db.engine.connect() as watch:  # wait until the second clerk waits for the first's lock
        while not watch.execute(
            text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
        ).scalar_one():
            watch.rollback()
            worker.join(0.01)
    other.commit()
    other.close()
    worker.join()
    assert made[0].version == first.version + 2


@pytest.mark.parametrize(
    "expires",
    ["2999-01-01T00:00:00", "2000-01-01T00:00:00+00:00", "soon"],
    ids=["no-time-zone", "before-it-was-made", "not-a-moment"],
)
def test_a_malformed_expiry_is_called_malformed_not_expired(make_region, central, outbox, tmp_path, expires):
    """An expiry without a time zone, or before the bundle was made, is a malformed bundle (it was called
    "expired on 2999-01-01: ask for a new one")."""
    region = make_region("KZ-35")
    made = make_centre_bundle(central, outbox)
    _resign(made.path, central, lambda body: {**body, "expires_at": expires})
    with pytest.raises(CentreBundleRefused, match="is not a central office bundle"):
        import_centre_bundle(region, made.path)
    assert centre_reference(region) == {}


def test_a_bundle_without_reference_data_leaves_its_age(make_region, central, outbox, tmp_path):
    """The age shown is the reference data's: a later bundle carrying only the centre's new key (signed by the
    trusted key) once made 95-day-old reference data "0 days old"."""
    import datetime as dt

    from desk.sync import keys
    from desk.sync.centre_bundle import centre_bundle_status

    region = make_region("KZ-35")
    first = make_centre_bundle(central, outbox)
    import_centre_bundle(region, first.path)
    created = centre_bundle_status(region).created_at
    later = make_centre_bundle(central, outbox)
    same_key = keys.central_public_key(central).base64
    _resign(
        later.path,
        central,
        lambda body: {**body, "sections": [{"type": "centre_key", "data": {"public_key": same_key}}]},
    )
    import_centre_bundle(region, later.path)
    status = centre_bundle_status(region, now=created + dt.timedelta(days=95, hours=1))
    assert status.version == later.version and status.created_at == created and status.age_days == 95
