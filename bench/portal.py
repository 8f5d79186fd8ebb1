"""``make bench-portal`` (also run by ``make bench``): the public news site under readers.

A fresh PostgreSQL database of its own (``neuguong_bench_portal``, or ``--database``) gets the demo's
40 articles with covers (``portal.demo``) under a bench province; a Redis of its own (a
``redis-server`` on a free port, nothing saved) is the cache, as in production. A real gunicorn
(``neuguong.wsgi``) runs with production's gunicorn settings (``neuguong.gunicorn_conf``: on 2 cores 4
gthread workers × 4 threads) and the production settings (``NEUGUONG_ENV=production``, DEBUG off, the
psycopg pool on, whitenoise serving the collected static files), and wrk on loopback sends it, in
one run and in alternating rounds:

- the front page (``/``) and an article page (``/news/<id>/``, view counting included: the same
  reader each time, so its view is counted once) at ``--connections`` (200) concurrent readers;
- a static file of the same size as each page, from the same server (whitenoise), the baseline;

first as fast as the server answers (throughput; closed loop, so the latency there is the queue of
200 readers), then with each reader pausing ``--think-ms`` between pages (the latency a reader sees
at that offered load). Then an article is published through the services while readers load the
front page, and the front page is polled until it shows the title (cache invalidation), three times.

Goals (issue 12): p95 under 50 ms at 200 readers; throughput of each page at least half of the static
file's; a publication on the front page within 5 s. Writes ``bench/results/portal-<date>.{json,md}``.
"""

import argparse
import datetime as dt
import http.client
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
sys.path[:0] = [str(BENCH_DIR), str(PROJECT_DIR / "src")]

import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402

BENCH_DB = "neuguong_bench_portal"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/neuguong"
HOST = "127.0.0.1"
GOAL_P95_MS, GOAL_RATIO, GOAL_PUBLISH_S = 50.0, 0.5, 5.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default=BENCH_DB, help="The bench database's name on the server.")
    parser.add_argument("--connections", type=int, default=200, help="Concurrent readers (wrk connections).")
    parser.add_argument("--seconds", type=int, default=10, help="Length of each round.")
    parser.add_argument("--rounds", type=int, default=3, help="Rounds of each series, alternated.")
    parser.add_argument("--think-ms", type=int, default=1000, help="A reader's pause between pages (paced series).")
    parser.add_argument("--workers", type=int, default=None,
                        help="gunicorn workers (default: production's, neuguong.gunicorn_conf).")
    parser.add_argument("--threads", type=int, default=None,
                        help="Threads per gunicorn worker (default: production's, neuguong.gunicorn_conf).")
    return parser.parse_args()


def bench_url(database: str) -> str:
    url = os.environ.get("NEUGUONG_DATABASE_URL") or os.environ.get("DATABASE_URL") or DEFAULT_URL
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit(f"The benchmark needs PostgreSQL, not {parts.scheme or url!r}.")
    return urlunsplit(parts._replace(path=f"/{database}"))


def recreate_database(url: str, database: str) -> None:
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres")).replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_port(port: int, what: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} stopped (exit {process.returncode})")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not start")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path, headers={"User-Agent": "Mozilla/5.0 (bench poller)"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def run_wrk(port: int, path: str, *, seconds: int, connections: int, delay_ms: int) -> dict:
    env = {**os.environ, "DELAY_MS": str(delay_ms)}
    output = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "5s",
         "-s", str(BENCH_DIR / "portal_bench" / "readers.lua"), f"http://{HOST}:{port}{path}"],
        env=env, capture_output=True, text=True, check=False)
    line = next((line for line in output.stdout.splitlines() if line.startswith("WRK_JSON ")), None)
    if output.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed on {path}: {output.stdout[-2000:]} {output.stderr[-2000:]}")
    result = json.loads(line[len("WRK_JSON "):])
    seconds_run = result["duration_us"] / 1e6
    result.update(rate=result["requests"] / seconds_run, p50_ms=result["p50_us"] / 1000,
                  p95_ms=result["p95_us"] / 1000, p99_ms=result["p99_us"] / 1000, seconds=seconds_run,
                  load=os.getloadavg()[0])
    return result


def build(work: Path) -> dict:
    """The bench province, its 40 articles (the demo's), static files of the pages' sizes."""
    import random

    from django.core.management import call_command
    from django.test import Client

    from neuguong.core.actors import SYSTEM
    from neuguong.orgs import services as org_services
    from neuguong.orgs.models import UnitKind
    from neuguong.portal import demo
    from neuguong.portal.models import Article

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    province = org_services.unit_create(name="Tỉnh ủy Bench (thử)", kind=UnitKind.PROVINCE_COMMITTEE, parent_id=None,
                                        acting_user=SYSTEM)
    demo.run(random.Random(2026), {"users": {}, "province": province, "counts": {}})
    article = Article.objects.filter(status="published").order_by("-published_at").first()
    client = Client()
    sizes = {"home": len(client.get("/").content), "article": len(client.get(f"/news/{article.pk}/").content)}
    static_dir = Path(os.environ["NEUGUONG_STATIC_ROOT"]) / "bench"
    static_dir.mkdir(parents=True, exist_ok=True)
    for name, size in sizes.items():
        (static_dir / f"{name}.html").write_bytes((b"<!doctype html><p>" + b"x" * size)[:size])
    return {"article_id": article.pk, "province_id": province.pk, "sizes": sizes}


def publish_and_watch(port: int, province_id: int, number: int) -> float:
    """Publish an article through the services and poll the front page until its title shows."""
    from neuguong.core.actors import SYSTEM
    from neuguong.portal import services
    from neuguong.portal.models import Category

    category = Category.objects.order_by("position").first()
    title = f"Tin đo thời gian công bố số {number} {secrets.token_hex(3)} (tin mẫu)"
    article = services.article_create(unit_id=province_id, category_id=category.pk, acting_user=SYSTEM, title=title,
                                      body="<p>Bài đo thời gian từ lúc công bố đến lúc hiện trên trang chủ.</p>")
    services.article_submit(article_id=article.pk, acting_user=SYSTEM)
    services.article_publish(article_id=article.pk, acting_user=SYSTEM)
    published = time.monotonic()
    needle = title.encode()
    while time.monotonic() - published < 30:
        status, body = get(port, "/")
        if status == 200 and needle in body:
            return time.monotonic() - published
        time.sleep(0.02)
    return float("inf")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def summarize(rounds: list[dict]) -> dict:
    return {key: median([r[key] for r in rounds]) for key in ("rate", "p50_ms", "p95_ms", "p99_ms")} | {
        "errors": sum(r["errors"] + r["non2xx"] for r in rounds), "rounds": len(rounds)}


def markdown(results: dict) -> str:
    a = results["args"]
    lines = [f"# Public portal benchmark, {results['date']}", "",
             f"`{results['command']}` on {results['postgresql']}, this machine ({os.cpu_count()} cores, shared): "
             f"gunicorn {a['workers']} workers × {a['threads']} threads (gthread, neuguong.gunicorn_conf), production "
             "settings, psycopg "
             f"pool on, Redis cache, wrk with {a['connections']} connections on loopback, all on the same cores; "
             f"{a['rounds']} rounds of {a['seconds']} s per series, alternated; medians of the rounds. Page sizes: "
             f"front page {results['sizes']['home']:,} B, article {results['sizes']['article']:,} B; the static "
             "files have the same sizes and come from the same server (whitenoise). Load average (1 min) before "
             f"→ after: {results['load']}.", "",
             "| series | readers | pause | req/s | p50 ms | p95 ms | p99 ms | errors |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, row in results["series"].items():
        lines.append(f"| {name} | {row['connections']} | {row['pause_ms']} ms | {row['rate']:.0f} | "
                     f"{row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {row['p99_ms']:.1f} | {row['errors']} |")
    lines += ["", "| goal | measured | met |", "| --- | --- | --- |"]
    for goal in results["goals"]:
        lines.append(f"| {goal['goal']} | {goal['measured']} | {'yes' if goal['met'] else 'no'} |")
    lines += ["", "Each publication's delay until the front page showed it (s): "
              + ", ".join(f"{x:.3f}" for x in results["publish_seconds"]), ""]
    return "\n".join(lines)


def main() -> int:  # noqa: PLR0915 (one run, written out in order)
    args = parse_args()
    url = bench_url(args.database)
    work = Path(tempfile.mkdtemp(prefix="neuguong-bench-portal-"))
    redis_port = free_port()
    redis = subprocess.Popen(["redis-server", "--port", str(redis_port), "--bind", HOST, "--save", "",
                              "--appendonly", "no", "--dir", str(work)], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    os.environ.update({
        "NEUGUONG_ENV": "production", "NEUGUONG_DEBUG": "0", "NEUGUONG_SECRET_KEY": secrets.token_urlsafe(40),
        "NEUGUONG_FIELD_KEY": secrets.token_urlsafe(40), "NEUGUONG_AUDIT_KEY": secrets.token_urlsafe(40),
        "NEUGUONG_SSL_REDIRECT": "0", "NEUGUONG_SECURE_COOKIES": "0", "NEUGUONG_VAR_DIR": str(work),
        "NEUGUONG_STATIC_ROOT": str(work / "static"), "NEUGUONG_MEDIA_ROOT": str(work / "media"),
        "REDIS_URL": f"redis://{HOST}:{redis_port}/0", "NEUGUONG_DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "neuguong.settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_DIR / "src"), os.environ.get("PYTHONPATH")])),
    })
    server = None
    try:
        wait_port(redis_port, "redis-server", redis)
        recreate_database(url, args.database)
        os.environ["NEUGUONG_DB_POOL"] = "0"  # the bench process itself; gunicorn gets the pool
        import django

        django.setup()
        from django.db import connection

        started = time.monotonic()
        data = build(work)
        print(f"Bench database {args.database} built in {time.monotonic() - started:.0f} s")
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            version = cursor.fetchone()[0].split(" on ")[0]
        connection.close()
        port = free_port()
        env = dict(os.environ)
        env.pop("NEUGUONG_DB_POOL")  # gunicorn gets production's pool
        from neuguong import gunicorn_conf

        overrides = [*(["--workers", str(args.workers)] if args.workers else []),
                     *(["--threads", str(args.threads)] if args.threads else [])]
        args.workers, args.threads = args.workers or gunicorn_conf.workers, args.threads or gunicorn_conf.threads
        log = open(work / "gunicorn.log", "ab")  # noqa: SIM115 (closed after the server)
        server = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "neuguong.wsgi", "--config",
             "python:neuguong.gunicorn_conf", *overrides, "--bind", f"{HOST}:{port}", "--log-level", "warning"],
            env=env, stdout=subprocess.DEVNULL, stderr=log)
        wait_port(port, "gunicorn", server)
        pages = {"front page": "/", "article": f"/news/{data['article_id']}/",
                 "static, front page's size": "/static/bench/home.html",
                 "static, article's size": "/static/bench/article.html"}
        deadline = time.monotonic() + 120
        while True:  # the workers load Django after the port opens
            try:
                if get(port, "/")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer; see {work / 'gunicorn.log'}")
            time.sleep(0.5)
        for path in pages.values():  # warm every worker's connections and the cache
            for _ in range(20):
                status, _body = get(port, path)
                if status != 200:
                    raise RuntimeError(f"{path} answered {status}; see {work / 'gunicorn.log'}")
        load_before = os.getloadavg()
        rounds: dict[str, list[dict]] = {}
        for pause in (0, args.think_ms):
            for _ in range(args.rounds):
                for name, path in pages.items():
                    label = f"{name}, {'as fast as answered' if pause == 0 else 'readers pausing'}"
                    rounds.setdefault(label, []).append(
                        run_wrk(port, path, seconds=args.seconds, connections=args.connections, delay_ms=pause))
        # Publications while 200 readers load the front page.
        publish_seconds: list[float] = []
        load = threading.Thread(target=run_wrk, args=(port, "/"), kwargs={
            "seconds": 12, "connections": args.connections, "delay_ms": 0})
        load.start()
        time.sleep(1)
        for number in range(3):
            publish_seconds.append(publish_and_watch(port, data["province_id"], number + 1))
            time.sleep(0.5)
        load.join()
        series = {}
        for label, items in rounds.items():
            series[label] = summarize(items) | {"connections": args.connections,
                                                "pause_ms": 0 if "fast" in label else args.think_ms}
        def ratio(page: str, static: str) -> float:
            fast = ", as fast as answered"
            return series[page + fast]["rate"] / series[static + fast]["rate"]
        paced = ", readers pausing"
        fast = ", as fast as answered"
        goals = [
            {"goal": f"front page p95 < {GOAL_P95_MS:.0f} ms, {args.connections} readers pausing {args.think_ms} ms",
             "measured": f"{series['front page' + paced]['p95_ms']:.1f} ms",
             "met": series["front page" + paced]["p95_ms"] < GOAL_P95_MS},
            {"goal": f"article p95 < {GOAL_P95_MS:.0f} ms, {args.connections} readers pausing {args.think_ms} ms",
             "measured": f"{series['article' + paced]['p95_ms']:.1f} ms",
             "met": series["article" + paced]["p95_ms"] < GOAL_P95_MS},
            {"goal": f"front page p95 < {GOAL_P95_MS:.0f} ms, {args.connections} readers, no pause",
             "measured": f"{series['front page' + fast]['p95_ms']:.1f} ms",
             "met": series["front page" + fast]["p95_ms"] < GOAL_P95_MS},
            {"goal": f"article p95 < {GOAL_P95_MS:.0f} ms, {args.connections} readers, no pause",
             "measured": f"{series['article' + fast]['p95_ms']:.1f} ms",
             "met": series["article" + fast]["p95_ms"] < GOAL_P95_MS},
            {"goal": f"front page throughput ≥ {GOAL_RATIO}× the static file's",
             "measured": f"{ratio('front page', 'static, front page' + chr(39) + 's size'):.2f}×",
             "met": ratio("front page", "static, front page's size") >= GOAL_RATIO},
            {"goal": f"article throughput ≥ {GOAL_RATIO}× the static file's",
             "measured": f"{ratio('article', 'static, article' + chr(39) + 's size'):.2f}×",
             "met": ratio("article", "static, article's size") >= GOAL_RATIO},
            {"goal": f"a publication on the front page within {GOAL_PUBLISH_S:.0f} s (under load, worst of 3)",
             "measured": f"{max(publish_seconds):.3f} s", "met": max(publish_seconds) < GOAL_PUBLISH_S},
        ]
        results = {"date": dt.date.today().isoformat(), "command": "make bench-portal", "postgresql": version,
                   "args": vars(args), "sizes": data["sizes"], "series": series, "rounds": rounds,
                   "publish_seconds": publish_seconds, "goals": goals,
                   "load": " / ".join(f"{x:.2f}" for x in (*load_before, *os.getloadavg()))}
    finally:
        if server is not None:
            stop(server)
            log.close()
        stop(redis)
    out = BENCH_DIR / "results"
    out.mkdir(exist_ok=True)
    stem = out / f"portal-{results['date']}"
    stem.with_suffix(".json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    stem.with_suffix(".md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))
    shutil.rmtree(work, ignore_errors=True)
    return 0 if all(goal["met"] for goal in results["goals"]) else 1


if __name__ == "__main__":
    sys.exit(main())
