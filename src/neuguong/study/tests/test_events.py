"""Events of the study year: entered by the organising unit, held with their outcomes or cancelled
through the lifecycle, with their documents; scoped by the organising unit."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from neuguong.accounts.scoping import NotFound
from neuguong.audit.models import AuditEvent
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.core.lifecycle import TransitionRefused
from neuguong.study import selectors, services
from neuguong.study.models import EventDocument, EventStatus, StudyEvent

pytestmark = pytest.mark.django_db


def plan_event(user, unit, *, held_on=None, kind="workshop", title="Hội thảo chuyên đề năm"):
    return services.event_create(unit_id=unit.pk, kind=kind, title=title, held_on=held_on or timezone.localdate(),
                                 place="Hội trường xã", participants="Cán bộ chủ chốt", participant_count=80,
                                 acting_user=user)


@pytest.fixture
def event(unit_admin, commune):
    return plan_event(unit_admin, commune)


def test_an_event_is_held_with_its_outcomes(event, unit_admin):
    held = services.event_hold(event_id=event.pk, outcomes="Thống nhất 5 nội dung làm theo", participant_count=95,
                               acting_user=unit_admin)
    assert held.status == EventStatus.HELD and held.participant_count == 95
    assert StudyEvent.objects.get(pk=event.pk).outcomes == "Thống nhất 5 nội dung làm theo"
    assert AuditEvent.objects.filter(action="study_event.held").count() == 1


def test_holding_without_outcomes_is_refused_and_nothing_changes(event, unit_admin):
    with pytest.raises(ServiceError) as refused:
        services.event_hold(event_id=event.pk, outcomes="  ", acting_user=unit_admin)
    assert "outcomes" in refused.value.field_errors
    assert StudyEvent.objects.get(pk=event.pk).status == EventStatus.PLANNED


def test_an_event_is_not_held_before_its_date(unit_admin, commune):
    later = plan_event(unit_admin, commune, held_on=timezone.localdate() + dt.timedelta(days=5))
    with pytest.raises(TransitionRefused):
        services.event_hold(event_id=later.pk, outcomes="Tốt", acting_user=unit_admin)
    assert StudyEvent.objects.get(pk=later.pk).status == EventStatus.PLANNED


def test_a_cancelled_event_keeps_its_reason_and_changes_no_more(event, unit_admin):
    services.event_cancel(event_id=event.pk, reason="Trùng lịch hội nghị tỉnh", acting_user=unit_admin)
    assert StudyEvent.objects.get(pk=event.pk).cancel_reason == "Trùng lịch hội nghị tỉnh"
    with pytest.raises(ServiceError, match="event_not_editable|planned"):
        services.event_update(event_id=event.pk, kind="talk", title="X", held_on=timezone.localdate(), place="Y",
                              acting_user=unit_admin)
    with pytest.raises(ServiceError):
        services.event_document_add(event_id=event.pk, title="X", upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n"),
                                    acting_user=unit_admin)
    assert StudyEvent.objects.get(pk=event.pk).title == "Hội thảo chuyên đề năm"


def test_an_unknown_kind_and_a_missing_place_are_refused(unit_admin, commune):
    with pytest.raises(ServiceError) as refused:
        services.event_create(unit_id=commune.pk, kind="party", title="X", held_on=timezone.localdate(), place="",
                              acting_user=unit_admin)
    assert {"kind", "place"} <= set(refused.value.field_errors)
    assert not StudyEvent.objects.exists()


@pytest.mark.parametrize("year", [1999, "after next"])
def test_an_event_dated_before_2000_or_after_next_year_is_refused_and_nothing_is_written(unit_admin, commune, year):
    today = timezone.localdate()
    held_on = dt.date(today.year + 2, 1, 1) if year == "after next" else dt.date(year, 12, 31)
    with pytest.raises(ServiceError) as refused:
        plan_event(unit_admin, commune, held_on=held_on)
    assert "between 2000 and next year" in refused.value.field_errors["held_on"][0]
    assert not StudyEvent.objects.exists() and not AuditEvent.objects.filter(action__startswith="study_event").exists()
    event = plan_event(unit_admin, commune, held_on=dt.date(today.year + 1, 12, 31))  # next year is planned ahead
    with pytest.raises(ServiceError):
        services.event_update(event_id=event.pk, kind="workshop", title="Hội thảo", held_on=held_on, place="Hội trường",
                              acting_user=unit_admin)
    assert StudyEvent.objects.get(pk=event.pk).held_on == dt.date(today.year + 1, 12, 31)


def test_a_document_that_is_not_what_its_name_says_is_refused(event, unit_admin):
    with pytest.raises(ServiceError):
        services.event_document_add(event_id=event.pk, title="Chương trình",
                                    upload=SimpleUploadedFile("ct.pdf", b"PK\x03\x04rest"), acting_user=unit_admin)
    assert not EventDocument.objects.exists()


def test_events_are_scoped_by_the_organising_unit(event, member, outsider):
    assert list(selectors.events_visible_to(member)) == []  # the member reads its cell, the event is the commune's
    assert list(selectors.events_visible_to(outsider)) == []
    with pytest.raises(NotFound):
        services.event_hold(event_id=event.pk, outcomes="x", acting_user=outsider)
    with pytest.raises((NotFound, PermissionDeniedError)):
        services.event_cancel(event_id=event.pk, reason="x", acting_user=member)
    assert StudyEvent.objects.get(pk=event.pk).status == EventStatus.PLANNED


def test_an_event_document_is_added_and_downloaded_through_the_api_by_readers_only(event, unit_admin, outsider):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(unit_admin)
    added = client.post(f"/api/v1/study-events/{event.pk}/documents",
                        {"title": "Chương trình", "file": SimpleUploadedFile("ct.pdf", b"%PDF-1.4\n%")})
    assert added.status_code == 201, added.content
    download = client.get(f"/api/v1/study-event-documents/{added.json()['id']}")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert "attachment" in download["Content-Disposition"]
    stranger = Client()
    stranger.force_login(outsider)
    assert stranger.get(f"/api/v1/study-event-documents/{added.json()['id']}").status_code == 404
