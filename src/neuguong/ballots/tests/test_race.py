"""One code, one ballot, under 50 simultaneous submissions (PostgreSQL only: SQLite serialises
every writer, so there is no race to lose there)."""

import threading

import pytest
from django.db import connection, connections

from neuguong.ballots import services
from neuguong.ballots.models import Ballot, BallotCode, Receipt
from neuguong.ballots.tests.helpers import same_level
from neuguong.core.errors import ServiceError

SUBMISSIONS = 50

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the race test needs PostgreSQL")


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_submissions_of_one_code_give_exactly_one_ballot(issued):
    campaign, raw = issued
    choices = same_level(campaign)
    barrier = threading.Barrier(SUBMISSIONS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def submit(index: int) -> None:
        try:
            barrier.wait()
            try:
                cast = services.ballot_cast(campaign=campaign.public_id, typed_code=raw[0], choices=choices,
                                            comments={}, client=f"10.0.0.{index}")
                outcome = f"ok:{cast.receipt}"
            except ServiceError as error:
                outcome = error.code
            with lock:
                outcomes.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(SUBMISSIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    successes = [o for o in outcomes if o.startswith("ok:")]
    assert len(outcomes) == SUBMISSIONS
    assert len(successes) == 1
    assert set(outcomes) - set(successes) == {"code_spent"}
    assert Ballot.objects.filter(campaign=campaign).count() == 1
    assert list(Receipt.objects.filter(campaign=campaign).values_list("number", flat=True)) == [successes[0][3:]]
    assert BallotCode.objects.filter(campaign=campaign, spent=True).count() == 1
