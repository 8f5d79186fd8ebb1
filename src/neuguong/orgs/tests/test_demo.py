"""The demo province (``load_demo``): its shape, its accounts and its keys, and, as ``make run`` loads it,
every app's step with work waiting in every demo account's home. Loading takes a while, so the run
loads it once (the root conftest's ``demo_accounts_file``) and every test meets the same freshly
loaded demo."""

import datetime as dt
import json
import re
from pathlib import Path
from random import Random

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from neuguong.accounts.models import RoleGrant, User
from neuguong.accounts.permissions import Role
from neuguong.audit.models import AuditEvent
from neuguong.ballots.models import Ballot, BoxResult, Campaign, CampaignStatus, CodeBatch, TellerAssignment
from neuguong.core.text import name_sort_key, search_key, split_full_name
from neuguong.honours import demo as honours_demo
from neuguong.inspection import selectors as inspection_selectors
from neuguong.inspection.models import Appeal, AppealStatus, DisciplineDecision, Violation
from neuguong.orgs import demo, selectors
from neuguong.orgs.models import (
    FollowAssignment,
    Membership,
    MembershipStatus,
    Person,
    Post,
    Unit,
    UnitKind,
)
from neuguong.orgs.tests.demo_size import DEMO_PEOPLE, DEMO_SEED
from neuguong.reception import selectors as reception_selectors
from neuguong.reception.models import Commitment, Petition, PetitionStatus, ReceptionSession, SessionStatus
from neuguong.study import selectors as study_selectors
from neuguong.study.demo_library import LABEL as SAMPLE_TEXT
from neuguong.study.models import (
    DocumentVersion,
    ItemStatus,
    LibraryDocument,
    Meeting,
    MeetingStatus,
    Plan,
    PlanStatus,
    Pledge,
    QuarterReport,
    Registration,
    StudyEvent,
    Theme,
)
from neuguong.study.years import current_quarter

PEOPLE = DEMO_PEOPLE
# The honours step adds the veteran members due for a party badge to the people the orgs step plans.
PEOPLE_IN_ALL = PEOPLE + len(honours_demo.VETERANS)
SEED = DEMO_SEED


@pytest.fixture
def accounts_file(demo_accounts_file):
    return demo_accounts_file


@pytest.fixture
def loaded(db, demo_accounts_file):
    return json.loads(demo_accounts_file.read_text(encoding="utf-8"))


def test_the_province_has_communes_blocs_cells_and_people(loaded):
    root = Unit.objects.get(depth=0)
    assert demo.LABEL in root.name
    top = Unit.objects.filter(parent=root, kind=UnitKind.SUBORDINATE_COMMITTEE)
    communes = [u for u in top if u.name.startswith(("Đảng bộ xã", "Đảng bộ phường"))]
    assert len(communes) == 70 and top.count() == 74
    for unit in Unit.objects.filter(parent=root).exclude(kind=UnitKind.SUBORDINATE_COMMITTEE):
        assert demo.LABEL in unit.name
    for commune in communes:
        assert commune.children.filter(kind=UnitKind.CELL).exists()
        assert commune.children.filter(kind=UnitKind.PEOPLES_COMMITTEE).get().children.filter(
            kind=UnitKind.RESIDENTIAL
        ).exists()
    assert Person.objects.count() == PEOPLE_IN_ALL
    assert not Person.objects.exclude(citizen_id_hash="").exists()
    assert set(Membership.objects.values_list("status", flat=True)) == {MembershipStatus.PROBATIONARY,
                                                                        MembershipStatus.FULL}


def test_the_standing_committee_follows_every_subordinate_committee(loaded):
    root = Unit.objects.get(depth=0)
    followed = set(FollowAssignment.objects.values_list("unit_id", flat=True))
    assert followed == set(Unit.objects.filter(parent=root, kind=UnitKind.SUBORDINATE_COMMITTEE).values_list(
        "pk", flat=True))
    followers = Person.objects.filter(follow_assignments__isnull=False).distinct()
    for person in followers:
        assert person.posts.filter(unit=root, is_standing_committee=True, ended_on__isnull=True).exists()
    assert Post.objects.filter(title="Bí thư Tỉnh ủy", unit=root).count() == 1
    assert Post.objects.filter(unit__kind=UnitKind.PEOPLES_COMMITTEE, title__startswith="Chủ tịch").count() == 71


def test_every_role_has_an_account_whose_password_works(loaded, accounts_file):
    assert {account["role"] for account in loaded} == set(Role.values)
    assert accounts_file.exists()
    for account in loaded:
        user = authenticate(username=account["username"], password=account["password"])
        assert user is not None and user.person_id is not None
        grant = RoleGrant.objects.get(user=user)
        assert grant.role == account["role"]
    commune = RoleGrant.objects.get(user__username="quantri.xa").unit
    cell = RoleGrant.objects.get(user__username="dangvien").unit
    assert cell.kind == UnitKind.CELL and cell.parent_id == commune.pk
    member = User.objects.get(username="dangvien").person
    assert member.memberships.filter(cell=cell).exists()


def test_passwords_depend_on_the_seed_only_not_on_the_number_of_people(loaded):
    rng = Random(f"{SEED}:passwords")
    assert [a["password"] for a in loaded] == [demo.generate_password(rng) for _ in loaded]


def test_the_same_seed_plans_the_same_province():
    first, second = demo.plan(people=800, seed=3), demo.plan(people=800, seed=3)
    assert [p.full_name for p in first.people] == [p.full_name for p in second.people]
    assert [p.full_name for p in demo.plan(people=800, seed=4).people] != [p.full_name for p in first.people]


def test_loading_is_recorded_once_in_the_audit_trail(loaded):
    event = AuditEvent.objects.get(action="demo.loaded")
    assert event.after["people"] == PEOPLE and event.after["units"] == Unit.objects.count()


def test_if_empty_adds_nothing_the_second_time(loaded, accounts_file):
    counts = (Unit.objects.count(), Person.objects.count(), User.objects.count())
    call_command("load_demo", if_empty=True, people=PEOPLE, accounts_file=accounts_file)
    assert (Unit.objects.count(), Person.objects.count(), User.objects.count()) == counts
    with pytest.raises(CommandError):
        call_command("load_demo", people=PEOPLE, accounts_file=accounts_file)


def test_every_unit_path_is_its_parents_path_and_its_id(loaded):
    by_id = {unit.pk: unit for unit in Unit.objects.all()}
    for unit in by_id.values():
        if unit.parent_id is None:
            assert unit.path == f"/{unit.pk}/" and unit.depth == 0
        else:
            parent = by_id[unit.parent_id]
            assert unit.path == f"{parent.path}{unit.pk}/"
            assert unit.depth == parent.depth + 1


def test_names_carry_the_keys_the_services_compute(loaded):
    for person in Person.objects.all():
        assert person.search_name == search_key(person.full_name)
        assert person.sort_key == name_sort_key(person.full_name)
        assert (person.family_name, person.given_name) == split_full_name(person.full_name)


def test_people_list_sorts_by_given_name_the_vietnamese_way(loaded):
    admin = User.objects.get(username="quantri")
    names = [p.full_name for p in selectors.people_for(admin)]
    assert len(names) == PEOPLE_IN_ALL
    assert names == sorted(names, key=name_sort_key)
    first_letters = [split_full_name(name)[1][0] for name in names]
    last_d = max(i for i, letter in enumerate(first_letters) if letter == "D")
    first_dd = min(i for i, letter in enumerate(first_letters) if letter == "Đ")
    assert last_d < first_dd


def test_the_demo_accounts_command_prints_a_table(loaded, accounts_file, capsys):
    call_command("demo_accounts", accounts_file=accounts_file)
    output = capsys.readouterr().out
    for account in loaded:
        assert account["username"] in output and account["password"] in output


def test_the_readme_lists_the_accounts_of_the_default_seed():
    readme = (Path(settings.PROJECT_DIR) / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z.]+)` \| `([^`]+)` \| (\w+) \|", readme, flags=re.MULTILINE)
    rng = Random(f"{demo.DEFAULT_SEED}:passwords")
    expected = [(username, demo.generate_password(rng), str(role)) for username, role, _where, _who in demo.ACCOUNTS]
    assert rows == expected
    planned = demo.plan(people=demo.MIN_PEOPLE, seed=demo.DEFAULT_SEED)
    for unit in planned.grant_units.values():
        assert unit.name in readme


# The demo as ``make run`` loads it: every app's step ran, and every demo account's home page has
# work waiting in it.


def test_the_demo_fills_every_module_and_every_account_has_work_waiting(loaded):
    _every_account_has_work()
    _reception_has_petitions_in_every_state()
    _ballots_have_a_published_and_an_open_campaign()
    _study_has_a_plan_for_every_commune_with_items_in_every_state()
    _inspection_has_decisions_of_different_forms_and_a_pending_appeal()
    _everything_was_written_through_audited_services()


def _every_account_has_work():
    empty = []
    for user in User.objects.order_by("username"):
        client = Client()
        client.force_login(user)
        content = client.get("/").content.decode()
        if 'class="work-item' not in content:
            empty.append(user.username)
    assert User.objects.count() == 9
    assert not empty, f"nothing waits for {empty}"


def _reception_has_petitions_in_every_state():
    by_status = dict(Petition.objects.values_list("status").annotate(n=Count("pk")))
    assert sum(by_status.values()) >= 200
    assert set(by_status) == set(PetitionStatus.values)
    officer = User.objects.get(username="tiepdan")
    assert reception_selectors.petitions_overdue(officer).exists()
    assert reception_selectors.petitions_due_soon(officer).exists()
    sessions = set(ReceptionSession.objects.values_list("status", flat=True))
    assert {SessionStatus.HELD, SessionStatus.SCHEDULED} <= sessions
    assert Commitment.objects.filter(dialogue__isnull=False).count() >= 4


def _ballots_have_a_published_and_an_open_campaign():
    published = Campaign.objects.get(status=CampaignStatus.PUBLISHED)
    assert Ballot.objects.filter(campaign=published).exists()  # online results
    assert BoxResult.objects.filter(box__campaign=published).exists()  # paper results
    opened = Campaign.objects.get(status=CampaignStatus.OPEN)
    assert CodeBatch.objects.filter(campaign=opened).exists()
    assert TellerAssignment.objects.filter(campaign=opened, user__username="kiemphieu").exists()
    client = Client()
    client.force_login(User.objects.get(username="quantri.xa"))
    assert client.get(f"/ballots/{published.pk}/minutes.docx").status_code == 200


def _study_has_a_plan_for_every_commune_with_items_in_every_state():
    assert set(Theme.objects.values_list("level", flat=True)) == {"central", "provincial"}
    assert all("(dữ liệu mẫu)" in title for title in Theme.objects.values_list("title", flat=True))
    assert all(theme.documents.count() == 1 for theme in Theme.objects.all())  # a sample guidance document each
    communes = Unit.objects.filter(kind=UnitKind.SUBORDINATE_COMMITTEE, name__regex=r"^Đảng bộ (xã|phường) ")
    assert communes.exists()
    assert set(communes.values_list("pk", flat=True)) == set(Plan.objects.values_list("unit_id", flat=True))
    assert {PlanStatus.DRAFT, PlanStatus.APPROVED} <= set(Plan.objects.values_list("status", flat=True))
    statuses = set(Plan.objects.filter(status=PlanStatus.APPROVED).values_list("items__status", flat=True))
    assert statuses == set(ItemStatus.values)
    admin = User.objects.get(username="quantri.xa")
    assert any(item.due_on < timezone.localdate()
               for item in study_selectors.items_due(admin, until=timezone.localdate(), limit=10))


def _inspection_has_decisions_of_different_forms_and_a_pending_appeal():
    decisions = DisciplineDecision.objects.all()
    assert decisions.count() >= 10
    assert len(set(decisions.values_list("form__code", flat=True))) >= 5
    assert {"party_organisation", "full_member", "probationary_member"} <= set(
        decisions.values_list("subject_kind", flat=True))
    assert Appeal.objects.filter(status=AppealStatus.PENDING).count() == 1
    assert all("(dữ liệu mẫu)" in text for text in Violation.objects.values_list("description", flat=True))
    inspector = User.objects.get(username="kiemtra")
    assert inspection_selectors.violations_awaiting(inspector, limit=10)
    cases = inspection_selectors.cases_visible_to(inspector)
    assert cases.count() >= 50
    assert set(cases.values_list("status", flat=True)) == {"planned", "in_progress", "concluded"}
    assert inspection_selectors.cases_due(inspector, until=timezone.localdate(), limit=10)


def _everything_was_written_through_audited_services():
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"petition.received", "petition.accepted", "petition.resolved", "reception_session.held",
            "dialogue.created", "campaign.published", "study_plan.approved", "study_item.completed",
            "discipline_decision.made", "discipline_appeal.filed", "demo.loaded"} <= actions


def test_the_demo_cells_have_a_year_of_meetings_with_one_months_minutes_waiting(loaded):
    cell = RoleGrant.objects.get(user__username="dangvien").unit
    meetings = Meeting.objects.filter(cell=cell)
    assert meetings.filter(kind="regular", status=MeetingStatus.APPROVED).count() == 11
    assert meetings.filter(kind="thematic", status=MeetingStatus.APPROVED).count() == 4
    assert Meeting.objects.values("cell").distinct().count() == 12
    leader, member = User.objects.get(username="lanhdao"), User.objects.get(username="dangvien")
    assert study_selectors.minutes_overdue(leader, due_days=study_selectors.minutes_due_days(), limit=20)
    assert study_selectors.meetings_upcoming(member, until=timezone.localdate() + dt.timedelta(days=7), limit=5)
    own = [record for meeting in meetings for record in study_selectors.manifestations_visible(member, meeting)]
    assert own and all(record.person_id == member.person_id for record in own)


def test_the_demo_cells_register_to_follow_leaders_pledge_and_the_library_and_events_are_sample_data(loaded):
    year = timezone.localdate().year
    member = User.objects.get(username="dangvien")
    registrations = Registration.objects.filter(year=year)
    assert registrations.values("cell").distinct().count() == 12
    assert registrations.filter(person_id=member.person_id, cell=RoleGrant.objects.get(user=member).unit,
                                status="registered").exists()
    assert {"draft", "registered"} <= set(registrations.values_list("status", flat=True))
    assert study_selectors.reports_due(member)  # this quarter's report waits on the member's page
    assert 'data-testid="due"' in _client_of(member).get("/study/me/").content.decode()
    if current_quarter(timezone.localdate()) > 1:
        assert QuarterReport.objects.filter(registration__year=year).exists()
    pledges = Pledge.objects.filter(year=year)
    assert pledges.filter(status="pledged").exists()
    assert set(pledges.values_list("published", flat=True)) == {True, False}
    assert study_selectors.holders_without_pledge(User.objects.get(username="tuyengiao"), year=year).exists()
    assert 35 <= LibraryDocument.objects.count() <= 45
    versions = DocumentVersion.objects.all()
    assert versions.count() > LibraryDocument.objects.count()  # 05-CT/TW has a second version
    assert all(SAMPLE_TEXT in text for text in versions.values_list("text", flat=True))
    events = StudyEvent.objects.all()
    assert events.count() == 3 and set(events.values_list("status", flat=True)) == {"held", "planned"}
    assert all("(dữ liệu mẫu)" in title for title in events.values_list("title", flat=True))


def _client_of(user):
    client = Client()
    client.force_login(user)
    return client
