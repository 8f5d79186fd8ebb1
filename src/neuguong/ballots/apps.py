from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SCOPES = {
    "ballots.campaign": "unit__path",
    "ballots.candidate": "campaign__unit__path",
    "ballots.question": "campaign__unit__path",
    "ballots.tellerassignment": "campaign__unit__path",
    "ballots.codebatch": "campaign__unit__path",
    "ballots.ballotbox": "campaign__unit__path",
    "ballots.paperentry": "box__campaign__unit__path",
    "ballots.boxresult": "box__campaign__unit__path",
    "ballots.candidateresult": "campaign__unit__path",
}


class BallotsConfig(AppConfig):
    name = "neuguong.ballots"
    verbose_name = _("Ballots")

    def ready(self) -> None:
        from neuguong.accounts.scoping import register_scope

        for label, lookup in SCOPES.items():
            register_scope(label, lookup)
        self._register_jobs()

    @staticmethod
    def _register_jobs() -> None:
        import datetime as dt

        from neuguong.jobs.registry import register_job

        from .services import codes

        # Slips hold codes: their files are kept one day at most (and destroyed when the campaign opens).
        register_job(codes.ISSUE_JOB, _("Issuing one-time codes and their slips"), codes.run_issue,
                     keep=dt.timedelta(days=1))
        register_job(codes.SLIPS_JOB, _("Printing the slips of a batch again"), codes.run_reprint,
                     keep=dt.timedelta(days=1))
