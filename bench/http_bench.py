"""HTTP cases: the same reads through a real gunicorn server with the connection pool on."""

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import timing
from cases import COUNTS_GOAL_MS, SEARCH_GOAL_MS, SEARCHES, bench_units

HOST = "127.0.0.1"
SRC_DIR = Path(__file__).resolve().parent.parent / "src"
# The other list pages built on web.lists.ListPage, first page, no filter, for the province.
LIST_PAGES = [("people", "/people/"), ("petitions", "/reception/petitions/"), ("sessions", "/reception/sessions/"),
              ("campaigns", "/ballots/"), ("accounts", "/accounts/users/"),
              ("restricted access", "/accounts/restricted/")]
USERNAME = "quantri"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Client:
    """A tiny HTTP client: one connection per request (gunicorn's sync workers close them)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.headers: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        all_headers = {**self.headers, **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            conn.request(method, path, body=body, headers=all_headers)
            response = conn.getresponse()
            data = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, data
        finally:
            conn.close()


def start_server(*, url: str, var_dir: Path, workers: int) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    env = {**os.environ, "NEUGUONG_DATABASE_URL": url, "NEUGUONG_VAR_DIR": str(var_dir), "NEUGUONG_DEBUG": "0",
           # The checkout's own code: the shared virtualenv's editable install may point at another one.
           "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC_DIR), os.environ.get("PYTHONPATH")]))}
    env.pop("NEUGUONG_DB_POOL", None)
    log = open(var_dir / "gunicorn.log", "ab")  # noqa: SIM115 (closed with the server)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "neuguong.wsgi", "--workers", str(workers), "--bind", f"{HOST}:{port}",
         "--access-logfile", "-", "--log-level", "warning"],
        env=env, stdout=subprocess.DEVNULL, stderr=log,
    )
    process.log = log  # type: ignore[attr-defined]
    client = Client(port)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if client.request("GET", "/accounts/login/")[0] == 200:
                return process, port
        except OSError:
            time.sleep(0.3)
    stop_server(process)
    raise RuntimeError(f"gunicorn did not answer; see {var_dir / 'gunicorn.log'}")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    process.log.close()  # type: ignore[attr-defined]


def bearer_client(port: int, password: str) -> Client:
    client = Client(port)
    body = json.dumps({"username": USERNAME, "password": password, "name": "bench"}).encode()
    status, data = client.request("POST", "/api/v1/auth/token", body, {"Content-Type": "application/json"})
    if status != 201:
        raise RuntimeError(f"token refused: {status} {data[:200]!r}")
    client.headers["Authorization"] = f"Bearer {json.loads(data)['token']}"
    return client


def session_client(port: int, password: str) -> Client:
    client = Client(port)
    status, page = client.request("GET", "/accounts/login/")
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or match is None:
        raise RuntimeError("no login form")
    form = urlencode({"username": USERNAME, "password": password, "csrfmiddlewaretoken": match.group(1).decode()})
    status, _body = client.request("POST", "/accounts/login/", form.encode(),
                                   {"Content-Type": "application/x-www-form-urlencoded"})
    if status != 302 or "sessionid" not in client.cookies:
        raise RuntimeError(f"login refused: {status}")
    return client


def _route_exists(path: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def planned_routes() -> tuple[list[tuple[str, str, str, float]], list[str]]:
    """(label, client kind, path, goal) for each route that exists in this checkout, and notes."""
    routes, notes = [], []
    units = bench_units()
    if _route_exists("/api/v1/people"):
        routes += [(f"GET /api/v1/people?q={q} (bearer)", "bearer", "/api/v1/people?" + urlencode({"q": q}),
                    SEARCH_GOAL_MS) for q in SEARCHES]
    else:
        notes.append("No API people route in this checkout: API search not measured.")
    if _route_exists("/people/"):
        routes += [(f"GET /people/?q={q} (session, HTML)", "session", "/people/?" + urlencode({"q": q}),
                    SEARCH_GOAL_MS) for q in SEARCHES]
    else:
        notes.append("No web people page in this checkout: web search not measured.")
    for unit in units:
        path = f"/api/v1/units/{unit.pk}/counts"
        if _route_exists(path):
            routes.append((f"GET {path} (bearer), {unit.name}", "bearer", path, COUNTS_GOAL_MS))
    for label, path in LIST_PAGES:
        if _route_exists(path):
            routes.append((f"GET {path} (session, HTML list page: {label})", "session", path, SEARCH_GOAL_MS))
        else:
            notes.append(f"No {path} in this checkout: that list page not measured.")
    if _route_exists("/"):
        routes.append(("GET / (session, HTML dashboard with the province's counts)", "session", "/", COUNTS_GOAL_MS))
    return routes, notes


def _password(accounts_file: Path) -> str:
    accounts = json.loads(accounts_file.read_text(encoding="utf-8"))
    return next(a["password"] for a in accounts if a["username"] == USERNAME)


def run_all(*, url: str, var_dir: Path, accounts_file: Path, iterations: int, warmup: int,
            workers: int) -> dict[str, Any]:
    routes, notes = planned_routes()
    if not routes:
        return {"workers": workers, "routes": [], "notes": notes + ["No HTTP route to measure."]}
    process, port = start_server(url=url, var_dir=var_dir, workers=workers)
    try:
        password = _password(accounts_file)
        clients = {"bearer": bearer_client(port, password), "session": session_client(port, password)}
        measured = []
        for label, kind, path, goal in routes:
            client = clients[kind]
            status, _body = client.request("GET", path)
            if status != 200:
                raise RuntimeError(f"{label} answered {status}")
            stats = timing.measure(lambda c=client, p=path: c.request("GET", p), iterations=iterations,
                                   warmup=warmup)
            measured.append({"route": label, "stats": stats.as_dict(), "goal_ms": goal,
                             "meets_goal": stats.p95_ms < goal})
    finally:
        stop_server(process)
    notes.append(f"HTTP: one client, sequential requests (a new connection each: gunicorn's sync workers close "
                 f"them), {workers} sync workers, DEBUG off, psycopg pool on. A request also authenticates (token "
                 "or session), reads the user's grants; the API's list counts every match for its pager, an HTML "
                 "list page reads one row past its page instead.")
    return {"workers": workers, "routes": measured, "notes": notes}
