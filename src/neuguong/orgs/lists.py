"""The lists of this app that a worker can rebuild for a long download (``web.lists.ListSource``)."""

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from neuguong.web.lists import ListSource, Sort, register_list

from . import exports, selectors
from .forms import PeopleFilterForm


def people_filter(user: Any, query: QueryDict, working: Any) -> PeopleFilterForm:
    """The filters from the query string; the unit defaults to the working unit."""
    data = query.copy()
    if "unit" not in data and working is not None:
        data["unit"] = str(working.pk)
    form = PeopleFilterForm(data, units=selectors.units_for(user))
    form.is_valid()  # fills cleaned_data; a filter with an invalid value is simply not applied
    return form


def _people(user: Any, query: QueryDict, working: Any) -> tuple[PeopleFilterForm, Any]:
    form = people_filter(user, query, working)
    return form, selectors.people_for(user, **form.selector_args())


PEOPLE = register_list(ListSource(
    name="people", permission="people.view", export=exports.PEOPLE, build=_people,
    sorts=(Sort("name", _("Name"), ("sort_key", "id")), Sort("newest", _("Newest first"), ("-id",))),
))
