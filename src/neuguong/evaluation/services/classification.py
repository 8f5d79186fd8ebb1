"""Classifying a whole period at once ("classify the period"): every review assessed by its superior
gets its level in one transaction, with the same rules as one review's ``classify`` step — the points
(the superior's, else one's own), the shares of the task list, the level lowered while a condition
fails, the lowest level on a trigger, never above the superior's level — then the quota of the top
level is checked for every group.

Set-based: the points, the task sums and the weak criteria are summed by the database, grouped by
review; the discipline of the year is read in batches; ``rules.outcome`` decides each level; the
reviews are written in one statement and their histories in another (PostgreSQL), so a province of
150,000 members classifies in seconds. Each review keeps its ``StateChange`` (same data as the
single step); the audit trail gets one event for the period with the counts by level.
"""

import json
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from neuguong.accounts.models import User
from neuguong.accounts.scoping import ensure_permission_on
from neuguong.audit import services as audit
from neuguong.core.models import StateChange
from neuguong.inspection import selectors as inspection

from .. import rules, selectors
from ..models import Period, PeriodStatus, Review, ReviewStatus, Score, Task
from ..selectors import QuotaGroup
from .common import MANAGE, refused
from .reviews import _minimums, trigger_texts, triggers_found

S = ReviewStatus
DISCIPLINE_BATCH = 10_000


@dataclass(frozen=True)
class PeriodClassification:
    classified: int
    by_level: dict[str, int]
    over_quota: list[QuotaGroup]  # the groups with more HTXSNV than the quota allows, with who is over


def _sums(period: Period) -> tuple[dict[int, Decimal], dict[int, tuple[int, int, int]], dict[int, list[str]]]:
    """Points, task weights (all, on time, exceeding) and weak criteria of the period's reviews waiting
    for their classification, each summed by the database in one grouped query."""
    waiting = Q(review__period=period, review__status=S.SUPERIOR_ASSESSED)
    points = Coalesce(F("points"), F("self_points"), Value(Decimal(0)),
                      output_field=DecimalField(max_digits=5, decimal_places=2))
    totals = dict(Score.objects.filter(waiting).order_by().values("review_id")
                  .annotate(total=Sum(points)).values_list("review_id", "total"))
    on_time = Q(done_on__isnull=False, done_on__lte=F("due_on"))
    weights = {review_id: (total, done or 0, exceeding or 0) for review_id, total, done, exceeding in
               Task.objects.filter(waiting).order_by().values("review_id")
               .annotate(total=Sum("weight"), done=Sum("weight", filter=on_time),
                         exceeding=Sum("weight", filter=Q(exceeded=True)))
               .values_list("review_id", "total", "done", "exceeding")}
    weak: dict[int, list[str]] = {}
    for review_id, code in (Score.objects.filter(waiting, weak=True, criterion__weak_triggers=True)
                            .order_by("review_id", "criterion__position", "pk")
                            .values_list("review_id", "criterion__code")):
        weak.setdefault(review_id, []).append(code)
    return totals, weights, weak


def _discipline(person_ids: list[int], year: int) -> dict[int, list[Any]]:
    found: dict[int, list[Any]] = {}
    for start in range(0, len(person_ids), DISCIPLINE_BATCH):
        found.update(inspection.discipline_effective_in(person_ids[start:start + DISCIPLINE_BATCH], year))
    return found


def _write(rows: list[tuple], histories: list[tuple[int, str]], user: Any) -> int:
    """The reviews' classification in one UPDATE, their histories in one INSERT (PostgreSQL); the
    ORM's bulk writes elsewhere (SQLite in the tests). Only reviews still waiting are written."""
    content_type = ContentType.objects.get_for_model(Review)
    actor = user if isinstance(user, User) else None
    label = (user.get_username() if actor else str(user or "system"))[:150]
    now = timezone.now()
    if connection.vendor == "postgresql":
        columns: list[Any] = list(zip(*rows, strict=True)) if rows else [()] * 7
        with connection.cursor() as cursor:
            cursor.execute(
                """UPDATE evaluation_review r SET status = %s, total_points = v.points, on_time_share = v.on_time,
                          exceeding_share = v.exceeding, level = v.level, triggers = v.triggers,
                          reasons = v.reasons
                     FROM unnest(%s::bigint[], %s::numeric[], %s::numeric[], %s::numeric[], %s::text[],
                                 %s::jsonb[], %s::jsonb[]) AS v(id, points, on_time, exceeding, level, triggers,
                                                              reasons)
                    WHERE r.id = v.id AND r.status = %s""",
                [S.CLASSIFIED, *(list(column) for column in columns), S.SUPERIOR_ASSESSED])
            changed = cursor.rowcount
            cursor.execute(
                """INSERT INTO core_statechange (content_type_id, object_id, from_state, to_state, transition,
                                                 actor_id, actor_label, data, at)
                   SELECT %s, h.id, %s, %s, 'classify', %s, %s, h.data, %s
                     FROM unnest(%s::bigint[], %s::jsonb[]) AS h(id, data)""",
                [content_type.pk, S.SUPERIOR_ASSESSED, S.CLASSIFIED, actor.pk if actor else None, label, now,
                 [pk for pk, _data in histories], [data for _pk, data in histories]])
        return changed
    reviews = [Review(pk=pk, status=S.CLASSIFIED, total_points=points, on_time_share=on_time,
                      exceeding_share=exceeding, level=level, triggers=json.loads(triggers),
                      reasons=json.loads(reasons))
               for pk, points, on_time, exceeding, level, triggers, reasons in rows]
    Review.objects.bulk_update(reviews, ["status", "total_points", "on_time_share", "exceeding_share", "level",
                                         "triggers", "reasons"], batch_size=500)
    StateChange.objects.bulk_create(
        [StateChange(content_type=content_type, object_id=pk, from_state=S.SUPERIOR_ASSESSED, to_state=S.CLASSIFIED,
                     transition="classify", actor=actor, actor_label=label, data=json.loads(data), at=now)
         for pk, data in histories], batch_size=500)
    return len(reviews)


def period_classify(*, period_id: int, acting_user: Any) -> PeriodClassification:
    """Classify every review of the period assessed by its superior, then check the quota of every
    group. ``evaluation.manage`` on the period's unit; a period that is not open is refused."""
    period = selectors.period_get(acting_user, period_id)  # 404 out of scope
    ensure_permission_on(acting_user, MANAGE, period)
    with transaction.atomic():
        period = Period.objects.select_for_update(no_key=True).select_related("unit").get(pk=period.pk)
        if period.status != PeriodStatus.OPEN:
            raise refused("period_not_open", "status", _("The review period is not open."))
        waiting = list(Review.objects.select_for_update(no_key=True).filter(period=period,
                                                                            status=S.SUPERIOR_ASSESSED)
                       .order_by("pk").values_list("pk", "person_id", "superior_level", "findings"))
        totals, weights, weak = _sums(period)
        decisions = _discipline(sorted({person for _pk, person, _s, _f in waiting if person is not None}),
                                period.year)
        texts, minimums = trigger_texts(), _minimums()
        rows: list[tuple] = []
        histories: list[tuple[int, str]] = []
        by_level: Counter[str] = Counter()
        for pk, person_id, superior_level, findings in waiting:
            total = totals.get(pk, Decimal(0))
            found = rules.shares_of(*weights.get(pk, (0, 0, 0)))
            triggers = triggers_found(texts, collective=person_id is None, weak_codes=weak.get(pk, []),
                                      decisions=decisions.get(person_id, []) if person_id else [],
                                      findings=findings or [])
            codes = [t["code"] for t in triggers]
            best = rules.outcome(total, found, collective=person_id is None, triggers=codes, minimums=minimums)
            level, reasons = best.level, list(best.reasons)
            if superior_level and rules.rank(superior_level) < rules.rank(level):
                level = superior_level
                reasons.append("superior_level")
            by_level[level] += 1
            rows.append((pk, total, found.on_time, found.exceeding, level, json.dumps(triggers, ensure_ascii=False),
                         json.dumps(reasons)))
            histories.append((pk, json.dumps({"points": total, "level": level, "by_points": best.by_points,
                                              "triggers": codes, "reasons": reasons}, cls=DjangoJSONEncoder)))
        classified = _write(rows, histories, acting_user)
        audit.record(acting_user, "evaluation_period.classified", period,
                     after={"classified": classified, "by_level": dict(by_level)})
        over = [group for group in selectors.quota_groups(period) if group.over]
    return PeriodClassification(classified, dict(by_level), over)
