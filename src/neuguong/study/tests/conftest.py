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
from neuguong.catalogues import services as catalogue_services
from neuguong.catalogues.models import Manifestation
from neuguong.core.actors import SYSTEM
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory, UserFactory, grant
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


# --- Cell meetings ---------------------------------------------------------------------------


@pytest.fixture
def manifestations(db):
    """The catalogues, the 27 manifestations among them."""
    catalogue_services.catalogues_load(acting_user=SYSTEM)
    return list(Manifestation.objects.order_by("position", "code"))


@pytest.fixture
def secretary(cell):
    """The secretary of cell A (a leader grant on the cell), a member of it."""
    person = PersonFactory(full_name="Bùi Văn Thư", unit=cell)
    MembershipFactory(person=person, cell=cell)
    user = UserFactory(username="bithu_a", person=person)
    grant(user, Role.LEADER, cell)
    return user


@pytest.fixture
def cell_members(member, secretary):
    """The two members of cell A: the secretary and the party member."""
    return [secretary.person, member.person]


def at(day: dt.date, hour: int = 8) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def schedule(user, cell, *, day=None, kind="regular", title=""):
    return services.meeting_schedule(cell_id=cell.pk, kind=kind, starts_at=at(day or timezone.localdate()),
                                     place="Nhà văn hóa thôn Đông", agenda="1. Học tập chuyên đề", title=title,
                                     acting_user=user)


def present(*people, status="present", reason=""):
    return [{"person_id": p.pk, "status": status, "reason": reason} for p in people]


@pytest.fixture
def meeting(secretary, cell, cell_members, manifestations):
    return schedule(secretary, cell)


@pytest.fixture
def held(meeting, secretary, cell_members):
    return services.meeting_hold(meeting_id=meeting.pk, attendance=present(*cell_members), acting_user=secretary)


CONCLUSION = "Chi bộ kết luận: chưa có biểu hiện nói không đi đôi với làm"


@pytest.fixture
def discussed(held, secretary, member):
    """The held meeting with G1.6 discussed for the cell, and G1.3 about the member."""
    services.meeting_minutes_record(meeting_id=held.pk, study_content="Học tập chuyên đề năm",
                                    resolutions="Mỗi đảng viên đăng ký một việc làm theo", acting_user=secretary)
    services.meeting_manifestations_record(meeting_id=held.pk, acting_user=secretary, entries=[
        {"manifestation": "G1.6", "conclusion": CONCLUSION},
        {"manifestation": "G1.3", "person_id": member.person_id, "conclusion": "Đồng chí cần tự giác học lý luận"}])
    return held


@pytest.fixture
def approved_meeting(discussed, secretary):
    return services.meeting_approve(meeting_id=discussed.pk, acting_user=secretary)
