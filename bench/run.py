"""``make bench``: person search and subtree counts, ORM against raw SQL and over HTTP.

Uses its own PostgreSQL database ``neuguong_bench`` (created, migrated and filled with a demo
province of 150,000 people when missing) and writes ``bench/results/foundation-<date>.{json,md}``.
"""

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
sys.path[:0] = [str(BENCH_DIR), str(PROJECT_DIR / "src")]

import database  # noqa: E402

DEFAULT_PEOPLE = 150_000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=DEFAULT_PEOPLE, help="People in the bench province.")
    parser.add_argument("--seed", type=int, default=None, help="Seed of the province (default: the demo's).")
    parser.add_argument("--iterations", type=int, default=300, help="Timed iterations per case (at least 200).")
    parser.add_argument("--warmup", type=int, default=30, help="Untimed iterations before each case.")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers for the HTTP cases.")
    parser.add_argument("--skip-http", action="store_true", help="Measure in-process only.")
    parser.add_argument("--regenerate", action="store_true", help="Drop and rebuild the bench database.")
    parser.add_argument("--prepare-only", action="store_true", help="Build the database, measure nothing.")
    return parser.parse_args()


def setup_django(url: str, var_dir: Path) -> None:
    os.environ["NEUGUONG_DATABASE_URL"] = url
    os.environ["NEUGUONG_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("NEUGUONG_DEBUG", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "neuguong.settings")
    import django

    django.setup()


def run_http(args: argparse.Namespace, *, url: str, var_dir: Path, accounts_file: Path) -> dict:
    """The HTTP cases; a failure there is reported with the results instead of losing them."""
    import http_bench

    try:
        return http_bench.run_all(url=url, var_dir=var_dir, accounts_file=accounts_file,
                                  iterations=max(args.iterations, 200), warmup=args.warmup, workers=args.workers)
    except (OSError, RuntimeError) as exc:
        return {"workers": args.workers, "routes": [], "notes": [f"HTTP cases not measured: {exc}"]}


def main() -> int:
    args = parse_args()
    url = database.bench_url()
    var_dir = PROJECT_DIR / "var" / "bench"
    accounts_file = var_dir / "demo-accounts.json"
    state = database.prepare(url, people=args.people, accounts_file=accounts_file, regenerate=args.regenerate)
    setup_django(url, var_dir)
    from neuguong.orgs import demo

    seed = args.seed if args.seed is not None else demo.DEFAULT_SEED
    started = time.monotonic()
    counts = database.migrate_and_fill(people=args.people, seed=seed, accounts_file=accounts_file)
    if counts:
        print(f"Bench province generated in {time.monotonic() - started:.0f} s: {counts}")
    else:
        print(f"Bench database {state}: {database.people_count(url)} people")
    if args.prepare_only:
        return 0
    import cases
    import report

    load_before = os.getloadavg()
    results = cases.run_all(url=url, iterations=max(args.iterations, 200), warmup=args.warmup)
    if not args.skip_http:
        results["http"] = run_http(args, url=url, var_dir=var_dir, accounts_file=accounts_file)
    results["dataset"] = cases.dataset()
    results["load"] = {"before": load_before, "after": os.getloadavg()}
    results.setdefault("notes", []).append(
        "Machine load (1, 5, 15-minute averages, 2 cores shared with other work): "
        f"{' / '.join(f'{x:.2f}' for x in load_before)} before, "
        f"{' / '.join(f'{x:.2f}' for x in results['load']['after'])} after.")
    # The UTC date: Django's TIME_ZONE (Asia/Ho_Chi_Minh) is the process's local time by now.
    results["date"] = dt.datetime.now(dt.UTC).date().isoformat()
    paths = report.write(results, BENCH_DIR / "results")
    print(report.table(results))
    print("Written: " + ", ".join(str(path.relative_to(PROJECT_DIR)) for path in paths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
