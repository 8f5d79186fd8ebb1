from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "neuguong.web"
    verbose_name = _("Web shell")

    def ready(self) -> None:
        # Every app's modules.py registers its navigation, work items, figures and demo step.
        autodiscover_modules("modules")
        # Every app's lists.py declares the lists a worker can rebuild for a long download.
        autodiscover_modules("lists")
        self._register_jobs()

    @staticmethod
    def _register_jobs() -> None:
        from neuguong.jobs.registry import register_job

        from .list_exports import run_list_export
        from .lists import LIST_EXPORT_JOB

        register_job(LIST_EXPORT_JOB, _("Preparing a list download"), run_list_export)
