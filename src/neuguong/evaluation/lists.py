"""The lists of this app that a worker can rebuild for a long download (``web.lists.ListSource``):
the periods, one period's reviews (the period read from the query string), the member's own reviews
and the collective reviews a secretary has to hold."""

from typing import Any

from django.db.models import F
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from neuguong.orgs import selectors as org_selectors
from neuguong.web.lists import ListSource, Sort, register_list, working_unit_filter

from . import exports, selectors
from .forms import OwnReviewFilterForm, PeriodFilterForm, ReviewFilterForm, SummaryReviewFilterForm, ToHoldFilterForm

PERIOD_PARAM = "period"


def _periods(user: Any, query: QueryDict, working: Any) -> tuple[PeriodFilterForm, Any]:
    form = working_unit_filter(PeriodFilterForm, query, working, units=org_selectors.units_for(user))
    return form, selectors.periods_visible_to(user, **form.selector_args())


PERIODS = register_list(ListSource(
    name="evaluation_period", permission="evaluation.view", export=exports.PERIODS, build=_periods,
    sorts=(Sort("newest", _("Newest first"), ("-year", "-opens_on", "pk")),
           Sort("closing", _("By closing day"), ("closes_on", "pk")),
           Sort("unit", _("By unit"), ("unit__path", "-year", "pk"))),
))


def _reviews(user: Any, query: QueryDict, working: Any) -> tuple[ReviewFilterForm, Any]:
    """The reviews of the period ``?period=`` the user reads (else 404), filtered; the unit offered
    are those of the period's subtree (the working unit is not a default here: the whole period is)."""
    period = selectors.period_get(user, query.get(PERIOD_PARAM))
    form = ReviewFilterForm(query, units=org_selectors.units_for(user, under=period.unit), near=period.unit)
    form.is_valid()
    return form, selectors.reviews_of_period(user, period, **form.selector_args())


# By name: the Vietnamese order of ``Person.sort_key`` (given name, then family name, tones in order);
# collectives, without a person, after the people.
REVIEWS = register_list(ListSource(
    name="evaluation_review", permission="evaluation.view", export=exports.REVIEWS, build=_reviews,
    sorts=(Sort("unit", _("By unit"), ("unit__path", "person__sort_key", "pk")),
           Sort("name", _("By name"), (F("person__sort_key").asc(nulls_last=True), "unit__path", "pk")),  # type: ignore[arg-type]
           Sort("points", _("Most points first"), (F("total_points").desc(nulls_last=True),  # type: ignore[arg-type]
                                                    "person__sort_key", "pk"))),
))


def _summary_reviews(user: Any, query: QueryDict, working: Any) -> tuple[SummaryReviewFilterForm, Any]:
    """The unit summary's drill-down: the reviews of the period ``?period=`` (else 404) in the subtree of
    ``?unit=`` (the period's unit by default; outside the period 404), by level and subject."""
    form = SummaryReviewFilterForm(query)
    form.is_valid()
    return form, selectors.summary_reviews(user, query.get(PERIOD_PARAM), **form.selector_args())


SUMMARY_REVIEWS = register_list(ListSource(
    name="evaluation_summary_review", permission="evaluation.view", export=exports.REVIEWS, build=_summary_reviews,
    sorts=REVIEWS.sorts,
))


def _own(user: Any, query: QueryDict, working: Any) -> tuple[OwnReviewFilterForm, Any]:
    form = OwnReviewFilterForm(query)
    form.is_valid()
    return form, selectors.own_reviews(user, **form.selector_args())


OWN = register_list(ListSource(
    name="evaluation_own", permission="self.view", export=exports.OWN, build=_own,
    sorts=(Sort("newest", _("Newest first"), ("-period__year", "-period__opens_on", "pk")),
           Sort("closing", _("By closing day"), ("period__closes_on", "pk"))),
))


def _to_hold(user: Any, query: QueryDict, working: Any) -> tuple[ToHoldFilterForm, Any]:
    form = ToHoldFilterForm(query, units=org_selectors.units_for(user))
    form.is_valid()
    return form, selectors.collective_reviews_waiting(user, **form.selector_args())


TO_HOLD = register_list(ListSource(
    name="evaluation_to_hold", permission="evaluation.review", export=exports.TO_HOLD, build=_to_hold,
    sorts=(Sort("closing", _("By closing day"), ("period__closes_on", "unit__path", "person__sort_key", "pk")),
           Sort("name", _("By name"), (F("person__sort_key").asc(nulls_last=True), "unit__path", "pk"))),  # type: ignore[arg-type]
))
