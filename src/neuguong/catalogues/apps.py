from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CataloguesConfig(AppConfig):
    name = "neuguong.catalogues"
    verbose_name = _("Catalogues")
