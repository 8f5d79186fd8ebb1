"""An exact citizen-ID lookup in the people search confirms who holds the number: only holders of
``people.view_sensitive`` on the person's unit may make it, and only so many times an hour."""

import pytest
from django.core.cache import cache
from django.test import Client

from neuguong.accounts.permissions import Role
from neuguong.core import crypto
from neuguong.orgs.models import Person
from neuguong.orgs.tests.factories import PersonFactory, UserFactory, grant

API = "/api/v1"
CITIZEN_ID = "042090001234"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def identified(person):
    Person.objects.filter(pk=person.pk).update(
        citizen_id_encrypted=crypto.encrypt(CITIZEN_ID), citizen_id_hash=crypto.keyed_hash(CITIZEN_ID)
    )
    return person


@pytest.fixture
def leader_client(commune):
    """A leader of commune A: sees people, not their citizen IDs."""
    user = UserFactory(username="lanhdao_a", person=PersonFactory(full_name="Cao Văn Lãnh", unit=commune))
    grant(user, Role.LEADER, commune)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def names_in_api(client, q: str) -> list[str]:
    return [p["full_name"] for p in client.get(f"{API}/people", {"q": q}).json()["items"]]


def test_citizen_id_lookup_finds_the_person_for_a_holder_of_view_sensitive(admin_client_a, identified):
    assert names_in_api(admin_client_a, CITIZEN_ID) == ["Nguyễn Văn An"]
    assert "Nguyễn Văn An" in admin_client_a.get("/people/", {"q": CITIZEN_ID}).content.decode()


def test_citizen_id_lookup_confirms_nothing_without_view_sensitive(leader_client, identified):
    assert names_in_api(leader_client, "nguyen van an") == ["Nguyễn Văn An"]
    assert names_in_api(leader_client, CITIZEN_ID) == []
    page = leader_client.get("/people/", {"q": CITIZEN_ID}).content.decode().split("<main", 1)[1]
    assert "Nguyễn Văn An" not in page


def test_citizen_id_lookup_needs_view_sensitive_on_the_persons_unit(identified, cell, commune):
    """view_sensitive on a cell does not reach a person of the commune seen through people.view."""
    user = UserFactory(username="tochuc_chibo")
    grant(user, Role.LEADER, commune)
    grant(user, Role.ORGANISATION_STAFF, cell)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    assert names_in_api(client, CITIZEN_ID) == []


def test_citizen_id_lookups_are_throttled_per_user(admin_client_a, outsider_client, identified, settings):
    settings.CITIZEN_ID_LOOKUPS_PER_HOUR = 2
    for _attempt in range(2):
        assert names_in_api(admin_client_a, CITIZEN_ID) == ["Nguyễn Văn An"]
    refused = admin_client_a.get(f"{API}/people", {"q": CITIZEN_ID})
    assert refused.status_code == 429 and refused.json()["code"] == "citizen_id_lookups_throttled"
    page = admin_client_a.get("/people/", {"q": CITIZEN_ID})
    assert page.status_code == 429 and "Too many citizen ID lookups" in page.content.decode()
    assert "Nguyễn Văn An" not in page.content.decode().split("<main", 1)[1]
    # Name searches go on, and another user has their own allowance.
    assert names_in_api(admin_client_a, "nguyen van an") == ["Nguyễn Văn An"]
    assert outsider_client.get(f"{API}/people", {"q": CITIZEN_ID}).status_code == 200
