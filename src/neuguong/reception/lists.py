"""The lists of this app that a worker can rebuild for a long download (``web.lists.ListSource``)."""

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from neuguong.orgs import selectors as org_selectors
from neuguong.web.lists import ListSource, Sort, register_list, working_unit_filter

from . import exports, selectors
from .forms import PetitionFilterForm


def petition_filter(user: Any, query: QueryDict, working: Any) -> PetitionFilterForm:
    return working_unit_filter(PetitionFilterForm, query, working, units=org_selectors.units_for(user))


def _petitions(user: Any, query: QueryDict, working: Any) -> tuple[PetitionFilterForm, Any]:
    form = petition_filter(user, query, working)
    return form, selectors.petitions_for(user, **form.selector_args())


PETITIONS = register_list(ListSource(
    name="petition", permission="reception.view", export=exports.PETITIONS, build=_petitions,
    sorts=(Sort("received", _("Newest first"), ("-received_on", "-pk")),
           Sort("oldest", _("Oldest first"), ("received_on", "pk"))),
))
