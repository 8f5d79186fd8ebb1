"""Reminders by background task: queued when a deadline is set, written once per officer and
day, never for a closed petition; the daily sweep queues everything due."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from neuguong.core.actors import SYSTEM
from neuguong.reception import selectors, services, tasks
from neuguong.reception.models import ReceptionSession, Reminder, ReminderTopic

from .conftest import days_ago, receive


def test_receiving_a_petition_queues_its_reminder_in_the_same_transaction(officer, commune):
    with transaction.atomic():
        petition = receive(officer, commune)[0]
        # The task row is written by the petition's own transaction, not after its commit.
        queued = DBTaskResult.objects.get(task_path="neuguong.reception.tasks.remind_petition")
    assert queued.args_kwargs["kwargs"] == {"petition_id": petition.pk}
    assert queued.run_after is not None


def test_a_rolled_back_petition_leaves_no_reminder_task(officer, commune):
    with pytest.raises(RuntimeError), transaction.atomic():
        receive(officer, commune)
        raise RuntimeError("the request failed after the petition was written")
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_committed_petition_keeps_exactly_one_reminder_task(officer, commune):
    receive(officer, commune)
    assert DBTaskResult.objects.filter(task_path="neuguong.reception.tasks.remind_petition").count() == 1


def test_a_reminder_is_written_once_for_the_officer_when_due_soon(officer, commune):
    petition = receive(officer, commune, received_on=days_ago(9))[0]  # 10 calendar days to accept
    assert tasks.remind_petition.call(petition_id=petition.pk) is True
    assert tasks.remind_petition.call(petition_id=petition.pk) is False
    reminder = Reminder.objects.get()
    assert (reminder.recipient, reminder.topic, reminder.object_id) == (officer, ReminderTopic.PETITION_DUE,
                                                                        petition.pk)
    assert list(selectors.reminders_for(officer)) == [reminder]
    services.reminder_mark_read(reminder_id=reminder.pk, acting_user=officer)
    assert not selectors.reminders_for(officer).exists()


def test_an_overdue_petition_reminds_its_assigned_officer(officer, colleague, commune):
    petition = receive(officer, commune, received_on=days_ago(30))[0]
    services.petition_assign(petition_id=petition.pk, officer_id=colleague.pk, acting_user=officer)
    tasks.remind_petition.call(petition_id=petition.pk)
    assert Reminder.objects.get().recipient == colleague
    assert Reminder.objects.get().topic == ReminderTopic.PETITION_OVERDUE


def test_no_reminder_far_from_the_deadline_or_once_closed(officer, commune):
    far = receive(officer, commune, received_on=days_ago(0))[0]
    assert tasks.remind_petition.call(petition_id=far.pk) is False
    closed = receive(officer, commune, received_on=days_ago(30))[0]
    services.petition_decide(petition_id=closed.pk, outcome="file", filing_reason="duplicate", acting_user=officer)
    assert tasks.remind_petition.call(petition_id=closed.pk) is False
    assert not Reminder.objects.exists()


def test_someone_else_cannot_read_my_reminders(officer, colleague, commune):
    from neuguong.accounts.scoping import NotFound

    petition = receive(officer, commune, received_on=days_ago(30))[0]
    tasks.remind_petition.call(petition_id=petition.pk)
    with pytest.raises(NotFound):
        services.reminder_mark_read(reminder_id=Reminder.objects.get().pk, acting_user=colleague)


def test_session_and_commitment_reminders(officer, commune):
    tomorrow = services.session_create(unit_id=commune.pk, title="Tiếp dân", held_on=days_ago(-1),
                                       acting_user=officer)
    dialogue = services.dialogue_create(unit_id=commune.pk, topic="Đối thoại", held_on=days_ago(3), leaders="Bí thư",
                                        issues="Nước sạch", acting_user=officer)
    commitment = services.commitment_add(dialogue_id=dialogue.pk, text="Lắp đường ống", owner_name="UBND xã",
                                         due_on=days_ago(-2), acting_user=officer)
    assert tasks.remind_session.call(session_id=tomorrow.pk) is True
    assert tasks.remind_commitment.call(commitment_id=commitment.pk) is True
    assert set(Reminder.objects.values_list("topic", flat=True)) == {ReminderTopic.SESSION, ReminderTopic.COMMITMENT}


def test_the_daily_command_queues_sessions_and_reminders(officer, commune):
    services.schedule_create(unit_id=commune.pk, title="Định kỳ", day_of_month=15, acting_user=officer)
    receive(officer, commune, received_on=days_ago(30))
    receive(officer, commune, received_on=days_ago(0))
    DBTaskResult.objects.all().delete()  # count only what the command queues, not what receiving queued
    out = io.StringIO()
    call_command("reception_daily", stdout=out)
    assert "1 schedules, 1 petition" in out.getvalue()
    paths = list(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths.count("neuguong.reception.tasks.generate_sessions") == 1
    assert paths.count("neuguong.reception.tasks.remind_petition") == 1


def test_generating_sessions_by_task(officer, commune):
    schedule = services.schedule_create(unit_id=commune.pk, title="Định kỳ", day_of_month=15, acting_user=officer)
    assert tasks.generate_sessions.call(schedule_id=schedule.pk, months=2) in (1, 2)
    assert schedule.sessions.count() in (1, 2)
    assert all(s.held_on >= dt.date.today() - dt.timedelta(days=1) for s in schedule.sessions.all())


def test_a_session_scheduled_by_the_daily_task_reminds_whoever_made_the_schedule(officer, commune):
    schedule = services.schedule_create(unit_id=commune.pk, title="Định kỳ", day_of_month=15, acting_user=officer)
    session = services.session_create(unit_id=commune.pk, title="Định kỳ", held_on=days_ago(-1), acting_user=SYSTEM)
    ReceptionSession.objects.filter(pk=session.pk).update(schedule=schedule, occurrence=days_ago(-1))
    assert session.created_by is None
    assert tasks.remind_session.call(session_id=session.pk) is True
    assert Reminder.objects.get().recipient == officer


def test_long_standing_days_come_from_the_catalogue_setting(officer, commune):
    from neuguong.catalogues.models import CatalogueSetting

    petition = receive(officer, commune, received_on=days_ago(30))[0]  # due 10 days after receipt
    assert petition not in selectors.petitions_for(officer, flag="long_standing")
    # The catalogue data seeds this setting (30 days): change it rather than create it.
    CatalogueSetting.objects.update_or_create(code="reception.long_standing_days",
                                              defaults={"value": 10, "description": "x"})
    assert petition in selectors.petitions_for(officer, flag="long_standing")
