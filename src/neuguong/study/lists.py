"""The lists of this app that a worker can rebuild for a long download (``web.lists.ListSource``)."""

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from neuguong.orgs import selectors as org_selectors
from neuguong.web.lists import ListSource, Sort, register_list, working_unit_filter

from . import exports, selectors
from .forms import MeetingFilterForm, PlanFilterForm


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
