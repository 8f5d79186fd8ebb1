"""The lists of this app that a worker can rebuild for a long download (``web.lists.ListSource``)."""

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from neuguong.orgs import selectors as org_selectors
from neuguong.web.lists import ListSource, Sort, register_list, working_unit_filter

from . import exports, selectors
from .forms import EventFilterForm, LibraryFilterForm, PlanFilterForm


def plan_filter(user: Any, query: QueryDict, working: Any) -> PlanFilterForm:
    return working_unit_filter(PlanFilterForm, query, working, units=org_selectors.units_for(user))


def _plans(user: Any, query: QueryDict, working: Any) -> tuple[PlanFilterForm, Any]:
    form = plan_filter(user, query, working)
    return form, selectors.plans_visible_to(user, **form.selector_args())


PLANS = register_list(ListSource(
    name="study_plan", permission="study.view", export=exports.PLANS, build=_plans,
    sorts=(Sort("unit", _("By unit"), ("-year", "unit__path", "pk")),
           Sort("newest", _("Newest first"), ("-created_at", "-pk"))),
))


def _library(user: Any, query: QueryDict, working: Any) -> tuple[LibraryFilterForm, Any]:
    form = LibraryFilterForm(query, issuers=selectors.issuers_of(user))
    form.is_valid()
    return form, selectors.documents_listed(user, **form.selector_args())


LIBRARY = register_list(ListSource(
    name="study_library", permission="study.view", export=exports.LIBRARY, build=_library,
    sorts=(Sort("newest", _("Newest first"), ("-issued_on", "-pk")),
           Sort("number", _("By number"), ("number", "pk"))),
))


def _events(user: Any, query: QueryDict, working: Any) -> tuple[EventFilterForm, Any]:
    form = working_unit_filter(EventFilterForm, query, working, units=org_selectors.units_for(user))
    return form, selectors.events_visible_to(user, **form.selector_args())


EVENTS = register_list(ListSource(
    name="study_event", permission="study.view", export=exports.EVENTS, build=_events,
    sorts=(Sort("newest", _("Newest first"), ("-held_on", "-pk")),
           Sort("oldest", _("Oldest first"), ("held_on", "pk"))),
))
