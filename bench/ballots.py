"""Ballot casting benchmark: casts per second through a real gunicorn with PostgreSQL and the
connection pool, side by side with a bare spend-and-insert view, then a tally of 100,000 ballots.

    .venv/bin/python bench/ballots.py [--seconds 20] [--connections 16]

Uses its own database, ``neuguong_bench_ballots`` (emptied, or created), on the server named
by NEUGUONG_DATABASE_URL (or DATABASE_URL, or postgres://postgres@127.0.0.1:5432/). Load comes
from wrk (Debian package ``wrk``) with ``ballots_bench/cast.lua``; every request spends a
different code. Results go to bench/results/ballots-<date>.json and .md.
"""

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
RESULTS = BENCH_DIR / "results"
LOG_DIR = ROOT / "var" / "bench-ballots"
DB_NAME = "neuguong_bench_ballots"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/neuguong"
HOST = "127.0.0.1"
CANDIDATES = 30
TALLY_BALLOTS = 100_000
GOALS = {"casts_per_second": 300, "ratio_to_bare": 0.8, "p99_ms": 100, "tally_seconds": 2.0}


# --- Database ----------------------------------------------------------------------------------


def bench_url() -> str:
    url = os.environ.get("NEUGUONG_DATABASE_URL") or os.environ.get("DATABASE_URL") or DEFAULT_URL
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit(f"The ballot benchmark needs PostgreSQL, not {parts.scheme or url!r}.")
    return urlunsplit(parts._replace(path=f"/{DB_NAME}"))


def _psycopg(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


def recreate_database(url: str) -> None:
    """Start from an empty database: created if missing, otherwise emptied. (Emptying the schema
    instead of dropping the database: DROP DATABASE waits for every session on the server to
    acknowledge it, and a session idling in a COPY elsewhere can hold that up indefinitely.)"""
    maintenance = _psycopg(urlunsplit(urlsplit(url)._replace(path="/postgres")))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        row = conn.execute("SELECT datconnlimit FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if row is not None and row[0] == -2:  # left invalid by an interrupted DROP DATABASE
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(DB_NAME)))
            row = None
        if row is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DB_NAME)))
            return
    with psycopg.connect(_psycopg(url), autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


def setup_django(url: str) -> None:
    os.environ["NEUGUONG_DATABASE_URL"] = url
    os.environ["NEUGUONG_DB_POOL"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "neuguong.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


# --- Data --------------------------------------------------------------------------------------


def seed(codes_per_phase: dict[str, int]) -> dict:
    """A province, a commune, 30 cadres, an open 30-candidate campaign and its codes."""
    from django.core.management import call_command
    from django.db import connection

    from neuguong.ballots import services
    from neuguong.ballots.models import CampaignKind
    from neuguong.core.actors import SYSTEM
    from neuguong.orgs import services as org_services
    from neuguong.orgs.models import UnitKind

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_catalogues", verbosity=0, stdout=quiet)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_bare_row (id uuid PRIMARY KEY, campaign_id bigint NOT NULL)")
    province = org_services.unit_create(name="Tỉnh ủy Thử Nghiệm", kind=UnitKind.PROVINCE_COMMITTEE, parent_id=None,
                                        acting_user=SYSTEM)
    commune = org_services.unit_create(name="Đảng bộ xã Thử", kind=UnitKind.SUBORDINATE_COMMITTEE,
                                       parent_id=province.pk, acting_user=SYSTEM)
    people = [org_services.person_create(unit_id=commune.pk, data={"full_name": f"Nguyễn Văn Cán Bộ {i:02d}",
                                                                    "gender": "male"}, acting_user=SYSTEM)
              for i in range(1, CANDIDATES + 1)]
    campaigns = {}
    for name in ("cast", "tally"):
        campaign = services.campaign_create(unit_id=commune.pk, title=f"Bench {name}", period="2025",
                                            kind=CampaignKind.CONFIDENCE_BALLOT, paper=False, acting_user=SYSTEM)
        for person in people:
            services.candidate_add(campaign_id=campaign.pk, person_id=person.pk, acting_user=SYSTEM)
        services.campaign_open(campaign_id=campaign.pk, acting_user=SYSTEM)
        campaigns[name] = campaign
    phases = {}
    for phase, needed in codes_per_phase.items():
        raw: list[str] = []
        while len(raw) < needed:
            size = min(5000, needed - len(raw))
            raw += services.code_batch_issue(campaign_id=campaigns["cast"].pk, size=size, label=phase,
                                             acting_user=SYSTEM)[1]
        phases[phase] = raw
    return {"campaigns": campaigns, "codes": phases}


def cast_body(campaign) -> str:
    answers = [{"candidate": position, "question": 1, "option": ("high", "normal", "low")[position % 3]}
               for position in range(1, CANDIDATES + 1)]
    return json.dumps({"campaign": str(campaign.public_id), "code": "@CODE@", "answers": answers})


# --- Server and load ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(url: str, *, audited: bool, workers: int, threads: int, log_dir: Path) -> tuple:
    port = _free_port()
    env = {**os.environ, "NEUGUONG_DATABASE_URL": url, "NEUGUONG_DEBUG": "0",
           "DJANGO_SETTINGS_MODULE": "bench_settings",
           "PYTHONPATH": os.pathsep.join([str(BENCH_DIR / "ballots_bench"), str(ROOT / "src")]),
           "NEUGUONG_DB_POOL_MAX": str(threads + 1), "BENCH_AUDIT_EACH_CAST": "1" if audited else "0"}
    env.pop("NEUGUONG_DB_POOL", None)  # the pool is on, as in production
    log = open(log_dir / "gunicorn.log", "ab")  # noqa: SIM115 (closed in stop_gunicorn)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "neuguong.wsgi", "-w", str(workers), "-k", "gthread", "--threads", str(threads),
         "--bind", f"{HOST}:{port}", "--log-level", "warning", "--keep-alive", "5"],
        env=env, stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return process, port, log
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"gunicorn did not start; see {log_dir / 'gunicorn.log'}")


def stop_gunicorn(process, log) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def run_wrk(port: int, path: str, codes: list[str], body: str, *, seconds: int, connections: int,
            threads: int, work: Path, tag: str, delay_ms: int = 0) -> dict:
    """Load ``path`` with wrk; returns its figures and the receipts (or row ids) of every 201."""
    codes_file, body_file = work / f"codes-{tag}.txt", work / "body.json"
    codes_file.write_text("\n".join(codes) + "\n")
    body_file.write_text(body)
    prefix = work / f"answered-{tag}-"
    env = {**os.environ, "CODES_FILE": str(codes_file), "BODY_FILE": str(body_file), "WRK_THREADS": str(threads),
           "RECEIPTS_PREFIX": str(prefix), "DELAY_MS": str(delay_ms)}
    output = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "5s",
         "-s", str(BENCH_DIR / "ballots_bench" / "cast.lua"), f"http://{HOST}:{port}{path}"],
        env=env, capture_output=True, text=True)
    if output.returncode != 0 or "WRK_JSON " not in output.stdout:
        raise RuntimeError(f"wrk failed on {path}: {output.stdout[-2000:]} {output.stderr[-2000:]}")
    output = output.stdout
    line = next(line for line in output.splitlines() if line.startswith("WRK_JSON "))
    result = json.loads(line[len("WRK_JSON "):])
    seconds_run = result["duration_us"] / 1e6
    result.update(rate=result["created"] / seconds_run, p50_ms=result["p50_us"] / 1000,
                  p95_ms=result["p95_us"] / 1000, p99_ms=result["p99_us"] / 1000, seconds=seconds_run)
    answered = []
    for thread in range(1, threads + 1):
        answered += Path(f"{prefix}{thread}.txt").read_text().split()
    result["answered"] = [value.replace("-", "") for value in answered]
    return result


def snapshot(url: str, campaign_id: int) -> dict:
    """Rows stored so far: ballots, receipts, bare rows, and spent codes per batch label."""
    with psycopg.connect(_psycopg(url)) as conn:
        one = lambda query, *args: conn.execute(query, args).fetchone()[0]  # noqa: E731
        spent = dict(conn.execute(
            "SELECT b.label, count(*) FROM ballots_ballotcode c JOIN ballots_codebatch b ON b.id = c.batch_id "
            "WHERE c.spent GROUP BY b.label").fetchall())
        return {
            "ballots": one("SELECT count(*) FROM ballots_ballot WHERE campaign_id = %s", campaign_id),
            "receipts": set(r[0] for r in conn.execute(
                "SELECT number FROM ballots_receipt WHERE campaign_id = %s", [campaign_id]).fetchall()),
            "bare": set(str(r[0]).replace("-", "") for r in conn.execute("SELECT id FROM bench_bare_row").fetchall()),
            "spent": spent,
        }


def quiesce(url: str, campaign_id: int) -> None:
    """Wait until the server has finished the requests still queued when wrk stopped."""
    query = ("SELECT (SELECT count(*) FROM ballots_ballot WHERE campaign_id = %s)"
             " + (SELECT count(*) FROM bench_bare_row)")
    with psycopg.connect(_psycopg(url), autocommit=True) as conn:
        last = -1
        for _attempt in range(60):
            now = conn.execute(query, [campaign_id]).fetchone()[0]
            if now == last:
                return
            last = now
            time.sleep(0.5)


def verify(series: str, load: dict, before: dict, after: dict) -> dict:
    """Lost: a 201 whose receipt (or row id) is not stored. Doubled: more rows stored than codes
    spent (every ballot and bare row spends exactly one code), or one receipt answered twice.
    Unanswered: stored, but the response was still on its way when wrk stopped."""
    spent = sum(after["spent"].values()) - sum(before["spent"].values())
    ballots = after["ballots"] - before["ballots"]
    new_receipts = after["receipts"] - before["receipts"]
    new_bare = after["bare"] - before["bare"]
    answered = load["answered"]
    bare = series.startswith("bare")
    stored_new = new_bare if bare else new_receipts
    rows = len(new_bare) if bare else ballots
    doubled = max(ballots + len(new_bare) - spent, 0) + abs(ballots - len(new_receipts))
    doubled += len(answered) - len(set(answered))
    return {"rows": rows, "spent": spent, "lost": len(set(answered) - stored_new), "doubled": doubled,
            "unanswered": rows - len(answered)}


def audit_events(url: str) -> int:
    with psycopg.connect(_psycopg(url)) as conn:
        return conn.execute("SELECT count(*) FROM audit_auditevent WHERE action = 'ballot.cast'").fetchone()[0]


# --- Tally -------------------------------------------------------------------------------------


def time_tally(url: str, campaign) -> dict:
    from neuguong.ballots import services

    with psycopg.connect(_psycopg(url)) as conn:
        conn.execute(
            "INSERT INTO ballots_ballot (id, campaign_id, answers) "
            "SELECT gen_random_uuid(), %s, (SELECT string_agg(substr('012', 1 + floor(random() * 3)::int, 1), '') "
            "FROM generate_series(1, %s) WHERE g > 0) FROM generate_series(1, %s) AS g",
            [campaign.pk, CANDIDATES, TALLY_BALLOTS])
        conn.execute("ANALYZE ballots_ballot")
    timings = []
    result = None
    for _attempt in range(3):
        started = time.perf_counter()
        result = services.compute_tally(campaign, issued_online=TALLY_BALLOTS)
        timings.append(time.perf_counter() - started)
    assert result is not None and result.returned == TALLY_BALLOTS
    first = result.candidates[0]["questions"][0]["options"]
    assert sum(option["total"] for option in first) == TALLY_BALLOTS
    return {"ballots": TALLY_BALLOTS, "candidates": CANDIDATES, "seconds": timings,
            "median_seconds": statistics.median(timings)}


# --- Report ------------------------------------------------------------------------------------


def summarize(name: str, rounds: list[dict]) -> dict:
    """A series over its rounds: the median of each figure across rounds, and the totals of
    lost and doubled ballots."""
    def median(key: str) -> float:
        return statistics.median(r[key] for r in rounds)

    return {"name": name, "rounds": rounds, "rate": median("rate"), "p50_ms": median("p50_ms"),
            "p95_ms": median("p95_ms"), "p99_ms": median("p99_ms"), "worst_p99_ms": max(r["p99_ms"] for r in rounds),
            "created": sum(r["created"] for r in rounds), "rows": sum(r["rows"] for r in rounds),
            "lost": sum(r["lost"] for r in rounds), "doubled": sum(r["doubled"] for r in rounds),
            "unanswered": sum(r["unanswered"] for r in rounds),
            "other": sum(r["other"] + r["refused"] + r["errors"] for r in rounds)}


def markdown(results: dict) -> str:
    series = [results[name] for name in ("cast", "bare", "bare_api", "cast_paced", "cast_audited")
              if results.get(name)]
    lines = [
        f"# Ballot casting benchmark, {results['date']}",
        "",
        f"`{results['command']}` on {results['machine']}: gunicorn {results['server']}, PostgreSQL with the "
        f"psycopg pool on, wrk with {results['connections']} connections on loopback, all on the same cores. "
        f"A {CANDIDATES}-candidate ballot; every request spends a different code. {results['rounds']} rounds of "
        f"{results['seconds']} s per series, alternating; the table gives each round, the summary the median of "
        "each figure across rounds.",
        "",
        "| series | round | casts/s | p50 ms | p95 ms | p99 ms | 201 | rows | lost | doubled | unanswered | load |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for item in series:
        for index, r in enumerate(item["rounds"], start=1):
            lines.append(f"| {item['name']} | {index} | {r['rate']:.0f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | "
                         f"{r['p99_ms']:.1f} | {r['created']} | {r['rows']} | {r['lost']} | {r['doubled']} | "
                         f"{r['unanswered']} | {r['loadavg']} |")
    tally = results["tally"]
    audited = results.get("cast_audited")
    lines += [
        "",
        f"“cast_paced”: the cast again, each connection pausing "
        f"{pause_for(results['paced_rate'], results['connections'])} ms between requests so as to offer about "
        f"{results['paced_rate']} casts/s instead of saturating the server "
        "(a stall lowers the offered rate, so its p99 is a lower bound). "
        "“unanswered”: stored, with the response still on its way when wrk stopped (not lost: no 201 was sent). "
        "“load”: the machine's 1-minute load average before → after the round (2 cores; other work on the "
        "machine shows here).",
        "",
        f"Medians: cast **{results['cast']['rate']:.0f}/s** (p99 {results['cast']['p99_ms']:.1f} ms), bare "
        f"**{results['bare']['rate']:.0f}/s**, ratio **{results['ratio']:.2f}**; the bare statement as a ninja "
        f"endpoint: **{results['bare_api']['rate']:.0f}/s**, ratio to it **{results['ratio_api']:.2f}**."
        + (f" With a per-cast `ballot.cast` audit event through the chain head lock: "
           f"**{audited['rate']:.0f}/s**, {audited['rate'] / results['bare']['rate']:.2f} of bare, p99 "
           f"{audited['p99_ms']:.1f} ms ({results['audit_events']} events)." if audited else ""),
        f"Tally of {tally['ballots']:,} ballots × {tally['candidates']} candidates (`compute_tally`, reading the "
        f"ballots from PostgreSQL): {', '.join(f'{v:.2f}' for v in tally['seconds'])} s, median "
        f"**{tally['median_seconds']:.2f} s**.",
        "",
        "| goal | target | measured | met |",
        "| --- | --- | --- | --- |",
    ]
    for goal in results["goals"]:
        lines.append(f"| {goal['goal']} | {goal['target']} | {goal['measured']} | {'yes' if goal['met'] else 'NO'} |")
    return "\n".join(lines) + "\n"


def goals(results: dict) -> list[dict]:
    cast, tally, paced = results["cast"], results["tally"], results["cast_paced"]
    return [
        {"goal": "casts per second", "target": f"≥ {GOALS['casts_per_second']}", "measured": f"{cast['rate']:.0f}",
         "met": cast["rate"] >= GOALS["casts_per_second"]},
        {"goal": "ratio to the bare view", "target": f"≥ {GOALS['ratio_to_bare']}",
         "measured": f"{results['ratio']:.4f} (to the bare ninja endpoint: {results['ratio_api']:.2f})",
         "met": results["ratio"] >= GOALS["ratio_to_bare"]},
        {"goal": "p99 latency at ≥ 300 casts/s (paced series)", "target": f"< {GOALS['p99_ms']} ms",
         "measured": f"{paced['p99_ms']:.1f} ms at {paced['rate']:.0f}/s (saturated: {cast['p99_ms']:.1f} ms)",
         "met": paced["p99_ms"] < GOALS["p99_ms"] and paced["rate"] >= GOALS["casts_per_second"]},
        {"goal": "lost or doubled ballots", "target": "0",
         "measured": str(sum(results[n]["lost"] + results[n]["doubled"] for n in ("cast", "cast_paced"))),
         "met": all(results[n]["lost"] + results[n]["doubled"] == 0 for n in ("cast", "cast_paced"))},
        {"goal": "tally 100,000 × 30", "target": f"< {GOALS['tally_seconds']} s",
         "measured": f"{tally['median_seconds']:.2f} s", "met": tally["median_seconds"] < GOALS["tally_seconds"]},
    ]


def settle(url: str, *, first: bool = False) -> None:
    """Before the first series, write out what seeding left behind (vacuum, freeze, checkpoint), so
    that no series pays for it; before each series, fresh statistics only. (A checkpoint right
    before a series would make it pay for five minutes' worth of full-page WAL writes.)"""
    with psycopg.connect(_psycopg(url), autocommit=True) as conn:
        if first:
            conn.execute("VACUUM (FREEZE, ANALYZE)")
            conn.execute("CHECKPOINT")
        else:
            conn.execute("ANALYZE")


def run_series(url: str, args: argparse.Namespace, data: dict, body: str, work: Path) -> dict[str, list[dict]]:
    campaign = data["campaigns"]["cast"]
    plan = [("cast", "/api/v1/ballots/cast", False), ("bare", "/bench/bare-cast", False),
            ("bare_api", "/bench/api/bare-cast", False), ("cast_paced", "/api/v1/ballots/cast", False)]
    if not args.no_audit_variant:
        plan.append(("cast_audited", "/api/v1/ballots/cast", True))
    rounds: dict[str, list[dict]] = {name: [] for name, _path, _audited in plan}
    settle(url, first=True)
    for audited in (False, True):
        todo = [item for item in plan if item[2] == audited]
        if not todo:
            continue
        process, port, log = start_gunicorn(url, audited=audited, workers=args.workers, threads=args.threads,
                                            log_dir=LOG_DIR)
        try:
            warm = data["codes"]["warmup"][int(audited)::2]
            run_wrk(port, "/api/v1/ballots/cast", warm, body, seconds=10, connections=args.connections,
                    threads=args.wrk_threads, work=work, tag=f"warmup-{int(audited)}")
            for round_index in range(args.rounds):
                for name, path, _audited in todo:
                    quiesce(url, campaign.pk)
                    settle(url)
                    codes = data["codes"][name][round_index::args.rounds]
                    print(f"  {name}, round {round_index + 1}: {args.seconds} s on {path}", flush=True)
                    before = snapshot(url, campaign.pk)
                    load_before = Path("/proc/loadavg").read_text().split()[0]
                    paced = name == "cast_paced"
                    load = run_wrk(port, path, codes, body, seconds=args.seconds, connections=args.connections,
                                   threads=args.wrk_threads, work=work, tag=f"{name}-{round_index}",
                                   delay_ms=pause_for(args.paced_rate, args.connections) if paced else 0)
                    quiesce(url, campaign.pk)
                    checked = verify(name, load, before, snapshot(url, campaign.pk))
                    load.pop("answered")
                    load["loadavg"] = f"{load_before} → {Path('/proc/loadavg').read_text().split()[0]}"
                    rounds[name].append({**load, **checked})
        finally:
            stop_gunicorn(process, log)
    return rounds


def pause_for(rate: int, connections: int) -> int:
    """The think time per connection that offers about ``rate`` requests a second (assuming a
    response time near 15 ms, as measured off saturation)."""
    return max(int(connections * 1000 / rate) - 15, 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--paced-rate", type=int, default=330,
                        help="casts/s offered in the paced series that measures latency off saturation")
    parser.add_argument("--no-audit-variant", action="store_true", help="skip the per-cast audit event series")
    parser.add_argument("--from-json", type=Path, help="write the report again from a results file's rounds")
    args = parser.parse_args()
    if args.from_json:
        write_report(json.loads(args.from_json.read_text()))
        return
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    url = bench_url()
    print(f"Database {DB_NAME}: emptied or created", flush=True)
    recreate_database(url)
    setup_django(url)
    saturated = max(args.seconds * args.rounds * 1300, 20_000)
    data = seed({"warmup": 20_000, "cast": saturated, "bare": saturated, "bare_api": saturated,
                 "cast_paced": args.seconds * args.rounds * args.paced_rate * 2, "cast_audited": saturated // 3})
    body = cast_body(data["campaigns"]["cast"])
    with tempfile.TemporaryDirectory() as tmp:
        rounds = run_series(url, args, data, body, Path(tmp))
    print("  tally of 100,000 ballots", flush=True)
    results = {
        "date": dt.date.today().isoformat(), "machine": f"{platform.node()} ({os.cpu_count()} cores)",
        "command": " ".join(["bench/ballots.py", *sys.argv[1:]]),
        "server": f"{args.workers} workers × {args.threads} threads (gthread)",
        "connections": args.connections, "seconds": args.seconds, "rounds": args.rounds,
        "paced_rate": args.paced_rate,
        **{name: summarize(name, items) for name, items in rounds.items()},
        "audit_events": audit_events(url), "tally": time_tally(url, data["campaigns"]["tally"]),
    }
    write_report(results)


def write_report(results: dict) -> None:
    """Summaries, ratios and goals from the recorded rounds; the JSON and markdown files."""
    for name in ("cast", "bare", "bare_api", "cast_paced", "cast_audited"):
        if results.get(name):
            results[name] = summarize(name, results[name]["rounds"])
    results["ratio"] = results["cast"]["rate"] / results["bare"]["rate"]
    results["ratio_api"] = results["cast"]["rate"] / results["bare_api"]["rate"]
    results["goals"] = goals(results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / f"ballots-{results['date']}"
    stem.with_suffix(".json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    report = markdown(results)
    stem.with_suffix(".md").write_text(report)
    print(report)


if __name__ == "__main__":
    main()
