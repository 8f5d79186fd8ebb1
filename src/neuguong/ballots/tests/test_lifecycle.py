"""The campaign's lifecycle on the shared engine: the steps each actor can take now, one history
row and one audit event per step, and a refused step that changes nothing."""

import pytest
from django.http import Http404

from neuguong.audit.models import AuditEvent
from neuguong.ballots import services
from neuguong.ballots.models import CampaignStatus
from neuguong.ballots.services.lifecycle import CAMPAIGN
from neuguong.core.lifecycle import TransitionRefused, allowed_names, histories_of, history_of
from neuguong.core.models import StateChange


def test_the_unit_admin_may_open_or_cancel_a_draft_and_others_nothing(draft, unit_admin, member, outsider):
    assert allowed_names(draft, unit_admin) == ["open", "cancel"]
    assert allowed_names(draft, member) == []
    assert allowed_names(draft, outsider) == []


def test_opening_writes_one_history_row_and_its_audit_event(draft, unit_admin):
    services.campaign_open(campaign_id=draft.pk, acting_user=unit_admin)
    draft.refresh_from_db()
    assert draft.status == CampaignStatus.OPEN and draft.opened_at is not None
    (change,) = history_of(draft)
    assert (change.from_state, change.to_state, change.transition, change.actor) == (
        "draft", "open", "open", unit_admin)
    assert change.data["candidates"] == 3
    assert AuditEvent.objects.filter(action="campaign.opened", object_id=str(draft.pk)).count() == 1
    assert allowed_names(draft, unit_admin) == ["close", "cancel"]


def test_a_refused_step_leaves_state_history_and_audit_unchanged(opened, unit_admin):
    before = (StateChange.objects.count(), AuditEvent.objects.count())
    with pytest.raises(TransitionRefused) as error:
        services.campaign_publish(campaign_id=opened.pk, acting_user=unit_admin)
    assert error.value.code == "transition_not_allowed"
    opened.refresh_from_db()
    assert opened.status == CampaignStatus.OPEN
    assert (StateChange.objects.count(), AuditEvent.objects.count()) == before


def test_a_member_and_an_outsider_do_not_find_the_campaign(draft, member, outsider):
    before = (StateChange.objects.count(), AuditEvent.objects.count())
    for actor in (member, outsider):
        with pytest.raises(Http404):
            services.campaign_open(campaign_id=draft.pk, acting_user=actor)
    draft.refresh_from_db()
    assert draft.status == CampaignStatus.DRAFT
    assert (StateChange.objects.count(), AuditEvent.objects.count()) == before


def test_cancelling_requires_a_reason(draft, unit_admin):
    with pytest.raises(Exception) as error:
        services.campaign_cancel(campaign_id=draft.pk, reason="  ", acting_user=unit_admin)
    assert "reason" in error.value.field_errors
    services.campaign_cancel(campaign_id=draft.pk, reason="Sai danh sách", acting_user=unit_admin)
    draft.refresh_from_db()
    assert draft.status == CampaignStatus.CANCELLED
    assert history_of(draft).get().data == {"reason": "Sai danh sách"}
    assert allowed_names(draft, unit_admin) == []


def test_histories_of_many_campaigns_take_one_query(opened, unit_admin, django_assert_num_queries):
    CAMPAIGN.transition(opened.pk, "cancel", acting_user=unit_admin, reason="Trùng")
    with django_assert_num_queries(1):  # the content type is cached: the changes only
        found = histories_of([opened])
    assert [(c.from_state, c.to_state) for c in found[opened.pk]] == [("draft", "open"), ("open", "cancelled")]
