"""``make bench-inspection`` (also run by ``make bench``): five years of a province's inspection
records — 30,000 inspection and supervision cases and 4,000 discipline decisions over 2021–2025, in
a province of 30 communes with 10 party cells of 20 members each — and the statistics in lượt.

Two kinds of case, in one run:

* the selector ``inspection.selectors.statistics`` (by type and subject kind, by form, and per child
  unit's subtree, with the catalogue's names and the child units, as the page computes them) for
  the province over the term 2021–2025 and for one commune over 2025, against the same work written
  as raw SQL, alternated. Goal: p95 < 100 ms and within 1.5× of raw SQL;
* the statistics page and the API through a real gunicorn server (DEBUG off, the psycopg pool on),
  one client, sequential requests, logged in as the province's inspector. Goal: p95 < 100 ms.

Uses its own PostgreSQL database (``neuguong_bench_inspection``, or ``--database``), created, migrated
and filled when missing or of another size, and writes ``bench/results/inspection-<date>.{json,md}``.
"""

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
sys.path[:0] = [str(BENCH_DIR), str(PROJECT_DIR / "src")]

import http_bench  # noqa: E402
import psycopg  # noqa: E402
import timing  # noqa: E402
from psycopg import sql  # noqa: E402
from study_meetings import _copy, _libpq, bench_url  # noqa: E402

BENCH_DB = "neuguong_bench_inspection"
COMMUNES, CELLS_PER_COMMUNE, MEMBERS_PER_CELL = 30, 10, 20
CASES, DECISIONS = 30_000, 4_000
FIRST_YEAR, LAST_YEAR = 2021, 2025
GOAL_P95_MS, GOAL_RATIO = 100.0, 1.5
USERNAME, PASSWORD = "bench_kiemtra", "Bench-Kiem-Tra-2026!"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Thanh", "Ngọc"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Lan", "Mai", "Nam", "Tâm", "Hoa", "Sơn"]

# The same two grouped queries as the selector (cases by type and body, decisions by form and body),
# folded into the three tables the same way.
RAW_CASES = """
SELECT t.code, u.path, COUNT(*) FILTER (WHERE c.subject_unit_id IS NOT NULL),
       COUNT(*) FILTER (WHERE c.subject_person_id IS NOT NULL),
       COUNT(*) FILTER (WHERE c.status = 'concluded'), COUNT(*) FILTER (WHERE c.violation_found)
  FROM inspection_case c JOIN orgs_unit u ON u.id = c.unit_id JOIN catalogues_oversighttype t ON t.id = c.type_id
 WHERE u.path LIKE %(scope)s AND u.path LIKE %(unit)s AND c.planned_start BETWEEN %(first)s AND %(last)s
 GROUP BY t.code, u.path
"""
RAW_DECISIONS = """
SELECT COALESCE(cf.code, f.code), u.path, COUNT(*)
  FROM inspection_disciplinedecision d JOIN orgs_unit u ON u.id = d.unit_id
  JOIN catalogues_disciplineform f ON f.id = d.form_id
  LEFT JOIN catalogues_disciplineform cf ON cf.id = d.changed_form_id
 WHERE u.path LIKE %(scope)s AND u.path LIKE %(unit)s AND d.decided_on BETWEEN %(first)s AND %(last)s
 GROUP BY 1, 2
"""
RAW_NAMES = [
    "SELECT code, name, name_en, kind FROM catalogues_oversighttype ORDER BY position, code",
    "SELECT code, name, name_en, subject FROM catalogues_disciplineform ORDER BY position, code",
    "SELECT id, name, path FROM orgs_unit WHERE path LIKE %(unit)s AND depth = %(depth)s ORDER BY path",
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", default=BENCH_DB, help="The bench database's name on the server.")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--iterations", type=int, default=300, help="Timed iterations (at least 200).")
    parser.add_argument("--warmup", type=int, default=30, help="Untimed iterations before each case.")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers for the HTTP cases.")
    parser.add_argument("--regenerate", action="store_true", help="Drop and rebuild the bench database.")
    return parser.parse_args()


def counts(url: str) -> tuple[int, int] | None:
    with psycopg.connect(_libpq(url)) as conn:
        if conn.execute("SELECT to_regclass('inspection_case')").fetchone()[0] is None:
            return None
        return (conn.execute("SELECT count(*) FROM inspection_case").fetchone()[0],
                conn.execute("SELECT count(*) FROM inspection_disciplinedecision").fetchone()[0])


def prepare_database(url: str, database: str, *, regenerate: bool) -> str:
    with psycopg.connect(_libpq(url, "postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if exists and not regenerate and counts(url) == (CASES, DECISIONS):
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


# --- Five years of a province's records ------------------------------------------------------


def _day(rng: random.Random, year: int) -> dt.date:
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))


def build(seed: int) -> None:
    """The province, its communes and cells through the units service, the catalogues loaded; the
    members, cases, violations and decisions COPYed in; the province's inspector, who reads them."""
    from django.db import connection
    from django.utils import timezone

    from neuguong.accounts.models import RoleGrant, User
    from neuguong.accounts.permissions import Role
    from neuguong.catalogues import services as catalogue_services
    from neuguong.catalogues.models import DisciplineForm, OversightKind, OversightType
    from neuguong.core.actors import SYSTEM
    from neuguong.core.text import name_sort_key, search_key, split_full_name
    from neuguong.inspection.models import Case, DisciplineDecision, Violation
    from neuguong.orgs.models import Membership, Person, UnitKind
    from neuguong.orgs.services import unit_create

    rng = random.Random(seed)
    catalogue_services.catalogues_load(acting_user=SYSTEM)

    def unit(name: str, kind: str, parent=None):
        return unit_create(name=name, kind=kind, parent_id=parent.pk if parent else None, acting_user=SYSTEM)

    province = unit("Tỉnh ủy Bench", UnitKind.PROVINCE_COMMITTEE)
    communes, cells_of = [], {}
    for c in range(COMMUNES):
        commune = unit(f"Đảng bộ xã số {c + 1}", UnitKind.SUBORDINATE_COMMITTEE, province)
        communes.append(commune)
        cells_of[commune.pk] = [unit(f"Chi bộ thôn {c + 1}.{k + 1}", UnitKind.CELL, commune)
                                for k in range(CELLS_PER_COMMUNE)]
    now = timezone.now()
    people, cell_ids = [], []
    for commune in communes:
        for cell in cells_of[commune.pk]:
            for _n in range(MEMBERS_PER_CELL):
                name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                family, given = split_full_name(name)
                people.append({"full_name": name, "family_name": family, "given_name": given,
                               "search_name": search_key(name), "sort_key": name_sort_key(name), "gender": "male",
                               "unit_id": cell.pk, "created_at": now, "updated_at": now})
                cell_ids.append(cell.pk)
    person_ids = _copy(Person, people)
    _copy(Membership, [{"person_id": pid, "cell_id": cell_id, "joined_on": dt.date(2010, 1, 1), "status": "full"}
                       for pid, cell_id in zip(person_ids, cell_ids, strict=True)])
    members_of: dict[int, list[int]] = {}
    for pid, cell_id in zip(person_ids, cell_ids, strict=True):
        members_of.setdefault(cell_id, []).append(pid)
    types = list(OversightType.objects.filter(kind__in=(OversightKind.INSPECTION, OversightKind.SUPERVISION)))
    methods = list(OversightType.objects.filter(kind=OversightKind.SUPERVISION_METHOD))
    today = timezone.localdate()

    def subject(body_pk: int) -> tuple[int | None, int | None]:
        """A party organisation or a member under the body (a commune, or the province)."""
        commune_pk = body_pk if body_pk != province.pk else rng.choice(communes).pk
        cell = rng.choice(cells_of[commune_pk])
        if rng.random() < 0.45:
            return (cell.pk if rng.random() < 0.8 else commune_pk), None
        return None, rng.choice(members_of[cell.pk])

    cases = []
    for number in range(CASES):
        year = FIRST_YEAR + number % (LAST_YEAR - FIRST_YEAR + 1)
        body = province.pk if rng.random() < 0.2 else rng.choice(communes).pk
        kind = rng.choice(types)
        subject_unit, subject_person = subject(body)
        start = _day(rng, year)
        row = {"unit_id": body, "type_id": kind.pk, "subject_unit_id": subject_unit,
               "subject_person_id": subject_person,
               "method_id": rng.choice(methods).pk if kind.kind == OversightKind.SUPERVISION else None,
               "title": f"{kind.name} số {number + 1}", "planned_start": start,
               "planned_end": start + dt.timedelta(days=30), "status": "planned", "created_at": now,
               "violation_found": None}
        draw = rng.random()
        if start + dt.timedelta(days=60) < today and draw < 0.9 or draw < 0.3:
            row.update(status="in_progress", decision_number=f"{number + 1}-QĐ/UBKT", decision_date=start,
                       team="Đoàn kiểm tra", starts_on=start, ends_on=start + dt.timedelta(days=30))
            if start + dt.timedelta(days=45) < today and rng.random() < 0.9:
                found = rng.random() < 0.25
                row.update(status="concluded", violation_found=found, rules_breached="Điều 8" if found else "",
                           conclusion="Kết luận kiểm tra", concluded_on=start + dt.timedelta(days=30))
        cases.append(row)
    _copy(Case, cases)
    forms = {subject_kind: list(DisciplineForm.objects.filter(subject=subject_kind).exclude(code__endswith="dismissal"))
             for subject_kind in ("party_organisation", "full_member")}
    violations, decisions = [], []
    for number in range(DECISIONS):
        year = FIRST_YEAR + number % (LAST_YEAR - FIRST_YEAR + 1)
        body = province.pk if rng.random() < 0.3 else rng.choice(communes).pk
        subject_unit, subject_person = subject(body)
        if subject_unit is not None and rng.random() < 0.9:  # discipline falls mostly on members
            subject_unit, subject_person = None, rng.choice(person_ids)
            commune_pk = body if body != province.pk else None
            if commune_pk is not None:
                subject_person = rng.choice(members_of[rng.choice(cells_of[commune_pk]).pk])
        decided_on = _day(rng, year)
        violations.append({"unit_id": body, "subject_unit_id": subject_unit, "subject_person_id": subject_person,
                           "occurred_on": decided_on - dt.timedelta(days=90), "description": "Vi phạm (bench)",
                           "created_at": now})
        kind = "party_organisation" if subject_unit is not None else "full_member"
        decisions.append({"unit_id": body, "subject_kind": kind, "form_id": rng.choice(forms[kind]).pk,
                          "changed_form_id": None, "number": f"{number + 1}-QĐ/UBKT", "decided_on": decided_on,
                          "effective_on": decided_on, "notified_on": decided_on + dt.timedelta(days=3),
                          "grounds": "Căn cứ kết luận kiểm tra", "status": "in_force", "created_at": now})
    violation_ids = _copy(Violation, violations)
    _copy(DisciplineDecision, [{**row, "violation_id": vid} for row, vid in zip(decisions, violation_ids,
                                                                                strict=True)])
    user = User.objects.create(username=USERNAME)
    user.set_password(PASSWORD)
    user.save()
    RoleGrant.objects.create(user=user, role=Role.INSPECTION_STAFF, unit=province)
    with connection.cursor() as cursor:
        for table in ("inspection_case", "inspection_violation", "inspection_disciplinedecision", "orgs_unit",
                      "orgs_person", "orgs_membership"):
            cursor.execute(f"VACUUM ANALYZE {table}")


# --- The cases -------------------------------------------------------------------------------


def _units():
    from neuguong.orgs.models import Unit

    province = Unit.objects.get(depth=0, name="Tỉnh ủy Bench")
    commune = Unit.objects.get(parent=province, name="Đảng bộ xã số 7")
    return province, commune


def selector_cases(iterations: int, warmup: int) -> list[dict]:
    from django.db import connection

    from neuguong.accounts.models import User
    from neuguong.inspection import selectors

    user = User.objects.get(username=USERNAME)
    province, commune = _units()
    planned = [("statistics · province · term 2021–2025", province, selectors.period_of("term", 2025)),
               ("statistics · one commune · year 2025", commune, selectors.period_of("year", 2025))]
    results = []
    for label, unit, period in planned:
        params = {"scope": province.path + "%", "unit": unit.path + "%", "first": period.first, "last": period.last,
                  "depth": unit.depth + 1}

        def orm(unit=unit, period=period):
            return selectors.statistics(user, period=period, unit=unit, by_child=True)

        def raw(params=params, unit=unit):
            """The five queries, folded: by type, by form, and per child (the path's part below the unit)."""
            with connection.cursor() as cursor:
                found = []
                for statement in (RAW_CASES, RAW_DECISIONS, *RAW_NAMES):
                    cursor.execute(statement, params)
                    found.append(cursor.fetchall())
            types = {code: kind for code, _name, _en, kind in found[2]}
            by_type: dict[str, list[int]] = {}
            by_form: dict[str, int] = {}
            by_child: dict[str, list[int]] = {str(pk): [0, 0, 0, 0] for pk, _name, _path in found[4]}
            own = [0, 0, 0, 0]
            for code, path, organisations, members, concluded, violations in found[0]:
                row = by_type.setdefault(code, [0, 0, 0, 0])
                for index, value in enumerate((organisations, members, concluded, violations)):
                    row[index] += value
                child = by_child.get(path[len(unit.path):].split("/", 1)[0], own)
                child[0 if types[code] == "inspection" else 1] += organisations + members
                child[2] += concluded
            for code, path, n in found[1]:
                by_form[code] = by_form.get(code, 0) + n
                by_child.get(path[len(unit.path):].split("/", 1)[0], own)[3] += n
            by_child[""] = own
            return by_type, by_form, by_child

        figures, (by_type, by_form, by_child) = orm(), raw()
        assert all(tuple(by_type.get(row.code, (0, 0, 0, 0))) == (row.organisations, row.members, row.concluded,
                                                                  row.violations) for row in figures.cases), "cases"
        assert all(by_form.get(row.code, 0) == row.decisions for row in figures.forms), "forms differ"
        assert all(tuple(by_child["" if row.own else str(row.unit.pk)]) == (
            row.inspections, row.supervisions, row.concluded, row.decisions) for row in figures.units), "units"
        orm_stats, raw_stats = timing.compare(orm, raw, iterations=iterations, warmup=warmup)
        total = sum(row.total for row in figures.cases)
        results.append({
            "case": label, "cases": total, "decisions": sum(row.decisions for row in figures.forms),
            "orm": orm_stats.as_dict(), "raw": raw_stats.as_dict(),
            "ratio_median": round(orm_stats.median_ms / raw_stats.median_ms, 2),
            "ratio_p95": round(orm_stats.p95_ms / raw_stats.p95_ms, 2),
            "meets_goal": orm_stats.p95_ms < GOAL_P95_MS and orm_stats.p95_ms / raw_stats.p95_ms <= GOAL_RATIO,
        })
    return results


def http_cases(url: str, iterations: int, warmup: int, workers: int) -> list[dict]:
    province, commune = _units()
    routes = [
        ("GET /inspection/statistics/ · province · term (session, HTML)", "session",
         "/inspection/statistics/?" + urlencode({"period": "term", "year": 2025, "unit": province.pk})),
        ("GET /inspection/statistics/ · one commune · year (session, HTML)", "session",
         "/inspection/statistics/?" + urlencode({"period": "year", "year": 2025, "unit": commune.pk})),
        ("GET /api/v1/inspection-statistics · province · term (bearer)", "bearer",
         "/api/v1/inspection-statistics?" + urlencode({"period": "term", "year": 2025, "unit_id": province.pk})),
    ]
    measured = []
    with tempfile.TemporaryDirectory() as var_dir:
        process, port = http_bench.start_server(url=url, var_dir=Path(var_dir), workers=workers)
        try:
            http_bench.USERNAME = USERNAME
            clients = {"session": http_bench.session_client(port, PASSWORD),
                       "bearer": http_bench.bearer_client(port, PASSWORD)}
            for label, kind, path in routes:
                client = clients[kind]
                status, _body = client.request("GET", path)
                if status != 200:
                    raise RuntimeError(f"{label} answered {status}")
                stats = timing.measure(lambda c=client, p=path: c.request("GET", p), iterations=iterations,
                                       warmup=warmup)
                measured.append({"route": label, "stats": stats.as_dict(), "meets_goal": stats.p95_ms < GOAL_P95_MS})
        finally:
            http_bench.stop_server(process)
    return measured


def tables(results: dict) -> str:
    lines = ["| case | cases | decisions | ORM median ms | ORM p95 ms | raw median ms | raw p95 ms | ratio median | "
             "ratio p95 | goal |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |"]
    for case in results["selector"]:
        lines.append(f"| {case['case']} | {case['cases']:,} | {case['decisions']:,} | {case['orm']['median_ms']:.2f} | "
                     f"{case['orm']['p95_ms']:.2f} | {case['raw']['median_ms']:.2f} | {case['raw']['p95_ms']:.2f} | "
                     f"{case['ratio_median']:.2f} | {case['ratio_p95']:.2f} | {'✓' if case['meets_goal'] else '✗'} |")
    lines += ["", "| HTTP route | median ms | p95 ms | goal |", "| --- | ---: | ---: | :---: |"]
    for route in results["http"]:
        lines.append(f"| {route['route']} | {route['stats']['median_ms']:.2f} | {route['stats']['p95_ms']:.2f} | "
                     f"{'✓' if route['meets_goal'] else '✗'} |")
    return "\n".join(lines)


def write(results: dict) -> list[Path]:
    out = BENCH_DIR / "results"
    out.mkdir(exist_ok=True)
    stem = out / f"inspection-{results['date']}"
    json_path, md_path = stem.with_suffix(".json"), stem.with_suffix(".md")
    json_path.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    md = [f"# Inspection statistics benchmark, {results['date']}", "",
          f"`{results['command']}` on {results['postgresql']}: a province of {COMMUNES} communes with "
          f"{CELLS_PER_COMMUNE} party cells of {MEMBERS_PER_CELL} members each; {CASES:,} inspection and supervision "
          f"cases and {DECISIONS:,} discipline decisions over {FIRST_YEAR}–{LAST_YEAR}. The selector "
          "`neuguong.inspection.selectors.statistics` (by type and subject kind, by form, per child unit's subtree, "
          "with the catalogue's names and the child units: what the page computes), as the province's inspector, "
          f"against the same work as raw SQL, alternated, {results['iterations']} iterations after "
          f"{results['warmup']} warm-up rounds; then the page and the API through gunicorn ({results['workers']} "
          "sync workers, DEBUG off, psycopg pool on; one client, sequential requests, a new connection each). "
          f"Goal: p95 < {GOAL_P95_MS:.0f} ms, and the selector within {GOAL_RATIO}× of raw SQL. Machine load "
          f"before/after: {results['load']}.", "", tables(results), ""]
    md_path.write_text("\n".join(md), encoding="utf-8")
    return [json_path, md_path]


def main() -> int:
    args = parse_args()
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
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    iterations = max(args.iterations, 200)
    load_before = os.getloadavg()
    selector = selector_cases(iterations, args.warmup)
    http = http_cases(url, iterations, args.warmup, args.workers)
    results = {"date": dt.date.today().isoformat(), "command": "make bench-inspection", "iterations": iterations,
               "warmup": args.warmup, "workers": args.workers, "postgresql": version, "selector": selector,
               "http": http, "load": " / ".join(f"{x:.2f}" for x in (*load_before, *os.getloadavg()))}
    paths = write(results)
    print(tables(results))
    print("Written: " + ", ".join(str(path.relative_to(PROJECT_DIR)) for path in paths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
