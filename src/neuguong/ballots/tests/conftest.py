"""Fixtures for ballots: the catalogue rows the ballots read, campaigns at each stage, tellers."""

import pytest
from django.core.cache import cache

from neuguong.accounts.permissions import Role
from neuguong.ballots import services
from neuguong.ballots.models import CampaignKind
from neuguong.catalogues.models import CatalogueSetting, ConfidenceLevel, ConfidenceThreshold, InvalidBallotReason
from neuguong.orgs.tests.factories import PersonFactory, PostFactory, UserFactory, grant


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ballot_catalogue(db):
    """The confidence catalogue as ``load_catalogues`` loads it (QĐ 96-QĐ/TW)."""
    for position, (code, name, name_en) in enumerate([("high", "Tín nhiệm cao", "High confidence"),
                                                      ("normal", "Tín nhiệm", "Confidence"),
                                                      ("low", "Tín nhiệm thấp", "Low confidence")]):
        ConfidenceLevel.objects.create(code=code, name=name, name_en=name_en, position=position, status="verified")
    for position, code in enumerate(["not_issued_by_board", "name_crossed_out", "wrong_number_of_ticks",
                                     "names_added"]):
        InvalidBallotReason.objects.create(code=code, text=code.replace("_", " "), position=position)
    ConfidenceThreshold.objects.create(code="party.low_over_half", body="party", level="low", lower="1/2",
                                       upper="2/3", consequence="removed from planning", position=1)
    ConfidenceThreshold.objects.create(code="party.low_two_thirds", body="party", level="low", lower="2/3",
                                       lower_inclusive=True, consequence="dismissed", position=2)
    CatalogueSetting.objects.create(code="confidence.quorum_fraction", value="2/3")
    CatalogueSetting.objects.create(code="ballots.codes_margin", value={"factor": "11/10", "extra": 5})


@pytest.fixture
def cadres(commune):
    people = []
    for index, name in enumerate(["Nguyễn Văn Bảo", "Trần Thị Cúc", "Lê Văn Dũng"]):
        person = PersonFactory(full_name=name, unit=commune)
        PostFactory(person=person, unit=commune, title=["Bí thư", "Phó Bí thư", "Chủ tịch UBND"][index])
        people.append(person)
    return people


@pytest.fixture
def draft(ballot_catalogue, unit_admin, commune, cadres):
    campaign = services.campaign_create(unit_id=commune.pk, title="Lấy phiếu tín nhiệm 2025",
                                        kind=CampaignKind.CONFIDENCE_BALLOT, period="2025", acting_user=unit_admin)
    for person in cadres:
        services.candidate_add(campaign_id=campaign.pk, person_id=person.pk, acting_user=unit_admin)
    return campaign


@pytest.fixture
def opened(draft, unit_admin):
    services.box_create(campaign_id=draft.pk, name="Hòm phiếu số 1", acting_user=unit_admin)
    return services.campaign_open(campaign_id=draft.pk, acting_user=unit_admin)


@pytest.fixture
def issued(opened, unit_admin):
    """The open campaign and ten fresh codes."""
    _batch, raw = services.code_batch_issue(campaign_id=opened.pk, size=10, acting_user=unit_admin)
    return opened, raw


@pytest.fixture
def tellers(commune, opened, unit_admin):
    users = []
    for name in ("teller_one", "teller_two"):
        user = UserFactory(username=name, person=PersonFactory(unit=commune))
        grant(user, Role.TELLER, commune)
        services.teller_assign(campaign_id=opened.pk, user_id=user.pk, acting_user=unit_admin)
        users.append(user)
    return users

