"""The benchmark's own PostgreSQL database: derive its URL, create it, fill it with a province."""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

BENCH_DB = "neuguong_bench"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/neuguong"


def bench_url(url: str | None = None) -> str:
    """The given server URL (or the environment's) with the database name replaced by ``neuguong_bench``."""
    url = url or os.environ.get("NEUGUONG_DATABASE_URL") or os.environ.get("DATABASE_URL") or DEFAULT_URL
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit(f"The benchmark needs PostgreSQL, not {parts.scheme or url!r}.")
    return urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


def _maintenance_url(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def _psycopg_url(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1) if url.startswith("postgres://") else url


def database_exists(url: str) -> bool:
    with psycopg.connect(_psycopg_url(_maintenance_url(url)), autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone() is not None


def create_database(url: str) -> None:
    with psycopg.connect(_psycopg_url(_maintenance_url(url)), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(BENCH_DB)))


def drop_database(url: str) -> None:
    with psycopg.connect(_psycopg_url(_maintenance_url(url)), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(BENCH_DB)))


def people_count(url: str) -> int | None:
    """People in the bench database, or None when it has no people table yet."""
    with psycopg.connect(_psycopg_url(url)) as conn:
        if conn.execute("SELECT to_regclass('orgs_person')").fetchone()[0] is None:
            return None
        return conn.execute("SELECT count(*) FROM orgs_person").fetchone()[0]


def prepare(url: str, *, people: int, accounts_file: Path, regenerate: bool) -> str:
    """Make sure the bench database exists with a province of ``people`` people; say what was done."""
    if regenerate and database_exists(url):
        drop_database(url)
    if database_exists(url):
        count = people_count(url)
        if count == people and accounts_file.exists():
            return "reused"
        if count:
            drop_database(url)
    if not database_exists(url):
        create_database(url)
    return "created"


def migrate_and_fill(*, people: int, seed: int, accounts_file: Path) -> dict[str, int] | None:
    """Migrate (after ``django.setup()``) and load the province when the database is empty."""
    from django.core.management import call_command
    from django.db import connection

    from neuguong.core import demo as runner
    from neuguong.orgs import demo

    call_command("migrate", verbosity=0, interactive=False)
    if demo.is_loaded():
        return None
    result = runner.load_demo(people=people, seed=seed, accounts_file=accounts_file)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return result.counts
