"""Background work of the reception: reminders and the generation of scheduled sessions. Tasks
take ids and call services; the database queue runs them (``manage.py db_worker``). Services
import this module to enqueue in their own transaction, so a task reaches its service only
inside its body: the import never runs in a circle."""

from django_tasks import task

from neuguong.core.actors import SYSTEM


@task()
def remind_petition(petition_id: int) -> bool:
    from .services import reminders

    return reminders.petition_remind(petition_id=petition_id) is not None


@task()
def remind_session(session_id: int) -> bool:
    from .services import reminders

    return reminders.session_remind(session_id=session_id) is not None


@task()
def remind_commitment(commitment_id: int) -> bool:
    from .services import reminders

    return reminders.commitment_remind(commitment_id=commitment_id) is not None


@task()
def generate_sessions(schedule_id: int, months: int = 3) -> int:
    from .services.sessions import schedule_generate

    return len(schedule_generate(schedule_id=schedule_id, months=months, acting_user=SYSTEM))
