"""``make bench-evaluation`` (also run by ``make bench``): the yearly review of a province of 150,000
members — 50 communes of 30 party cells of 100 members each, every review scored by the member and the
superior (seven criteria), with task lists, a few weak marks and findings, 300 members disciplined in
the year — classified at once, then summarised.

Two cases, in one run:

* **classify the period**: the service ``evaluation.services.period_classify`` (one transaction: one
  statement that sums by review, reads each level from ``rules.outcomes_by_key``, updates the reviews
  and inserts their histories; the summary's counts by unit and level counted again; one audit event;
  then the quota of every group with who is over) against the same classification written by hand as set-based
  SQL (the same sums, the levels, reasons and triggers as ``CASE`` expressions, the same histories and
  counts, then the same quota query with the names of those over), alternated, the reviews put
  back between runs. Goal: under 20 s, within 2× of the SQL. Both must give the same levels, triggers,
  reasons and counts.
* **the province's summary** (levels by the subtree of each commune, from the counts by unit and
  level): ``evaluation.selectors.level_summary`` against the same three queries as raw SQL,
  alternated. Goal: p95 < 100 ms, within 1.5×.

Uses its own PostgreSQL database (``neuguong_bench_evaluation``, or ``--database``), created, migrated
and filled when missing or of another size (``--build-only`` stops there), and writes
``bench/results/evaluation-<date>.{json,md}``. ``--communes 5 --database neuguong_bench_evaluation_small``
profiles a province of 15,000 members (results named ``evaluation-<date>-15000-members``).
"""

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
sys.path[:0] = [str(BENCH_DIR), str(PROJECT_DIR / "src")]

import psycopg  # noqa: E402
import timing  # noqa: E402
from psycopg import sql  # noqa: E402
from study_meetings import _copy, _libpq, bench_url  # noqa: E402

BENCH_DB = "neuguong_bench_evaluation"
COMMUNES, CELLS_PER_COMMUNE, MEMBERS_PER_CELL = 50, 30, 100
MEMBERS = COMMUNES * CELLS_PER_COMMUNE * MEMBERS_PER_CELL
DISCIPLINED, YEAR = 300, 2025
GOAL_CLASSIFY_S, GOAL_CLASSIFY_RATIO = 20.0, 2.0
GOAL_P95_MS, GOAL_RATIO = 100.0, 1.5
USERNAME = "bench_tochuc"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Thanh", "Ngọc"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Lan", "Mai", "Nam", "Tâm", "Hoa", "Sơn"]

# The same classification as set-based SQL, written by hand: the sums by review, the level by points,
# lowered while a condition of the level fails (rules.outcome, conditions of evaluation_rules.yaml), the
# lowest level on a trigger, never above the superior's level; the same triggers (built only for the
# reviews that have one), reasons and history rows; without JIT compilation (it costs more than it
# saves on this statement). Then the summary's counts by unit and level counted again and the same
# quota check: the counts by group and the reviews over the quota, with their names.
RAW_CLASSIFY = """
WITH
pts AS (SELECT s.review_id, SUM(COALESCE(s.points, s.self_points, 0)) AS total
          FROM evaluation_score s JOIN evaluation_review r ON r.id = s.review_id
         WHERE r.period_id = %(period)s AND r.status = 'superior_assessed' GROUP BY 1),
tk AS (SELECT t.review_id, SUM(t.weight) AS total,
              COALESCE(SUM(t.weight) FILTER (WHERE t.done_on <= t.due_on), 0) AS done,
              COALESCE(SUM(t.weight) FILTER (WHERE t.exceeded), 0) AS exc
         FROM evaluation_task t JOIN evaluation_review r ON r.id = t.review_id
        WHERE r.period_id = %(period)s AND r.status = 'superior_assessed' GROUP BY 1),
wk AS (SELECT s.review_id, string_agg(c.code, '; ' ORDER BY c.position, s.id) AS codes
         FROM evaluation_score s JOIN evaluation_criterion c ON c.id = s.criterion_id
         JOIN evaluation_review r ON r.id = s.review_id
        WHERE s.weak AND c.weak_triggers AND r.period_id = %(period)s AND r.status = 'superior_assessed'
        GROUP BY 1),
dc AS (SELECT v.subject_person_id AS person_id,
              string_agg(d.number || ' (' || to_char(d.effective_on, 'DD/MM/YYYY') || ')', '; '
                         ORDER BY d.effective_on, d.id) AS detail
         FROM inspection_disciplinedecision d JOIN inspection_violation v ON v.id = d.violation_id
        WHERE d.status IN ('in_force', 'appealed', 'changed') AND d.effective_on BETWEEN %(first)s AND %(last)s
          AND v.subject_person_id IN (SELECT person_id FROM evaluation_review
                                       WHERE period_id = %(period)s AND status = 'superior_assessed')
        GROUP BY 1),
base AS (
  SELECT w.id, w.unit_id, w.person_id, w.superior_level, w.findings, COALESCE(p.total, 0) AS total,
         round(100.0 * tk.done / tk.total, 2) AS on_time, round(100.0 * tk.exc / tk.total, 2) AS exc,
         wk.codes, CASE WHEN w.person_id IS NOT NULL THEN dc.detail END AS detail,
         CASE WHEN COALESCE(p.total, 0) >= %(x)s THEN 3 WHEN COALESCE(p.total, 0) >= %(t)s THEN 2
              WHEN COALESCE(p.total, 0) >= %(n)s THEN 1 ELSE 0 END AS bp
    FROM evaluation_review w LEFT JOIN pts p ON p.review_id = w.id LEFT JOIN tk ON tk.review_id = w.id
    LEFT JOIN wk ON wk.review_id = w.id LEFT JOIN dc ON dc.person_id = w.person_id
   WHERE w.period_id = %(period)s AND w.status = 'superior_assessed'),
lv AS (
  SELECT b.*, (codes IS NOT NULL OR detail IS NOT NULL OR jsonb_array_length(findings) > 0) AS hit,
         CASE WHEN codes IS NOT NULL OR detail IS NOT NULL OR jsonb_array_length(findings) > 0 THEN 0
              WHEN on_time IS NULL THEN LEAST(bp, 1)
              WHEN bp = 3 AND on_time >= 100 AND exc >= 30 THEN 3
              WHEN bp >= 2 AND on_time >= 100 THEN 2
              WHEN bp >= 1 AND (person_id IS NOT NULL OR on_time >= 80) THEN 1
              ELSE 0 END AS rk,
         CASE WHEN codes IS NOT NULL OR detail IS NOT NULL OR jsonb_array_length(findings) > 0 THEN ARRAY['trigger']
              WHEN on_time IS NULL THEN CASE WHEN bp >= 2 THEN ARRAY['no_tasks'] ELSE ARRAY[]::text[] END
              ELSE array_remove(ARRAY[
                CASE WHEN bp = 3 AND on_time < 100 THEN 'on_time_below_HTXSNV'
                     WHEN bp = 3 AND exc < 30 THEN 'exceeding_below_HTXSNV' END,
                CASE WHEN bp >= 2 AND on_time < 100 THEN 'on_time_below_HTTNV' END,
                CASE WHEN person_id IS NULL AND bp >= 1 AND on_time < 80 THEN 'on_time_below_HTNV' END], NULL)
         END AS reasons0,
         CASE superior_level WHEN 'HTXSNV' THEN 3 WHEN 'HTTNV' THEN 2 WHEN 'HTNV' THEN 1 WHEN 'KHTNV' THEN 0
              ELSE 9 END AS sup
    FROM base b),
fin AS (
  SELECT lv.id, lv.total, lv.on_time, lv.exc, lv.bp, LEAST(rk, sup) AS final,
         to_jsonb(reasons0 || CASE WHEN sup < rk THEN ARRAY['superior_level'] ELSE ARRAY[]::text[] END) AS reasons,
         CASE WHEN NOT hit THEN '[]'::jsonb ELSE (SELECT jsonb_agg(x.t ORDER BY x.o, x.n) FROM (
            SELECT 1 AS o, 0 AS n, jsonb_build_object('code', g.code, 'text', g.text, 'text_en', g.text_en,
                                                     'detail', lv.codes) AS t
              FROM catalogues_downgradetrigger g
             WHERE lv.codes IS NOT NULL AND g.code = CASE WHEN lv.person_id IS NULL
                   THEN 'collective.weak_criterion' ELSE 'individual.weak_criterion' END
            UNION ALL
            SELECT 2, 0, jsonb_build_object('code', g.code, 'text', g.text, 'text_en', g.text_en, 'detail', lv.detail)
              FROM catalogues_downgradetrigger g
             WHERE lv.detail IS NOT NULL AND g.code = 'individual.disciplined'
            UNION ALL
            SELECT 3, f.n, jsonb_build_object('code', f.code, 'text', COALESCE(g.text, f.code),
                                              'text_en', COALESCE(g.text_en, f.code), 'detail', '')
              FROM jsonb_array_elements_text(lv.findings) WITH ORDINALITY AS f(code, n)
              LEFT JOIN catalogues_downgradetrigger g ON g.code = f.code) x) END AS triggers
    FROM lv),
upd AS (
  UPDATE evaluation_review r
     SET status = 'classified', total_points = fin.total, on_time_share = fin.on_time, exceeding_share = fin.exc,
         level = (ARRAY['KHTNV', 'HTNV', 'HTTNV', 'HTXSNV'])[fin.final + 1], triggers = fin.triggers,
         reasons = fin.reasons
    FROM fin WHERE r.id = fin.id AND r.status = 'superior_assessed'
  RETURNING r.id, r.unit_id, r.person_id IS NULL AS collective, r.total_points, r.level, fin.bp, r.triggers,
            r.reasons),
hist AS (
  INSERT INTO core_statechange (content_type_id, object_id, from_state, to_state, transition, actor_id,
                                actor_label, data, at)
  SELECT %(ct)s, upd.id, 'superior_assessed', 'classified', 'classify', %(actor)s, %(label)s,
         jsonb_build_object('points', upd.total_points::text, 'level', upd.level,
                            'by_points', (ARRAY['KHTNV', 'HTNV', 'HTTNV', 'HTXSNV'])[upd.bp + 1],
                            'triggers', jsonb_path_query_array(upd.triggers, '$[*].code'),
                            'reasons', upd.reasons), now()
    FROM upd)
SELECT level, COUNT(*) FROM upd GROUP BY level
"""
# The summary's counts of the period counted again from its reviews, as the service does.
RAW_RECOUNT = ("DELETE FROM evaluation_levelcount WHERE period_id = %(period)s",
               """INSERT INTO evaluation_levelcount (period_id, unit_id, collective, level, reviews)
                  SELECT %(period)s, unit_id, person_id IS NULL,
                         CASE WHEN status = ANY(%(levelled)s) AND level = ANY(%(levels)s) THEN level ELSE '' END,
                         COUNT(*)
                    FROM evaluation_review WHERE period_id = %(period)s GROUP BY 2, 3, 4""")
RAW_QUOTA = """
WITH g AS (
  SELECT group_key, COUNT(*) FILTER (WHERE level IN ('HTXSNV', 'HTTNV')) AS good,
         COUNT(*) FILTER (WHERE level = 'HTXSNV') AS excellent
    FROM evaluation_review WHERE period_id = %(period)s AND status = ANY(%(levelled)s) GROUP BY 1)
SELECT g.group_key, g.good, g.excellent, u.name, r.id, p.full_name, ru.name, r.total_points
  FROM g LEFT JOIN orgs_unit u ON u.path = split_part(g.group_key, ':', 2)
  LEFT JOIN evaluation_review r ON g.excellent > g.good / 5 AND r.period_id = %(period)s
       AND r.group_key = g.group_key AND r.level = 'HTXSNV' AND r.status = 'classified'
  LEFT JOIN orgs_person p ON p.id = r.person_id LEFT JOIN orgs_unit ru ON ru.id = r.unit_id
 ORDER BY g.group_key, r.total_points DESC, p.sort_key, r.id
"""
# The summary from the counts by unit and level that the classification keeps, added up by the unit
# directly below the province that holds each one.
RAW_SUMMARY = """
SELECT left(u.path, strpos(substr(u.path, %(depth)s + 1), '/') + %(depth)s), c.collective, c.level, SUM(c.reviews)
  FROM evaluation_levelcount c JOIN orgs_unit u ON u.id = c.unit_id
 WHERE c.period_id = %(period)s AND u.path LIKE %(unit)s AND c.reviews > 0
 GROUP BY 1, 2, 3
"""
RAW_CHILDREN = ("SELECT id, name, path FROM orgs_unit WHERE parent_id = %(unit_id)s AND kind = ANY(%(kinds)s) "
                "ORDER BY path")
RAW_PERIOD = "SELECT id, unit_id FROM evaluation_period WHERE id = %(period)s"
LEVELLED = ["classified", "approved", "notified", "appealed"]
LEVELS = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", default=BENCH_DB, help="The bench database's name on the server.")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=3, help="Classifications of each kind (alternated).")
    parser.add_argument("--iterations", type=int, default=300, help="Timed summaries (at least 200).")
    parser.add_argument("--warmup", type=int, default=30, help="Untimed summaries before the case.")
    parser.add_argument("--regenerate", action="store_true", help="Drop and rebuild the bench database.")
    parser.add_argument("--build-only", action="store_true",
                        help="Build the bench database (when missing or of another size) and stop.")
    parser.add_argument("--communes", type=int, default=COMMUNES,
                        help="Communes of the province (50: 150,000 members); fewer to profile at a reduced scale, "
                             "in another --database. The disciplined members scale with it.")
    return parser.parse_args()


def scale(communes: int) -> None:
    """Size the province: ``communes`` communes of 30 cells of 100 members, 6 disciplined per 3,000."""
    global COMMUNES, MEMBERS, DISCIPLINED
    COMMUNES = max(communes, 1)
    MEMBERS = COMMUNES * CELLS_PER_COMMUNE * MEMBERS_PER_CELL
    DISCIPLINED = 300 * COMMUNES // 50 or 1


def review_count(url: str) -> int | None:
    with psycopg.connect(_libpq(url)) as conn:
        if conn.execute("SELECT to_regclass('evaluation_review')").fetchone()[0] is None:
            return None
        return conn.execute("SELECT count(*) FROM evaluation_review WHERE person_id IS NOT NULL").fetchone()[0]


def prepare_database(url: str, database: str, *, regenerate: bool) -> str:
    with psycopg.connect(_libpq(url, "postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if exists and not regenerate and review_count(url) == MEMBERS:
            return "reused"
        if exists:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(database)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    return "created"


def setup_django(url: str) -> None:
    os.environ["NEUGUONG_DATABASE_URL"] = url
    os.environ["NEUGUONG_DB_POOL"] = "0"
    os.environ.setdefault("NEUGUONG_DEBUG", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "neuguong.settings")
    import django

    django.setup()


# --- The province and its reviews --------------------------------------------------------------


def build(seed: int) -> None:
    """Units through the units service, the catalogues and templates loaded, the period created by
    its service and opened; the members, their reviews (at the superior's assessment), scores, tasks
    and the discipline of the year COPYed in; the province's organisation staff, who classifies."""
    from django.db import connection
    from django.utils import timezone

    from neuguong.accounts.models import RoleGrant, User
    from neuguong.accounts.permissions import Role
    from neuguong.catalogues import services as catalogue_services
    from neuguong.catalogues.models import DisciplineForm
    from neuguong.core.actors import SYSTEM
    from neuguong.core.text import name_sort_key, search_key, split_full_name
    from neuguong.evaluation import services
    from neuguong.evaluation.models import Period, Review, Score, SubjectGroup, Task, Template
    from neuguong.evaluation.services import counts
    from neuguong.inspection.models import DisciplineDecision, Violation
    from neuguong.orgs.models import Membership, Person, UnitKind
    from neuguong.orgs.services import unit_create

    rng = random.Random(seed)
    catalogue_services.catalogues_load(acting_user=SYSTEM)
    services.templates_load(acting_user=SYSTEM)

    def unit(name: str, kind: str, parent=None):
        return unit_create(name=name, kind=kind, parent_id=parent.pk if parent else None, acting_user=SYSTEM)

    province = unit("Tỉnh ủy Bench", UnitKind.PROVINCE_COMMITTEE)
    cells = []
    communes = []
    for c in range(COMMUNES):
        commune = unit(f"Đảng bộ xã số {c + 1}", UnitKind.SUBORDINATE_COMMITTEE, province)
        communes.append(commune)
        cells += [unit(f"Chi bộ thôn {c + 1}.{k + 1}", UnitKind.CELL, commune) for k in range(CELLS_PER_COMMUNE)]
    user = User.objects.create(username=USERNAME)
    RoleGrant.objects.create(user=user, role=Role.UNIT_ADMIN, unit=province)
    period = services.period_create(unit_id=province.pk, kind="yearly", year=YEAR, title="Kiểm điểm năm 2025",
                                    opens_on=dt.date(YEAR, 11, 1), closes_on=dt.date(YEAR, 12, 31),
                                    acting_user=user)
    Period.objects.filter(pk=period.pk).update(status="open")
    now = timezone.now()
    people, cell_of = [], []
    for cell in cells:
        for _n in range(MEMBERS_PER_CELL):
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            family, given = split_full_name(name)
            people.append({"full_name": name, "family_name": family, "given_name": given,
                           "search_name": search_key(name), "sort_key": name_sort_key(name), "gender": "male",
                           "unit_id": cell.pk, "created_at": now, "updated_at": now})
            cell_of.append(cell)
    person_ids = _copy(Person, people)
    _copy(Membership, [{"person_id": pid, "cell_id": cell.pk, "joined_on": dt.date(2010, 1, 1), "status": "full"}
                       for pid, cell in zip(person_ids, cell_of, strict=True)])
    individual = Template.objects.filter(subject_group=SubjectGroup.INDIVIDUAL_WITHOUT_POST).order_by("-version")[0]
    collective = Template.objects.filter(subject_group=SubjectGroup.COLLECTIVE).order_by("-version")[0]
    by_parent = {u.pk: u for u in [province, *communes]}
    planned = [(None, u, collective, f"collective:{by_parent[u.parent_id].path if u.parent_id else u.path}")
               for u in [province, *communes, *cells]]
    planned += [(pid, cell, individual, f"{SubjectGroup.INDIVIDUAL_WITHOUT_POST}:{cell.path}")
                for pid, cell in zip(person_ids, cell_of, strict=True)]
    reviews = []
    for pid, place, template, key in planned:
        finding = rng.random() < 0.01
        reviews.append({"period_id": period.pk, "unit_id": place.pk, "person_id": pid,
                        "subject_group": template.subject_group, "template_id": template.pk, "group_key": key,
                        "status": "superior_assessed", "votes": "{}", "created_at": now,
                        "superior_level": rng.choice(("",) * 8 + ("HTTNV", "HTNV")),
                        "findings": json.dumps(["collective.disunity" if pid is None else "individual.degradation"]
                                               if finding else []), "triggers": "[]", "reasons": "[]"})
    review_ids = _copy(Review, reviews)
    counts.period_recount(period)  # what creating the reviews through the service leaves: all waiting
    criteria = {t.pk: list(t.criteria.order_by("position")) for t in (individual, collective)}
    scores, tasks = [], []
    today = dt.date(YEAR, 12, 1)
    for review_id, (_pid, _place, template, _key) in zip(review_ids, planned, strict=True):
        band = rng.choice((0.45, 0.6, 0.75, 0.8, 0.9, 0.95, 1.0))
        for criterion in criteria[template.pk]:
            points = round(float(criterion.max_points) * min(1.0, band + rng.uniform(-0.05, 0.05)) * 4) / 4
            scores.append({"review_id": review_id, "criterion_id": criterion.pk, "self_points": points,
                           "points": points, "weak": rng.random() < 0.002})
        diligent = rng.random() < 0.6
        for n in range(rng.randint(0, 4) if rng.random() < 0.95 else 0):
            done = today if diligent else rng.choice((None, today, today + dt.timedelta(days=5)))
            tasks.append({"review_id": review_id, "title": f"Nhiệm vụ {n + 1}", "weight": rng.randint(1, 3),
                          "due_on": today, "done_on": done, "exceeded": done is not None and rng.random() < 0.4,
                          "position": n})
    _copy(Score, scores)
    _copy(Task, tasks)
    form = DisciplineForm.objects.filter(subject="full_member").exclude(code__endswith="dismissal")[0]
    chosen = rng.sample(person_ids, DISCIPLINED)
    violation_ids = _copy(Violation, [{"unit_id": communes[0].pk, "subject_person_id": pid,
                                       "occurred_on": dt.date(YEAR - 1, 11, 1), "description": "Vi phạm (bench)",
                                       "created_at": now} for pid in chosen])
    _copy(DisciplineDecision, [{"unit_id": communes[0].pk, "violation_id": vid, "subject_kind": "full_member",
                                "form_id": form.pk, "number": f"{n + 1}-QĐ/UBKT", "decided_on": dt.date(YEAR, 3, 1),
                                "effective_on": dt.date(YEAR, 3, 1), "notified_on": dt.date(YEAR, 3, 4),
                                "grounds": "Căn cứ", "status": "in_force", "created_at": now}
                               for n, vid in enumerate(violation_ids)])
    with connection.cursor() as cursor:
        for table in ("evaluation_review", "evaluation_score", "evaluation_task", "orgs_unit", "orgs_person",
                      "inspection_violation", "inspection_disciplinedecision", "evaluation_levelcount"):
            cursor.execute(f"VACUUM ANALYZE {table}")


# --- The cases -----------------------------------------------------------------------------------


def _context():
    from neuguong.accounts.models import User
    from neuguong.evaluation.models import Period

    user = User.objects.get(username=USERNAME)
    period = Period.objects.select_related("unit").get(title="Kiểm điểm năm 2025", year=YEAR)
    return user, period


def _reset(period_id: int) -> None:
    """Put the reviews back at the superior's assessment and drop the classification histories."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_statechange WHERE transition = 'classify'")
        cursor.execute("""UPDATE evaluation_review SET status = 'superior_assessed', level = '', total_points = NULL,
                          on_time_share = NULL, exceeding_share = NULL, triggers = '[]', reasons = '[]'
                          WHERE period_id = %s""", [period_id])
        # Every review waits again: the summary's counts say so (as services.counts.period_recount would).
        cursor.execute("DELETE FROM evaluation_levelcount WHERE period_id = %s", [period_id])
        cursor.execute("""INSERT INTO evaluation_levelcount (period_id, unit_id, collective, level, reviews)
                          SELECT period_id, unit_id, person_id IS NULL, '', COUNT(*) FROM evaluation_review
                           WHERE period_id = %s GROUP BY 1, 2, 3""", [period_id])
    with connection.cursor() as cursor:
        for table in ("evaluation_review", "core_statechange", "evaluation_levelcount"):
            cursor.execute(f"VACUUM ANALYZE {table}")


def _fingerprint(period_id: int) -> list:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("""SELECT level, count(*), sum(total_points), md5(string_agg(id || ':' || level || ':' ||
                                 triggers::text || reasons::text, ',' ORDER BY id))
                            FROM evaluation_review WHERE period_id = %s GROUP BY level ORDER BY level""", [period_id])
        reviews = cursor.fetchall()
        cursor.execute("""SELECT md5(string_agg(unit_id || ':' || collective || ':' || level || ':' || reviews, ','
                                                ORDER BY unit_id, collective, level))
                            FROM evaluation_levelcount WHERE period_id = %s AND reviews <> 0""", [period_id])
        return [*reviews, cursor.fetchone()]


def classify_case(runs: int) -> dict:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from neuguong.evaluation import services
    from neuguong.evaluation.models import Review

    user, period = _context()
    content_type = ContentType.objects.get_for_model(Review).pk
    params = {"period": period.pk, "first": dt.date(YEAR, 1, 1), "last": dt.date(YEAR, 12, 31), "x": 90, "t": 70,
              "n": 50, "ct": content_type, "actor": user.pk, "label": user.get_username(), "levelled": LEVELLED,
              "levels": list(LEVELS)}

    def service():
        return services.period_classify(period_id=period.pk, acting_user=user)

    def raw():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(RAW_CLASSIFY, params)
            cursor.fetchall()
            for statement in RAW_RECOUNT:
                cursor.execute(statement, params)
            cursor.execute(RAW_QUOTA, params)
            cursor.fetchall()

    service_s, raw_s, result = [], [], None
    fingerprints = {}
    _reset(period.pk)
    for _run in range(runs):
        for label, fn, into in (("service", service, service_s), ("raw", raw, raw_s)):
            started = time.perf_counter()
            outcome = fn()
            into.append(time.perf_counter() - started)
            print(f"{label}: {into[-1]:.2f} s", flush=True)
            if label == "service":
                result = outcome
            fingerprints[label] = _fingerprint(period.pk)
            _reset(period.pk)
    same = fingerprints["service"] == fingerprints["raw"]
    service_median, raw_median = statistics.median(service_s), statistics.median(raw_s)
    return {"reviews": result.classified, "by_level": result.by_level,
            "groups_over_quota": len(result.over_quota),
            "service_s": [round(x, 2) for x in service_s], "raw_s": [round(x, 2) for x in raw_s],
            "service_median_s": round(service_median, 2), "raw_median_s": round(raw_median, 2),
            "ratio_median": round(service_median / raw_median, 2), "same_levels": same,
            "meets_goal": same and max(service_s) < GOAL_CLASSIFY_S
            and service_median / raw_median <= GOAL_CLASSIFY_RATIO}


def summary_case(iterations: int, warmup: int) -> dict:
    from django.db import connection

    from neuguong.evaluation import selectors

    user, period = _context()
    # Summarise a classified period: classify once (untimed).
    from neuguong.evaluation import services

    services.period_classify(period_id=period.pk, acting_user=user)
    from neuguong.orgs.models import PARTY_KINDS

    params = {"period": period.pk, "unit": period.unit.path + "%", "unit_id": period.unit.pk,
              "depth": len(period.unit.path),
              "kinds": list(PARTY_KINDS)}

    def orm():
        return selectors.level_summary(user, period.pk)

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(RAW_PERIOD, params)
            cursor.fetchall()
            cursor.execute(RAW_CHILDREN, params)
            children = {path: [0, 0] for _pk, _name, path in cursor.fetchall()}
            cursor.execute(RAW_SUMMARY, params)
            rows = cursor.fetchall()
        own = [0, 0]
        for path, _collective, level, n in rows:
            row = children.get(path, own)
            row[0 if level in LEVELS else 1] += n
        return children, own

    summary, (children, _own) = orm(), raw()
    assert all([row.classified, row.waiting] == children[row.unit.path] for row in summary.rows if row.unit), "rows"
    orm_stats, raw_stats = timing.compare(orm, raw, iterations=iterations, warmup=warmup)
    _reset(period.pk)
    return {"case": "level summary · province · by commune", "reviews": summary.total.total,
            "orm": orm_stats.as_dict(), "raw": raw_stats.as_dict(),
            "ratio_median": round(orm_stats.median_ms / raw_stats.median_ms, 2),
            "ratio_p95": round(orm_stats.p95_ms / raw_stats.p95_ms, 2),
            "meets_goal": orm_stats.p95_ms < GOAL_P95_MS and orm_stats.p95_ms / raw_stats.p95_ms <= GOAL_RATIO}


def tables(results: dict) -> str:
    c = results["classify"]
    lines = ["| classify the period | reviews | service median s | service runs s | raw SQL median s | raw runs s | "
             "ratio | same levels | goal |", "| --- | ---: | ---: | --- | ---: | --- | ---: | :---: | :---: |",
             f"| province, {MEMBERS:,} members | {c['reviews']:,} | {c['service_median_s']:.2f} | "
             f"{', '.join(map(str, c['service_s']))} | {c['raw_median_s']:.2f} | {', '.join(map(str, c['raw_s']))} | "
             f"{c['ratio_median']:.2f} | {'✓' if c['same_levels'] else '✗'} | {'✓' if c['meets_goal'] else '✗'} |",
             "", "| summary | reviews | ORM median ms | ORM p95 ms | raw median ms | raw p95 ms | ratio median | "
             "ratio p95 | goal |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |"]
    s = results["summary"]
    lines.append(f"| {s['case']} | {s['reviews']:,} | {s['orm']['median_ms']:.2f} | {s['orm']['p95_ms']:.2f} | "
                 f"{s['raw']['median_ms']:.2f} | {s['raw']['p95_ms']:.2f} | {s['ratio_median']:.2f} | "
                 f"{s['ratio_p95']:.2f} | {'✓' if s['meets_goal'] else '✗'} |")
    return "\n".join(lines)


def write(results: dict) -> list[Path]:
    out = BENCH_DIR / "results"
    out.mkdir(exist_ok=True)
    stem = out / f"evaluation-{results['date']}{'' if COMMUNES == 50 else f'-{MEMBERS}-members'}"
    json_path, md_path = stem.with_suffix(".json"), stem.with_suffix(".md")
    json_path.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    c = results["classify"]
    md = [f"# Evaluation benchmark, {results['date']}", "",
          f"`{results['command']}` on {results['postgresql']}: a province of {COMMUNES} communes of "
          f"{CELLS_PER_COMMUNE} party cells of {MEMBERS_PER_CELL} members ({MEMBERS:,} members, {c['reviews']:,} "
          "reviews with the collectives), every review at the superior's assessment with seven scores, task lists, "
          f"a few weak marks and findings, {DISCIPLINED} members disciplined in the year. "
          f"Classify the period: `evaluation.services.period_classify` against the same classification as one "
          f"set-based SQL statement, alternated, {results['runs']} runs each, the reviews put back between runs; "
          f"{c['groups_over_quota']} groups over the quota found; levels by count: {c['by_level']}. Goal: under "
          f"{GOAL_CLASSIFY_S:.0f} s and within {GOAL_CLASSIFY_RATIO}× of SQL. Summary: "
          f"`evaluation.selectors.level_summary` of the province by commune against raw SQL, alternated, "
          f"{results['iterations']} iterations after {results['warmup']} warm-up rounds. Goal: p95 < "
          f"{GOAL_P95_MS:.0f} ms, within {GOAL_RATIO}×. Machine load before/after: {results['load']}.", "",
          tables(results), ""]
    md_path.write_text("\n".join(md), encoding="utf-8")
    return [json_path, md_path]


def main() -> int:
    args = parse_args()
    scale(args.communes)
    url = bench_url(args.database)
    state = prepare_database(url, args.database, regenerate=args.regenerate)
    setup_django(url)
    if state == "created":
        from django.core.management import call_command

        started = time.monotonic()
        call_command("migrate", verbosity=0, interactive=False)
        build(args.seed)
        print(f"Bench database {args.database} built in {time.monotonic() - started:.0f} s")
    else:
        print(f"Bench database {args.database} reused")
    if args.build_only:
        return 0
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    iterations = max(args.iterations, 200)
    load_before = os.getloadavg()
    classify = classify_case(max(args.runs, 1))
    print(json.dumps(classify, ensure_ascii=False), flush=True)
    summary = summary_case(iterations, args.warmup)
    results = {"date": dt.date.today().isoformat(), "command": "make bench-evaluation" if COMMUNES == 50 else
               f"python bench/evaluation.py --communes {COMMUNES} --database {args.database}", "runs": args.runs,
               "iterations": iterations, "warmup": args.warmup, "postgresql": version, "classify": classify,
               "summary": summary, "load": " / ".join(f"{x:.2f}" for x in (*load_before, *os.getloadavg()))}
    paths = write(results)
    print(tables(results))
    print("Written: " + ", ".join(str(path.relative_to(PROJECT_DIR)) for path in paths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
