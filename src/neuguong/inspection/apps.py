from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How each model of the app reaches the materialized path of its unit (see accounts.scoping).
SCOPES = {
    "inspection.violation": "unit__path",
    "inspection.disciplinedecision": "unit__path",
    "inspection.appeal": "decision__unit__path",
    "inspection.case": "unit__path",
    "inspection.programme": "unit__path",
    "inspection.recommendation": "case__unit__path",
    "inspection.casedocument": "case__unit__path",
    "inspection.explanation": "case__unit__path",
}


class InspectionConfig(AppConfig):
    name = "neuguong.inspection"
    verbose_name = _("Inspection and discipline")

    def ready(self) -> None:
        from neuguong.accounts.scoping import register_scope

        for label, lookup in SCOPES.items():
            register_scope(label, lookup)
