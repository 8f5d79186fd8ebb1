from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How each model of the app reaches the materialized path of its unit (see accounts.scoping).
SCOPES = {
    "honours.round": "unit__path",
    "honours.nomination": "round__unit__path",
    "honours.evidence": "nomination__round__unit__path",
    "honours.award": "round__unit__path",
}


class HonoursConfig(AppConfig):
    name = "neuguong.honours"
    verbose_name = _("Emulation and commendation")

    def ready(self) -> None:
        from neuguong.accounts.scoping import register_scope

        for label, lookup in SCOPES.items():
            register_scope(label, lookup)
