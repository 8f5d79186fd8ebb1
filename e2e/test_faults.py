"""Connections and faults, on PostgreSQL: while client threads write through gunicorn (production
settings, the connection pool on), every backend of the database is terminated again and again.
The clients retry a failed write with the same Idempotency-Key. Afterwards every write was
acknowledged, and exists exactly once: none missing, none duplicated, none half-written (each
has its audit event, each petition its reminder task), and the audit chain verifies."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection

from .servers import Client, Deployment, drop_database, query, retried_write, server_url, terminate_backends, warm_up

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="terminates PostgreSQL backends under a live gunicorn")

CLIENTS = 6
KILL_ROUNDS = 5
KILL_EVERY_SECONDS = 1.0
WRITES_AFTER_THE_FAULTS = 2  # each client goes on writing a little after the last termination
PEOPLE_PREFIX = "Thử Lỗi"
PETITION_PREFIX = "Kiến nghị thử lỗi"


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    deployment = Deployment(url=server_url(f"{connection.settings_dict['NAME']}_system_faults"),
                            work=tmp_path_factory.mktemp("faults"))
    data = deployment.prepare()
    try:
        base = deployment.start_web(workers=2, threads=4)
        warm_up(base, data["token"], ("/api/v1/people", "/api/v1/petitions", "/api/v1/units"))
        yield deployment, data, base
    finally:
        deployment.stop()
        drop_database(deployment.url)


def _person(data: dict, client_no: int, write_no: int) -> dict:
    return {"full_name": f"{PEOPLE_PREFIX} {client_no}-{write_no}", "gender": "female",
            "unit_id": data["commune"]}


def _petition(data: dict, client_no: int, write_no: int) -> dict:
    return {"unit_id": data["commune"], "kinds": ["complaint"], "channel": "post",
            "received_on": (dt.date.today() - dt.timedelta(days=1)).isoformat(),
            "subject": f"{PETITION_PREFIX} {client_no}-{write_no}",
            "content": "Đề nghị xem xét việc sửa đường liên thôn.", "petitioner_name": "Lê Thị Kiến Nghị",
            "petitioner_address": "Thôn Đông, xã Thử Nghiệm"}


def _drive(base: str, data: dict, client_no: int, results: dict, faults_over: threading.Event) -> None:
    """Write people and petitions, alternately, until a few writes after the last termination."""
    client = Client(base, {"Authorization": f"Bearer {data['token']}"})
    write_no = after_faults = 0
    while after_faults < WRITES_AFTER_THE_FAULTS:
        after_faults += faults_over.is_set()
        if write_no % 2 == 0:
            answer, failures = retried_write(client, "POST", "/api/v1/people", _person(data, client_no, write_no))
            results["people"].append((answer.status, answer.json()["id"]))
        else:
            answer, failures = retried_write(client, "POST", "/api/v1/petitions", _petition(data, client_no, write_no))
            results["petitions"].append((answer.status, answer.json()[0]["id"]))
        results["retried"].append(failures)
        write_no += 1


def test_terminated_backends_lose_no_acknowledged_write_and_duplicate_none(live):
    deployment, data, base = live
    results: dict[str, list] = {"people": [], "petitions": [], "retried": [], "errors": []}
    faults_over = threading.Event()
    kills: list[int] = []

    def kill_backends() -> None:
        for _round in range(KILL_ROUNDS):
            time.sleep(KILL_EVERY_SECONDS)
            kills.append(terminate_backends(deployment.url))
        faults_over.set()

    def drive(client_no: int) -> None:
        try:
            _drive(base, data, client_no, results, faults_over)
        except Exception as exc:  # reported below, with the other clients' results
            results["errors"].append(repr(exc))

    killer = threading.Thread(target=kill_backends)
    clients = [threading.Thread(target=drive, args=(client_no,)) for client_no in range(CLIENTS)]
    started = time.monotonic()
    killer.start()
    for thread in clients:
        thread.start()
    for thread in [killer, *clients]:
        thread.join()
    elapsed = time.monotonic() - started

    writes = len(results["retried"])
    print(f"\n{writes} writes in {elapsed:.1f} s, {len(kills)} rounds of terminations ({sum(kills)} backends), "
          f"{sum(results['retried'])} failed attempts retried")
    assert results["errors"] == []
    assert sum(kills) > 0  # the faults really hit the application's connections
    # Every write was acknowledged in the end (no 5xx after the retries), each with 201.
    assert {status for status, _pk in results["people"] + results["petitions"]} == {201}
    person_ids = sorted(pk for _status, pk in results["people"])
    petition_ids = sorted(pk for _status, pk in results["petitions"])
    assert len(person_ids) + len(petition_ids) == writes

    # Exactly the acknowledged records exist: none missing, none duplicated.
    stored_people = query(deployment.url, "SELECT id FROM orgs_person WHERE full_name LIKE %s ORDER BY id",
                          [f"{PEOPLE_PREFIX} %"])
    assert [pk for (pk,) in stored_people] == person_ids
    stored_petitions = query(deployment.url, "SELECT id FROM reception_petition WHERE subject LIKE %s ORDER BY id",
                             [f"{PETITION_PREFIX} %"])
    assert [pk for (pk,) in stored_petitions] == petition_ids

    # Nothing half-written: one audit event per record, one reminder task per petition.
    created = query(deployment.url, "SELECT object_id::bigint, count(*) FROM audit_auditevent "
                                    "WHERE action = 'person.created' AND object_id <> %s GROUP BY 1 ORDER BY 1",
                    [str(data["person"])])
    assert created == [(pk, 1) for pk in person_ids]
    received = query(deployment.url, "SELECT object_id::bigint, count(*) FROM audit_auditevent "
                                     "WHERE action = 'petition.received' GROUP BY 1 ORDER BY 1")
    assert received == [(pk, 1) for pk in petition_ids]
    reminders = query(deployment.url, "SELECT (args_kwargs->'kwargs'->>'petition_id')::bigint, count(*) "
                                      "FROM django_tasks_database_dbtaskresult WHERE task_path = %s "
                                      "GROUP BY 1 ORDER BY 1", ["neuguong.reception.tasks.remind_petition"])
    assert reminders == [(pk, 1) for pk in petition_ids]
    assert query(deployment.url, "SELECT status, count(*) FROM core_idempotencykey GROUP BY 1") == [(201, writes)]

    # The audit chain is whole: contiguous sequence numbers, and audit_verify recomputes it clean.
    assert query(deployment.url, "SELECT min(seq), max(seq), count(*) FROM audit_auditevent")[0][0] == 1
    low, high, count = query(deployment.url, "SELECT min(seq), max(seq), count(*) FROM audit_auditevent")[0]
    assert high - low + 1 == count
    verified = deployment.manage("audit_verify")
    assert verified.returncode == 0, verified.stderr
