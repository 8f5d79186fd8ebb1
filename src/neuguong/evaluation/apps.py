from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How each model of the app reaches the materialized path of its unit (see accounts.scoping).
SCOPES = {
    "evaluation.period": "unit__path",
    "evaluation.review": "unit__path",
    "evaluation.suggestion": "review__unit__path",
    "evaluation.score": "review__unit__path",
    "evaluation.task": "review__unit__path",
    "evaluation.manifestationcheck": "review__unit__path",
    "evaluation.residentcomment": "review__unit__path",
}

OPEN_PERIOD_JOB = "evaluation.open_period"


class EvaluationConfig(AppConfig):
    name = "neuguong.evaluation"
    verbose_name = _("Evaluation and the yearly review")

    def ready(self) -> None:
        from neuguong.accounts.scoping import register_scope
        from neuguong.jobs.registry import register_job

        from .services.periods import run_open_period

        for label, lookup in SCOPES.items():
            register_scope(label, lookup)
        register_job(OPEN_PERIOD_JOB, _("Creating the reviews of a period"), run_open_period)
