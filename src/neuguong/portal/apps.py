from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How each model of the app reaches the materialized path of its unit (see accounts.scoping).
SCOPES = {
    "portal.article": "unit__path",
    "portal.articlerevision": "article__unit__path",
    "portal.feedback": "article__unit__path",
}


class PortalConfig(AppConfig):
    name = "neuguong.portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from neuguong.accounts.scoping import register_scope

        for label, lookup in SCOPES.items():
            register_scope(label, lookup)
