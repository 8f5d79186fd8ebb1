"""Review periods: created as a draft with the newest template versions, opened (which creates the
review of every member and every party organisation of the subtree, as a background job with its
progress) and closed::

    draft --open--> open --close--> closed

A member is reviewed in each cell where their membership is current; their subject group follows
the posts they hold on the period's first day (a managed post: leader or manager; none: without a
post). Every party organisation of the subtree has its collective review.
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neuguong.accounts.scoping import access
from neuguong.audit import services as audit
from neuguong.core.actors import SYSTEM
from neuguong.core.errors import ServiceError
from neuguong.core.lifecycle import Lifecycle, Transition
from neuguong.jobs import services as jobs
from neuguong.orgs.models import PARTY_KINDS, ManagementLevel, Membership, MembershipStatus, Post, Unit, UnitStatus

from .. import rules
from ..apps import OPEN_PERIOD_JOB
from ..models import DECIDED, Period, PeriodKind, PeriodStatus, Review, SubjectGroup, Template
from . import counts
from .common import MANAGE, VIEW, actor_of, clean_text
from .templates import latest_templates

BATCH = 500


@transaction.atomic
def period_create(*, unit_id: int, kind: str, year: int, title: str, opens_on: dt.date, closes_on: dt.date,
                  acting_user: Any, appeal_days: int | None = None) -> Period:
    """A draft period for the subtree of ``unit_id``, pinned to the newest template versions."""
    unit = access(Unit.objects.all(), acting_user, unit_id, view="units.view", action=MANAGE)
    errors: dict[str, list[str]] = {}
    if unit.status != UnitStatus.ACTIVE:
        errors["unit_id"] = [_("This unit has ended: it takes no new period.")]
    if kind not in PeriodKind.values:
        errors["kind"] = [_("Choose a kind of period from the list.")]
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = [_("Enter a year between 2000 and 2100.")]
    title = clean_text(title, 200)
    if not title:
        errors["title"] = [_("Enter the title of the period.")]
    elif Period.objects.filter(unit=unit, title=title).exists():
        errors["title"] = [_("This unit already has a period with this title.")]
    if not isinstance(opens_on, dt.date) or not isinstance(closes_on, dt.date):
        errors["opens_on"] = [_("Enter the open and close dates.")]
    elif closes_on < opens_on:
        errors["closes_on"] = [_("The period cannot close before it opens.")]
    days = rules.appeal_days() if appeal_days is None else appeal_days
    if not isinstance(days, int) or not 1 <= days <= 365:
        errors["appeal_days"] = [_("Enter between 1 and 365 days to appeal.")]
    templates = latest_templates()
    if not templates:
        errors["kind"] = [_("No review template is loaded: run manage.py load_evaluation_templates.")]
    if errors:
        raise ServiceError("invalid", next(iter(errors.values()))[0], field_errors=errors)
    period = Period.objects.create(unit=unit, kind=kind, year=year, title=title, opens_on=opens_on,
                                   closes_on=closes_on, appeal_days=days, created_by=actor_of(acting_user))
    period.templates.set(templates)
    audit.record(acting_user, "evaluation_period.created", period,
                 after={"kind": kind, "year": year, "opens_on": opens_on, "closes_on": closes_on,
                        "templates": [f"{t.code} v{t.version}" for t in templates]})
    return period


def _start_creating(period: Period, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    if getattr(user, "pk", None):
        job = jobs.job_start(kind=OPEN_PERIOD_JOB, acting_user=user, unit=period.unit,
                             params={"period_id": period.pk}, subject=f"evaluation.period:{period.pk}")
        period.job = job
        return {"job": job.pk}
    return {}


def _opened(period: Period, user: Any, data: dict[str, Any]) -> str | None:
    return _("The period is already closed.") if period.status == PeriodStatus.CLOSED else None


PERIOD = Lifecycle(Period, "status", view=VIEW, related=("unit",), transitions=[
    Transition("open", gettext_lazy("Open the period"), frozenset({PeriodStatus.DRAFT}), PeriodStatus.OPEN, MANAGE,
               "evaluation_period.opened", apply=_start_creating),
    Transition("close", gettext_lazy("Close the period"), frozenset({PeriodStatus.OPEN}), PeriodStatus.CLOSED,
               MANAGE, "evaluation_period.closed", guard=_opened),
])


def period_open(*, period_id: int, acting_user: Any) -> Period:
    """Open the period; its reviews are created by a background job (``Period.job`` shows its progress).
    Opened by the system (the demo), the reviews are created at once."""
    period = PERIOD.transition(period_id, "open", acting_user=acting_user)
    if period.job_id is None:
        reviews_create(period_id=period.pk)
    return period


@transaction.atomic
def period_create_and_open(*, unit_id: int, kind: str, year: int, title: str, opens_on: dt.date,
                           closes_on: dt.date, acting_user: Any, appeal_days: int | None = None) -> Period:
    """Create the period and open it at once (the page's "open it now"): the two steps in one
    transaction, each audited as when taken one after the other; nothing is written when either is
    refused."""
    period = period_create(unit_id=unit_id, kind=kind, year=year, title=title, opens_on=opens_on,
                           closes_on=closes_on, appeal_days=appeal_days, acting_user=acting_user)
    return period_open(period_id=period.pk, acting_user=acting_user)


def period_close(*, period_id: int, acting_user: Any) -> Period:
    return PERIOD.transition(period_id, "close", acting_user=acting_user)


# --- Creating the reviews ---------------------------------------------------------------------


def _group_of_person(person_id: int, managing: set[int]) -> str:
    return SubjectGroup.LEADER_MANAGER if person_id in managing else SubjectGroup.INDIVIDUAL_WITHOUT_POST


def _earlier_shortcomings(period: Period) -> dict[tuple[int | None, int], str]:
    """The shortcomings of each subject's latest decided review of an earlier period in the subtree, by
    (person id or None for a collective, unit id): carried into the new review as remedies to report on."""
    rows = (Review.objects.filter(status__in=DECIDED, period__closes_on__lt=period.opens_on,
                                  unit__path__startswith=period.unit.path).exclude(shortcomings="")
            .order_by("period__closes_on", "pk").values_list("person_id", "unit_id", "shortcomings"))
    return {(person_id, unit_id): text for person_id, unit_id, text in rows}


def _planned(period: Period) -> Iterator[Review]:
    templates = {t.subject_group: t for t in Template.objects.filter(pk__in=period.templates.values("pk"))}
    earlier = _earlier_shortcomings(period)
    day = period.opens_on
    units = Unit.objects.filter(path__startswith=period.unit.path, kind__in=PARTY_KINDS, status=UnitStatus.ACTIVE)
    for unit in units.select_related("parent").order_by("path"):
        parent = unit.parent.path if unit.parent is not None else unit.path
        yield Review(period=period, unit=unit, person=None, subject_group=SubjectGroup.COLLECTIVE,
                     template=templates[SubjectGroup.COLLECTIVE], group_key=f"collective:{parent}",
                     earlier_shortcomings=earlier.get((None, unit.pk), ""))
    memberships = (Membership.objects.filter(cell__path__startswith=period.unit.path, joined_on__lte=period.closes_on)
                   .exclude(status=MembershipStatus.ENDED).select_related("cell").order_by("cell__path", "person_id"))
    managing = set(Post.objects.filter(started_on__lte=day).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
                   .exclude(management_level=ManagementLevel.NONE).values_list("person_id", flat=True))
    for membership in memberships.iterator(chunk_size=BATCH):
        group = _group_of_person(membership.person_id, managing)
        yield Review(period=period, unit=membership.cell, person_id=membership.person_id, subject_group=group,
                     template=templates[group], group_key=f"{group}:{membership.cell.path}",
                     earlier_shortcomings=earlier.get((membership.person_id, membership.cell_id), ""))
    # A cadre holding several posts is reviewed in each place (HD 43-HD/BTCTW): also in each party
    # organisation of the subtree where they hold a post on the opening day; a post in their own cell
    # adds nothing (one review per person and place, the table's constraint).
    group = SubjectGroup.LEADER_MANAGER
    for person_id, unit_id, unit_path in _posts_held(period).iterator(chunk_size=BATCH):
        yield Review(period=period, unit_id=unit_id, person_id=person_id, subject_group=group,
                     template=templates[group], group_key=f"{group}:{unit_path}",
                     earlier_shortcomings=earlier.get((person_id, unit_id), ""))


def _posts_held(period: Period) -> Any:
    """(person, unit, unit path) of each post held on the period's opening day in an active party
    organisation of the subtree, other than the person's own cells, once per person and unit."""
    day = period.opens_on
    own_cell = Membership.objects.filter(person_id=OuterRef("person_id"), cell_id=OuterRef("unit_id")).exclude(
        status=MembershipStatus.ENDED)
    return (Post.objects.filter(unit__path__startswith=period.unit.path, unit__kind__in=PARTY_KINDS,
                                unit__status=UnitStatus.ACTIVE, started_on__lte=day)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day)).exclude(Exists(own_cell))
            .values_list("person_id", "unit_id", "unit__path").distinct().order_by("unit__path", "person_id"))


def planned_count(period: Period) -> int:
    units = Unit.objects.filter(path__startswith=period.unit.path, kind__in=PARTY_KINDS, status=UnitStatus.ACTIVE)
    memberships = (Membership.objects.filter(cell__path__startswith=period.unit.path, joined_on__lte=period.closes_on)
                   .exclude(status=MembershipStatus.ENDED))
    return units.count() + memberships.count() + _posts_held(period).count()


def reviews_create(*, period_id: int, progress: Any = None) -> int:
    """Create the reviews the open period covers, in batches (a review already there is kept);
    returns how many were created. Run again, it creates only the missing ones."""
    period = Period.objects.select_related("unit").get(pk=period_id)
    if period.status != PeriodStatus.OPEN:
        raise ServiceError("period_not_open", _("The review period is not open."))
    if progress is not None:
        progress.start(planned_count(period))
    before = Review.objects.filter(period=period).count()
    batch: list[Review] = []
    for review in _planned(period):
        batch.append(review)
        if len(batch) >= BATCH:
            _store(batch, progress)
            batch = []
    _store(batch, progress)
    created = Review.objects.filter(period=period).count() - before
    with transaction.atomic():
        counts.period_recount(period)
        audit.record(SYSTEM, "evaluation_period.reviews_created", period, after={"created": created})
    return created


def _store(batch: list[Review], progress: Any) -> None:
    if not batch:
        return
    with transaction.atomic():
        Review.objects.bulk_create(batch, ignore_conflicts=True)
    if progress is not None:
        progress.advance(len(batch))


def run_open_period(job: Any, progress: Any) -> None:
    """The job that opening a period starts: the period's reviews, with the progress bar."""
    reviews_create(period_id=job.params["period_id"], progress=progress)

