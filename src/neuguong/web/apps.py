from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "neuguong.web"
    verbose_name = _("Web shell")

    def ready(self) -> None:
        # Every app's modules.py registers its navigation, work items, figures and demo step.
        autodiscover_modules("modules")
