"""Dialogues between leaders and the people: commitments with an owner and a due date, followed
up until done on the shared lifecycle engine; pages and the API offer only the steps the caller
can take now."""

import json

import pytest

from neuguong.audit.models import AuditEvent
from neuguong.core.errors import ServiceError
from neuguong.core.lifecycle import TransitionRefused, allowed_names, history_of
from neuguong.core.models import StateChange
from neuguong.reception import selectors, services
from neuguong.reception.models import Commitment, CommitmentStatus

from .conftest import client_for, days_ago


@pytest.fixture
def dialogue(officer, commune):
    return services.dialogue_create(
        unit_id=commune.pk, topic="Giải phóng mặt bằng đường tỉnh 549", held_on=days_ago(20),
        leaders="Bí thư Đảng ủy xã; Chủ tịch UBND xã", issues="Giá bồi thường; tái định cư", participant_count=85,
        acting_user=officer)


@pytest.fixture
def commitment(officer, dialogue):
    return services.commitment_add(dialogue_id=dialogue.pk, text="Rà soát lại đơn giá bồi thường",
                                   owner_name="Phó Chủ tịch UBND xã", due_on=days_ago(5), acting_user=officer)


@pytest.fixture
def done(officer, commitment):
    return services.commitment_complete(commitment_id=commitment.pk, done_on=days_ago(1), acting_user=officer)


def state_of(commitment):
    return Commitment.objects.filter(pk=commitment.pk).values().get()


def test_a_dialogue_needs_its_topic_leaders_and_issues(officer, commune):
    with pytest.raises(ServiceError) as error:
        services.dialogue_create(unit_id=commune.pk, topic="", held_on=days_ago(1), leaders="", issues="",
                                 acting_user=officer)
    assert {"topic", "leaders", "issues"} <= set(error.value.field_errors)


def test_a_commitment_is_followed_until_done(officer, commitment):
    assert commitment in selectors.commitments_overdue(officer)
    assert allowed_names(commitment, officer) == ["progress", "complete", "cancel"]
    services.commitment_progress(commitment_id=commitment.pk, note="Đã làm việc với Hội đồng bồi thường",
                                 acting_user=officer)
    done = services.commitment_complete(commitment_id=commitment.pk, done_on=days_ago(1), acting_user=officer)
    assert done.status == CommitmentStatus.DONE and done.done_on == days_ago(1)
    assert commitment not in selectors.commitments_overdue(officer)
    steps = [(c.transition, c.from_state, c.to_state, c.actor, c.data) for c in history_of(done)]
    assert steps == [
        ("progress", "open", "in_progress", officer, {"note": "Đã làm việc với Hội đồng bồi thường"}),
        ("complete", "in_progress", "done", officer, {"done_on": days_ago(1).isoformat(), "note": ""}),
    ]
    assert list(AuditEvent.objects.filter(action__startswith="commitment.").order_by("seq")
                .values_list("action", flat=True)) == ["commitment.created", "commitment.updated",
                                                       "commitment.completed"]
    assert allowed_names(done, officer) == []


def test_a_cancelled_commitment_keeps_its_reason(officer, commitment):
    cancelled = services.commitment_cancel(commitment_id=commitment.pk, reason="Dự án dừng triển khai",
                                           acting_user=officer)
    assert cancelled.status == CommitmentStatus.CANCELLED and cancelled.done_on is None
    assert history_of(cancelled).get().data == {"reason": "Dự án dừng triển khai"}
    event = AuditEvent.objects.get(action="commitment.cancelled")
    assert event.note == "Dự án dừng triển khai"


def test_a_step_on_a_done_commitment_is_refused_and_writes_nothing(officer, done):
    before = (state_of(done), StateChange.objects.count(), AuditEvent.objects.count())
    with pytest.raises(TransitionRefused) as error:
        services.commitment_cancel(commitment_id=done.pk, reason="Nhầm", acting_user=officer)
    assert error.value.code == "transition_not_allowed"
    assert "Done" in str(error.value.message)
    assert (state_of(done), StateChange.objects.count(), AuditEvent.objects.count()) == before


def test_a_done_date_before_the_dialogue_is_refused_and_writes_nothing(officer, commitment):
    before = (state_of(commitment), StateChange.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ServiceError) as error:
        services.commitment_complete(commitment_id=commitment.pk, done_on=days_ago(30), acting_user=officer)
    assert "done_on" in error.value.field_errors
    assert (state_of(commitment), StateChange.objects.count(), AuditEvent.objects.count()) == before


def test_a_commitment_due_before_the_dialogue_is_refused(officer, dialogue):
    with pytest.raises(ServiceError) as error:
        services.commitment_add(dialogue_id=dialogue.pk, text="x", owner_name="y", due_on=days_ago(30),
                                acting_user=officer)
    assert "due_on" in error.value.field_errors
    assert not Commitment.objects.exists()


def test_progress_without_a_note_is_refused(officer, commitment):
    with pytest.raises(ServiceError) as error:
        services.commitment_progress(commitment_id=commitment.pk, note="  ", acting_user=officer)
    assert "note" in error.value.field_errors
    assert state_of(commitment)["status"] == CommitmentStatus.OPEN and not history_of(commitment).exists()


def test_a_leader_who_only_reads_can_take_no_step(leader, commitment):
    assert allowed_names(commitment, leader) == []
    with pytest.raises(ServiceError) as error:
        services.commitment_progress(commitment_id=commitment.pk, note="x", acting_user=leader)
    assert error.value.code == "permission_denied"
    assert state_of(commitment)["status"] == CommitmentStatus.OPEN and not history_of(commitment).exists()


# --- The dialogue page -----------------------------------------------------------------------


def buttons(response, commitment) -> list[str]:
    """The follow-up steps the dialogue page offers on the commitment's row."""
    row = response.content.decode().split(f'data-testid="commitment-{commitment.pk}"', 1)[1].split("</tr>", 1)[0]
    return [part.split('"', 1)[0] for part in row.split('data-action="')[1:]]


def test_the_dialogue_page_offers_the_handler_the_steps_allowed_now(officer_client, commitment, officer):
    url = f"/reception/dialogues/{commitment.dialogue_id}/"
    assert buttons(officer_client.get(url), commitment) == ["progress", "complete", "cancel"]
    services.commitment_progress(commitment_id=commitment.pk, note="Đã họp Hội đồng", acting_user=officer)
    page = officer_client.get(url)
    assert buttons(page, commitment) == ["progress", "complete", "cancel"]
    assert "Đã họp Hội đồng" in page.content.decode()
    services.commitment_complete(commitment_id=commitment.pk, acting_user=officer)
    assert buttons(officer_client.get(url), commitment) == []


def test_the_dialogue_page_offers_a_reading_leader_no_step(leader_client, commitment):
    response = leader_client.get(f"/reception/dialogues/{commitment.dialogue_id}/")
    assert response.status_code == 200 and "Rà soát lại đơn giá bồi thường" in response.content.decode()
    assert buttons(response, commitment) == []
    for step in ("progress", "complete", "cancel"):
        assert leader_client.post(f"/reception/commitments/{commitment.pk}/{step}/",
                                  {"note": "x", "reason": "x"}).status_code == 403
    assert state_of(commitment)["status"] == CommitmentStatus.OPEN and not history_of(commitment).exists()


def test_the_dialogue_and_its_steps_are_404_for_the_other_commune(outsider_officer_client, commitment):
    before = (state_of(commitment), StateChange.objects.count(), AuditEvent.objects.count())
    assert outsider_officer_client.get(f"/reception/dialogues/{commitment.dialogue_id}/").status_code == 404
    for step in ("progress", "complete", "cancel"):
        url = f"/reception/commitments/{commitment.pk}/{step}/"
        assert outsider_officer_client.get(url).status_code == 404
        assert outsider_officer_client.post(url, {"note": "x", "reason": "x"}).status_code == 404
    assert (state_of(commitment), StateChange.objects.count(), AuditEvent.objects.count()) == before


def test_the_handler_follows_a_commitment_through_its_pages(officer_client, commitment):
    response = officer_client.post(f"/reception/commitments/{commitment.pk}/progress/", {"note": ""})
    assert response.status_code == 422 and not history_of(commitment).exists()
    response = officer_client.post(f"/reception/commitments/{commitment.pk}/progress/", {"note": "Đã khảo sát"})
    assert response.status_code == 302 and response["Location"] == f"/reception/dialogues/{commitment.dialogue_id}/"
    response = officer_client.post(f"/reception/commitments/{commitment.pk}/cancel/", {"reason": "Dự án dừng"})
    assert response.status_code == 302
    assert [c.transition for c in history_of(commitment)] == ["progress", "cancel"]
    response = officer_client.post(f"/reception/commitments/{commitment.pk}/complete/", {})
    assert response.status_code == 422 and "is not possible" in response.content.decode()
    assert state_of(commitment)["status"] == CommitmentStatus.CANCELLED and history_of(commitment).count() == 2


def test_the_page_of_a_step_no_longer_open_says_why_instead_of_offering_a_form(officer_client, done):
    response = officer_client.get(f"/reception/commitments/{done.pk}/progress/", follow=True)
    assert response.redirect_chain == [(f"/reception/dialogues/{done.dialogue_id}/", 302)]
    assert "is not possible while the status is “Done”" in response.content.decode()
    assert [c.transition for c in history_of(done)] == ["complete"]


def test_a_commitment_marked_done_without_a_date_is_done_today(officer_client, commitment):
    response = officer_client.post(f"/reception/commitments/{commitment.pk}/complete/", {})
    assert response.status_code == 302
    assert (state_of(commitment)["status"], state_of(commitment)["done_on"]) == (CommitmentStatus.DONE, days_ago(0))


# --- The API ---------------------------------------------------------------------------------


def post(client, url: str, body: dict):
    return client.post(f"/api/v1{url}", json.dumps(body), content_type="application/json")


def test_the_api_answers_each_caller_the_steps_they_can_take(officer, leader, commitment):
    officer_api, leader_api = client_for(officer), client_for(leader)
    url = f"/api/v1/dialogues/{commitment.dialogue_id}"
    assert officer_api.get(url).json()["commitments"][0]["allowed_actions"] == ["progress", "complete", "cancel"]
    assert leader_api.get(url).json()["commitments"][0]["allowed_actions"] == []
    stepped = post(officer_api, f"/dialogue-commitments/{commitment.pk}/progress", {"note": "Đã khảo sát"})
    assert stepped.status_code == 200
    assert stepped.json()["status"] == "in_progress"
    assert stepped.json()["allowed_actions"] == ["progress", "complete", "cancel"]
    done = post(officer_api, f"/dialogue-commitments/{commitment.pk}/complete", {})
    assert done.json()["status"] == "done" and done.json()["allowed_actions"] == []
    (listed,) = officer_api.get(url).json()["commitments"]
    assert [(f["step"], f["from_status"], f["status"], f["note"], f["actor"]) for f in listed["history"]] == [
        ("progress", "open", "in_progress", "Đã khảo sát", "officer_a"),
        ("complete", "in_progress", "done", "", "officer_a")]


def test_the_api_refuses_a_step_the_state_does_not_allow_with_409_and_writes_nothing(officer, done):
    before = (state_of(done), StateChange.objects.count(), AuditEvent.objects.count())
    response = post(client_for(officer), f"/dialogue-commitments/{done.pk}/cancel", {"reason": "Nhầm"})
    assert response.status_code == 409 and response.json()["code"] == "transition_not_allowed"
    assert (state_of(done), StateChange.objects.count(), AuditEvent.objects.count()) == before


def test_the_dialogue_detail_reads_the_follow_ups_in_one_query(officer, dialogue, django_assert_max_num_queries):
    for number in range(3):
        commitment = services.commitment_add(dialogue_id=dialogue.pk, text=f"Việc {number}", owner_name="UBND xã",
                                             due_on=days_ago(-5), acting_user=officer)
        services.commitment_progress(commitment_id=commitment.pk, note="Đang làm", acting_user=officer)
    client = client_for(officer)
    client.get(f"/reception/dialogues/{dialogue.pk}/")  # the session, the user and their grants are cached
    with django_assert_max_num_queries(12) as few:
        client.get(f"/reception/dialogues/{dialogue.pk}/")
    commitment = services.commitment_add(dialogue_id=dialogue.pk, text="Việc thêm", owner_name="UBND xã",
                                         due_on=days_ago(-5), acting_user=officer)
    services.commitment_progress(commitment_id=commitment.pk, note="Đang làm", acting_user=officer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/reception/dialogues/{dialogue.pk}/")
