"""A ballot campaign created for a unit being dissolved, on PostgreSQL (SQLite serialises every
writer): the creation locks the unit, as the dissolution does, so it is refused as no longer
active, or commits before the dissolution."""

import pytest
from django.db import connection

from neuguong.audit.models import AuditEvent
from neuguong.ballots import services
from neuguong.ballots.models import CampaignKind
from neuguong.ballots.services import campaigns
from neuguong.core.errors import ServiceError
from neuguong.orgs import services as org_services
from neuguong.orgs.models import UnitKind, UnitStatus
from neuguong.orgs.tests.factories import make_unit
from neuguong.orgs.tests.races import between_read_and_write

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def test_a_campaign_is_never_created_for_a_unit_after_its_dissolution(
    monkeypatch, ballot_catalogue, unit_admin, commune
):
    unit = make_unit("Chi bộ thôn Nam", UnitKind.CELL, commune)
    created, dissolved = between_read_and_write(
        monkeypatch, campaigns, "access",  # the creation has read the unit
        read=lambda: services.campaign_create(unit_id=unit.pk, title="Lấy phiếu 2025", period="2025",
                                              kind=CampaignKind.CONFIDENCE_BALLOT, acting_user=unit_admin),
        meddle=lambda: org_services.unit_dissolve(unit_id=unit.pk, acting_user=unit_admin),
    )
    assert not isinstance(dissolved, Exception), dissolved
    unit.refresh_from_db()
    assert unit.status == UnitStatus.DISSOLVED
    dissolution = AuditEvent.objects.get(action="unit.dissolved")
    if isinstance(created, ServiceError):
        assert "is no longer active" in created.message
        assert not AuditEvent.objects.filter(action="campaign.created").exists()
    else:
        assert not isinstance(created, Exception), created
        assert AuditEvent.objects.get(action="campaign.created").seq < dissolution.seq
