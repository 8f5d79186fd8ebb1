"""Fuzz the whole JSON API with schemathesis and count the server errors (`make fuzz`).

    .venv/bin/python bin/fuzz.py [--max-examples 50] [--seed 2025] [--people 600]

Builds a fresh PostgreSQL database ``neuguong_fuzz`` on the server named by NEUGUONG_DATABASE_URL
(or DATABASE_URL, or postgres://postgres@127.0.0.1:5432/): migrations, the catalogues and a small
demo province. Starts gunicorn with production settings (debug off, the connection pool on),
gives the demo system administrator a bearer token, and runs ``schemathesis run`` over
/api/v1/openapi.json with at most ``--max-examples`` test cases per operation and the check
``not_a_server_error`` only (conformance of the answers to the schema is not asked).

The operations that revoke a role grant or a token run in passes of their own, last: fuzzed with
the rest, they could revoke the very grant or token the run uses. Requests and statuses are
counted from gunicorn's access log. var/fuzz/ keeps the summary (summary.json), the access log,
the server's log (django.log, with the traceback of every 500) and schemathesis' output and
JUnit reports. Exits non-zero when any answer was a 5xx.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import subprocess  # noqa: S404 (runs the project's own commands)
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "fuzz"
DB_NAME = "neuguong_fuzz"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/neuguong"
HOST = "127.0.0.1"
ADMIN = "quantri"
PEOPLE = 600  # the smallest demo province load_demo builds
# Fuzzed among the rest, these could revoke the grant or the token the run acts with: they come
# last, the grants before the tokens.
GRANT_REVOCATION = r"^/api/v1/grants/\{grant_id\}/revoke$"
ACCESS_REVOCATION = r"^/api/v1/me/tokens/\{token_id\}/revoke$"
BIN = Path(sys.executable).parent
PASSES = ("main", "grants", "tokens")
ACCESS_LINE = re.compile(r"^(?P<status>\d{3}) [A-Z]+ /")


def database_url() -> str:
    url = os.environ.get("NEUGUONG_DATABASE_URL") or os.environ.get("DATABASE_URL") or DEFAULT_URL
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit(f"The fuzz run needs PostgreSQL, not {parts.scheme or url!r}.")
    return urlunsplit(parts._replace(path=f"/{DB_NAME}"))


def recreate_database(url: str) -> None:
    """An empty database: created if missing, otherwise its schema dropped and made again."""
    server = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone() is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DB_NAME)))
            return
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


def environment(url: str) -> dict[str, str]:
    """Production settings, with throwaway keys: what a real installation runs."""
    return {**os.environ, "NEUGUONG_DATABASE_URL": url, "NEUGUONG_ENV": "production", "NEUGUONG_DEBUG": "0",
            "NEUGUONG_SECRET_KEY": secrets.token_urlsafe(50), "NEUGUONG_FIELD_KEY": secrets.token_urlsafe(50),
            "NEUGUONG_AUDIT_KEY": secrets.token_urlsafe(50), "NEUGUONG_SSL_REDIRECT": "0",
            # The fuzzing account's token is made with a password alone (no authenticator here).
            "NEUGUONG_2FA_REQUIRED_ROLES": "",
            "NEUGUONG_ALLOWED_HOSTS": HOST, "NEUGUONG_STATIC_ROOT": str(OUT / "static"),
            "NEUGUONG_LOG_LEVEL": "ERROR", "PYTHONPATH": str(ROOT / "src")}


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,  # noqa: S603
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def prepare(env: dict[str, str], people: int) -> str:
    """Migrate, load the catalogues and the demo; answer a bearer token of the system admin."""
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_catalogues")
    manage(env, "load_demo", "--people", str(people), "--accounts-file", str(OUT / "demo-accounts.json"))
    script = ("from neuguong.accounts.models import User; from neuguong.accounts.services import api_token_create; "
              f"u = User.objects.get(username={ADMIN!r}); "
              "print(api_token_create(user=u, name='fuzz', acting_user=u)[1])")
    return manage(env, "shell", "-c", script).strip().splitlines()[-1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict[str, str], port: int, log: IO) -> subprocess.Popen:
    process = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "neuguong.wsgi", "-w", "2", "-k", "gthread", "--threads", "4",
         "--bind", f"{HOST}:{port}", "--timeout", "60", "--access-logfile", str(OUT / "access.log"),
         "--access-logformat", "%(s)s %(m)s %(U)s", "--error-logfile", str(OUT / "error.log")],
        cwd=ROOT, env=env, stdout=log, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/api/v1/openapi.json", timeout=5):  # noqa: S310
                return process
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit(f"gunicorn did not start; see {OUT / 'error.log'}")


def schemathesis(port: int, token: str, args: argparse.Namespace, name: str, *selection: str) -> int:
    command = [
        str(BIN / "schemathesis"), "run", f"http://{HOST}:{port}/api/v1/openapi.json",
        "--header", f"Authorization: Bearer {token}", "--checks", "not_a_server_error",
        "--max-examples", str(args.max_examples), "--seed", str(args.seed), "--workers", "2",
        "--suppress-health-check", "all", "--generation-database", "none", "--request-timeout", "60",
        "--no-color", "--report", "junit", "--report-junit-path", str(OUT / f"junit-{name}.xml"), *selection,
    ]
    # Run in var/fuzz/: schemathesis keeps a cache of the crashes it found in its working directory.
    with open(OUT / f"schemathesis-{name}.txt", "w") as output:
        return subprocess.run(command, cwd=OUT, stdout=output, stderr=subprocess.STDOUT).returncode  # noqa: S603


def operations(port: int) -> int:
    with urllib.request.urlopen(f"http://{HOST}:{port}/api/v1/openapi.json", timeout=10) as answer:  # noqa: S310
        schema = json.load(answer)
    return sum(len(item) for item in schema["paths"].values())


def token_still_works(port: int, token: str) -> bool:
    request = urllib.request.Request(f"http://{HOST}:{port}/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
            return answer.status == 200
    except OSError:
        return False


def count_statuses() -> tuple[Counter, list[str]]:
    """Statuses of the access log's requests; a fuzzed path may hold a line break, whose rest
    continues on a line of its own and is skipped."""
    statuses: Counter = Counter()
    errors = []
    for line in (OUT / "access.log").read_text(errors="replace").splitlines():
        if (entry := ACCESS_LINE.match(line)) is None:
            continue
        statuses[int(entry["status"])] += 1
        if int(entry["status"]) >= 500:
            errors.append(line)
    return statuses, errors


def test_cases(name: str) -> int:
    """The test cases schemathesis reports it generated (its summary line)."""
    text = (OUT / f"schemathesis-{name}.txt").read_text()
    found = re.search(r"Test cases:\s*\n?\s*(\d+) generated", text) or re.search(r"(\d+) generated", text)
    return int(found.group(1)) if found else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-examples", type=int, default=50, help="test cases per operation (default 50)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--people", type=int, default=PEOPLE, help=f"people in the demo province (default {PEOPLE})")
    args = parser.parse_args()
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    started = time.monotonic()
    url = database_url()
    recreate_database(url)
    env = environment(url)
    token = prepare(env, args.people)
    port = free_port()
    server_log = open(OUT / "django.log", "w")  # noqa: SIM115 (closed below)
    gunicorn = start_gunicorn(env, port, server_log)
    try:
        fuzz_started = time.monotonic()
        schemathesis(port, token, args, "main", "--exclude-path-regex", f"{GRANT_REVOCATION}|{ACCESS_REVOCATION}")
        token_kept = token_still_works(port, token)  # else the main pass mostly met 401s
        schemathesis(port, token, args, "grants", "--include-path-regex", GRANT_REVOCATION)
        schemathesis(port, token, args, "tokens", "--include-path-regex", ACCESS_REVOCATION)
        fuzz_seconds = time.monotonic() - fuzz_started
        summary = {"operations": operations(port), "max_examples_per_operation": args.max_examples,
                   "seed": args.seed, "test_cases": sum(test_cases(name) for name in PASSES),
                   "token_worked_through_the_main_pass": token_kept}
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        server_log.close()
    statuses, errors = count_statuses()
    summary.update({"requests": sum(statuses.values()), "server_errors": len(errors),
                    "statuses": {str(k): v for k, v in sorted(statuses.items())},
                    "fuzz_seconds": round(fuzz_seconds), "total_seconds": round(time.monotonic() - started)})
    summary["server_error_requests"] = errors[:50]
    (OUT / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary, indent=2))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
