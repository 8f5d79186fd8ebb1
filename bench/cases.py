"""In-process cases: the real selectors against the same work written as raw SQL with psycopg."""

from typing import Any

import psycopg
import timing

SEARCHES = ["nguyen van", "tran thi h", "le minh"]
PAGE = 50
SEARCH_GOAL_MS, COUNTS_GOAL_MS, RATIO_GOAL = 50.0, 100.0, 1.5
NOTES = [
    "ORM: the real selectors (people_for first page of 50, materialised; subtree_counts) called in process, "
    "query building included. Raw: the same work hand-written for psycopg, one prepared statement per case "
    "(plan_cache_mode=force_custom_plan: a generic plan cannot use the trigram or path indexes for LIKE $1).",
    "Subtree counts join every row to its unit by path; for the only top of the tree both the selector and "
    "its raw SQL drop that join, since every record is in the subtree.",
    "For a commune the database work is about 1 ms; the selector's remaining time is Django building and "
    "running two queries (scope check with the four counts, then units by kind) against one prepared "
    "statement.",
]

RAW_SEARCH = """
SELECT p.id, p.full_name, p.family_name, p.given_name, p.search_name, p.sort_key, p.gender, p.birth_date,
       p.citizen_id_encrypted, p.citizen_id_hash, p.phone, p.email, p.unit_id, p.residence_id, p.photo,
       p.created_at, p.updated_at, u.id, u.name, u.short_name, u.kind, u.parent_id, u.path, u.depth, u.status,
       u.merged_into_id, u.ended_on, u.search_name, u.created_at
FROM orgs_person p JOIN orgs_unit u ON u.id = p.unit_id
WHERE u.path LIKE %(scope)s AND p.search_name LIKE %(pattern)s
ORDER BY p.sort_key, p.id
LIMIT %(limit)s
"""

RAW_COUNTS = """
SELECT
  (SELECT count(*) FROM orgs_unit WHERE id = %(unit)s AND path LIKE %(scope)s),
  (SELECT json_object_agg(kind, n) FROM (
     SELECT kind, count(*) AS n FROM orgs_unit WHERE path LIKE %(prefix)s AND status = 'active' GROUP BY kind) k),
  (SELECT count(*) FROM orgs_person p JOIN orgs_unit u ON u.id = p.unit_id WHERE u.path LIKE %(prefix)s),
  (SELECT json_object_agg(status, n) FROM (
     SELECT m.status, count(*) AS n FROM orgs_membership m JOIN orgs_unit u ON u.id = m.cell_id
     WHERE u.path LIKE %(prefix)s AND m.status IN ('probationary', 'full') GROUP BY m.status) s),
  (SELECT count(*) FROM orgs_post p JOIN orgs_unit u ON u.id = p.unit_id
   WHERE u.path LIKE %(prefix)s AND p.started_on <= %(today)s AND (p.ended_on IS NULL OR p.ended_on >= %(today)s))
"""

# The same counts for the only top of the tree: every record lies in it, so no join to units.
RAW_COUNTS_WHOLE_TREE = """
SELECT
  (SELECT count(*) FROM orgs_unit WHERE id = %(unit)s AND path LIKE %(scope)s),
  (SELECT json_object_agg(kind, n) FROM (
     SELECT kind, count(*) AS n FROM orgs_unit WHERE status = 'active' GROUP BY kind) k),
  (SELECT count(*) FROM orgs_person),
  (SELECT json_object_agg(status, n) FROM (
     SELECT status, count(*) AS n FROM orgs_membership WHERE status IN ('probationary', 'full') GROUP BY status) s),
  (SELECT count(*) FROM orgs_post WHERE started_on <= %(today)s AND (ended_on IS NULL OR ended_on >= %(today)s))
"""


def _like_prefix(path: str) -> str:
    return path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _raw_connection(url: str) -> psycopg.Connection:
    """Prepared statements planned with the actual values: a generic plan cannot use the trigram
    or path indexes for ``LIKE $1`` and turns a 10 ms search into seconds."""
    url = url.replace("postgres://", "postgresql://", 1)
    conn = psycopg.connect(url, autocommit=True)
    conn.execute("SET plan_cache_mode = force_custom_plan")
    return conn


def _result(name: str, orm: timing.Stats, raw: timing.Stats, goal_ms: float, rows: Any) -> dict[str, Any]:
    ratio = orm.median_ms / raw.median_ms if raw.median_ms else None
    return {
        "case": name, "orm": orm.as_dict(), "raw": raw.as_dict(), "rows": rows,
        "ratio_median": round(ratio, 2) if ratio else None,
        "ratio_p95": round(orm.p95_ms / raw.p95_ms, 2) if raw.p95_ms else None,
        "goal_ms": goal_ms,
        "meets_goal": orm.p95_ms < goal_ms and (ratio or 0) <= RATIO_GOAL,
    }


def search_cases(user: Any, raw: psycopg.Connection, *, iterations: int, warmup: int) -> list[dict[str, Any]]:
    from neuguong.accounts.scoping import unit_paths_with
    from neuguong.core.text import search_key
    from neuguong.orgs import selectors

    scope = unit_paths_with(user, "people.view")[0]
    results = []
    for q in SEARCHES:
        params = {"scope": _like_prefix(scope), "pattern": f"%{search_key(q)}%", "limit": PAGE}

        def orm(q: str = q) -> list[Any]:
            return list(selectors.people_for(user, q=q)[:PAGE])

        def sql(params: dict[str, Any] = params) -> list[Any]:
            return raw.execute(RAW_SEARCH, params, prepare=True).fetchall()

        assert [p.pk for p in orm()] == [row[0] for row in sql()], f"ORM and raw SQL disagree for {q!r}"
        orm_stats, raw_stats = timing.compare(orm, sql, iterations=iterations, warmup=warmup)
        results.append(_result(f"search {q!r}, first {PAGE}", orm_stats, raw_stats, SEARCH_GOAL_MS, len(orm())))
    return results


def counts_cases(user: Any, raw: psycopg.Connection, units: list[Any], *, iterations: int,
                 warmup: int) -> list[dict[str, Any]]:
    from django.utils import timezone

    from neuguong.accounts.scoping import unit_paths_with
    from neuguong.orgs import selectors

    scope = unit_paths_with(user, "reports.view")[0]
    results = []
    for unit in units:
        params = {"unit": unit.pk, "scope": _like_prefix(scope), "prefix": _like_prefix(unit.path),
                  "today": timezone.localdate()}

        def orm(unit: Any = unit) -> dict[str, Any]:
            return selectors.subtree_counts(user, unit)

        statement = RAW_COUNTS_WHOLE_TREE if unit.parent_id is None else RAW_COUNTS

        def sql(params: dict[str, Any] = params, statement: str = statement) -> Any:
            return raw.execute(statement, params, prepare=True).fetchone()

        counted, row = orm(), sql()
        assert (counted["people"], counted["posts"]) == (row[2], row[4]), f"ORM and raw SQL disagree on {unit}"
        orm_stats, raw_stats = timing.compare(orm, sql, iterations=iterations, warmup=warmup)
        results.append(_result(f"subtree counts, {unit.name}", orm_stats, raw_stats, COUNTS_GOAL_MS,
                               counted["people"]))
    return results


def bench_units() -> list[Any]:
    """The province (whole tree) and its largest commune."""
    from django.db.models import Count

    from neuguong.orgs.models import Unit

    root = Unit.objects.get(depth=0)
    biggest = (Unit.objects.filter(parent=root, name__startswith="Đảng bộ xã")
               .annotate(n=Count("children")).order_by("-n", "pk").first())
    return [root, biggest]


def run_all(*, url: str, iterations: int, warmup: int) -> dict[str, Any]:
    from neuguong.accounts.models import User

    user = User.objects.get(username="quantri")
    with _raw_connection(url) as raw:
        search = search_cases(user, raw, iterations=iterations, warmup=warmup)
        counts = counts_cases(user, raw, bench_units(), iterations=iterations, warmup=warmup)
    return {"in_process": search + counts, "user": f"{user.username} (system_admin on the province)",
            "notes": NOTES}


def dataset() -> dict[str, Any]:
    from django.db import connection

    from neuguong.orgs.models import Membership, Person, Post, Unit

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return {"units": Unit.objects.count(), "people": Person.objects.count(),
            "memberships": Membership.objects.count(), "posts": Post.objects.count(),
            "postgresql": version}
