from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared kernel: helpers every app uses, and the tables that belong to no domain."""

    name = "neuguong.core"
    label = "core"
    verbose_name = _("Core")
