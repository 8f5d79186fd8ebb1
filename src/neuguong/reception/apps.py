from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How each model of the app reaches the materialized path of its unit (see accounts.scoping).
SCOPES = {
    "reception.sessionschedule": "unit__path",
    "reception.receptionsession": "unit__path",
    "reception.visit": "session__unit__path",
    "reception.petition": "unit__path",
    "reception.petitionlink": "petition__unit__path",
    "reception.attachment": "petition__unit__path",
    "reception.dialogue": "unit__path",
    "reception.commitment": "dialogue__unit__path",
    "reception.reminder": "unit__path",
}


class ReceptionConfig(AppConfig):
    name = "neuguong.reception"
    verbose_name = _("Citizen reception and petitions")

    def ready(self) -> None:
        from neuguong.accounts.scoping import register_scope
        from neuguong.web.choosers import register_source, units_source

        from .selectors import routing_units

        for label, lookup in SCOPES.items():
            register_scope(label, lookup)
        register_source("routing_units", units_source(routing_units))
