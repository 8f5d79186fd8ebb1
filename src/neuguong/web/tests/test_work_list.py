"""The home page is the user's work list, built from every module's registration, then the
figures of the chosen unit."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from neuguong.accounts.permissions import Role
from neuguong.ballots import services as ballot_services
from neuguong.ballots.models import CampaignKind
from neuguong.catalogues import services as catalogue_services
from neuguong.core import modules
from neuguong.core.actors import SYSTEM
from neuguong.core.modules import DemoStep, ModuleEntry, NavEntry, Urgency, WorkItem
from neuguong.orgs.tests.factories import PersonFactory, UserFactory, grant
from neuguong.reception import services as reception_services
from neuguong.reception.models import Petition

TODAY = timezone.localdate()
PETITIONER = {"petitioner_name": "Nguyễn Thị Dân", "petitioner_address": "Thôn Đông, xã Thạch Hà",
              "content": "Đề nghị xem xét việc thu hồi đất của gia đình tôi."}


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _staff(username, role, unit):
    user = UserFactory(username=username, person=PersonFactory(unit=unit))
    grant(user, role, unit)
    return user


@pytest.fixture
def catalogues(db):
    catalogue_services.catalogues_load(acting_user=SYSTEM)


@pytest.fixture
def officer(commune, catalogues):
    return _staff("officer_a", Role.RECEPTION_STAFF, commune)


def _petition(officer, unit, subject, due_on, *, assign=True):
    petition = reception_services.petition_receive(
        unit_id=unit.pk, kinds=["complaint"], channel="post", data={"subject": subject, **PETITIONER},
        received_on=TODAY - dt.timedelta(days=3), acting_user=officer)[0]
    if assign:
        reception_services.petition_assign(petition_id=petition.pk, officer_id=officer.pk, acting_user=officer)
    Petition.objects.filter(pk=petition.pk).update(due_on=due_on)  # the deadline the test needs
    return petition


def _titles(content: str, *titles: str) -> list[int]:
    return [content.index(title) for title in titles]


def test_an_officer_sees_the_petitions_they_handle_overdue_first_each_a_link(officer, commune):
    soon = _petition(officer, commune, "Đường làng xuống cấp", TODAY + dt.timedelta(days=1))
    late = _petition(officer, commune, "Tranh chấp ranh giới đất", TODAY - dt.timedelta(days=4))
    _petition(officer, commune, "Còn lâu mới đến hạn", TODAY + dt.timedelta(days=40))
    colleague = _staff("officer_a2", Role.RECEPTION_STAFF, commune)
    _petition(colleague, commune, "Đơn của đồng nghiệp", TODAY - dt.timedelta(days=9))
    content = _client(officer).get("/").content.decode()
    late_at, soon_at = _titles(content, "Tranh chấp ranh giới đất", "Đường làng xuống cấp")
    assert late_at < soon_at
    assert f'href="/reception/petitions/{late.pk}/"' in content and f'href="/reception/petitions/{soon.pk}/"' in content
    assert "overdue since" in content
    assert "Còn lâu mới đến hạn" not in content and "Đơn của đồng nghiệp" not in content


def test_sessions_coming_in_the_users_units_are_listed_and_the_siblings_are_not(officer, commune, sibling):
    reception_services.session_create(unit_id=commune.pk, title="Tiếp công dân định kỳ tháng 12",
                                      held_on=TODAY + dt.timedelta(days=5), acting_user=officer)
    other = _staff("officer_b", Role.RECEPTION_STAFF, sibling)
    reception_services.session_create(unit_id=sibling.pk, title="Tiếp dân xã bên", held_on=TODAY, acting_user=other)
    content = _client(officer).get("/").content.decode()
    assert "Reception session: Tiếp công dân định kỳ tháng 12" in content
    assert "Tiếp dân xã bên" not in content


@pytest.fixture
def campaign(commune, unit_admin, catalogues):
    person = PersonFactory(full_name="Nguyễn Văn Bảo", unit=commune)
    campaign = ballot_services.campaign_create(unit_id=commune.pk, title="Lấy phiếu tín nhiệm 2025",
                                               kind=CampaignKind.CONFIDENCE_BALLOT, period="2025",
                                               held_on=TODAY + dt.timedelta(days=2), acting_user=unit_admin)
    ballot_services.candidate_add(campaign_id=campaign.pk, person_id=person.pk, acting_user=unit_admin)
    ballot_services.box_create(campaign_id=campaign.pk, name="Hòm phiếu số 1", acting_user=unit_admin)
    return campaign


def test_the_unit_administrator_is_asked_for_the_next_step_of_a_campaign(campaign, unit_admin):
    client = _client(unit_admin)
    assert "Open the ballot: Lấy phiếu tín nhiệm 2025" in client.get("/").content.decode()
    ballot_services.campaign_open(campaign_id=campaign.pk, acting_user=unit_admin)
    content = client.get("/").content.decode()
    assert "Close the ballot: Lấy phiếu tín nhiệm 2025" in content and f'href="/ballots/{campaign.pk}/"' in content


def test_a_teller_sees_the_campaign_they_count_and_a_member_the_ballot_to_vote_in(campaign, unit_admin, commune,
                                                                                   member):
    teller = _staff("kiemphieu", Role.TELLER, commune)
    ballot_services.campaign_open(campaign_id=campaign.pk, acting_user=unit_admin)
    ballot_services.teller_assign(campaign_id=campaign.pk, user_id=teller.pk, acting_user=unit_admin)
    other_teller = _staff("kiemphieu2", Role.TELLER, commune)
    assert "Enter the paper ballots: Lấy phiếu tín nhiệm 2025" in _client(teller).get("/").content.decode()
    assert "Enter the paper ballots" not in _client(other_teller).get("/").content.decode()
    content = _client(member).get("/").content.decode()
    assert "Vote with your one-time code: Lấy phiếu tín nhiệm 2025" in content and 'href="/vote/"' in content


def test_the_outsider_sees_nothing_of_the_communes_work(campaign, outsider):
    content = _client(outsider).get("/").content.decode()
    assert "Lấy phiếu tín nhiệm 2025" not in content
    assert 'data-testid="work-empty"' in content


def test_figures_of_the_chosen_unit_come_from_each_module(officer, commune, unit_admin, campaign):
    _petition(officer, commune, "Tranh chấp ranh giới đất", TODAY - dt.timedelta(days=4))
    ballot_services.campaign_open(campaign_id=campaign.pk, acting_user=unit_admin)
    grant(unit_admin, Role.LEADER, commune)  # reception.view for the reception figures
    content = _client(unit_admin).get("/").content.decode()
    assert 'data-testid="count-petitions-overdue">1<' in content
    assert 'data-testid="count-petitions-open">1<' in content
    assert 'data-testid="count-ballots-under-way">1<' in content


def test_home_query_count_does_not_grow_with_the_work_waiting(officer, commune, django_assert_max_num_queries):
    for number in range(15):
        _petition(officer, commune, f"Đơn số {number}", TODAY - dt.timedelta(days=number))
    client = _client(officer)
    with django_assert_max_num_queries(25):
        content = client.get("/").content.decode()
    assert content.count('class="work-item') == 10  # ten items of a kind at most


# --- The registry ------------------------------------------------------------------------------


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(modules, "_MODULES", dict(modules._MODULES))
    return modules


def test_a_registered_module_adds_its_navigation_without_touching_web(registry, member_client):
    registry.register_module(ModuleEntry(app_label="study", label="Học tập", order=15, nav=[
        NavEntry("Học tập và làm theo", "accounts:profile", ("self.view",), order=15)]))
    content = member_client.get("/").content.decode()
    assert "Học tập và làm theo" in content
    assert content.index(">Units<") < content.index("Học tập và làm theo")


def test_work_items_sort_by_urgency_then_due_date(registry):
    def items(_user):
        return [WorkItem("c", "/c", TODAY, Urgency.NORMAL, "m"), WorkItem("b", "/b", TODAY, Urgency.SOON, "m"),
                WorkItem("a", "/a", TODAY + dt.timedelta(days=1), Urgency.OVERDUE, "m"),
                WorkItem("z", "/z", TODAY - dt.timedelta(days=1), Urgency.OVERDUE, "m")]

    registry._MODULES.clear()
    registry.register_module(ModuleEntry(app_label="x", label="X", order=1, work_items=items))
    assert [item.title for item in registry.work_items_for(None)] == ["z", "a", "b", "c"]


def test_demo_steps_run_after_the_steps_they_depend_on_and_a_cycle_is_refused(registry):
    def step(name, *after):
        return DemoStep(name=name, run=lambda rng, context: None, depends_on=after)

    registry._MODULES.clear()
    for name, after in [("ballots", ("orgs", "reception")), ("reception", ("orgs",)), ("orgs", ())]:
        registry.register_module(ModuleEntry(app_label=name, label=name, order=1, demo=step(name, *after)))
    assert [s.name for s in registry.demo_steps()] == ["orgs", "reception", "ballots"]
    registry.register_module(ModuleEntry(app_label="orgs", label="orgs", order=1, demo=step("orgs", "ballots")))
    with pytest.raises(ValueError, match="cycle"):
        registry.demo_steps()
