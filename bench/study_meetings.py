"""``make bench-study-meetings`` (also run by ``make bench``): the province's attendance roll-up
for a year of monthly meetings in 1,000 party cells (20 members each: 12,000 meetings, 240,000
attendance rows), through the real selector ``study.selectors.attendance_by_cell`` against the same
query written as raw SQL. Goal: p95 < 100 ms and within 1.5× of raw SQL. The roll-up sums the
meetings' attendance counts (kept by the services beside the rows), so it reads 12,000 rows.

Uses its own PostgreSQL database (``neuguong_bench_meetings``, or ``--database``), created, migrated
and filled when missing or of another size, and writes
``bench/results/study-meetings-<date>.{json,md}``.
"""

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
sys.path[:0] = [str(BENCH_DIR), str(PROJECT_DIR / "src")]

import psycopg  # noqa: E402
import timing  # noqa: E402
from psycopg import sql  # noqa: E402

BENCH_DB = "neuguong_bench_meetings"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/neuguong"
COMMUNES, CELLS_PER_COMMUNE, MEMBERS_PER_CELL, MONTHS = 50, 20, 20, 12
GOAL_P95_MS, GOAL_RATIO = 100.0, 1.5
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Thanh", "Ngọc"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Lan", "Mai", "Nam", "Tâm", "Hoa", "Sơn"]

RAW_ROLLUP = """
SELECT m.cell_id, u.name, u.path, COUNT(*), SUM(m.present_count), SUM(m.excused_count), SUM(m.absent_count)
  FROM study_meeting m
  JOIN orgs_unit u ON u.id = m.cell_id
 WHERE m.status IN ('held', 'approved') AND m.starts_at >= %s AND m.starts_at < %s AND u.path LIKE %s
 GROUP BY m.cell_id, u.name, u.path
 ORDER BY u.path
"""

def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", default=BENCH_DB, help="The bench database's name on the server.")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--iterations", type=int, default=300, help="Timed iterations (at least 200).")
    parser.add_argument("--warmup", type=int, default=30, help="Untimed iterations before the case.")
    parser.add_argument("--regenerate", action="store_true", help="Drop and rebuild the bench database.")
    return parser.parse_args()


def bench_url(database: str) -> str:
    url = os.environ.get("NEUGUONG_DATABASE_URL") or os.environ.get("DATABASE_URL") or DEFAULT_URL
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit(f"The benchmark needs PostgreSQL, not {parts.scheme or url!r}.")
    return urlunsplit(parts._replace(path=f"/{database}"))


def _libpq(url: str, database: str | None = None) -> str:
    if database:
        url = urlunsplit(urlsplit(url)._replace(path=f"/{database}"))
    return url.replace("postgres://", "postgresql://", 1)


def attendance_count(url: str) -> int | None:
    with psycopg.connect(_libpq(url)) as conn:
        if conn.execute("SELECT to_regclass('study_attendance')").fetchone()[0] is None:
            return None
        return conn.execute("SELECT count(*) FROM study_attendance").fetchone()[0]


def prepare_database(url: str, database: str, *, regenerate: bool) -> str:
    expected = COMMUNES * CELLS_PER_COMMUNE * MEMBERS_PER_CELL * MONTHS
    with psycopg.connect(_libpq(url, "postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if exists and not regenerate and attendance_count(url) == expected:
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


# --- The province and its meetings -----------------------------------------------------------


def _defaults(model) -> dict:
    """A value for every column: NULL where allowed, else the field's empty value."""
    from django.db import models

    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.null:
            values[field.column] = None
        elif isinstance(field, models.BooleanField):
            values[field.column] = False
        elif isinstance(field, models.IntegerField):
            values[field.column] = 0
        else:
            values[field.column] = ""
    return values


def _copy(model, rows: list[dict]) -> list[int]:
    """COPY ``rows`` into the model's table and return their new ids, in order."""
    from django.db import connection

    defaults = _defaults(model)
    columns = list(defaults)
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 (a model's table name)
        first = cursor.fetchone()[0] + 1
        statement = sql.SQL("COPY {} (id, {}) FROM STDIN").format(
            sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in columns))
        with cursor.cursor.copy(statement) as copy:
            for number, row in enumerate(rows):
                values = {**defaults, **row}
                copy.write_row([first + number, *(values[c] for c in columns)])
        cursor.execute(sql.SQL("SELECT setval(pg_get_serial_sequence({}, 'id'), {})").format(
            sql.Literal(table), sql.Literal(first + len(rows))).as_string(cursor.cursor.connection))
    return list(range(first, first + len(rows)))


def build(seed: int, year: int) -> None:
    """Province → communes → cells through the units service; the members, their meetings and
    attendance COPYed in; a provincial leader who reads them."""
    from django.db import connection
    from django.utils import timezone

    from neuguong.accounts.models import RoleGrant, User
    from neuguong.accounts.permissions import Role
    from neuguong.core.actors import SYSTEM
    from neuguong.core.text import name_sort_key, search_key, split_full_name
    from neuguong.orgs.models import Membership, Person, UnitKind
    from neuguong.orgs.services import unit_create
    from neuguong.study.models import Attendance, Meeting

    rng = random.Random(seed)

    def unit(name: str, kind: str, parent=None):
        return unit_create(name=name, kind=kind, parent_id=parent.pk if parent else None, acting_user=SYSTEM)

    province = unit("Tỉnh ủy Bench", UnitKind.PROVINCE_COMMITTEE)
    cells = []
    for c in range(COMMUNES):
        commune = unit(f"Đảng bộ xã số {c + 1}", UnitKind.SUBORDINATE_COMMITTEE, province)
        cells += [unit(f"Chi bộ thôn {c + 1}.{k + 1}", UnitKind.CELL, commune) for k in range(CELLS_PER_COMMUNE)]
    now = timezone.now()
    people, members = [], []
    for cell in cells:
        for _n in range(MEMBERS_PER_CELL):
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            family, given = split_full_name(name)
            people.append({"full_name": name, "family_name": family, "given_name": given,
                           "search_name": search_key(name), "sort_key": name_sort_key(name), "gender": "male",
                           "unit_id": cell.pk, "created_at": now, "updated_at": now})
            members.append(cell.pk)
    person_ids = _copy(Person, people)
    _copy(Membership, [{"person_id": pid, "cell_id": cell_id, "joined_on": dt.date(2010, 1, 1),
                        "status": "full"} for pid, cell_id in zip(person_ids, members, strict=True)])
    by_cell: dict[int, list[int]] = {}
    for pid, cell_id in zip(person_ids, members, strict=True):
        by_cell.setdefault(cell_id, []).append(pid)
    meetings, drawn = [], []
    for cell in cells:
        for month in range(1, MONTHS + 1):
            starts_at = timezone.make_aware(dt.datetime(year, month, rng.randint(3, 10), 8, 0))
            statuses = []
            for pid in by_cell[cell.pk]:
                draw = rng.random()
                statuses.append((pid, "present" if draw < 0.86 else "excused" if draw < 0.96 else "absent"))
            counts = {status: sum(1 for _p, s in statuses if s == status) for status in ("present", "excused",
                                                                                          "absent")}
            meetings.append({"cell_id": cell.pk, "kind": "regular", "starts_at": starts_at,
                             "place": f"Hội trường {cell.name}", "status": "approved",
                             "approved_on": starts_at.date() + dt.timedelta(days=3), "created_at": now,
                             "present_count": counts["present"], "excused_count": counts["excused"],
                             "absent_count": counts["absent"]})
            drawn.append(statuses)
    meeting_ids = _copy(Meeting, meetings)
    rows = [{"meeting_id": meeting_id, "person_id": pid, "status": status,
             "reason": "Đi công tác" if status == "excused" else ""}
            for meeting_id, statuses in zip(meeting_ids, drawn, strict=True) for pid, status in statuses]
    _copy(Attendance, rows)
    user = User.objects.create(username="bench_leader")
    RoleGrant.objects.create(user=user, role=Role.LEADER, unit=province)
    with connection.cursor() as cursor:
        for table in ("study_attendance", "study_meeting", "orgs_unit", "orgs_person", "orgs_membership"):
            cursor.execute(f"VACUUM ANALYZE {table}")


# --- The case --------------------------------------------------------------------------------


def run_case(year: int, iterations: int, warmup: int) -> dict:
    from django.db import connection

    from neuguong.accounts.models import User
    from neuguong.orgs.models import Unit
    from neuguong.study import selectors
    from neuguong.study.selectors.meetings import attendance_by_cell_query, year_bounds

    user = User.objects.get(username="bench_leader")
    province = Unit.objects.get(depth=0, name="Tỉnh ủy Bench")
    start, end = year_bounds(year)

    def orm():
        return selectors.attendance_by_cell(user, year=year, unit=province)

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(RAW_ROLLUP, [start, end, province.path + "%"])
            return cursor.fetchall()

    rows, total = orm()
    raw_rows = raw()
    assert [(r.unit.pk, r.meetings, r.present, r.excused, r.absent) for r in rows] == [
        (r[0], r[3], r[4], r[5], r[6]) for r in raw_rows], "the selector and the raw SQL differ"
    orm_stats, raw_stats = timing.compare(orm, raw, iterations=iterations, warmup=warmup)
    plan = attendance_by_cell_query(user, year=year, unit=province).explain(analyze=True)
    return {
        "case": "attendance roll-up · province · year", "cells": len(rows), "meetings": total.meetings,
        "attendance": total.invited, "orm": orm_stats.as_dict(), "raw": raw_stats.as_dict(),
        "ratio_median": round(orm_stats.median_ms / raw_stats.median_ms, 2),
        "ratio_p95": round(orm_stats.p95_ms / raw_stats.p95_ms, 2),
        "meets_goal": orm_stats.p95_ms < GOAL_P95_MS and orm_stats.p95_ms / raw_stats.p95_ms <= GOAL_RATIO,
        "plan": plan,
    }


def table(results: dict) -> str:
    lines = ["| case | cells | attendance rows | ORM median ms | ORM p95 ms | raw median ms | raw p95 ms | "
             "ratio median | ratio p95 | goal |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |"]
    for case in results["cases"]:
        lines.append(f"| {case['case']} | {case['cells']:,} | {case['attendance']:,} | "
                     f"{case['orm']['median_ms']:.2f} | {case['orm']['p95_ms']:.2f} | {case['raw']['median_ms']:.2f} | "
                     f"{case['raw']['p95_ms']:.2f} | {case['ratio_median']:.2f} | {case['ratio_p95']:.2f} | "
                     f"{'✓' if case['meets_goal'] else '✗'} |")
    return "\n".join(lines)


def write(results: dict) -> list[Path]:
    out = BENCH_DIR / "results"
    out.mkdir(exist_ok=True)
    stem = out / f"study-meetings-{results['date']}"
    json_path, md_path = stem.with_suffix(".json"), stem.with_suffix(".md")
    json_path.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    md = [f"# Cell meetings benchmark, {results['date']}", "",
          f"`{results['command']}` on {results['postgresql']}: {COMMUNES * CELLS_PER_COMMUNE:,} party cells of "
          f"{MEMBERS_PER_CELL} members, a regular meeting a month in {results['year']}. The province's attendance "
          "roll-up (`neuguong.study.selectors.attendance_by_cell`, rows per cell materialised, as a provincial "
          f"leader) against the same query as raw SQL, alternated, {results['iterations']} iterations after "
          f"{results['warmup']} warm-up rounds. Goal: p95 < {GOAL_P95_MS:.0f} ms and within {GOAL_RATIO}× of raw "
          f"SQL. Machine load before/after: {results['load']}.", "", table(results), "",
          "Plan of the ORM query (`EXPLAIN ANALYZE`):", "", "```", results["cases"][0]["plan"], "```", ""]
    md_path.write_text("\n".join(md), encoding="utf-8")
    return [json_path, md_path]


def main() -> int:
    args = parse_args()
    url = bench_url(args.database)
    year = dt.date.today().year - 1
    state = prepare_database(url, args.database, regenerate=args.regenerate)
    setup_django(url)
    if state == "created":
        from django.core.management import call_command

        started = time.monotonic()
        call_command("migrate", verbosity=0, interactive=False)
        build(args.seed, year)
        print(f"Bench database {args.database} built in {time.monotonic() - started:.0f} s")
    else:
        print(f"Bench database {args.database} reused")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    iterations = max(args.iterations, 200)
    load_before = os.getloadavg()
    cases = [run_case(year, iterations, args.warmup)]
    results = {"date": dt.date.today().isoformat(), "command": "make bench-study-meetings", "year": year,
               "iterations": iterations, "warmup": args.warmup, "postgresql": version, "cases": cases,
               "load": " / ".join(f"{x:.2f}" for x in (*load_before, *os.getloadavg()))}
    paths = write(results)
    print(table(results))
    print("Written: " + ", ".join(str(path.relative_to(PROJECT_DIR)) for path in paths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
