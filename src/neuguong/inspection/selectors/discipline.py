"""Every read of party discipline, limited to the inspection roles' subtrees; a member reads the
decisions about themselves. Nothing here is public."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import DateField, Exists, F, Func, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from neuguong.accounts.scoping import NotFound, access, has_permission, scoped
from neuguong.core.text import search_key
from neuguong.orgs.models import Unit

from .. import rules
from ..models import DECISION_LIVE, Appeal, AppealStatus, DecisionStatus, DisciplineDecision, Violation

VIEW = "inspection.view"
AWAITING = "awaiting"  # the status filter's value for a violation without its decision yet
ORGANISATION, MEMBER = "organisation", "member"
# The course filter's values: discipline that has run its course, and discipline still in effect.
ENDED, IN_EFFECT = "ended", "in_effect"


def _decisions() -> QuerySet[DisciplineDecision]:
    return DisciplineDecision.objects.select_related("form", "changed_form")


def with_course(decisions: QuerySet[DisciplineDecision]) -> QuerySet[DisciplineDecision]:
    """Decisions with what tells whether they have run their course (``course_of``): the day their
    year counts from (the effective date, or the last appeal resolved without annulling them) and
    the first later violation of the same subject that was itself decided."""
    resolved = Appeal.objects.filter(decision=OuterRef("pk"), status__in=(AppealStatus.UPHELD, AppealStatus.CHANGED))
    decided = DisciplineDecision.objects.filter(violation=OuterRef("pk"), status__in=DECISION_LIVE)
    later = (Violation.objects.filter(Q(subject_person_id=OuterRef("violation__subject_person_id"))
                                      | Q(subject_unit_id=OuterRef("violation__subject_unit_id")),
                                      occurred_on__gt=OuterRef("course_from"))
             .exclude(pk=OuterRef("violation_id")).filter(Exists(decided)).order_by("occurred_on"))
    return decisions.annotate(
        course_from=Coalesce(Subquery(resolved.order_by("-resolved_on").values("resolved_on")[:1]),
                             F("effective_on")),
    ).annotate(next_violation_on=Subquery(later.values("occurred_on")[:1]))


class AddMonths(Func):
    """A date ``months`` later in SQL, the month's last day when it has no such day: what
    ``rules.add_months`` computes in Python (31/01 + 1 month = 28/02 or 29/02, 29/02 + 12 = 28/02)."""

    output_field = DateField()

    def __init__(self, expression: Any, months: int):
        self.months = int(months)
        super().__init__(expression)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, tuple[Any, ...]]:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql}) + make_interval(months => %s))::date", (*params, self.months)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, tuple[Any, ...]]:
        # SQLite carries an overflowing day into the next month (31/01 + 1 month = 02/03 or 03/03):
        # then the day differs and the answer is the last day of the month before.
        sql, params = compiler.compile(self.source_expressions[0])
        shift = f"+{self.months} months"
        return (f"(CASE WHEN strftime('%%d', date({sql}, %s)) = strftime('%%d', {sql}) THEN date({sql}, %s) "
                f"ELSE date(date({sql}, %s), 'start of month', '-1 day') END)",
                (*params, shift, *params, *params, shift, *params, shift))


def _ending_forms() -> Q:
    """The decisions whose form in force stops having effect after the period (not an expulsion)."""
    endless = Q()
    for suffix in rules.data()["effect_period"]["forms_without_end"]:
        endless |= Q(changed_form__isnull=True, form__code__endswith=f".{suffix}")
        endless |= Q(changed_form__code__endswith=f".{suffix}")
    return ~endless


def ran_its_course(decisions: QuerySet[DisciplineDecision],
                   today: dt.date | None = None) -> QuerySet[DisciplineDecision]:
    """The decisions (read through ``with_course``) that have run their course on ``today``, in SQL as
    ``course_of`` tells it of one decision: in force or changed, a form whose effect ends, the day
    after the last day of effect reached, and no new decided violation within the year."""
    today = today or timezone.localdate()
    return (decisions.annotate(effect_last_day=AddMonths(F("course_from"), rules.effect_months()))
            .filter(_ending_forms(), status__in=(DecisionStatus.IN_FORCE, DecisionStatus.CHANGED),
                    effect_last_day__lt=today)
            .filter(Q(next_violation_on__isnull=True) | Q(next_violation_on__gt=F("effect_last_day"))))


@dataclass(frozen=True)
class Course:
    """Where a decision stands against the period after which its effect ends."""

    last_day: dt.date | None  # None: the form's effect does not end (expulsion, dissolution)
    ended: bool  # the decision has run its course
    interrupted: bool  # a new violation within the year keeps it in effect


def course_of(decision: DisciplineDecision, today: dt.date | None = None) -> Course | None:
    """The course of a decision read through ``with_course``; None for one annulled or under appeal."""
    if decision.status not in (DecisionStatus.IN_FORCE, DecisionStatus.CHANGED):
        return None
    if not rules.effect_ends(decision.current_form):
        return Course(None, False, False)
    start = getattr(decision, "course_from", None) or decision.effective_on
    last_day = rules.effect_last_day(start)
    later = getattr(decision, "next_violation_on", None)
    interrupted = later is not None and later <= last_day
    return Course(last_day, not interrupted and (today or timezone.localdate()) > last_day, interrupted)


def violations_visible_to(user: Any, *, unit: Unit | None = None, subject: str = "", form: str = "",
                          status: str = "", year: int | None = None, q: str = "", decided_from: dt.date | None = None,
                          decided_until: dt.date | None = None, own: bool = False, course: str = "",
                          today: dt.date | None = None) -> QuerySet[Violation]:
    """Violations handled in the user's subtrees (or by ``unit`` itself, ``own``) with their decision
    (if any), newest first. ``course``: ``ENDED``, only those whose decision has run its course on
    ``today`` (by default the local date); ``IN_EFFECT``, those whose decision (in force, changed or
    under appeal) has not."""
    violations = scoped(Violation.objects.all(), user, VIEW)
    if unit is not None:
        violations = violations.filter(unit=unit) if own else violations.filter(unit__path__startswith=unit.path)
    if subject == ORGANISATION:
        violations = violations.filter(subject_unit__isnull=False)
    elif subject == MEMBER:
        violations = violations.filter(subject_person__isnull=False)
    decided = DisciplineDecision.objects.filter(violation=OuterRef("pk"))
    if status == AWAITING:
        violations = violations.filter(~Exists(decided))
    elif status:
        violations = violations.filter(Exists(decided.filter(status=status)))
    if form:
        violations = violations.filter(Exists(decided.filter(
            Q(changed_form__isnull=True, form__code=form) | Q(changed_form__code=form))))
    if year:
        violations = violations.filter(Exists(decided.filter(decided_on__year=year)))
    if decided_from or decided_until:
        window = Q(decided_on__gte=decided_from) if decided_from else Q()
        window &= Q(decided_on__lte=decided_until) if decided_until else Q()
        violations = violations.filter(Exists(decided.filter(window)))
    if course in (ENDED, IN_EFFECT):
        ended = Exists(ran_its_course(with_course(decided), today))
        violations = violations.filter(ended if course == ENDED
                                       else Exists(decided.filter(status__in=DECISION_LIVE)) & ~ended)
    if q := (q or "").strip():
        key = search_key(q)
        violations = violations.filter(Q(subject_person__search_name__contains=key)
                                       | Q(subject_unit__search_name__contains=key))
    return (violations.select_related("unit", "subject_unit", "subject_person")
            .prefetch_related(Prefetch("decisions", with_course(_decisions()))).order_by("-occurred_on", "-pk"))


def violation_get(user: Any, violation_id: Any) -> Violation:
    """One violation with its decision and the decision's appeals (404 out of scope)."""
    appeals = Appeal.objects.select_related("new_form").order_by("filed_on", "pk")
    decisions = with_course(_decisions()).prefetch_related(Prefetch("appeals", appeals))
    queryset = Violation.objects.select_related("unit", "subject_unit", "subject_person__unit").prefetch_related(
        Prefetch("decisions", decisions))
    return access(queryset, user, violation_id, view=VIEW)


def decision_of(violation: Violation) -> DisciplineDecision | None:
    """The violation's decision, from what ``violation_get`` or the list prefetched."""
    decisions = list(violation.decisions.all())
    return decisions[0] if decisions else None


def decision_get(user: Any, decision_id: Any) -> DisciplineDecision:
    return access(_decisions().select_related("unit", "violation"), user, decision_id, view=VIEW)


def appeal_get(user: Any, appeal_id: Any) -> Appeal:
    return access(Appeal.objects.select_related("decision__unit", "decision__form", "decision__changed_form",
                                                "decision__violation"), user, appeal_id, view=VIEW)


def own_decisions(user: Any) -> QuerySet[DisciplineDecision]:
    """The decisions about the member themselves (``self.view``), newest first."""
    person_id = getattr(user, "person_id", None)
    if not person_id or not has_permission(user, "self.view"):
        return DisciplineDecision.objects.none()
    appeals = Appeal.objects.order_by("filed_on", "pk")
    return (with_course(_decisions()).select_related("unit", "violation").prefetch_related(Prefetch("appeals", appeals))
            .filter(violation__subject_person_id=person_id).order_by("-decided_on", "-pk"))


def own_decision_get(user: Any, decision_id: Any) -> DisciplineDecision:
    try:
        return own_decisions(user).get(pk=decision_id)
    except (DisciplineDecision.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def discipline_effective_in(person_ids: Iterable[int], year: int) -> dict[int, list[DisciplineDecision]]:
    """For the evaluation module and the cadre profile: the decisions about each of these members that
    took effect in ``year`` and were not annulled, by person id (members without any are left out).

    Not scoped: the calling module reads it for people it has already scoped; it shows no detail."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    people = person_ids if isinstance(person_ids, QuerySet) else list(person_ids)  # a queryset: a subquery
    decisions = (_decisions().select_related("violation")
                 .filter(violation__subject_person_id__in=people, status__in=DECISION_LIVE,
                         effective_on__range=(first, last)).order_by("effective_on", "pk"))
    found: dict[int, list[DisciplineDecision]] = defaultdict(list)
    for decision in decisions:
        found[decision.violation.subject_person_id].append(decision)  # type: ignore[index]
    return dict(found)


def organisations_disciplined_in(unit_ids: Iterable[int], year: int) -> dict[int, list[DisciplineDecision]]:
    """For the evaluation module: the decisions about each of these party organisations that took effect
    in ``year`` and were not annulled, by unit id (units without any are left out). Not scoped, like
    ``discipline_effective_in``."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    units = unit_ids if isinstance(unit_ids, QuerySet) else list(unit_ids)
    decisions = (_decisions().select_related("violation")
                 .filter(violation__subject_unit_id__in=units, status__in=DECISION_LIVE,
                         effective_on__range=(first, last)).order_by("effective_on", "pk"))
    found: dict[int, list[DisciplineDecision]] = defaultdict(list)
    for decision in decisions:
        found[decision.violation.subject_unit_id].append(decision)  # type: ignore[index]
    return dict(found)


def violations_awaiting(user: Any, *, limit: int) -> list[Violation]:
    """Violations of the user's subtrees without their decision yet, oldest violation first."""
    decided = DisciplineDecision.objects.filter(violation=OuterRef("pk"))
    return list(scoped(Violation.objects.filter(~Exists(decided)), user, "inspection.manage")
                .select_related("unit").order_by("occurred_on", "pk")[:limit])


def appeals_pending(user: Any, *, limit: int) -> list[Appeal]:
    """Appeals of the user's subtrees waiting for their outcome, oldest first."""
    return list(scoped(Appeal.objects.filter(status=AppealStatus.PENDING), user, "inspection.manage")
                .select_related("decision__unit").order_by("filed_on", "pk")[:limit])
