"""The register of ethnocultural associations."""

from __future__ import annotations

from sqlalchemy import or_
from sqlmodel import col

from desk.domain.record_checks import check_association
from desk.domain.records import Association
from desk.i18n import _
from desk.services import records
from desk.services.records import ListSpec, Register
from desk.services.workspace import Workspace

A = Association

SPEC: ListSpec[Association] = ListSpec(
    cls=A,
    kind="association",
    filters={
        "district_id": lambda v: A.district_id == v,
        "ethnic_group": lambda v: or_(
            A.ethnic_group == v, ("," + col(A.other_ethnic_groups) + ",").contains(f",{v},")
        ),
        "status": lambda v: A.status == v,
        "legal_status": lambda v: A.legal_status == v,
        "house_id": lambda v: A.house_id == v,
        "registered_from": lambda v: col(A.registration_date) >= v,
        "registered_to": lambda v: col(A.registration_date) <= v,
        "line_of_work": lambda v: ("," + col(A.lines_of_work) + ",").contains(f",{v},"),
        "parent_id": lambda v: A.parent_id == v,
    },
    sorts={
        "name": lambda lang: [getattr(A, f"sort_{lang}")],
        "ethnic_group": lambda lang: [A.ethnic_group, getattr(A, f"sort_{lang}")],
        "legal_status": lambda lang: [A.legal_status, getattr(A, f"sort_{lang}")],
        "status": lambda lang: [A.status, getattr(A, f"sort_{lang}")],
        "registration_date": lambda lang: [A.registration_date],
        "member_count": lambda lang: [A.member_count],
        "district": lambda lang: [A.district_id, getattr(A, f"sort_{lang}")],
        "bin": lambda lang: [A.bin],
        "updated_at": lambda lang: [A.updated_at],
    },
)


def _check(ws: Workspace, obj: Association) -> None:
    check_association(obj)
    records.unique_among(ws, obj, "bin", _("Another association already has this BIN."))


REGISTER: Register[Association] = Register(SPEC, _check)
