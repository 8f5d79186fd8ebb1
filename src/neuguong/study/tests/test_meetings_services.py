"""Cell meetings: scheduling, holding (attendance), the minutes and their approval through the
lifecycle engine; every refusal writes nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from neuguong.accounts.scoping import NotFound
from neuguong.audit.models import AuditEvent
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.core.lifecycle import TransitionRefused, history_of
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory
from neuguong.study import selectors, services
from neuguong.study.models import Attendance, Meeting, MeetingDocument, MeetingManifestation, MeetingStatus

from .conftest import DOCX, at, present, schedule, upload


def _actions() -> list[str]:
    return list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))


def _snapshot(meeting) -> tuple:
    meeting.refresh_from_db()
    return (meeting.status, meeting.study_content, meeting.resolutions, meeting.place,
            sorted(Attendance.objects.filter(meeting=meeting).values_list("person_id", "status")),
            sorted(MeetingManifestation.objects.filter(meeting=meeting).values_list("manifestation__code",
                                                                                    "conclusion")),
            MeetingDocument.objects.filter(meeting=meeting).count())


def test_the_secretary_schedules_a_meeting_of_the_cell(secretary, cell, cell_members, manifestations):
    meeting = schedule(secretary, cell, kind="thematic", title="Chuyên đề quý I")
    assert (meeting.cell, meeting.kind, meeting.status) == (cell, "thematic", MeetingStatus.SCHEDULED)
    assert _actions()[-1] == "study_meeting.scheduled"


def test_a_meeting_is_held_by_a_cell_only(secretary, commune, unit_admin, manifestations):
    with pytest.raises(ServiceError) as refused:
        schedule(unit_admin, commune)
    assert "cell_id" in refused.value.field_errors
    assert not Meeting.objects.exists()


def test_a_party_member_cannot_schedule_a_meeting(member, cell, manifestations):
    with pytest.raises(PermissionDeniedError):
        schedule(member, cell)
    assert not Meeting.objects.exists()


def test_the_invitees_are_the_members_of_the_cell_on_the_meetings_day(meeting, cell, cell_members):
    newcomer = PersonFactory(full_name="Đỗ Văn Mới", unit=cell)
    MembershipFactory(person=newcomer, cell=cell, joined_on=timezone.localdate() + dt.timedelta(days=1),
                      full_member_on=None, status="probationary")
    assert {p.pk for p in selectors.meeting_invitees(meeting)} == {p.pk for p in cell_members}


def test_holding_records_each_members_attendance(meeting, secretary, member, cell_members):
    held = services.meeting_hold(meeting_id=meeting.pk, acting_user=secretary, attendance=[
        *present(secretary.person), *present(member.person, status="excused", reason="Ốm")])
    assert held.status == MeetingStatus.HELD
    assert dict(Attendance.objects.values_list("person_id", "status")) == {
        secretary.person_id: "present", member.person_id: "excused"}
    assert [c.transition for c in history_of(held)] == ["hold"]


def test_attendance_larger_than_the_cells_members_is_refused_and_nothing_is_written(meeting, secretary,
                                                                                   cell_members, sibling):
    stranger = PersonFactory(full_name="Người Ngoài", unit=sibling)
    before = _snapshot(meeting)
    with pytest.raises(ServiceError) as refused:
        services.meeting_hold(meeting_id=meeting.pk, acting_user=secretary,
                              attendance=present(*cell_members, stranger))
    assert refused.value.code == "attendance_exceeds_members"
    assert "2 members" in str(refused.value.message)
    assert _snapshot(meeting) == before
    assert "study_meeting.held" not in _actions()


def test_attendance_of_someone_outside_the_cell_or_twice_is_refused(meeting, secretary, member, sibling):
    stranger = PersonFactory(full_name="Người Ngoài", unit=sibling)
    for attendance in (present(stranger), present(member.person, member.person)):
        with pytest.raises(ServiceError):
            services.meeting_hold(meeting_id=meeting.pk, acting_user=secretary, attendance=attendance)
    assert _snapshot(meeting)[0] == MeetingStatus.SCHEDULED
    assert not Attendance.objects.exists()


def test_an_excused_absence_needs_its_reason(meeting, secretary, member):
    with pytest.raises(ServiceError) as refused:
        services.meeting_hold(meeting_id=meeting.pk, acting_user=secretary,
                              attendance=present(member.person, status="excused"))
    assert "reason" in str(refused.value.message)
    assert not Attendance.objects.exists()


def test_a_meeting_is_not_held_before_its_day(secretary, cell, cell_members, manifestations):
    later = schedule(secretary, cell, day=timezone.localdate() + dt.timedelta(days=3))
    with pytest.raises(TransitionRefused):
        services.meeting_hold(meeting_id=later.pk, attendance=present(*cell_members), acting_user=secretary)
    later.refresh_from_db()
    assert later.status == MeetingStatus.SCHEDULED


def test_manifestations_are_recorded_with_conclusions_and_audited_without_them(discussed):
    assert sorted(discussed.manifestations.values_list("manifestation__code", flat=True)) == ["G1.3", "G1.6"]
    event = AuditEvent.objects.filter(action="study_meeting.manifestations_recorded").get()
    assert "Chi bộ kết luận" not in str(event.after) and event.after == {"codes": ["G1.3", "G1.6"]}


def test_an_unknown_manifestation_or_a_missing_conclusion_is_refused(held, secretary):
    for entry in ({"manifestation": "G9.9", "conclusion": "x"}, {"manifestation": "G1.1", "conclusion": " "}):
        with pytest.raises(ServiceError):
            services.meeting_manifestations_record(meeting_id=held.pk, entries=[entry], acting_user=secretary)
    assert not MeetingManifestation.objects.exists()


def test_minutes_need_study_content_before_approval(held, secretary):
    with pytest.raises(TransitionRefused):
        services.meeting_approve(meeting_id=held.pk, acting_user=secretary)
    held.refresh_from_db()
    assert held.status == MeetingStatus.HELD


def test_a_party_member_cannot_approve_the_minutes(discussed, member):
    with pytest.raises(PermissionDeniedError):
        services.meeting_approve(meeting_id=discussed.pk, acting_user=member)
    discussed.refresh_from_db()
    assert discussed.status == MeetingStatus.HELD


def test_the_secretary_approves_the_minutes(approved_meeting, secretary):
    assert approved_meeting.status == MeetingStatus.APPROVED
    assert approved_meeting.approved_on == timezone.localdate()
    assert approved_meeting.approved_by == secretary


def test_minutes_cannot_change_after_approval(approved_meeting, secretary, cell_members):
    before, events = _snapshot(approved_meeting), len(_actions())
    attempts = [
        lambda: services.meeting_minutes_record(meeting_id=approved_meeting.pk, study_content="Sửa",
                                                resolutions="Sửa", acting_user=secretary),
        lambda: services.meeting_attendance_record(meeting_id=approved_meeting.pk,
                                                   attendance=present(cell_members[0]), acting_user=secretary),
        lambda: services.meeting_manifestations_record(meeting_id=approved_meeting.pk, entries=[],
                                                       acting_user=secretary),
        lambda: services.meeting_document_add(meeting_id=approved_meeting.pk, title="Thêm", upload=upload(),
                                              acting_user=secretary),
        lambda: services.meeting_update(meeting_id=approved_meeting.pk, kind="regular", starts_at=at(
            timezone.localdate()), place="Khác", acting_user=secretary),
    ]
    for attempt in attempts:
        with pytest.raises(ServiceError) as refused:
            attempt()
        assert refused.value.code == "minutes_approved"
        assert "read-only" in str(refused.value.message)
    assert _snapshot(approved_meeting) == before
    assert len(_actions()) == events


def test_a_scheduled_meeting_is_cancelled_with_a_reason(meeting, secretary):
    with pytest.raises(ServiceError):
        services.meeting_cancel(meeting_id=meeting.pk, reason=" ", acting_user=secretary)
    cancelled = services.meeting_cancel(meeting_id=meeting.pk, reason="Trùng lịch hội nghị xã",
                                        acting_user=secretary)
    assert cancelled.status == MeetingStatus.CANCELLED


def test_a_document_is_a_pdf_or_docx_by_its_content(meeting, secretary):
    document = services.meeting_document_add(meeting_id=meeting.pk, title="Giấy mời",
                                             upload=upload("giay-moi.docx", DOCX), acting_user=secretary)
    assert document.original_name == "giay-moi.docx"
    with pytest.raises(ServiceError):
        services.meeting_document_add(meeting_id=meeting.pk, title="Giả", upload=upload("gia.pdf", DOCX),
                                      acting_user=secretary)
    assert MeetingDocument.objects.count() == 1


def test_the_schedule_changes_only_before_the_meeting_is_held(held, secretary):
    with pytest.raises(ServiceError) as refused:
        services.meeting_update(meeting_id=held.pk, kind="regular", starts_at=held.starts_at, place="Khác",
                                acting_user=secretary)
    assert refused.value.code == "meeting_held"


def test_an_outsider_gets_404_like_a_missing_meeting(meeting, outsider):
    with pytest.raises(NotFound):
        services.meeting_approve(meeting_id=meeting.pk, acting_user=outsider)


def test_the_meetings_counts_follow_its_attendance_rows(held, secretary, member):
    assert (held.present_count, held.excused_count, held.absent_count) == (2, 0, 0)
    services.meeting_attendance_record(meeting_id=held.pk, acting_user=secretary, attendance=[
        *present(secretary.person), *present(member.person, status="absent")])
    held.refresh_from_db()
    assert (held.present_count, held.excused_count, held.absent_count, held.invited_count) == (1, 0, 1, 2)
    assert held.attendance.filter(status="absent").count() == 1
