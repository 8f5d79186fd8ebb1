"""A small live deployment for the system tests on PostgreSQL: a database of its own, gunicorn
web processes with production settings and the connection pool on, ``manage.py db_worker``
processes, and a standard-library HTTP client (cookies included) that retries writes with the
same Idempotency-Key, as a careful API client would."""

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import quote, urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PASSWORD = "Mat-khau-van-hanh-2026"  # noqa: S105 (an account of a throwaway test database)

# Built by the project's own services, so that every row is audited like production data.
SETUP = """
import json
from neuguong.accounts import services as accounts
from neuguong.accounts.permissions import Role
from neuguong.core.actors import SYSTEM
from neuguong.orgs import services as orgs
from neuguong.orgs.models import UnitKind

province = orgs.unit_create(name="Tỉnh ủy Thử Nghiệm", kind=UnitKind.PROVINCE_COMMITTEE, parent_id=None,
                            acting_user=SYSTEM)
commune = orgs.unit_create(name="Đảng bộ xã Thử Nghiệm", kind=UnitKind.SUBORDINATE_COMMITTEE,
                           parent_id=province.pk, acting_user=SYSTEM)
person = orgs.person_create(unit_id=commune.pk, data={"full_name": "Nguyễn Văn Vận Hành", "gender": "male"},
                            acting_user=SYSTEM)
user = accounts.user_create(username="vanhanh", password=PASSWORD, person_id=person.pk, acting_user=SYSTEM)
for role in (Role.UNIT_ADMIN, Role.RECEPTION_STAFF):
    accounts.grant_role(user_id=user.pk, role=role, unit_id=commune.pk, acting_user=SYSTEM,
                        reason="Tài khoản vận hành của phép thử hệ thống")
_token, raw = accounts.api_token_create(user=user, name="system test", acting_user=user)
out = {"commune": commune.pk, "person": person.pk, "user": user.pk, "username": user.username, "token": raw}
"""


def server_url(database: str) -> str:
    """The URL of ``database`` on the PostgreSQL server the test suite itself runs on."""
    from django.db import connection

    params = connection.settings_dict
    credentials = quote(params["USER"] or "postgres")
    if params["PASSWORD"]:
        credentials += ":" + quote(params["PASSWORD"])
    return f"postgres://{credentials}@{params['HOST'] or HOST}:{params['PORT'] or 5432}/{database}"


def _psycopg(url: str, database: str | None = None) -> str:
    url = url.replace("postgres://", "postgresql://", 1)
    return url.rsplit("/", 1)[0] + "/" + database if database else url


def _database_name(url: str) -> str:
    return url.rsplit("/", 1)[1]


def recreate_database(url: str) -> None:
    name = sql.Identifier(_database_name(url))
    with psycopg.connect(_psycopg(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def drop_database(url: str) -> None:
    with psycopg.connect(_psycopg(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(_database_name(url))))


def query(url: str, statement: str, params: Any = None) -> list[tuple]:
    with psycopg.connect(_psycopg(url)) as conn:
        return conn.execute(statement, params).fetchall()


def terminate_backends(url: str) -> int:
    """What a database restart or failover does to the application: every backend of the
    database is killed, in the middle of whatever it was doing."""
    with psycopg.connect(_psycopg(url, "postgres"), autocommit=True) as conn:
        rows = conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE datname = %s AND pid <> pg_backend_pid()", [_database_name(url)]).fetchall()
    return len(rows)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Deployment:
    """The processes of one deployment; ``stop()`` ends every process it started."""

    url: str
    work: Path
    redis_url: str = ""

    def __post_init__(self) -> None:
        self.processes: list[subprocess.Popen] = []
        self.logs: list[Any] = []

    def env(self) -> dict[str, str]:
        # Not the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE: the servers run as in production.
        env = {key: value for key, value in os.environ.items()
               if key not in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
        env.update({
            "NEUGUONG_DATABASE_URL": self.url, "NEUGUONG_ENV": "production", "NEUGUONG_DEBUG": "0",
            "NEUGUONG_SECRET_KEY": "system-test-secret-key-not-for-production",
            "NEUGUONG_FIELD_KEY": "system-test-field-key-not-for-production",
            "NEUGUONG_AUDIT_KEY": "system-test-audit-key-not-for-production",
            # Plain HTTP on the loopback, with no TLS proxy in front to redirect or to mark requests secure.
            "NEUGUONG_SECURE_COOKIES": "0", "NEUGUONG_SSL_REDIRECT": "0",
            "NEUGUONG_DB_POOL": "1", "NEUGUONG_DB_POOL_MIN": "1", "NEUGUONG_DB_POOL_MAX": "4",
            "NEUGUONG_VAR_DIR": str(self.work), "NEUGUONG_STATIC_ROOT": str(self.work / "static"),
            "NEUGUONG_LOG_LEVEL": "ERROR", "PYTHONPATH": str(ROOT / "src"),
            "DJANGO_SETTINGS_MODULE": "neuguong.settings",
        })
        if self.redis_url:
            env["REDIS_URL"] = self.redis_url
        return env

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=self.env(), cwd=ROOT,  # noqa: S603
                              capture_output=True, text=True, timeout=180)

    def prepare(self, more: str = "") -> dict[str, Any]:
        """A fresh database, migrated, with the catalogues, a commune and its administrator's token.
        ``more`` is further setup code run after it; it may add to the returned dict ``out``."""
        recreate_database(self.url)
        for command in (("migrate", "--no-input", "-v0"), ("load_catalogues",)):
            done = self.manage(*command)
            assert done.returncode == 0, done.stderr
        done = self.manage("shell", "-c", f"PASSWORD = {PASSWORD!r}\n{SETUP}\n{more}\nprint(json.dumps(out))")
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        log = open(self.work / f"{name}.log", "ab")  # noqa: SIM115 (closed in stop)
        process = subprocess.Popen(args, env=self.env(), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        self.processes.append(process)
        self.logs.append(log)
        return process

    def start_web(self, name: str = "web", *, workers: int = 1, threads: int = 4) -> str:
        """A gunicorn master with its workers; returns its base URL once it answers."""
        port = _free_port()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self._spawn(name, [str(gunicorn), "neuguong.wsgi", "-w", str(workers), "-k", "gthread", "--threads",
                           str(threads), "--bind", f"{HOST}:{port}", "--timeout", "30", "--graceful-timeout", "2"])
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((HOST, port), timeout=1):
                    return f"http://{HOST}:{port}"
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start; see {self.work / (name + '.log')}")

    def start_worker(self, name: str) -> None:
        self._spawn(name, [sys.executable, str(ROOT / "manage.py"), "db_worker", "--interval", "0.2",
                           "--no-startup-delay", "--worker-id", name])

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for log in self.logs:
            log.close()


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


# What a client sees when the server or the network fails, as opposed to an HTTP answer.
TRANSPORT_ERRORS = (OSError, http.client.HTTPException)


class Client:
    """A browser-like HTTP client: keeps cookies, sends JSON, answers every status as an Answer."""

    def __init__(self, base: str, headers: dict[str, str] | None = None):
        self.base = base
        self.cookies = CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.cookies))
        self.headers = {"Accept-Language": "en", **(headers or {})}

    def request(self, method: str, path: str, body: Any = None, *, form: dict[str, str] | None = None,
                headers: dict[str, str] | None = None, base: str | None = None) -> Answer:
        all_headers = {**self.headers, **(headers or {})}
        data = None
        if form is not None:
            data = urlencode(form).encode()
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json"
        request = Request((base or self.base) + path, data=data, method=method, headers=all_headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=30) as response:
                return Answer(response.status, dict(response.headers), response.read())
        except HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read())

    def cookie(self, name: str) -> str:
        return next((cookie.value or "" for cookie in self.cookies if cookie.name == name), "")


def warm_up(base: str, token: str, paths: tuple[str, ...], *, threads: int = 4) -> None:
    """Read a few pages from several threads, so that every web process has loaded the app
    before the test starts to measure or to break things."""
    def read() -> None:
        client = Client(base, {"Authorization": f"Bearer {token}"})
        for path in paths:
            assert client.request("GET", path).status == 200

    readers = [threading.Thread(target=read) for _ in range(threads)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()


def retried_write(client: Client, method: str, path: str, body: Any, *, attempts: int = 40,
                  base: str | None = None) -> tuple[Answer, int]:
    """Send a write with a fresh Idempotency-Key and retry it with the same key on a 5xx or a
    broken connection. Returns the final answer and how many failures were retried."""
    key = str(uuid.uuid4())
    for failures in range(attempts):
        try:
            answer = client.request(method, path, body, headers={"Idempotency-Key": key}, base=base)
        except TRANSPORT_ERRORS:
            answer = None
        if answer is not None and answer.status < 500:
            return answer, failures
        time.sleep(0.05 * min(failures + 1, 10))
    raise AssertionError(f"{method} {path} still failing after {attempts} attempts")
