from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared kernel: helpers every app uses, and the tables that belong to no domain."""

    name = "neuguong.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Every app's audit action and error codes (see neuguong.core.codes).
        autodiscover_modules("codebook")
