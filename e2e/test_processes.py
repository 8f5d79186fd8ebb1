"""Beyond one machine, on PostgreSQL and Redis: two gunicorn processes (A and B) and two task
workers share one database and one Redis. Nothing depends on which process serves a request: a
session opened on A works on B, failures counted on A block on B, the audit chain stays whole
with writes interleaved on both, a row lock holds across them, and a task queued through A runs
exactly once on one of the two workers."""

import datetime as dt
import re
import socket
import threading
import time

import pytest
from django.conf import settings
from django.db import connection

from neuguong.ballots import codes
from neuguong.ballots.services import throttle

from .servers import PASSWORD, Client, Deployment, drop_database, query, retried_write, server_url, warm_up

REDIS_URL = "redis://127.0.0.1:6379/5"  # this suite's own Redis database


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="several processes share one PostgreSQL database"),
    pytest.mark.skipif(not _redis_answers(), reason="several processes share one Redis; none answers at :6379"),
]

# A confidence ballot with one candidate and one code, and a second account for the lockout.
MORE_SETUP = """
from neuguong.ballots import services as ballots
from neuguong.ballots.models import CampaignKind

candidate = orgs.person_create(unit_id=commune.pk, data={"full_name": "Trần Văn Ứng Cử", "gender": "male"},
                               acting_user=SYSTEM)
campaign = ballots.campaign_create(unit_id=commune.pk, title="Lấy phiếu tín nhiệm thử", period="2025",
                                   kind=CampaignKind.CONFIDENCE_BALLOT, paper=False, acting_user=SYSTEM)
ballots.candidate_add(campaign_id=campaign.pk, person_id=candidate.pk, acting_user=SYSTEM)
ballots.campaign_open(campaign_id=campaign.pk, acting_user=SYSTEM)
out["campaign"] = str(campaign.public_id)
out["code"] = ballots.code_batch_issue(campaign_id=campaign.pk, size=1, label="thử", acting_user=SYSTEM)[1][0]
other = orgs.person_create(unit_id=commune.pk, data={"full_name": "Lê Thị Bị Khóa", "gender": "female"},
                           acting_user=SYSTEM)
out["locked_username"] = accounts.user_create(username="bikhoa", password=PASSWORD, person_id=other.pk,
                                              acting_user=SYSTEM).username
"""


def _forget_counters() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


@pytest.fixture(autouse=True)
def _fresh_counters():
    """Each test starts with no rate-limit counter (they all come from the same address)."""
    _forget_counters()


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    deployment = Deployment(url=server_url(f"{connection.settings_dict['NAME']}_system_processes"),
                            work=tmp_path_factory.mktemp("processes"), redis_url=REDIS_URL)
    data = deployment.prepare(MORE_SETUP)
    try:
        bases = [deployment.start_web("web-a"), deployment.start_web("web-b")]
        deployment.start_worker("worker-a")
        deployment.start_worker("worker-b")
        for base in bases:
            warm_up(base, data["token"], ("/api/v1/people", "/api/v1/petitions"), threads=2)
        yield deployment, data, bases
    finally:
        deployment.stop()
        drop_database(deployment.url)
        _forget_counters()


def _log_in(client: Client, username: str, password: str) -> None:
    page = client.request("GET", "/accounts/login/")
    csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
    assert csrf is not None
    answer = client.request("POST", "/accounts/login/", form={
        "csrfmiddlewaretoken": csrf.group(1).decode(), "username": username, "password": password})
    assert answer.status == 200 and client.cookie("sessionid")


def test_a_session_opened_on_a_works_on_b(live):
    _deployment, data, (a, b) = live
    client = Client(a)
    _log_in(client, data["username"], PASSWORD)
    assert client.request("GET", "/api/v1/people", base=b).status == 200
    assert Client(b).request("GET", "/api/v1/people").status == 401  # the cookie is what carries it


def test_failed_logins_counted_on_a_and_b_lock_the_account_on_both(live):
    _deployment, data, (a, b) = live
    client = Client(a)
    wrong = {"username": data["locked_username"], "password": "not-the-password"}
    for attempt in range(settings.LOGIN_MAX_FAILURES):
        assert client.request("POST", "/api/v1/auth/token", wrong, base=(a, b)[attempt % 2]).status == 401
    right = {"username": data["locked_username"], "password": PASSWORD}
    for base in (a, b):
        answer = client.request("POST", "/api/v1/auth/token", right, base=base)
        assert (answer.status, answer.json()["code"]) == (429, "locked")


def test_wrong_ballot_codes_counted_on_a_and_b_throttle_on_both(live):
    _deployment, data, (a, b) = live
    client = Client(a)

    def cast(code: str, base: str):
        body = {"campaign": data["campaign"], "code": code,
                "answers": [{"candidate": 1, "question": 1, "option": "high"}]}
        return client.request("POST", "/api/v1/ballots/cast", body, base=base)

    for attempt in range(throttle.WRONG_CODES.allowed()):
        assert cast(codes.new_code(), (a, b)[attempt % 2]).json()["code"] == "code_unknown"
    for base in (a, b):
        assert cast(codes.new_code(), base).status == 429


def test_concurrent_casts_of_one_code_on_a_and_b_store_one_ballot(live):
    deployment, data, (a, b) = live
    body = {"campaign": data["campaign"], "code": data["code"],
            "answers": [{"candidate": 1, "question": 1, "option": "high"}]}
    start = threading.Barrier(8)
    statuses: list[int] = []

    def cast(base: str) -> None:
        client = Client(base)
        start.wait()
        statuses.append(client.request("POST", "/api/v1/ballots/cast", body).status)

    threads = [threading.Thread(target=cast, args=((a, b)[n % 2],)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201] + [409] * 7
    assert query(deployment.url, "SELECT count(*) FROM ballots_ballot")[0][0] == 1
    assert query(deployment.url, "SELECT count(*) FROM ballots_ballotcode WHERE spent")[0][0] == 1


def test_the_audit_chain_stays_whole_with_writes_interleaved_on_a_and_b(live):
    deployment, data, (a, b) = live
    events_before = query(deployment.url, "SELECT count(*) FROM audit_auditevent")[0][0]
    writes_per_thread = 10

    def write(thread_no: int) -> None:
        client = Client(a, {"Authorization": f"Bearer {data['token']}"})
        for write_no in range(writes_per_thread):
            body = {"full_name": f"Xen Kẽ {thread_no}-{write_no}", "gender": "male", "unit_id": data["commune"]}
            answer, _failures = retried_write(client, "POST", "/api/v1/people", body, base=(a, b)[write_no % 2])
            assert answer.status == 201

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    low, high, count = query(deployment.url, "SELECT min(seq), max(seq), count(*) FROM audit_auditevent")[0]
    assert (low, high - low + 1) == (1, count)
    assert count == events_before + 4 * writes_per_thread
    verified = deployment.manage("audit_verify")
    assert verified.returncode == 0, verified.stderr


def test_a_reminder_queued_through_a_runs_exactly_once_on_one_worker(live):
    deployment, data, (a, _b) = live
    client = Client(a, {"Authorization": f"Bearer {data['token']}"})
    petition_ids = []
    for number in range(4):
        body = {"unit_id": data["commune"], "kinds": ["complaint"], "channel": "post",
                "received_on": (dt.date.today() - dt.timedelta(days=40)).isoformat(),  # long overdue: due now
                "subject": f"Kiến nghị quá hạn {number}", "content": "Đề nghị trả lời đơn đã gửi từ lâu.",
                "petitioner_name": "Đỗ Văn Chờ", "petitioner_address": "Thôn Tây, xã Thử Nghiệm"}
        answer, _failures = retried_write(client, "POST", "/api/v1/petitions", body)
        petition_ids.append(answer.json()[0]["id"])
    statement = ("SELECT (args_kwargs->'kwargs'->>'petition_id')::bigint, status, worker_ids "
                 "FROM django_tasks_database_dbtaskresult WHERE task_path = %s ORDER BY 1")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        tasks = query(deployment.url, statement, ["neuguong.reception.tasks.remind_petition"])
        if len(tasks) == len(petition_ids) and all(status == "SUCCESSFUL" for _pk, status, _ids in tasks):
            break
        time.sleep(0.3)
    failures = query(deployment.url, "SELECT exception_class_path, traceback FROM django_tasks_database_dbtaskresult "
                                     "WHERE status = 'FAILED'")
    assert [(pk, status) for pk, status, _ids in tasks] == [(pk, "SUCCESSFUL") for pk in petition_ids], failures
    assert all(len(ids) == 1 and ids[0] in ("worker-a", "worker-b") for _pk, _status, ids in tasks)
    reminders = query(deployment.url, "SELECT object_id, count(*) FROM reception_reminder GROUP BY 1 ORDER BY 1")
    assert reminders == [(pk, 1) for pk in petition_ids]
    sent = query(deployment.url, "SELECT count(*) FROM audit_auditevent WHERE action = 'reminder.sent'")[0][0]
    assert sent == len(petition_ids)
