"""Concurrent officers on PostgreSQL: the row lock taken before each check means two extensions
racing for the last one allowed end with exactly one, and two visitors recorded at once get
distinct register numbers."""

import pytest
from django.db import connection

from neuguong.core.errors import ServiceError
from neuguong.orgs.tests.races import run_together as race
from neuguong.reception import services
from neuguong.reception.models import Petition, Visit

from .conftest import days_ago, receive

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


@pytest.mark.django_db(transaction=True)
def test_two_officers_racing_for_the_last_extension_get_one(officer, colleague, commune):
    petition = receive(officer, commune, kinds=["denunciation"], received_on=days_ago(10))[0]
    services.petition_decide(petition_id=petition.pk, outcome="accept", acting_user=officer, decided_on=days_ago(5))
    services.petition_extend(petition_id=petition.pk, reason="Lần một", acting_user=officer)
    results = race(
        lambda: services.petition_extend(petition_id=petition.pk, reason="Lần hai A", acting_user=officer),
        lambda: services.petition_extend(petition_id=petition.pk, reason="Lần hai B", acting_user=colleague),
    )
    refused = [r for r in results if isinstance(r, ServiceError)]
    assert len(refused) == 1 and refused[0].code == "extension_limit"
    assert Petition.objects.get(pk=petition.pk).extensions == 2


@pytest.mark.django_db(transaction=True)
def test_visitors_recorded_at_once_get_distinct_numbers(officer, colleague, commune):
    session = services.session_create(unit_id=commune.pk, title="Tiếp dân", held_on=days_ago(0), acting_user=officer)
    visitor = {"full_name": "Lê Văn Đến", "address": "Thôn Đông"}
    matter = {"subject": "Đường", "content": "Sửa đường"}
    race(*[lambda user=user: services.visit_record(session_id=session.pk, visitor=visitor, kinds=["proposal"],
                                                   matter=matter, acting_user=user)
           for user in (officer, colleague, officer)])
    assert sorted(Visit.objects.values_list("number", flat=True)) == [1, 2, 3]
