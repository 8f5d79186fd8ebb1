"""Reference data and the working-day calendar."""

from django.utils.translation import gettext_lazy as _

from neuguong.audit.registry import register_actions
from neuguong.core.codes import register_errors, register_module

register_module("catalogues", _("Catalogues"))
register_actions("catalogues", {
    "catalogue.loaded": _("Catalogue loaded"),
    "catalogue.entry_updated": _("Catalogue entry updated"),
    "calendar.override_set": _("Working-day exception set"),
    "calendar.override_removed": _("Working-day exception removed"),
})
register_errors("catalogues", {
    "conflict": _("Changed at the same time"),
})
