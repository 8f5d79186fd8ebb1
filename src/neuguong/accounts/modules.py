from django.utils.translation import gettext_lazy as _

from neuguong.core.modules import ModuleEntry, NavEntry, register_module

register_module(ModuleEntry(
    app_label="accounts", label=_("Accounts and roles"), order=30,
    nav=[
        NavEntry(_("Accounts and roles"), "accounts:users", ("accounts.view",), order=30),
        NavEntry(_("Restricted access"), "accounts:restricted_grants", ("accounts.view_restricted",), order=31),
    ],
))
