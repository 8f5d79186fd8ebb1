"""Rounds, nominations, the council's vote and the competent body's approval."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from neuguong.accounts.scoping import NotFound
from neuguong.audit.models import AuditEvent
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.core.lifecycle import TransitionRefused, history_of
from neuguong.honours import selectors, services
from neuguong.honours.models import Award, Evidence, Nomination, NominationStatus, Round, RoundStatus
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory

from .conftest import TODAY, approve, client_for, open_round, propose, vote

pytestmark = pytest.mark.django_db


def test_a_unit_opens_a_round_and_nominates_a_member_and_a_cell(unit_admin, round_, member, cell):
    person = propose(unit_admin, round_, person=member.person)
    collective = propose(unit_admin, round_, unit=cell, award="title.advanced_collective")
    assert person.status == collective.status == NominationStatus.PROPOSED
    assert person.subject_name == "Phạm Thị Hoa" and collective.subject_name == cell.name
    assert AuditEvent.objects.filter(action="honours_nomination.proposed").count() == 2
    assert AuditEvent.objects.filter(action="honours_round.opened").count() == 1


def test_a_person_outside_the_subtree_is_refused_with_a_clear_message(unit_admin, round_, sibling_person):
    with pytest.raises(ServiceError) as refused:
        propose(unit_admin, round_, person=sibling_person)
    assert refused.value.code == "nominee_outside_subtree"
    assert "Trần Thị Bình" in str(refused.value) and "outside" in str(refused.value)
    assert not Nomination.objects.exists()
    assert not AuditEvent.objects.filter(action="honours_nomination.proposed").exists()


def test_a_member_of_a_cell_below_is_within_the_subtree_wherever_their_record_is(unit_admin, round_, cell,
                                                                                 sibling):
    elsewhere = PersonFactory(full_name="Hồ Văn Xa", unit=sibling)
    MembershipFactory(person=elsewhere, cell=cell)
    assert propose(unit_admin, round_, person=elsewhere).subject_person == elsewhere


def test_a_collective_title_is_not_given_to_an_individual(unit_admin, round_, member):
    with pytest.raises(ServiceError) as refused:
        propose(unit_admin, round_, person=member.person, award="title.excellent_collective")
    assert refused.value.code == "award_not_for_nominee"
    assert not Nomination.objects.exists()


def test_the_same_nominee_and_title_twice_in_a_round_is_refused(unit_admin, round_, nomination, member):
    with pytest.raises(ServiceError) as refused:
        propose(unit_admin, round_, person=member.person)
    assert refused.value.code == "nomination_exists"
    assert Nomination.objects.count() == 1


def test_evidence_is_checked_by_its_content(unit_admin, nomination):
    evidence = services.evidence_add(nomination_id=nomination.pk, title="Giấy xác nhận", acting_user=unit_admin,
                                     file=SimpleUploadedFile("xac-nhan.pdf", b"%PDF-1.4\n%"))
    assert evidence.content_type == "application/pdf" and len(evidence.sha256) == 64
    with pytest.raises(ServiceError):
        services.evidence_add(nomination_id=nomination.pk, title="Giả", acting_user=unit_admin,
                              file=SimpleUploadedFile("anh.png", b"<script>alert(1)</script>"))
    assert Evidence.objects.count() == 1
    services.evidence_open(evidence_id=evidence.pk, acting_user=unit_admin)
    assert AuditEvent.objects.filter(action="honours_evidence.downloaded").count() == 1


def test_the_council_vote_is_recorded_with_its_counts(unit_admin, nomination):
    voted = vote(unit_admin, nomination)
    assert voted.status == NominationStatus.PASSED
    assert (voted.council_members, voted.council_present, voted.votes_for, voted.votes_against,
            voted.votes_abstain) == (9, 8, 6, 1, 1)
    assert [change.transition for change in history_of(voted)] == ["pass"]
    assert AuditEvent.objects.filter(action="honours_nomination.voted").count() == 1


def test_half_the_votes_of_those_present_does_not_pass(unit_admin, nomination):
    assert vote(unit_admin, nomination, present=8, votes_for=4, votes_against=4, votes_abstain=0).status == (
        NominationStatus.NOT_PASSED)


def test_a_council_without_its_quorum_records_no_vote(unit_admin, nomination):
    with pytest.raises(ServiceError) as refused:
        vote(unit_admin, nomination, members=9, present=5, votes_for=5, votes_against=0, votes_abstain=0)
    assert refused.value.code == "quorum_not_met"
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.PROPOSED and nomination.votes_for is None


def test_votes_that_do_not_add_up_are_refused(unit_admin, nomination):
    with pytest.raises(ServiceError):
        vote(unit_admin, nomination, present=8, votes_for=6, votes_against=1, votes_abstain=0)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.PROPOSED


def test_the_competent_body_approves_and_the_award_is_on_the_persons_history(unit_admin, nomination, member):
    vote(unit_admin, nomination)
    award = approve(unit_admin, nomination)
    assert award.person == member.person and award.decision_number == "15-QĐ/UBND"
    assert list(selectors.awards_of(unit_admin, [member.person.pk])) == [award]
    assert Nomination.objects.get().status == NominationStatus.APPROVED


def test_an_award_approved_twice_is_refused(unit_admin, nomination):
    vote(unit_admin, nomination)
    approve(unit_admin, nomination)
    with pytest.raises(TransitionRefused):
        approve(unit_admin, nomination, number="16-QĐ/UBND")
    assert Award.objects.count() == 1 and Award.objects.get().decision_number == "15-QĐ/UBND"
    assert AuditEvent.objects.filter(action="honours_nomination.approved").count() == 1


def test_one_award_per_nomination_is_a_constraint(unit_admin, nomination):
    from django.db import IntegrityError, transaction

    vote(unit_admin, nomination)
    award = approve(unit_admin, nomination)
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(nomination=nomination, round=award.round, person=award.person, award=award.award,
                             body="Khác", decision_number="99", decided_on=award.decided_on)


def test_a_proposal_not_yet_voted_cannot_be_approved(unit_admin, nomination):
    with pytest.raises(TransitionRefused):
        approve(unit_admin, nomination)
    assert not Award.objects.exists()


def test_refusal_needs_a_reason(unit_admin, nomination):
    vote(unit_admin, nomination)
    with pytest.raises(ServiceError):
        services.nomination_refuse(nomination_id=nomination.pk, reason=" ", acting_user=unit_admin)
    refused = services.nomination_refuse(nomination_id=nomination.pk, reason="Chưa đủ tiêu chuẩn",
                                         acting_user=unit_admin)
    assert refused.status == NominationStatus.REFUSED and not Award.objects.exists()


def test_a_closed_round_takes_no_nomination(unit_admin, round_, member):
    services.round_close(round_id=round_.pk, acting_user=unit_admin)
    assert Round.objects.get().status == RoundStatus.CLOSED
    with pytest.raises(ServiceError):
        propose(unit_admin, round_, person=member.person)
    assert not Nomination.objects.exists()


def test_a_member_can_neither_open_nor_read_a_round(member, cell, round_):
    with pytest.raises((NotFound, PermissionDeniedError)):
        open_round(member, cell, title="Của đảng viên")
    with pytest.raises(NotFound):
        selectors.round_get(member, round_.pk)
    assert Round.objects.count() == 1


def test_an_outsider_sees_nothing_of_a_round_and_changes_nothing(outsider, round_, nomination):
    with pytest.raises(NotFound):
        selectors.round_get(outsider, round_.pk)
    with pytest.raises(NotFound):
        propose(outsider, round_, unit=round_.unit)
    with pytest.raises(NotFound):
        vote(outsider, nomination)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.PROPOSED and Nomination.objects.count() == 1
    assert list(selectors.awards_of(outsider, [nomination.subject_person_id])) == []


def test_organisation_staff_cannot_approve(unit_admin, nomination, commune):
    from neuguong.accounts.permissions import Role
    from neuguong.orgs.tests.factories import UserFactory, grant

    staff = UserFactory(username="tochuc_a", person=PersonFactory(full_name="Mai Tổ Chức", unit=commune))
    grant(staff, Role.ORGANISATION_STAFF, commune)
    vote(staff, nomination)
    with pytest.raises(PermissionDeniedError):
        approve(staff, nomination)
    assert not Award.objects.exists()


def test_a_decision_dated_in_the_future_is_refused(unit_admin, nomination):
    vote(unit_admin, nomination)
    with pytest.raises(ServiceError):
        services.nomination_approve(nomination_id=nomination.pk, body="UBND", decision_number="1",
                                    decided_on=dt.date.today() + dt.timedelta(days=1), acting_user=unit_admin)
    assert not Award.objects.exists()


def test_a_persons_history_reads_their_awards_from_any_round_newest_first(unit_admin, system_admin, province, commune,
                                                                          member, outsider):
    """The cadre profile reads ``awards_of(user, person)``: the commune's own award and the province's
    award of its member, newest first; the commune next door reads none of them."""
    commune_award = approve(unit_admin, vote(unit_admin, propose(unit_admin, open_round(unit_admin, commune),
                                                                 person=member.person)))
    province_round = open_round(system_admin, province, title="Bình xét của tỉnh")
    nomination = propose(system_admin, province_round, person=member.person,
                         award="title.grassroots_emulation_fighter")
    province_award = approve(system_admin, vote(system_admin, nomination), number="7-QĐ/UBND tỉnh")
    Award.objects.filter(pk=commune_award.pk).update(decided_on=TODAY - dt.timedelta(days=1))
    assert list(selectors.awards_of(unit_admin, member.person)) == [province_award, commune_award]
    assert list(selectors.awards_of(unit_admin, [member.person.pk])) == [province_award, commune_award]
    assert list(selectors.awards_of(outsider, member.person)) == []
    page = client_for(unit_admin).get(f"/people/{member.person.pk}/").content.decode()
    assert "7-QĐ/UBND tỉnh" in page
