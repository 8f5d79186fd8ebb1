"""Fixtures of the study tests: the propaganda office of the province and of commune A, a leader
of the province who approves plans, and themes and plans made through the services.

The three standard actors keep their meaning: ``unit_admin`` (commune A, manages its plans),
``member`` (a party member of A, reads) and ``outsider`` (administrator of commune B).
"""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from neuguong.accounts.permissions import Role
from neuguong.orgs.tests.factories import PersonFactory, UserFactory, grant
from neuguong.study import services

PDF = b"%PDF-1.4\n% sample guidance document\n"
DOCX = b"PK\x03\x04" + b"\x00" * 40


def _staff(username: str, name: str, role: str, unit):
    user = UserFactory(username=username, person=PersonFactory(full_name=name, unit=unit))
    grant(user, role, unit)
    return user


@pytest.fixture
def propagandist(province):
    return _staff("tuyengiao_p", "Hà Thị Tuyên", Role.PROPAGANDA_STAFF, province)


@pytest.fixture
def leader(province):
    return _staff("leader_p", "Trương Văn Lãnh", Role.LEADER, province)


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def this_year() -> int:
    return timezone.localdate().year


def in_year(month: int, day: int) -> dt.date:
    return dt.date(this_year(), month, day)


def upload(name: str = "huong-dan.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture
def theme(propagandist, province):
    return services.theme_create(unit_id=province.pk, year=this_year(), level="provincial",
                                 title="Chuyên đề thử nghiệm của tỉnh", summary="Tóm tắt", acting_user=propagandist)


@pytest.fixture
def plan(theme, unit_admin, commune):
    return services.plan_create(unit_id=commune.pk, theme_id=theme.pk, title="Kế hoạch thử của xã Thạch Hà",
                                acting_user=unit_admin)


def add_item(plan, user, *, due_on=None, content="Tổ chức hội nghị quán triệt", owner_name="Ban Tuyên giáo"):
    return services.item_add(plan_id=plan.pk, content=content, owner_name=owner_name,
                             due_on=due_on or timezone.localdate(), acting_user=user)


@pytest.fixture
def item(plan, unit_admin):
    return add_item(plan, unit_admin)


@pytest.fixture
def approved(plan, item, leader):
    """The plan with one item, approved by the province's leader."""
    return services.plan_approve(plan_id=plan.pk, acting_user=leader)
