"""A unit that was dissolved receives nothing more: petitions, sessions (created or generated
from a schedule) and dialogues are refused with the reason, and nothing is written."""

import pytest

from neuguong.audit.models import AuditEvent
from neuguong.core.actors import SYSTEM
from neuguong.core.errors import ServiceError
from neuguong.orgs import services as org_services
from neuguong.orgs.models import UnitKind
from neuguong.orgs.tests.factories import make_unit
from neuguong.reception import services
from neuguong.reception.models import Petition, ReceptionSession

from .conftest import days_ago, receive


@pytest.fixture
def hamlet_cell(commune):
    return make_unit("Chi bộ thôn Nam", UnitKind.CELL, commune)


def dissolve(unit) -> None:
    org_services.unit_dissolve(unit_id=unit.pk, acting_user=SYSTEM)


def test_a_petition_for_a_dissolved_unit_is_refused_as_no_longer_active(officer, hamlet_cell):
    dissolve(hamlet_cell)
    with pytest.raises(ServiceError) as error:
        receive(officer, hamlet_cell)
    assert "is no longer active" in error.value.message and "unit_id" in error.value.field_errors
    assert not Petition.objects.exists()


def test_a_session_for_a_dissolved_unit_is_refused(officer, hamlet_cell):
    dissolve(hamlet_cell)
    with pytest.raises(ServiceError) as error:
        services.session_create(unit_id=hamlet_cell.pk, title="Tiếp dân", held_on=days_ago(0), acting_user=officer)
    assert "is no longer active" in error.value.message
    assert not ReceptionSession.objects.exists()


def test_a_schedule_of_a_dissolved_unit_generates_no_session(officer, hamlet_cell):
    schedule = services.schedule_create(unit_id=hamlet_cell.pk, title="Định kỳ", day_of_month=10,
                                        acting_user=officer)
    dissolve(hamlet_cell)
    events = AuditEvent.objects.count()
    with pytest.raises(ServiceError) as error:
        services.schedule_generate(schedule_id=schedule.pk, acting_user=officer)
    assert "is no longer active" in error.value.message
    assert not ReceptionSession.objects.exists() and AuditEvent.objects.count() == events
