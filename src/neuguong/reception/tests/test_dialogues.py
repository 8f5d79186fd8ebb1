"""Dialogues between leaders and the people: commitments with an owner and a due date, followed
up until done."""

import pytest

from neuguong.audit.models import AuditEvent
from neuguong.core.errors import ServiceError
from neuguong.reception import selectors, services
from neuguong.reception.models import Commitment, CommitmentStatus

from .conftest import days_ago


@pytest.fixture
def dialogue(officer, commune):
    return services.dialogue_create(
        unit_id=commune.pk, topic="Giải phóng mặt bằng đường tỉnh 549", held_on=days_ago(20),
        leaders="Bí thư Đảng ủy xã; Chủ tịch UBND xã", issues="Giá bồi thường; tái định cư", participant_count=85,
        acting_user=officer)


def test_a_dialogue_needs_its_topic_leaders_and_issues(officer, commune):
    with pytest.raises(ServiceError) as error:
        services.dialogue_create(unit_id=commune.pk, topic="", held_on=days_ago(1), leaders="", issues="",
                                 acting_user=officer)
    assert {"topic", "leaders", "issues"} <= set(error.value.field_errors)


def test_a_commitment_is_followed_until_done(officer, dialogue):
    commitment = services.commitment_add(dialogue_id=dialogue.pk, text="Rà soát lại đơn giá bồi thường",
                                         owner_name="Phó Chủ tịch UBND xã", due_on=days_ago(5), acting_user=officer)
    assert commitment in selectors.commitments_overdue(officer)
    services.commitment_update(commitment_id=commitment.pk, status=CommitmentStatus.IN_PROGRESS,
                               note="Đã làm việc với Hội đồng bồi thường", acting_user=officer)
    done = services.commitment_update(commitment_id=commitment.pk, status=CommitmentStatus.DONE, note="",
                                      done_on=days_ago(1), acting_user=officer)
    assert done.status == CommitmentStatus.DONE and done.done_on == days_ago(1)
    assert commitment not in selectors.commitments_overdue(officer)
    assert list(done.updates.values_list("status", flat=True)) == ["in_progress", "done"]
    assert AuditEvent.objects.filter(action="commitment.updated").count() == 2
    with pytest.raises(ServiceError, match="cannot change any more"):
        services.commitment_update(commitment_id=commitment.pk, status=CommitmentStatus.CANCELLED, note="x",
                                   acting_user=officer)


def test_a_commitment_due_before_the_dialogue_is_refused(officer, dialogue):
    with pytest.raises(ServiceError) as error:
        services.commitment_add(dialogue_id=dialogue.pk, text="x", owner_name="y", due_on=days_ago(30),
                                acting_user=officer)
    assert "due_on" in error.value.field_errors
    assert not Commitment.objects.exists()


def test_progress_without_a_note_is_refused(officer, dialogue):
    commitment = services.commitment_add(dialogue_id=dialogue.pk, text="x", owner_name="y", due_on=days_ago(-5),
                                         acting_user=officer)
    with pytest.raises(ServiceError) as error:
        services.commitment_update(commitment_id=commitment.pk, status=CommitmentStatus.IN_PROGRESS, note="",
                                   acting_user=officer)
    assert "note" in error.value.field_errors
