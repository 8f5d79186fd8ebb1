"""The lists of this app that a worker can rebuild for a long download (``web.lists.ListSource``)."""

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from neuguong.orgs import selectors as org_selectors
from neuguong.web.lists import ListSource, Sort, register_list, working_unit_filter

from . import exports, selectors
from .forms import CaseFilterForm, DisciplineFilterForm, ProgrammeFilterForm


def discipline_filter(user: Any, query: QueryDict, working: Any) -> DisciplineFilterForm:
    return working_unit_filter(DisciplineFilterForm, query, working, units=org_selectors.units_for(user))


def _violations(user: Any, query: QueryDict, working: Any) -> tuple[DisciplineFilterForm, Any]:
    form = discipline_filter(user, query, working)
    return form, selectors.violations_visible_to(user, **form.selector_args())


DISCIPLINE = register_list(ListSource(
    name="inspection_discipline", permission="inspection.view", export=exports.DISCIPLINE, build=_violations,
    sorts=(Sort("newest", _("Latest violation first"), ("-occurred_on", "-pk")),
           Sort("body", _("By deciding body"), ("unit__path", "-occurred_on", "-pk"))),
))


def case_filter(user: Any, query: QueryDict, working: Any) -> CaseFilterForm:
    return working_unit_filter(CaseFilterForm, query, working, units=org_selectors.units_for(user))


def _cases(user: Any, query: QueryDict, working: Any) -> tuple[CaseFilterForm, Any]:
    form = case_filter(user, query, working)
    return form, selectors.cases_visible_to(user, **form.selector_args())


CASES = register_list(ListSource(
    name="inspection_case", permission="inspection.view", export=exports.CASES, build=_cases,
    sorts=(Sort("planned", _("By planned start"), ("planned_start", "pk")),
           Sort("body", _("By conducting body"), ("unit__path", "planned_start", "pk"))),
))


def _programmes(user: Any, query: QueryDict, working: Any) -> tuple[ProgrammeFilterForm, Any]:
    form = working_unit_filter(ProgrammeFilterForm, query, working, units=org_selectors.units_for(user))
    return form, selectors.programmes_visible_to(user, **form.selector_args())


PROGRAMMES = register_list(ListSource(
    name="inspection_programme", permission="inspection.view", export=exports.PROGRAMMES, build=_programmes,
    sorts=(Sort("newest", _("Latest year first"), ("-year", "unit__path", "pk")),),
))
