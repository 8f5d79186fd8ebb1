import datetime as dt

import pytest
from django.utils import timezone

from neuguong.accounts.scoping import NotFound
from neuguong.audit.models import AuditEvent
from neuguong.ballots import codes, selectors, services
from neuguong.ballots.models import (
    Ballot,
    BallotCode,
    BoxMode,
    BoxResult,
    CampaignKind,
    CampaignStatus,
    Candidate,
    CandidateResult,
    PaperEntry,
    Question,
    Receipt,
)
from neuguong.ballots.services import throttle
from neuguong.ballots.tests.helpers import cast, same_level, tally_sheet
from neuguong.core import throttle as core_throttle
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.core.throttle import ThrottledError
from neuguong.orgs.models import Post


def _codes_state(campaign):
    return list(BallotCode.objects.filter(campaign=campaign).order_by("digest").values_list("spent", "revoked"))


# --- Campaigns ---------------------------------------------------------------------------------


def test_a_new_campaign_asks_the_catalogue_levels_with_the_low_level_marked(draft):
    question = draft.questions.get()
    assert [o["code"] for o in question.options] == ["high", "normal", "low"]
    assert [o["low"] for o in question.options] == [False, False, True]
    assert AuditEvent.objects.filter(action="campaign.created", object_id=str(draft.pk)).exists()


def test_a_confidence_vote_has_two_answers(ballot_catalogue, unit_admin, commune):
    campaign = services.campaign_create(unit_id=commune.pk, title="Bỏ phiếu tín nhiệm", period="2025",
                                        kind=CampaignKind.CONFIDENCE_VOTE, acting_user=unit_admin)
    options = campaign.questions.get().options
    assert [(o["code"], o["low"]) for o in options] == [("confidence", False), ("no_confidence", True)]


def test_candidates_keep_a_snapshot_of_name_and_post(draft, cadres):
    candidate = Candidate.objects.get(campaign=draft, person=cadres[0])
    assert candidate.full_name == "Nguyễn Văn Bảo"
    assert candidate.post_title.startswith("Bí thư")
    Post.objects.filter(person=cadres[0]).update(title="Chuyên viên")
    cadres[0].full_name = "Nguyễn Văn Bảo Mới"
    cadres[0].save()
    candidate.refresh_from_db()
    assert (candidate.full_name, candidate.post_title.split(",")[0]) == ("Nguyễn Văn Bảo", "Bí thư")


def test_the_same_person_cannot_be_listed_twice(draft, unit_admin, cadres):
    with pytest.raises(ServiceError, match="already on this ballot"):
        services.candidate_add(campaign_id=draft.pk, person_id=cadres[0].pk, acting_user=unit_admin)
    assert draft.candidates.count() == 3


def test_a_campaign_cannot_be_edited_once_open(opened, unit_admin, cadres, sibling_person):
    for attempt in (
        lambda: services.campaign_update(campaign_id=opened.pk, title="Khác", acting_user=unit_admin),
        lambda: services.question_add(campaign_id=opened.pk, text="Thêm?", kind="choice", acting_user=unit_admin),
        lambda: services.candidate_remove(candidate_id=opened.candidates.first().pk, acting_user=unit_admin),
    ):
        with pytest.raises(ServiceError) as error:
            attempt()
        assert error.value.code == "campaign_frozen"
    opened.refresh_from_db()
    assert opened.title == "Lấy phiếu tín nhiệm 2025"
    assert opened.candidates.count() == 3 and opened.questions.count() == 1


def test_opening_freezes_the_catalogue_rules(opened):
    assert opened.status == CampaignStatus.OPEN
    assert opened.rules["quorum"] == "2/3"
    assert [t["code"] for t in opened.rules["thresholds"]] == ["party.low_over_half", "party.low_two_thirds"]
    assert len(opened.rules["invalid_reasons"]) == 4
    event = AuditEvent.objects.get(action="campaign.opened")
    assert event.after["candidates"] == 3


def test_an_empty_ballot_cannot_open(ballot_catalogue, unit_admin, commune):
    campaign = services.campaign_create(unit_id=commune.pk, title="Trống", period="2025",
                                        kind=CampaignKind.CONFIDENCE_BALLOT, acting_user=unit_admin)
    with pytest.raises(ServiceError, match="at least one person"):
        services.campaign_open(campaign_id=campaign.pk, acting_user=unit_admin)


def test_questions_of_several_kinds_and_removal_renumbers(draft, unit_admin):
    yes_no = services.question_add(campaign_id=draft.pk, text="Gương mẫu nơi cư trú?", kind="choice",
                                   acting_user=unit_admin)
    services.question_add(campaign_id=draft.pk, text="Góp ý", kind="text", acting_user=unit_admin, required=True)
    services.question_add(campaign_id=draft.pk, text="Tác phong", kind="choice", options=["Tốt", "Khá", "Chưa tốt"],
                          acting_user=unit_admin)
    assert [q.position for q in draft.questions.order_by("position")] == [1, 2, 3, 4]
    assert not Question.objects.get(campaign=draft, text="Góp ý").required
    services.question_remove(question_id=yes_no.pk, acting_user=unit_admin)
    remaining = list(draft.questions.order_by("position").values_list("position", "text"))
    assert [position for position, _text in remaining] == [1, 2, 3]
    assert [text for _position, text in remaining[1:]] == ["Góp ý", "Tác phong"]


def test_outsider_gets_404_and_member_403_changing_nothing(draft, outsider, member):
    with pytest.raises(NotFound):
        services.campaign_open(campaign_id=draft.pk, acting_user=outsider)
    with pytest.raises(NotFound):
        services.campaign_open(campaign_id=draft.pk, acting_user=member)
    with pytest.raises(NotFound):
        selectors.campaign_get(outsider, draft.pk)
    draft.refresh_from_db()
    assert draft.status == CampaignStatus.DRAFT


def test_a_leader_sees_but_cannot_manage(draft, commune):
    from neuguong.accounts.permissions import Role
    from neuguong.orgs.tests.factories import UserFactory, grant

    leader = UserFactory(username="leader")
    grant(leader, Role.LEADER, commune)
    assert selectors.campaign_get(leader, draft.pk) == draft
    with pytest.raises(PermissionDeniedError):
        services.campaign_open(campaign_id=draft.pk, acting_user=leader)


def test_tellers_see_only_their_campaigns(tellers, opened, draft, unit_admin, commune):
    other = services.campaign_create(unit_id=commune.pk, title="Khác", period="2025",
                                     kind=CampaignKind.CONFIDENCE_BALLOT, acting_user=unit_admin)
    visible = list(selectors.campaigns_visible_to(tellers[0]))
    assert visible == [opened]
    with pytest.raises(NotFound):
        selectors.campaign_get(tellers[0], other.pk)


def test_the_electorate_must_make_sense(opened, unit_admin):
    with pytest.raises(ServiceError, match="More people present"):
        services.campaign_set_electorate(campaign_id=opened.pk, summoned=10, present=11, acting_user=unit_admin)
    opened.refresh_from_db()
    assert opened.summoned is None


def test_cancelling_needs_a_reason(opened, unit_admin):
    with pytest.raises(ServiceError):
        services.campaign_cancel(campaign_id=opened.pk, reason=" ", acting_user=unit_admin)
    services.campaign_cancel(campaign_id=opened.pk, reason="Tổ chức lại", acting_user=unit_admin)
    opened.refresh_from_db()
    assert opened.status == CampaignStatus.CANCELLED


# --- Codes -------------------------------------------------------------------------------------


def test_codes_are_stored_only_as_their_sha256(issued):
    campaign, raw = issued
    assert len(raw) == 10 and len(set(raw)) == 10
    stored = set(BallotCode.objects.filter(campaign=campaign).values_list("digest", flat=True))
    assert stored == {codes.digest(code) for code in raw}
    event = AuditEvent.objects.get(action="code_batch.issued")
    assert not any(code in str(event.after) + event.note + event.object_repr for code in raw)


def test_revoking_a_batch_spares_spent_codes(issued, unit_admin):
    campaign, raw = issued
    cast(campaign, raw[0])
    batch = campaign.code_batches.get()
    assert services.codes_revoke(campaign_id=campaign.pk, batch_id=batch.pk, acting_user=unit_admin) == 9
    assert BallotCode.objects.filter(campaign=campaign, spent=True, revoked=False).count() == 1


def test_revoking_listed_codes(issued, unit_admin):
    campaign, raw = issued
    typed = [codes.grouped(raw[1]).lower(), raw[2]]
    assert services.codes_revoke(campaign_id=campaign.pk, typed_codes=typed, acting_user=unit_admin) == 2
    with pytest.raises(ServiceError) as error:
        cast(campaign, raw[1])
    assert error.value.code == "code_revoked"


# --- Casting -----------------------------------------------------------------------------------


def test_a_ballot_is_stored_with_its_receipt_and_the_code_is_spent(issued):
    campaign, raw = issued
    result = cast(campaign, codes.grouped(raw[0]).lower(), level="low")
    assert BallotCode.objects.get(digest=codes.digest(raw[0])).spent
    ballot = Ballot.objects.get(campaign=campaign)
    assert ballot.answers == "222"
    assert Receipt.objects.filter(campaign=campaign, number=result.receipt).exists()


def test_a_spent_code_is_refused_and_nothing_more_is_written(issued):
    campaign, raw = issued
    cast(campaign, raw[0])
    with pytest.raises(ServiceError) as error:
        cast(campaign, raw[0], level="low")
    assert error.value.code == "code_spent"
    assert Ballot.objects.filter(campaign=campaign).count() == 1 == Receipt.objects.filter(campaign=campaign).count()


@pytest.mark.parametrize("typed, expected", [
    ("", "code_missing"),
    ("ABC", "code_mistyped"),
    (None, "code_mistyped"),  # one character changed: the check character catches it
    ("VALID-UNKNOWN", "code_unknown"),
])
def test_bad_codes_get_a_clear_message_and_change_nothing(issued, typed, expected):
    campaign, raw = issued
    if typed is None:
        typed = ("1" if raw[0][0] != "1" else "2") + raw[0][1:]
    elif typed == "VALID-UNKNOWN":
        typed = codes.new_code()
    before = _codes_state(campaign)
    with pytest.raises(ServiceError) as error:
        cast(campaign, typed)
    assert error.value.code == expected
    assert _codes_state(campaign) == before and not Ballot.objects.exists()


def test_an_expired_code_is_refused(issued, unit_admin):
    campaign, raw = issued
    services.campaign_close(campaign_id=campaign.pk, acting_user=unit_admin)
    with pytest.raises(ServiceError) as error:
        cast(campaign, raw[0])
    assert error.value.code == "code_expired"
    assert not Ballot.objects.exists()


def test_a_code_past_the_closing_time_is_refused(issued):
    campaign, raw = issued
    type(campaign).objects.filter(pk=campaign.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(ServiceError) as error:
        cast(campaign, raw[0])
    assert error.value.code == "code_expired"


def test_a_missing_answer_or_two_answers_are_refused(issued):
    campaign, raw = issued
    choices = same_level(campaign)
    del choices["2.1"]
    choices["3.1"] = ["high", "low"]
    with pytest.raises(ServiceError) as error:
        services.ballot_cast(campaign=campaign.public_id, typed_code=raw[0], choices=choices, comments={},
                             client="198.51.100.1")
    assert set(error.value.field_errors) == {"2.1", "3.1"}
    assert not BallotCode.objects.filter(spent=True).exists() and not Ballot.objects.exists()


def test_an_answer_not_on_the_ballot_is_refused(issued):
    campaign, raw = issued
    with pytest.raises(ServiceError):
        cast(campaign, raw[0], level="excellent")
    assert not Ballot.objects.exists()


def test_comments_are_kept_with_the_ballot_only(draft, unit_admin):
    services.question_add(campaign_id=draft.pk, text="Góp ý", kind="text", acting_user=unit_admin)
    services.campaign_open(campaign_id=draft.pk, acting_user=unit_admin)
    _batch, raw = services.code_batch_issue(campaign_id=draft.pk, size=2, acting_user=unit_admin)
    choices = same_level(draft)
    with pytest.raises(ServiceError):
        services.ballot_cast(campaign=draft.public_id, typed_code=raw[0], choices=choices,
                             comments={"1.9": "Lạc chỗ"}, client="x")
    services.ballot_cast(campaign=draft.public_id, typed_code=raw[0], choices=choices,
                         comments={"2.2": "Cần gần dân hơn", "1.2": " "}, client="x")
    assert Ballot.objects.get().comments == {"2.2": "Cần gần dân hơn"}


def test_wrong_codes_from_one_address_are_blocked_until_the_window_ends(issued, monkeypatch):
    campaign, raw = issued
    clock = [1_800_000_000.0]
    monkeypatch.setattr(core_throttle, "_now", lambda: clock[0])
    for _attempt in range(throttle.WRONG_CODES.limit):
        with pytest.raises(ServiceError, match="not valid"):
            cast(campaign, codes.new_code(), client="192.0.2.9")
    with pytest.raises(ThrottledError) as error:
        cast(campaign, raw[0], client="192.0.2.9")
    assert error.value.code == "code_throttled" and 0 < error.value.retry_after <= throttle.WRONG_CODES.window
    assert not BallotCode.objects.filter(digest=codes.digest(raw[0]), spent=True).exists()
    cast(campaign, raw[1], client="192.0.2.10")  # another address is not blocked
    clock[0] += error.value.retry_after
    cast(campaign, raw[0], client="192.0.2.9")  # the window has ended


def test_a_mistyped_or_spent_code_is_not_counted_as_a_guess(issued):
    campaign, raw = issued
    cast(campaign, raw[0], client="192.0.2.9")
    mistyped = raw[1][:-1] + ("A" if raw[1][-1] != "A" else "B")
    for _attempt in range(throttle.WRONG_CODES.limit + 1):
        with pytest.raises(ServiceError, match="already been used"):
            cast(campaign, raw[0], client="192.0.2.9")
        with pytest.raises(ServiceError) as error:
            services.ballot_for_code(typed_code=mistyped, client="192.0.2.9")
        assert error.value.code == "code_mistyped"
    cast(campaign, raw[1], client="192.0.2.9")


def test_casting_records_no_audit_event_by_default(issued):
    campaign, raw = issued
    cast(campaign, raw[0])
    assert not AuditEvent.objects.filter(action="ballot.cast").exists()


def test_casting_can_record_an_audit_event_without_detail(issued, settings):
    settings.BALLOTS_AUDIT_EACH_CAST = True
    campaign, raw = issued
    result = cast(campaign, raw[0])
    event = AuditEvent.objects.get(action="ballot.cast")
    assert event.object_id == str(campaign.pk) and event.actor_id is None
    assert event.before is None and event.after is None and event.note == ""
    assert result.receipt not in event.object_repr and raw[0] not in event.object_repr


# --- Paper -------------------------------------------------------------------------------------


def test_two_agreeing_entries_count_the_box(opened, tellers):
    box = opened.boxes.get()
    services.paper_entry_submit(box_id=box.pk, sheet=tally_sheet(opened), acting_user=tellers[0])
    assert not BoxResult.objects.exists()
    services.paper_entry_submit(box_id=box.pk, sheet=tally_sheet(opened), acting_user=tellers[1])
    result = BoxResult.objects.get(box=box)
    assert result.source == "agreed" and result.data["counts"][0][0] == [5, 2, 1]


def test_a_mismatch_is_shown_side_by_side_and_resolved(opened, tellers, unit_admin):
    box = opened.boxes.get()
    first = services.paper_entry_submit(box_id=box.pk, sheet=tally_sheet(opened), acting_user=tellers[0])
    services.paper_entry_submit(box_id=box.pk, sheet=tally_sheet(opened, level_counts=(4, 3, 1)),
                                acting_user=tellers[1])
    assert not BoxResult.objects.exists()
    entries = selectors.entries_of(box)
    differences = services.compare_sheets(opened, entries[0].data, entries[1].data)
    assert {(d.first, d.second) for d in differences} == {(5, 4), (2, 3)}
    assert len(differences) == 6
    assert "Nguyễn Văn Bảo" in differences[0].label
    with pytest.raises(ServiceError, match="Record how"):
        services.box_resolve(box_id=box.pk, entry_id=first.pk, note="", acting_user=unit_admin)
    with pytest.raises(PermissionDeniedError):
        services.box_resolve(box_id=box.pk, entry_id=first.pk, note="Đếm lại", acting_user=tellers[0])
    services.box_resolve(box_id=box.pk, entry_id=first.pk, note="Đếm lại hòm phiếu", acting_user=unit_admin)
    assert BoxResult.objects.get(box=box).data == first.data


def test_a_teller_corrects_an_entry_until_both_agree(opened, tellers):
    box = opened.boxes.get()
    services.paper_entry_submit(box_id=box.pk, sheet=tally_sheet(opened), acting_user=tellers[0])
    services.paper_entry_submit(box_id=box.pk, sheet=tally_sheet(opened, level_counts=(4, 3, 1)),
                                acting_user=tellers[1])
    entry = services.paper_entry_submit(box_id=box.pk, sheet=tally_sheet(opened), acting_user=tellers[1])
    assert entry.revision == 2 and BoxResult.objects.get(box=box).source == "agreed"
    with pytest.raises(ServiceError, match="already been counted"):
        services.paper_entry_submit(box_id=box.pk, sheet=tally_sheet(opened), acting_user=tellers[0])


@pytest.mark.parametrize("change, field", [
    ({"returned": 11}, "returned"),
    ({"valid": 7}, "valid"),
    ({"invalid_reasons": {}}, "invalid_reasons"),
    ({"counts": {"1.1.1": 9}}, "counts.1.1"),
    ({"issued": "mười"}, "issued"),
])
def test_a_sheet_that_does_not_add_up_is_refused(opened, tellers, change, field):
    sheet = {**tally_sheet(opened), **change}
    with pytest.raises(ServiceError) as error:
        services.paper_entry_submit(box_id=opened.boxes.get().pk, sheet=sheet, acting_user=tellers[0])
    assert field in error.value.field_errors
    assert not PaperEntry.objects.exists()


def test_only_assigned_tellers_enter_and_at_most_two(opened, tellers, unit_admin, commune):
    from neuguong.accounts.permissions import Role
    from neuguong.orgs.tests.factories import PersonFactory, UserFactory, grant

    box = opened.boxes.get()
    with pytest.raises(PermissionDeniedError):
        services.paper_entry_submit(box_id=box.pk, sheet=tally_sheet(opened), acting_user=unit_admin)
    third = UserFactory(username="teller_three", person=PersonFactory(unit=commune))
    grant(third, Role.TELLER, commune)
    with pytest.raises(NotFound):
        services.paper_entry_submit(box_id=box.pk, sheet=tally_sheet(opened), acting_user=third)
    services.teller_assign(campaign_id=opened.pk, user_id=third.pk, acting_user=unit_admin)
    services.paper_entry_submit(box_id=box.pk, sheet=tally_sheet(opened), acting_user=tellers[0])
    services.paper_entry_submit(box_id=box.pk, sheet=tally_sheet(opened, level_counts=(1, 1, 1)),
                                acting_user=tellers[1])
    with pytest.raises(ServiceError, match="Two tellers"):
        services.paper_entry_submit(box_id=box.pk, sheet=tally_sheet(opened), acting_user=third)


def test_a_teller_role_is_needed_to_be_assigned(opened, unit_admin, member):
    with pytest.raises(ServiceError):
        services.teller_assign(campaign_id=opened.pk, user_id=member.pk, acting_user=unit_admin)


def test_ballot_by_ballot_entry(opened, unit_admin, tellers):
    box = services.box_create(campaign_id=opened.pk, name="Hòm 2", mode=BoxMode.PER_BALLOT, acting_user=unit_admin)
    sheet = {"issued": 5, "returned": 4, "valid": 3, "invalid": 1, "invalid_reasons": {"names_added": 1},
             "lines": "123\n1 1 0\n333\n"}
    for teller in tellers:
        services.paper_entry_submit(box_id=box.pk, sheet=sheet, acting_user=teller)
    data = BoxResult.objects.get(box=box).data
    assert data["lines"] == ["012", "00-", "222"]
    assert data["counts"][2][0] == [0, 0, 2] and data["counts"][0][0] == [2, 0, 1]
    with pytest.raises(ServiceError) as error:
        services.read_sheet(opened, box, {**sheet, "lines": "12\n111\n114"})
    assert "lines" in error.value.field_errors


# --- Counting ----------------------------------------------------------------------------------


def _ready_to_count(campaign, raw, tellers, unit_admin, *, online_low=2, summoned=20, present=15):
    for index, code in enumerate(raw[:4]):
        cast(campaign, code, level="low" if index < online_low else "high")
    box = campaign.boxes.get()
    for teller in tellers:
        services.paper_entry_submit(box_id=box.pk, sheet=tally_sheet(campaign), acting_user=teller)
    services.campaign_set_electorate(campaign_id=campaign.pk, summoned=summoned, present=present,
                                     acting_user=unit_admin)
    services.campaign_close(campaign_id=campaign.pk, acting_user=unit_admin)


def test_counting_waits_until_everything_adds_up(issued, tellers, unit_admin):
    campaign, raw = issued
    cast(campaign, raw[0])
    services.campaign_close(campaign_id=campaign.pk, acting_user=unit_admin)
    with pytest.raises(ServiceError) as error:
        services.campaign_count(campaign_id=campaign.pk, acting_user=unit_admin)
    assert error.value.code == "transition_not_allowed"
    assert "Hòm phiếu số 1" in str(error.value.message) and "summoned" in str(error.value.message)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED and not CandidateResult.objects.exists()


def test_the_count_combines_paper_and_online_over_ballots_returned(issued, tellers, unit_admin):
    campaign, raw = issued
    _ready_to_count(campaign, raw, tellers, unit_admin)
    services.campaign_count(campaign_id=campaign.pk, acting_user=unit_admin)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.COUNTED
    assert campaign.totals["returned"] == 13 and campaign.totals["quorum_met"] is True
    assert campaign.totals["total"] == {"issued": 20, "returned": 13, "valid": 12, "invalid": 1}
    result = CandidateResult.objects.get(candidate__position=1)
    assert result.counts == {"1": {"high": 7, "normal": 2, "low": 3}}
    assert result.channels == {"online": {"1": {"high": 2, "normal": 0, "low": 2}},
                               "paper": {"1": {"high": 5, "normal": 2, "low": 1}}}
    assert result.shares["1"]["low"] == "23.08"
    assert result.period == "2025" and result.person_id == result.candidate.person_id
    assert result.threshold == ""
    assert AuditEvent.objects.filter(action="campaign.counted").exists()


def test_thresholds_and_quorum_are_flagged(issued, tellers, unit_admin):
    campaign, raw = issued
    box = campaign.boxes.get()
    for teller in tellers:
        services.paper_entry_submit(box_id=box.pk, acting_user=teller,
                                    sheet=tally_sheet(campaign, issued=6, returned=6, invalid=0,
                                                      level_counts=(1, 1, 4)))
    services.campaign_set_electorate(campaign_id=campaign.pk, summoned=9, present=6, acting_user=unit_admin)
    services.campaign_close(campaign_id=campaign.pk, acting_user=unit_admin)
    services.campaign_count(campaign_id=campaign.pk, acting_user=unit_admin)
    results = list(selectors.results_of(campaign))
    assert {r.threshold for r in results} == {"party.low_two_thirds"}  # 4 of 6 is exactly two thirds
    assert all(r.quorum_met for r in results)


def test_publication_opens_the_receipts_list(issued, tellers, unit_admin):
    campaign, raw = issued
    _ready_to_count(campaign, raw, tellers, unit_admin)
    with pytest.raises(NotFound):
        selectors.published_campaign(campaign.public_id)
    services.campaign_count(campaign_id=campaign.pk, acting_user=unit_admin)
    services.campaign_publish(campaign_id=campaign.pk, acting_user=unit_admin)
    assert len(selectors.receipts_of(selectors.published_campaign(campaign.public_id))) == 4
