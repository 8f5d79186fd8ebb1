"""Reception writes racing the dissolution of their unit, on PostgreSQL: a petition, session,
schedule or dialogue is received or created by a unit only while it is active. The writer locks
the unit's row, as the dissolution does, so the two serialise: either the write is refused with
"no longer active", or it commits before the unit is dissolved."""

import datetime as dt

import pytest
from django.db import connection

from neuguong.audit.models import AuditEvent
from neuguong.core.actors import SYSTEM
from neuguong.core.errors import ServiceError
from neuguong.orgs import services as org_services
from neuguong.orgs.models import UnitKind, UnitStatus
from neuguong.orgs.services import units as unit_services
from neuguong.orgs.tests.factories import make_unit
from neuguong.orgs.tests.races import between_read_and_write
from neuguong.reception import services
from neuguong.reception.models import Visit
from neuguong.reception.services import dialogues, intake, sessions, workflow

from .conftest import PETITIONER, days_ago

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def hamlet_cell(commune):
    return make_unit("Chi bộ thôn Nam", UnitKind.CELL, commune)


def creating(kind: str, officer, unit):
    calls = {
        "petition": lambda: services.petition_receive(
            unit_id=unit.pk, kinds=["complaint"], channel="post", received_on=days_ago(1), acting_user=officer,
            data={"subject": "Đất đai", "content": "Đề nghị xem xét việc thu hồi đất.", **PETITIONER}),
        "session": lambda: services.session_create(unit_id=unit.pk, title="Tiếp dân định kỳ", held_on=days_ago(0),
                                                   acting_user=officer),
        "dialogue": lambda: services.dialogue_create(unit_id=unit.pk, topic="Môi trường", held_on=days_ago(0),
                                                     leaders="Bí thư", issues="Rác thải", acting_user=officer),
    }
    return calls[kind]


CREATED_EVENT = {"petition": "petition.received", "session": "reception_session.created",
                 "dialogue": "dialogue.created"}
CALLER = {"petition": intake, "session": sessions, "dialogue": dialogues}  # where receiving_unit is called


@pytest.mark.parametrize("kind", ["petition", "session", "dialogue"])
def test_nothing_is_received_by_a_unit_after_it_is_dissolved(monkeypatch, officer, hamlet_cell, kind):
    """The dissolution commits between the intake's reading of the unit and its write."""
    created, dissolved = between_read_and_write(
        monkeypatch, CALLER[kind], "receiving_unit", read=creating(kind, officer, hamlet_cell),
        meddle=lambda: org_services.unit_dissolve(unit_id=hamlet_cell.pk, acting_user=SYSTEM,
                                                  effective_on=dt.date.today()),
    )
    assert not isinstance(dissolved, Exception), dissolved
    hamlet_cell.refresh_from_db()
    assert hamlet_cell.status == UnitStatus.DISSOLVED
    dissolution = AuditEvent.objects.get(action="unit.dissolved", object_id=str(hamlet_cell.pk))
    if isinstance(created, ServiceError):
        assert "is no longer active" in created.message
        assert not AuditEvent.objects.filter(action=CREATED_EVENT[kind]).exists()
    else:
        assert not isinstance(created, Exception), created
        # It was written, and committed, before the dissolution.
        assert AuditEvent.objects.get(action=CREATED_EVENT[kind]).seq < dissolution.seq


def test_a_visitor_recorded_while_the_unit_is_being_dissolved_neither_deadlocks_nor_lands_after_it(
    monkeypatch, officer, hamlet_cell
):
    """The visit locks the unit before its audit event takes the audit chain's head, so it waits
    for the dissolution (which holds the unit and wants the head) instead of deadlocking with it."""
    session = services.session_create(unit_id=hamlet_cell.pk, title="Tiếp dân", held_on=days_ago(0),
                                      acting_user=officer)
    dissolved, recorded = between_read_and_write(
        monkeypatch, unit_services, "_ensure_active",  # the dissolution has locked the unit
        read=lambda: org_services.unit_dissolve(unit_id=hamlet_cell.pk, acting_user=SYSTEM),
        meddle=lambda: services.visit_record(
            session_id=session.pk, visitor={"full_name": "Lê Văn Đến", "address": "Thôn Nam"},
            kinds=["proposal"], matter={"subject": "Đường", "content": "Sửa đường"}, acting_user=officer),
    )
    assert not isinstance(dissolved, Exception), dissolved
    assert isinstance(recorded, ServiceError) and "is no longer active" in recorded.message, recorded
    assert not Visit.objects.exists()


def test_a_petition_is_never_routed_to_a_unit_after_its_dissolution(monkeypatch, officer, commune, hamlet_cell):
    petition = services.petition_receive(
        unit_id=commune.pk, kinds=["complaint"], channel="post", received_on=days_ago(1), acting_user=officer,
        data={"subject": "Đất đai", "content": "Đề nghị xem xét việc thu hồi đất.", **PETITIONER})[0]
    routed, dissolved = between_read_and_write(
        monkeypatch, workflow, "_route_target",  # the routing has found the target unit active
        read=lambda: services.petition_route(petition_id=petition.pk, unit_id=hamlet_cell.pk, reason="Đúng thẩm quyền",
                                             acting_user=officer),
        meddle=lambda: org_services.unit_dissolve(unit_id=hamlet_cell.pk, acting_user=SYSTEM),
    )
    assert not isinstance(dissolved, Exception), dissolved
    dissolution = AuditEvent.objects.get(action="unit.dissolved")
    if isinstance(routed, ServiceError):
        assert "unit_id" in routed.field_errors
        assert not AuditEvent.objects.filter(action="petition.routed").exists()
    else:
        assert not isinstance(routed, Exception), routed
        assert AuditEvent.objects.get(action="petition.routed").seq < dissolution.seq
