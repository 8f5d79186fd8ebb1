from django.utils.translation import gettext_lazy as _

from neuguong.core.modules import ModuleEntry, NavEntry, register_module

register_module(ModuleEntry(
    app_label="audit", label=_("Audit trail"), order=40,
    nav=[NavEntry(_("Audit trail"), "audit:events", ("audit.view",), order=40)],
))
