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
