"""``make bench-reception`` (also run by ``make bench``): the overdue and due-soon petition lists
with 200,000 petitions in a province, through the real selectors against the same query as raw SQL.

Uses its own PostgreSQL database ``neuguong_bench_reception`` (created, migrated and filled when
missing or of another size) and writes ``bench/results/reception-<date>.{json,md}``.
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

BENCH_DB = "neuguong_bench_reception"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/neuguong"
PAGE = 50
DISTRICTS, COMMUNES_PER_DISTRICT, CELLS_PER_COMMUNE = 12, 15, 3
GOAL_P95_MS, GOAL_RATIO = 100.0, 1.5
KIND_WEIGHTS = {"complaint": 35, "denunciation": 15, "proposal": 30, "feedback": 20}
CLOSED_WEIGHTS = {"resolved": 60, "returned": 10, "forwarded": 15, "filed": 10, "withdrawn": 5}
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Thanh", "Ngọc"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Lan", "Mai", "Nam", "Tâm", "Hoa", "Sơn"]
SUBJECTS = ["Tranh chấp đất đai", "Thu hồi đất, bồi thường", "Ô nhiễm môi trường", "Chế độ chính sách",
            "Cán bộ nhũng nhiễu", "Đường giao thông xuống cấp", "Cấp giấy chứng nhận quyền sử dụng đất",
            "Trật tự xây dựng", "Nước sạch nông thôn", "Hỗ trợ hộ nghèo"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--petitions", type=int, default=200_000, help="Petitions in the bench province.")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--iterations", type=int, default=300, help="Timed iterations per case (at least 200).")
    parser.add_argument("--warmup", type=int, default=30, help="Untimed iterations before each case.")
    parser.add_argument("--regenerate", action="store_true", help="Drop and rebuild the bench database.")
    return parser.parse_args()


# --- The database ----------------------------------------------------------------------------


def bench_url() -> str:
    url = os.environ.get("NEUGUONG_DATABASE_URL") or os.environ.get("DATABASE_URL") or DEFAULT_URL
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit(f"The benchmark needs PostgreSQL, not {parts.scheme or url!r}.")
    return urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


def _libpq(url: str, database: str | None = None) -> str:
    if database:
        url = urlunsplit(urlsplit(url)._replace(path=f"/{database}"))
    return url.replace("postgres://", "postgresql://", 1)


def petition_count(url: str) -> int | None:
    with psycopg.connect(_libpq(url)) as conn:
        if conn.execute("SELECT to_regclass('reception_petition')").fetchone()[0] is None:
            return None
        return conn.execute("SELECT count(*) FROM reception_petition").fetchone()[0]


def prepare_database(url: str, *, petitions: int, regenerate: bool) -> str:
    """Keep a bench database of the right size, or start a new one; say which."""
    with psycopg.connect(_libpq(url, "postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone()
        if exists and not regenerate and petition_count(url) == petitions:
            return "reused"
        if exists:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(BENCH_DB)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(BENCH_DB)))
    return "created"


def setup_django(url: str) -> None:
    os.environ["NEUGUONG_DATABASE_URL"] = url
    os.environ["NEUGUONG_DB_POOL"] = "0"
    os.environ.setdefault("NEUGUONG_DEBUG", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "neuguong.settings")
    import django

    django.setup()


# --- The province and its petitions ----------------------------------------------------------


def build_province() -> dict:
    """Province → districts → communes → cells through the units service, two reception officers
    (one on the province, one on a commune) and the catalogues."""
    from neuguong.accounts.models import RoleGrant, User
    from neuguong.accounts.permissions import Role
    from neuguong.catalogues.services import catalogues_load
    from neuguong.core.actors import SYSTEM
    from neuguong.orgs.models import UnitKind
    from neuguong.orgs.services import unit_create

    catalogues_load(acting_user=SYSTEM)

    def unit(name: str, kind: str, parent=None):
        return unit_create(name=name, kind=kind, parent_id=parent.pk if parent else None, acting_user=SYSTEM)

    province = unit("Tỉnh ủy Bench", UnitKind.PROVINCE_COMMITTEE)
    districts, communes = [], []
    for d in range(DISTRICTS):
        district = unit(f"Huyện ủy số {d + 1}", UnitKind.SUBORDINATE_COMMITTEE, province)
        districts.append(district)
        for c in range(COMMUNES_PER_DISTRICT):
            commune = unit(f"Đảng ủy xã {d + 1}.{c + 1}", UnitKind.GRASSROOTS, district)
            communes.append(commune)
            for k in range(CELLS_PER_COMMUNE):
                unit(f"Chi bộ thôn {d + 1}.{c + 1}.{k + 1}", UnitKind.CELL, commune)
    for username, grant_unit in (("bench_province", province), ("bench_commune", communes[0])):
        user = User.objects.create(username=username)
        RoleGrant.objects.create(user=user, role=Role.RECEPTION_STAFF, unit=grant_unit)
    return {"province": province, "districts": districts, "communes": communes}


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


class PetitionMaker:
    """Rows of petitions spread over three years: recent ones mostly open, older ones closed."""

    def __init__(self, rng: random.Random, units: dict, today: dt.date):
        from neuguong.catalogues.models import PetitionKind
        from neuguong.reception.services.deadlines import STAGE_EVENTS, rules_for

        self.rng, self.today = rng, today
        self.kinds = {kind.code: kind for kind in PetitionKind.objects.all()}
        # A kind without a resolution period (proposal, feedback) keeps the one from receipt.
        self.rules = {code: {stage: (rules_for(kind, event) or rules_for(kind, "received"))[0]
                             for stage, event in STAGE_EVENTS.items()}
                      for code, kind in self.kinds.items()}
        # Petitions go to communes (60 %), districts (30 %) and the province (10 %).
        self.targets = [(units["communes"], 60), (units["districts"], 30), ([units["province"]], 10)]
        self.now = dt.datetime.now(dt.UTC)

    def _unit(self):
        group = self.rng.choices([g for g, _w in self.targets], [w for _g, w in self.targets])[0]
        return self.rng.choice(group)

    def _open(self, age: int) -> bool:
        share = 0.8 if age < 30 else 0.3 if age < 180 else 0.03
        return self.rng.random() < share

    def row(self, number: int) -> dict:
        from neuguong.core.text import search_key
        from neuguong.reception.services.deadlines import due_date

        rng = self.rng
        kind_code = rng.choices(list(KIND_WEIGHTS), list(KIND_WEIGHTS.values()))[0]
        unit = self._unit()
        age = rng.randint(0, 1095)
        received = self.today - dt.timedelta(days=age)
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        address = f"Thôn {rng.randint(1, 30)}, {unit.name}"
        subject = rng.choice(SUBJECTS)
        content = f"{subject}: đề nghị xem xét giải quyết vụ việc số {number} của gia đình tại {address}."
        values = {
            "tracking_code": f"{number // 100000:05d}-{number % 100000:05d}", "unit_id": unit.pk,
            "received_unit_id": unit.pk, "kind_id": self.kinds[kind_code].pk,
            "protected_identity": kind_code == "denunciation",
            "channel": rng.choice(["session", "post", "forwarded", "online"]), "subject": subject,
            "content": content, "content_key": search_key(f"{subject} {content}"), "petitioner_name": name,
            "petitioner_address": address, "petitioner_phone": f"09{rng.randint(10000000, 99999999)}",
            "person_key": f"{search_key(name)}|{search_key(address)}", "group_size": 1, "received_on": received,
            "created_at": self.now, "updated_at": self.now,
        }
        stage = "accepted" if age > 10 and rng.random() < 0.6 else "received"
        rule = self.rules[kind_code][stage]
        accepted = received + dt.timedelta(days=min(age, 5))
        start = accepted if stage == "accepted" and rule.from_event == "accepted" else received
        values.update(deadline_rule_id=rule.pk, deadline_start=start, due_on=due_date(rule, start))
        if stage == "accepted":
            values["accepted_on"] = accepted
        if self._open(age):
            values["status"] = stage
        else:
            status = rng.choices(list(CLOSED_WEIGHTS), list(CLOSED_WEIGHTS.values()))[0]
            closed = min(self.today, received + dt.timedelta(days=rng.randint(3, 60)))
            values.update(status=status, closed_on=max(closed, start), closed_late=closed > values["due_on"])
            if status == "resolved" and stage == "received":
                values["accepted_on"] = received
        return values


COPY_BATCH = 20_000


def load_petitions(count: int, seed: int, units: dict) -> None:
    """COPY the petitions in by batches, then VACUUM ANALYZE. Each batch is made before its COPY
    starts: computing deadlines reads the calendar overrides, which needs the connection."""
    from django.db import connection
    from django.utils import timezone

    from neuguong.reception.models import Petition

    maker = PetitionMaker(random.Random(seed), units, timezone.localdate())
    defaults = _defaults(Petition)
    columns = list(defaults)
    statement = sql.SQL("COPY reception_petition ({}) FROM STDIN").format(
        sql.SQL(", ").join(sql.Identifier(c) for c in columns))
    for first in range(0, count, COPY_BATCH):
        rows = [{**defaults, **maker.row(number)} for number in range(first, min(first + COPY_BATCH, count))]
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE reception_petition")
        cursor.execute("ANALYZE orgs_unit")


# --- The cases -------------------------------------------------------------------------------


RAW_FROM = """
  FROM reception_petition p
  JOIN orgs_unit u ON u.id = p.unit_id
{joins}
 WHERE u.path LIKE %s AND p.status IN ('received', 'accepted') AND {condition}
"""
RAW_JOINS = """  JOIN catalogues_petitionkind k ON k.id = p.kind_id
  LEFT JOIN accounts_user a ON a.id = p.assigned_to_id"""


def raw_statements(condition: str) -> tuple[str, str]:
    """The list's two queries written by hand: the rows of the first page (the columns the
    selectors load, ``LIST_FIELDS``, and the names of the unit, kind and officer) and the count."""
    from neuguong.reception.models import Petition
    from neuguong.reception.selectors import LIST_FIELDS

    columns = ["p.id"] + [f"p.{Petition._meta.get_field(name).column}" for name in LIST_FIELDS]
    rows = (f"SELECT {', '.join(columns)}, u.name, k.code, k.name, a.username"
            + RAW_FROM.format(joins=RAW_JOINS, condition=condition) + f" ORDER BY p.due_on, p.id LIMIT {PAGE}")
    count = "SELECT COUNT(*)" + RAW_FROM.format(joins="", condition=condition)
    return rows, count


def raw_fetch(statement: str, prefix: str, params: list) -> list:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, [prefix + "%", *params])
        return cursor.fetchall()


def explain(queryset) -> str:
    return queryset.explain(analyze=True)


def _compare(label: str, unit, orm, raw, iterations: int, warmup: int, matching: int, plan: str) -> dict:
    orm_stats, raw_stats = timing.compare(orm, raw, iterations=iterations, warmup=warmup)
    case = {
        "case": label, "unit": unit.name, "matching": matching, "orm": orm_stats.as_dict(),
        "raw": raw_stats.as_dict(), "ratio_p95": round(orm_stats.p95_ms / raw_stats.p95_ms, 2),
        "ratio_median": round(orm_stats.median_ms / raw_stats.median_ms, 2), "plan": plan,
    }
    print(f"{label:<32} ORM p95 {orm_stats.p95_ms:7.2f} ms   raw p95 {raw_stats.p95_ms:7.2f} ms")
    return case


def run_cases(iterations: int, warmup: int) -> list[dict]:
    """Each list for the province and for its busiest commune, as a province reception officer:
    the page as the list view builds it (the paginator's count and its first page) and the first
    page's rows alone, each against the same queries written by hand."""
    from django.core.paginator import Paginator
    from django.db.models import Count
    from django.utils import timezone

    from neuguong.accounts.models import User
    from neuguong.orgs.models import Unit
    from neuguong.reception import selectors
    from neuguong.reception.models import OPEN_STATUSES, Petition

    today = timezone.localdate()
    user = User.objects.get(username="bench_province")
    province = Unit.objects.get(depth=0, name="Tỉnh ủy Bench")
    busiest = (Petition.objects.filter(status__in=OPEN_STATUSES, unit__kind="grassroots")
               .values("unit_id").annotate(n=Count("pk")).order_by("-n").first())
    commune = Unit.objects.get(pk=busiest["unit_id"])
    horizon = selectors.due_soon_horizon(today)
    lists = (("overdue", selectors.petitions_overdue, "p.due_on < %s", [today]),
             ("due soon", selectors.petitions_due_soon, "p.due_on >= %s AND p.due_on <= %s", [today, horizon]))
    results = []
    for scope, unit in (("province", province), ("commune", commune)):
        for name, selector, condition, params in lists:
            rows_sql, count_sql = raw_statements(condition)

            def orm_page(selector=selector, unit=unit):
                page = Paginator(selector(user, unit=unit), PAGE).page(1)
                return list(page.object_list), page.paginator.count

            def raw_page(unit=unit, rows_sql=rows_sql, count_sql=count_sql, params=params):
                return raw_fetch(rows_sql, unit.path, params), raw_fetch(count_sql, unit.path, params)[0][0]

            def orm_rows(selector=selector, unit=unit):
                return list(selector(user, unit=unit)[:PAGE])

            def raw_rows(unit=unit, rows_sql=rows_sql, params=params):
                return raw_fetch(rows_sql, unit.path, params)

            objects, matching = orm_page()
            rows, counted = raw_page()
            assert ([p.pk for p in objects], matching) == ([r[0] for r in rows], counted), f"{name} {scope} differ"
            plan = explain(selector(user, unit=unit)[:PAGE])
            results.append(_compare(f"{name} · {scope} · page", unit, orm_page, raw_page, iterations, warmup,
                                    matching, plan))
            results.append(_compare(f"{name} · {scope} · rows only", unit, orm_rows, raw_rows, iterations, warmup,
                                    matching, plan))
    return results


def dataset() -> dict:
    from django.db import connection

    from neuguong.orgs.models import Unit
    from neuguong.reception.models import OPEN_STATUSES, Petition

    today = dt.date.today()
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    return {
        "petitions": Petition.objects.count(),
        "open": Petition.objects.filter(status__in=OPEN_STATUSES).count(),
        "overdue": Petition.objects.filter(status__in=OPEN_STATUSES, due_on__lt=today).count(),
        "units": Unit.objects.count(),
        "postgresql": version,
    }


# --- Report ----------------------------------------------------------------------------------


def verdict(case: dict) -> str:
    ok = case["orm"]["p95_ms"] < GOAL_P95_MS and case["ratio_p95"] <= GOAL_RATIO
    return "✓" if ok else "✗"


def table(results: dict) -> str:
    lines = ["| case | matching | ORM median ms | ORM p95 ms | raw median ms | raw p95 ms | ratio p95 | goal |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: |"]
    for case in results["cases"]:
        lines.append(f"| {case['case']} | {case['matching']:,} | {case['orm']['median_ms']:.2f} | "
                     f"{case['orm']['p95_ms']:.2f} | {case['raw']['median_ms']:.2f} | {case['raw']['p95_ms']:.2f} | "
                     f"{case['ratio_p95']:.2f} | {verdict(case)} |")
    return "\n".join(lines)


def write(results: dict) -> list[Path]:
    out = BENCH_DIR / "results"
    out.mkdir(exist_ok=True)
    stem = out / f"reception-{results['date']}"
    json_path, md_path = stem.with_suffix(".json"), stem.with_suffix(".md")
    json_path.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    data = results["dataset"]
    md = [
        f"# Reception benchmark, {results['date']}",
        "",
        f"`{results['command']}` on {data['postgresql']}: {data['petitions']:,} petitions in a province of "
        f"{data['units']:,} units ({data['open']:,} open, {data['overdue']:,} overdue). The first page "
        f"({PAGE} rows) of each list through `neuguong.reception.selectors` as a province reception officer, "
        f"against the same query as raw SQL, alternated, {results['iterations']} iterations after "
        f"{results['warmup']} warm-up rounds. Goal: p95 < {GOAL_P95_MS:.0f} ms and within {GOAL_RATIO}× of raw SQL.",
        "",
        table(results),
        "",
        "Plans (ORM query, `EXPLAIN ANALYZE`):",
        "",
    ]
    for case in results["cases"]:
        md += [f"**{case['case']}** ({case['unit']})", "", "```", case["plan"], "```", ""]
    md_path.write_text("\n".join(md), encoding="utf-8")
    return [json_path, md_path]


def main() -> int:
    args = parse_args()
    url = bench_url()
    state = prepare_database(url, petitions=args.petitions, regenerate=args.regenerate)
    setup_django(url)
    if state == "created":
        from django.core.management import call_command

        started = time.monotonic()
        call_command("migrate", verbosity=0, interactive=False)
        units = build_province()
        load_petitions(args.petitions, args.seed, units)
        print(f"Bench database {BENCH_DB} built in {time.monotonic() - started:.0f} s")
    else:
        print(f"Bench database {BENCH_DB} reused")
    iterations = max(args.iterations, 200)
    results = {
        "date": dt.date.today().isoformat(),
        "command": "make bench-reception",
        "iterations": iterations,
        "warmup": args.warmup,
        "cases": run_cases(iterations, args.warmup),
        "dataset": dataset(),
    }
    paths = write(results)
    print(table(results))
    print("Written: " + ", ".join(str(path.relative_to(PROJECT_DIR)) for path in paths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
