from django.utils.translation import gettext_lazy as _

from neuguong.core.modules import ModuleEntry, NavEntry, register_module

register_module(ModuleEntry(
    app_label="web", label=_("Overview"), order=0,
    nav=[NavEntry(_("Overview"), "web:home", ("units.view",), order=0, exact=True)],
))
