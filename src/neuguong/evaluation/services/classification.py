"""Classifying a whole period at once ("classify the period"): every review assessed by its superior
gets its level in one transaction, with the same rules as one review's ``classify`` step — the points
(the superior's, else one's own), the shares of the task list, the level lowered while a condition
fails, the lowest level on a trigger, never above the superior's level — then the quota of the top
level is checked for every group.

Set-based on PostgreSQL: one statement sums the points, the task weights and the weak criteria by
review, finds each review's combination in ``rules.outcomes_by_key`` (``rules.outcome`` run once for
every combination of what it depends on), caps at the superior's level, builds the few triggers, updates
the reviews and inserts their histories, so a province of 150,000 members classifies in seconds; the
unit summary's counts of the period are then counted again from the reviews. Elsewhere (SQLite, in
the tests) the same, review by review in Python. Each review keeps its ``StateChange`` (same data as
the single step); the audit trail gets one event for the period with the counts by level (the
kernel's audit has no bulk form).
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

from neuguong.audit import services as audit
from neuguong.catalogues.models import EvaluationSubject
from neuguong.core.models import StateChange
from neuguong.inspection import selectors as inspection

from .. import rules, selectors
from ..models import Period, PeriodStatus, Review, ReviewStatus, Score, Task
from ..selectors import QuotaGroup
from . import counts
from .common import actor_of, refused
from .discipline import collective_discipline, decisions_detail
from .reviews import REVIEW_LIFECYCLE, _minimums, trigger_texts, triggers_found

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


# The classification of every review waiting, in one statement (PostgreSQL): the sums by review, the
# combination of each review in ``rules.outcomes_by_key`` (read from it, so the rules decide every level), the
# superior's level as a ceiling, the triggers with their texts (only for the few that have one), then
# the reviews updated and their histories inserted from the rows the UPDATE returns.
CLASSIFY_SQL = """
WITH
waiting AS (
  SELECT r.id, r.status, r.unit_id, r.person_id, r.superior_level, r.findings
    FROM evaluation_review r WHERE r.period_id = %(period)s AND r.status = ANY(%(sources)s)),
pts AS (
  SELECT s.review_id, SUM(COALESCE(s.points, s.self_points, 0)) AS total
    FROM evaluation_score s JOIN evaluation_review r ON r.id = s.review_id
   WHERE r.period_id = %(period)s AND r.status = ANY(%(sources)s) GROUP BY 1),
tk AS (
  SELECT t.review_id, SUM(t.weight) AS total,
         COALESCE(SUM(t.weight) FILTER (WHERE t.done_on <= t.due_on), 0) AS done,
         COALESCE(SUM(t.weight) FILTER (WHERE t.exceeded), 0) AS exc
    FROM evaluation_task t JOIN evaluation_review r ON r.id = t.review_id
   WHERE r.period_id = %(period)s AND r.status = ANY(%(sources)s) GROUP BY 1),
wk AS (
  SELECT s.review_id, string_agg(c.code, '; ' ORDER BY c.position, s.id) AS codes
    FROM evaluation_score s JOIN evaluation_criterion c ON c.id = s.criterion_id
    JOIN evaluation_review r ON r.id = s.review_id
   WHERE s.weak AND c.weak_triggers AND r.period_id = %(period)s AND r.status = ANY(%(sources)s) GROUP BY 1),
sums AS MATERIALIZED (  -- each share computed once, not at every mention below
  SELECT w.*, COALESCE(p.total, 0) AS total,
         -- the shares rounded half to even, as Decimal.quantize: 100 x done / total in hundredths
         (CASE WHEN tk.total IS NULL THEN NULL ELSE
            (10000 * tk.done / tk.total + CASE WHEN 2 * (10000 * tk.done %% tk.total) > tk.total THEN 1
             WHEN 2 * (10000 * tk.done %% tk.total) = tk.total THEN (10000 * tk.done / tk.total) %% 2 ELSE 0 END
            )::numeric / 100 END) AS on_time,
         (CASE WHEN tk.total IS NULL THEN NULL ELSE
            (10000 * tk.exc / tk.total + CASE WHEN 2 * (10000 * tk.exc %% tk.total) > tk.total THEN 1
             WHEN 2 * (10000 * tk.exc %% tk.total) = tk.total THEN (10000 * tk.exc / tk.total) %% 2 ELSE 0 END
            )::numeric / 100 END) AS exc,
         wk.codes, w.person_id IS NULL AS collective,
         CASE WHEN w.person_id IS NULL THEN %(unit_discipline)s::jsonb ->> w.unit_id::text
              ELSE %(discipline)s::jsonb ->> w.person_id::text END AS detail
    FROM waiting w LEFT JOIN pts p ON p.review_id = w.id LEFT JOIN tk ON tk.review_id = w.id
    LEFT JOIN wk ON wk.review_id = w.id),
flagged AS (
  SELECT s.*, (s.codes IS NOT NULL OR s.detail IS NOT NULL
               OR (jsonb_typeof(s.findings) = 'array' AND jsonb_array_length(s.findings) > 0)) AS hit
    FROM sums s),
keyed AS MATERIALIZED (SELECT f.*, {outcome_key} + 1 AS k FROM flagged f),
decided AS (
  SELECT d.*, (%(o_level)s::text[])[d.k] AS best, (%(o_reasons)s::jsonb[])[d.k] AS best_reasons,
         (%(o_by_points)s::text[])[d.k] AS by_points,
         CASE d.superior_level WHEN '' THEN 99 {superior_ranks} ELSE -1 END AS sup,
         CASE (%(o_level)s::text[])[d.k] {superior_ranks} ELSE -1 END AS best_rank
    FROM keyed d),
final AS (
  SELECT d.id, d.status, d.total, d.on_time, d.exc, d.by_points,
         CASE WHEN d.sup < d.best_rank THEN d.superior_level ELSE d.best END AS level,
         CASE WHEN d.sup < d.best_rank THEN d.best_reasons || '["superior_level"]'::jsonb ELSE d.best_reasons END
           AS reasons,
         CASE WHEN NOT d.hit THEN '[]'::jsonb ELSE (
           SELECT jsonb_agg(x.t ORDER BY x.o, x.n) FROM (
             SELECT 1 AS o, 0::bigint AS n, jsonb_build_object(
                      'code', c.code, 'text', COALESCE(%(texts)s::jsonb -> c.code ->> 0, c.code),
                      'text_en', COALESCE(%(texts)s::jsonb -> c.code ->> 1, c.code), 'detail', d.codes) AS t
               FROM (SELECT CASE WHEN d.collective THEN %(weak_collective)s ELSE %(weak_individual)s END AS code) c
              WHERE d.codes IS NOT NULL
             UNION ALL
             SELECT 2, 0, jsonb_build_object(
                      'code', c.code, 'text', COALESCE(%(texts)s::jsonb -> c.code ->> 0, c.code),
                      'text_en', COALESCE(%(texts)s::jsonb -> c.code ->> 1, c.code), 'detail', d.detail)
               FROM (SELECT CASE WHEN d.collective THEN %(disciplined_collective)s
                                 ELSE %(disciplined_individual)s END AS code) c
              WHERE d.detail IS NOT NULL
             UNION ALL
             SELECT 3, f.n, jsonb_build_object('code', f.code,
                                               'text', COALESCE(%(texts)s::jsonb -> f.code ->> 0, f.code),
                                               'text_en', COALESCE(%(texts)s::jsonb -> f.code ->> 1, f.code),
                                               'detail', '')
               FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(d.findings) = 'array' THEN d.findings
                                                   ELSE '[]'::jsonb END) WITH ORDINALITY AS f(code, n)) x)
         END AS triggers
    FROM decided d),
upd AS (
  UPDATE evaluation_review r
     SET status = %(target)s, total_points = f.total, on_time_share = f.on_time, exceeding_share = f.exc,
         level = f.level, triggers = f.triggers, reasons = f.reasons
    FROM final f WHERE r.id = f.id AND r.status = ANY(%(sources)s)
  RETURNING r.id, f.status AS before, r.unit_id, r.person_id IS NULL AS collective, r.level, r.total_points,
            f.by_points, r.triggers, r.reasons),
history AS (
  INSERT INTO core_statechange (content_type_id, object_id, from_state, to_state, transition, actor_id,
                                actor_label, data, at)
  SELECT %(content_type)s, u.id, u.before, %(target)s, %(step)s, %(actor)s, %(label)s,
         jsonb_build_object('points', u.total_points::text, 'level', u.level,
                            'by_points', u.by_points,
                            'triggers', jsonb_path_query_array(u.triggers, '$[*].code'), 'reasons', u.reasons),
         %(now)s
    FROM upd u)
SELECT level, COUNT(*) FROM upd GROUP BY level
"""


def _classify_sql(period: Period, step: Any, user: Any) -> dict[str, int]:
    """The period's reviews waiting at the step's sources classified in one statement; the counts by level."""
    statement, params = classify_statement(period, step, user)
    with connection.cursor() as cursor:
        # A bulk write of known shape: compiling it (JIT) would cost more than it saves.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(statement, params)
        return dict(cursor.fetchall())


def classify_statement(period: Period, step: Any, user: Any) -> tuple[str, dict[str, Any]]:
    """``CLASSIFY_SQL`` and its parameters for the period (also read by the benchmark's EXPLAIN)."""
    minimums = _minimums()
    table = rules.outcomes_by_key(minimums)
    texts = {code: [entry.text, entry.text_en] for code, entry in trigger_texts().items()}
    waiting_people = (Review.objects.filter(period=period, status__in=step.sources, person__isnull=False)
                      .values_list("person_id", flat=True))
    decisions = inspection.discipline_effective_in(waiting_people, period.year)
    # Each disciplined member's and collective's detail as ``triggers_found`` writes it.
    details = {person_id: decisions_detail(found) for person_id, found in decisions.items()}
    waiting_units = (Review.objects.filter(period=period, status__in=step.sources, person__isnull=True)
                     .values_list("unit_id", flat=True))
    unit_details = collective_discipline(waiting_units, period.year)
    actor = actor_of(user)
    subject_weak = {subject: f"{subject}.weak_criterion" for subject in EvaluationSubject.values}
    disciplined = {subject: f"{subject}.disciplined" for subject in EvaluationSubject.values}
    statement = CLASSIFY_SQL.format(
        outcome_key=rules.outcome_key_sql(points="f.total", on_time="f.on_time", exceeding="f.exc",
                                          collective="f.collective", triggered="f.hit", minimums=minimums),
        superior_ranks=" ".join(f"WHEN '{level}' THEN {rules.rank(level)}" for level in rules.LEVELS))
    params = {
        "period": period.pk, "sources": sorted(step.sources), "target": step.target, "step": step.name,
        "discipline": json.dumps({str(person_id): detail for person_id, detail in details.items()},
                                 ensure_ascii=False),
        "unit_discipline": json.dumps({str(unit_id): detail for unit_id, detail in unit_details.items()},
                                      ensure_ascii=False),
        "o_level": [o.level if o else None for o in table], "o_by_points": [o.by_points if o else None for o in table],
        "o_reasons": [json.dumps(list(o.reasons)) if o else None for o in table],
        "texts": json.dumps(texts, ensure_ascii=False),
        "weak_collective": subject_weak[EvaluationSubject.COLLECTIVE],
        "weak_individual": subject_weak[EvaluationSubject.INDIVIDUAL],
        "disciplined_individual": disciplined[EvaluationSubject.INDIVIDUAL],
        "disciplined_collective": disciplined[EvaluationSubject.COLLECTIVE],
        "content_type": ContentType.objects.get_for_model(Review).pk, "actor": actor.pk if actor else None,
        "label": _label(user), "now": timezone.now(),
    }
    return statement, params


def _label(user: Any) -> str:
    actor = actor_of(user)
    return (actor.get_username() if actor else str(user or "system"))[:150]


def period_classify(*, period_id: int, acting_user: Any) -> PeriodClassification:
    """Classify every review of the period assessed by its superior, then check the quota of every
    group. ``evaluation.manage`` on the period's unit; a period that is not open is refused.

    The lifecycle's ``classify`` step, taken for every review at once (``Lifecycle.bulk_step``: its
    permission on the period's unit, which holds every review; its sources, target and name)."""
    period = selectors.period_get(acting_user, period_id)  # 404 out of scope
    step = REVIEW_LIFECYCLE.bulk_step("classify", acting_user=acting_user, on=period)
    with transaction.atomic():
        period = Period.objects.select_for_update(no_key=True).select_related("unit").get(pk=period.pk)
        if period.status != PeriodStatus.OPEN:
            raise refused("period_not_open", "status", _("The review period is not open."))
        if connection.vendor == "postgresql":
            by_level = Counter(_classify_sql(period, step, acting_user))
        else:
            by_level = _classify_rows(period, step, acting_user)
        classified = sum(by_level.values())
        # The unit summary's counts of the whole period, counted again from its reviews: they also
        # repair any drift left by a review written outside the services.
        counts.period_recount(period)
        audit.record(acting_user, "evaluation_period.classified", period,
                     after={"classified": classified, "by_level": dict(by_level)})
        over = [group for group in selectors.quota_groups(period) if group.over]
    return PeriodClassification(classified, dict(by_level), over)


def _classify_rows(period: Period, step: Any, acting_user: Any) -> Counter[str]:
    """The same classification review by review in Python (SQLite, in the tests): the sums by the
    database, ``rules.outcome`` for each review, the ORM's bulk writes."""
    waiting = list(Review.objects.select_for_update(no_key=True).filter(period=period, status__in=step.sources)
                   .order_by("pk").values_list("pk", "person_id", "superior_level", "findings", "status", "unit_id"))
    totals, weights, weak = _sums(period)
    decisions = _discipline(sorted({person for _pk, person, *_rest in waiting if person is not None}), period.year)
    unit_details = collective_discipline([unit for _pk, person, *_rest, unit in waiting if person is None],
                                         period.year)
    texts, minimums = trigger_texts(), _minimums()
    rows: list[tuple] = []
    histories: list[tuple[int, str, str]] = []
    by_level: Counter[str] = Counter()
    for pk, person_id, superior_level, findings, before, unit_id in waiting:
        total = totals.get(pk, Decimal(0))
        found = rules.shares_of(*weights.get(pk, (0, 0, 0)))
        triggers = triggers_found(texts, collective=person_id is None, weak_codes=weak.get(pk, []),
                                  discipline=decisions_detail(decisions.get(person_id, [])) if person_id
                                  else unit_details.get(unit_id, ""),
                                  findings=findings or [])
        codes = [t["code"] for t in triggers]
        best = rules.outcome(total, found, collective=person_id is None, triggers=codes, minimums=minimums)
        level, reasons = best.level, list(best.reasons)
        if superior_level and rules.rank(superior_level) < rules.rank(level):
            level = superior_level
            reasons.append("superior_level")
        by_level[level] += 1
        rows.append((pk, total, found.on_time, found.exceeding, level, triggers, reasons))
        histories.append((pk, before, json.dumps({"points": total, "level": level, "by_points": best.by_points,
                                                  "triggers": codes, "reasons": reasons}, cls=DjangoJSONEncoder)))
    content_type = ContentType.objects.get_for_model(Review)
    actor, label, now = actor_of(acting_user), _label(acting_user), timezone.now()
    Review.objects.bulk_update(
        [Review(pk=pk, status=step.target, total_points=points, on_time_share=on_time, exceeding_share=exceeding,
                level=level, triggers=triggers, reasons=reasons)
         for pk, points, on_time, exceeding, level, triggers, reasons in rows],
        ["status", "total_points", "on_time_share", "exceeding_share", "level", "triggers", "reasons"], batch_size=500)
    StateChange.objects.bulk_create(
        [StateChange(content_type=content_type, object_id=pk, from_state=before, to_state=step.target,
                     transition=step.name, actor=actor, actor_label=label, data=json.loads(data), at=now)
         for pk, before, data in histories], batch_size=500)
    return by_level
