"""The one task of the jobs app: run a job by its id (``manage.py db_worker``). The service that
queues it imports this module, so the task reaches the services only inside its body."""

from django_tasks import task


@task()
def run_job(job_id: int) -> None:
    from . import services

    services.job_run(job_id=job_id)
