"""Fixtures of the inspection tests: the loaded catalogues (discipline forms and their limitation
periods), the inspection commission of the province and of commune A, and members of A: a full
member (``member``), a probationary one and one holding a post.

The three standard actors keep their meaning: ``unit_admin`` (commune A, who reads no discipline),
``member`` (a party member of A, who reads the decisions about themselves) and ``outsider``
(administrator of commune B).
"""

import datetime as dt

import pytest
from django.test import Client

from neuguong.accounts.permissions import Role
from neuguong.catalogues import services as catalogue_services
from neuguong.core.actors import SYSTEM
from neuguong.inspection import services
from neuguong.orgs.models import MembershipStatus
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory, PostFactory, UserFactory, grant

OCCURRED = dt.date(2015, 3, 15)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploads in a throwaway MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def catalogues(db):
    return catalogue_services.catalogues_load(acting_user=SYSTEM)


def staff(username: str, name: str, role: str, unit):
    user = UserFactory(username=username, person=PersonFactory(full_name=name, unit=unit))
    grant(user, role, unit)
    return user


@pytest.fixture
def inspector(province, catalogues):
    return staff("kiemtra_p", "Hồ Văn Kiểm", Role.INSPECTION_STAFF, province)


@pytest.fixture
def commune_inspector(commune, catalogues):
    return staff("kiemtra_a", "Lý Thị Soát", Role.INSPECTION_STAFF, commune)


@pytest.fixture
def sibling_inspector(sibling, catalogues):
    return staff("kiemtra_b", "Mạc Văn Tra", Role.INSPECTION_STAFF, sibling)


@pytest.fixture
def probationary(cell):
    person = PersonFactory(full_name="Đinh Văn Dự", unit=cell)
    MembershipFactory(person=person, cell=cell, status=MembershipStatus.PROBATIONARY, joined_on=dt.date(2024, 1, 10),
                      full_member_on=None)
    return person


@pytest.fixture
def post_holder(cell, commune):
    person = PersonFactory(full_name="Tạ Quang Chức", unit=cell)
    MembershipFactory(person=person, cell=cell)
    PostFactory(person=person, unit=commune, title="Chủ tịch UBND xã", started_on=dt.date(2012, 1, 1))
    return person


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def record(user, body, *, person=None, unit=None, occurred_on=OCCURRED, exemption="", description="Vi phạm thử"):
    return services.violation_record(unit_id=body.pk, occurred_on=occurred_on, description=description,
                                     subject_person_id=person.pk if person else None,
                                     subject_unit_id=unit.pk if unit else None, exemption=exemption,
                                     acting_user=user)


def decide(user, violation, form="full_member.reprimand", *, decided_on=dt.date(2020, 3, 1), number="01-QĐ/UBKT",
           notified_on=None):
    return services.decision_make(violation_id=violation.pk, form=form, number=number, decided_on=decided_on,
                                  grounds="Căn cứ kết luận kiểm tra", notified_on=notified_on, acting_user=user)


@pytest.fixture
def violation(inspector, province, member):
    return record(inspector, province, person=member.person)


@pytest.fixture
def decision(inspector, violation):
    return decide(inspector, violation, decided_on=dt.date(2020, 3, 1), notified_on=dt.date(2020, 3, 5))
