"""The demo as ``make run`` loads it: every app's step ran, and every demo account's home page has
work waiting in it. Loading takes a while, so one test loads it and checks it all."""

from django.core.management import call_command
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from neuguong.accounts.models import User
from neuguong.audit.models import AuditEvent
from neuguong.ballots.models import Ballot, BoxResult, Campaign, CampaignStatus, CodeBatch, TellerAssignment
from neuguong.orgs.models import Unit, UnitKind
from neuguong.reception import selectors as reception_selectors
from neuguong.reception.models import Commitment, Petition, PetitionStatus, ReceptionSession, SessionStatus
from neuguong.study import selectors as study_selectors
from neuguong.study.models import ItemStatus, Plan, PlanStatus, Theme

PEOPLE = 700


def test_the_demo_fills_every_module_and_every_account_has_work_waiting(db, tmp_path):
    call_command("load_demo", people=PEOPLE, seed=11, accounts_file=tmp_path / "accounts.json")
    _every_account_has_work()
    _reception_has_petitions_in_every_state()
    _ballots_have_a_published_and_an_open_campaign()
    _study_has_a_plan_for_every_commune_with_items_in_every_state()
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
    communes = Unit.objects.filter(kind=UnitKind.SUBORDINATE_COMMITTEE, name__regex=r"^Đảng bộ (xã|phường) ")
    assert communes.exists()
    assert set(communes.values_list("pk", flat=True)) == set(Plan.objects.values_list("unit_id", flat=True))
    assert {PlanStatus.DRAFT, PlanStatus.APPROVED} <= set(Plan.objects.values_list("status", flat=True))
    statuses = set(Plan.objects.filter(status=PlanStatus.APPROVED).values_list("items__status", flat=True))
    assert statuses == set(ItemStatus.values)
    admin = User.objects.get(username="quantri.xa")
    assert any(item.due_on < timezone.localdate()
               for item in study_selectors.items_due(admin, until=timezone.localdate(), limit=10))


def _everything_was_written_through_audited_services():
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"petition.received", "petition.accepted", "petition.resolved", "reception_session.held",
            "dialogue.created", "campaign.published", "study_plan.approved", "study_item.completed",
            "demo.loaded"} <= actions
