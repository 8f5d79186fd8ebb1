"""The lists of this app that a worker can rebuild for a long download (``web.lists.ListSource``)."""

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from neuguong.web.lists import ListSource, Sort, register_list, working_unit_filter

from . import exports, selectors
from .forms import PeopleFilterForm


def people_filter(user: Any, query: QueryDict, working: Any) -> PeopleFilterForm:
    return working_unit_filter(PeopleFilterForm, query, working, units=selectors.units_for(user))


def _people(user: Any, query: QueryDict, working: Any) -> tuple[PeopleFilterForm, Any]:
    form = people_filter(user, query, working)
    return form, selectors.people_for(user, **form.selector_args())


PEOPLE = register_list(ListSource(
    name="people", permission="people.view", export=exports.PEOPLE, build=_people,
    sorts=(Sort("name", _("Name"), ("sort_key", "id")), Sort("newest", _("Newest first"), ("-id",))),
))
