from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How each model of the app reaches the materialized path of its unit (see accounts.scoping).
SCOPES = {
    "study.theme": "unit__path",
    "study.themedocument": "theme__unit__path",
    "study.plan": "unit__path",
    "study.planitem": "plan__unit__path",
    "study.progressreport": "item__plan__unit__path",
    "study.registration": "cell__path",
    "study.registrationitem": "registration__cell__path",
    "study.quarterreport": "registration__cell__path",
    "study.pledge": "unit__path",
    "study.pledgeitem": "pledge__unit__path",
    "study.pledgefollowup": "pledge__unit__path",
    "study.librarydocument": "unit__path",
    "study.documentversion": "document__unit__path",
    "study.documentlink": "target_path",
    "study.studyevent": "unit__path",
    "study.eventdocument": "event__unit__path",
    "study.meeting": "cell__path",
    "study.meetingdocument": "meeting__cell__path",
    "study.attendance": "meeting__cell__path",
    "study.meetingmanifestation": "meeting__cell__path",
}


class StudyConfig(AppConfig):
    name = "neuguong.study"
    verbose_name = _("Study and following")

    def ready(self) -> None:
        from neuguong.accounts.scoping import register_scope

        for label, lookup in SCOPES.items():
            register_scope(label, lookup)
