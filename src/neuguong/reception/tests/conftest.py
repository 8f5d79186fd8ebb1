"""Fixtures of the reception tests: the loaded catalogues, the reception office of commune A, a
leader, the reception office of the sibling commune B, and petitions received through the services.

The three standard actors of the project's conftest keep their meaning: ``unit_admin`` (commune
A, may read petitions), ``member`` (a party member of A, no reception rights) and ``outsider``
(administrator of commune B).
"""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from neuguong.accounts.permissions import Role
from neuguong.catalogues import services as catalogue_services
from neuguong.core.actors import SYSTEM
from neuguong.orgs.tests.factories import PersonFactory, UserFactory, grant
from neuguong.reception import services


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    """Uploads in a throwaway MEDIA_ROOT; rate-limit counters start from zero."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def catalogues(db):
    return catalogue_services.catalogues_load(acting_user=SYSTEM)


def _staff(username: str, name: str, role: str, unit):
    user = UserFactory(username=username, person=PersonFactory(full_name=name, unit=unit))
    grant(user, role, unit)
    return user


@pytest.fixture
def officer(commune, catalogues):
    """The reception office of commune A: handles petitions and sees denouncers."""
    return _staff("officer_a", "Hồ Thị Tiếp", Role.RECEPTION_STAFF, commune)


@pytest.fixture
def colleague(commune, catalogues):
    return _staff("officer_a2", "Lý Văn Đồng", Role.RECEPTION_STAFF, commune)


@pytest.fixture
def leader(commune, catalogues):
    """A leader of commune A: reads petitions, never a denouncer's identity."""
    return _staff("leader_a", "Trương Văn Lãnh", Role.LEADER, commune)


@pytest.fixture
def province_officer(province, catalogues):
    return _staff("officer_p", "Mai Thị Tỉnh", Role.RECEPTION_STAFF, province)


@pytest.fixture
def outsider_officer(sibling, catalogues):
    """The reception office of commune B, a sibling of A."""
    return _staff("officer_b", "Quách Văn Ngoài", Role.RECEPTION_STAFF, sibling)


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def officer_client(officer):
    return client_for(officer)


@pytest.fixture
def leader_client(leader):
    return client_for(leader)


@pytest.fixture
def outsider_officer_client(outsider_officer):
    return client_for(outsider_officer)


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


PETITIONER = {
    "petitioner_name": "Nguyễn Thị Dân", "petitioner_address": "Thôn Đông, xã Thạch Hà",
    "petitioner_phone": "0912 345 678", "citizen_id": "042190001234",
}


def receive(officer, unit, *, kinds=("complaint",), channel="post", received_on=None, **data):
    """Petitions received by post through the service (one per kind)."""
    values = {"subject": "Đất đai", "content": "Đề nghị xem xét việc thu hồi đất của gia đình tôi.", **PETITIONER,
              **data}
    competent = values.pop("competent_unit_id", None)
    return services.petition_receive(unit_id=unit.pk, kinds=list(kinds), channel=channel, data=values,
                                     received_on=received_on or days_ago(2), acting_user=officer,
                                     competent_unit_id=competent)


@pytest.fixture
def complaint(officer, commune):
    return receive(officer, commune)[0]


@pytest.fixture
def denunciation(officer, commune):
    return receive(officer, commune, kinds=["denunciation"], subject="Tố cáo cán bộ địa chính",
                   content="Tôi tố cáo cán bộ địa chính xã nhận tiền của dân.",
                   petitioner_name="Đỗ Văn Tố", petitioner_address="Xóm Bắc, xã Thạch Hà",
                   petitioner_phone="0987 111 222", citizen_id="042190009999")[0]
