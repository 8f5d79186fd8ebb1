from typing import Any

from django.utils.translation import gettext_lazy as _

from neuguong.core.actors import SYSTEM
from neuguong.core.modules import DemoStep, ModuleEntry, NavEntry, register_module

from . import services


def load_for_demo(_rng: Any, _context: dict[str, Any]) -> None:
    """The demo's reception and ballots read the catalogues: load them when ``load_catalogues`` has not."""
    services.catalogues_load(acting_user=SYSTEM)


register_module(ModuleEntry(
    app_label="catalogues", label=_("Catalogues"), order=50,
    nav=[NavEntry(_("Catalogues"), "catalogues:index", ("catalogues.view",), order=50)],
    demo=DemoStep(name="catalogues", run=load_for_demo),
))
