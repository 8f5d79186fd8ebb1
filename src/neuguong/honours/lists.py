"""The lists of this app that a worker can rebuild for a long download (``web.lists.ListSource``)."""

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from neuguong.orgs import selectors as org_selectors
from neuguong.web.lists import ListSource, Sort, register_list, working_unit_filter

from . import exports, selectors
from .forms import RoundFilterForm


def _rounds(user: Any, query: QueryDict, working: Any) -> tuple[RoundFilterForm, Any]:
    form = working_unit_filter(RoundFilterForm, query, working, units=org_selectors.units_for(user))
    return form, selectors.rounds_for(user, **form.selector_args())


ROUNDS = register_list(ListSource(
    name="honours_round", permission="honours.view", export=exports.ROUNDS, build=_rounds,
    sorts=(Sort("newest", _("Latest first"), ("-year", "-pk")),
           Sort("closing", _("By closing day"), ("closes_on", "pk"))),
))
