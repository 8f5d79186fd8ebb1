from django.utils.translation import gettext_lazy as _

from neuguong.core.modules import ModuleEntry, NavEntry, register_module

register_module(ModuleEntry(
    app_label="catalogues", label=_("Catalogues"), order=50,
    nav=[NavEntry(_("Catalogues"), "catalogues:index", ("catalogues.view",), order=50)],
))
