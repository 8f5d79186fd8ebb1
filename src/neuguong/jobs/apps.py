from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "neuguong.jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        from neuguong.accounts.scoping import register_scope

        register_scope("jobs.job", "unit__path")
