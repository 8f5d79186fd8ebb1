"""The lists of this app that a worker can rebuild for a long download (``web.lists.ListSource``)."""

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from neuguong.orgs import selectors as org_selectors
from neuguong.web.lists import ListSource, Sort, register_list, working_unit_filter

from . import exports, selectors
from .forms import (
    EventFilterForm,
    LibraryFilterForm,
    MeetingFilterForm,
    NotPledgedFilterForm,
    PlanFilterForm,
    PledgeFilterForm,
    RegistrationFilterForm,
)


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


def registration_filter(user: Any, query: QueryDict, working: Any) -> RegistrationFilterForm:
    return working_unit_filter(RegistrationFilterForm, query, working, units=org_selectors.units_for(user))


def _registrations(user: Any, query: QueryDict, working: Any) -> tuple[RegistrationFilterForm, Any]:
    form = registration_filter(user, query, working)
    return form, selectors.registrations_visible_to(user, **form.selector_args())


REGISTRATIONS = register_list(ListSource(
    name="study_registration", permission="study.view", export=exports.REGISTRATIONS, build=_registrations,
    sorts=(Sort("unit", _("By cell"), ("-year", "cell__path", "person__sort_key", "pk")),
           Sort("newest", _("Newest first"), ("-created_at", "-pk"))),
))


def _pledges(user: Any, query: QueryDict, working: Any) -> tuple[PledgeFilterForm, Any]:
    form = working_unit_filter(PledgeFilterForm, query, working, units=org_selectors.units_for(user))
    return form, selectors.pledges_visible_to(user, **form.selector_args())


PLEDGES = register_list(ListSource(
    name="study_pledge", permission="study.view", export=exports.PLEDGES, build=_pledges,
    sorts=(Sort("unit", _("By unit"), ("-year", "unit__path", "person__sort_key", "pk")),
           Sort("newest", _("Newest first"), ("-created_at", "-pk"))),
))


def _not_pledged(user: Any, query: QueryDict, working: Any) -> tuple[NotPledgedFilterForm, Any]:
    form = working_unit_filter(NotPledgedFilterForm, query, working, units=org_selectors.units_for(user))
    return form, selectors.holders_without_pledge(user, **form.selector_args())


NOT_PLEDGED = register_list(ListSource(
    name="study_not_pledged", permission="study.view", export=exports.NOT_PLEDGED, build=_not_pledged,
    sorts=(Sort("unit", _("By unit"), ("unit__path", "person__sort_key", "pk")),),
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
def meeting_filter(user: Any, query: QueryDict, working: Any) -> MeetingFilterForm:
    return working_unit_filter(MeetingFilterForm, query, working, units=org_selectors.units_for(user))


def _meetings(user: Any, query: QueryDict, working: Any) -> tuple[MeetingFilterForm, Any]:
    form = meeting_filter(user, query, working)
    return form, selectors.meetings_visible_to(user, **form.selector_args())


MEETINGS = register_list(ListSource(
    name="study_meeting", permission="study.view", export=exports.MEETINGS, build=_meetings,
    sorts=(Sort("newest", _("Newest first"), ("-starts_at", "pk")),
           Sort("cell", _("By party cell"), ("cell__path", "-starts_at", "pk"))),
))
