"""Background work of the reception: reminders and the generation of scheduled sessions. Tasks
take ids and call services; the database queue runs them (``manage.py db_worker``)."""

from django_tasks import task

from neuguong.core.actors import SYSTEM

from .services import reminders


@task()
def remind_petition(petition_id: int) -> bool:
    return reminders.petition_remind(petition_id=petition_id) is not None


@task()
def remind_session(session_id: int) -> bool:
    return reminders.session_remind(session_id=session_id) is not None


@task()
def remind_commitment(commitment_id: int) -> bool:
    return reminders.commitment_remind(commitment_id=commitment_id) is not None


@task()
def generate_sessions(schedule_id: int, months: int = 3) -> int:
    from .services.sessions import schedule_generate

    return len(schedule_generate(schedule_id=schedule_id, months=months, acting_user=SYSTEM))
