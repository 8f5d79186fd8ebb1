"""Small helpers shared by the ballot tests."""

from neuguong.accounts.permissions import Role
from neuguong.ballots import services
from neuguong.ballots.models import Campaign, CampaignKind
from neuguong.orgs.tests.factories import PersonFactory, PostFactory, UserFactory, grant


def same_level(campaign: Campaign, level: str = "high") -> dict[str, list[str]]:
    """Choices giving every candidate the same answer to the first question."""
    return {f"{c.position}.1": [level] for c in campaign.candidates.all()}


def cast(campaign: Campaign, code: str, level: str = "high", client: str = "203.0.113.7") -> services.Cast:
    return services.ballot_cast(campaign=campaign.public_id, typed_code=code, choices=same_level(campaign, level),
                                comments={}, client=client)


def tally_sheet(campaign: Campaign, *, issued: int = 10, returned: int = 9, invalid: int = 1,
                level_counts: tuple[int, int, int] = (5, 2, 1)) -> dict:
    """A tally sheet where every candidate got ``level_counts`` (high, normal, low)."""
    counts = {f"{c.position}.1.{o + 1}": n for c in campaign.candidates.all() for o, n in enumerate(level_counts)}
    return {"issued": issued, "returned": returned, "valid": returned - invalid, "invalid": invalid,
            "invalid_reasons": {"names_added": invalid} if invalid else {}, "counts": counts}


def counted_campaign(unit, acting_user, *, names: tuple[str, ...], online: int, paper: int,
                     title: str = "Lấy phiếu tín nhiệm 2025", post: str = "Bí thư"):
    """A campaign of ``unit`` counted through the services: ``online`` ballots cast with codes
    (every candidate "low"), and one paper box of ``paper`` valid ballots (every candidate "high").
    Needs the confidence catalogue and ``acting_user`` holding ballots.manage on ``unit``."""
    campaign = services.campaign_create(unit_id=unit.pk, title=title, kind=CampaignKind.CONFIDENCE_BALLOT,
                                        period="2025", acting_user=acting_user)
    for name in names:
        person = PersonFactory(full_name=name, unit=unit)
        PostFactory(person=person, unit=unit, title=post)
        services.candidate_add(campaign_id=campaign.pk, person_id=person.pk, acting_user=acting_user)
    box = services.box_create(campaign_id=campaign.pk, name="Hòm phiếu số 1", acting_user=acting_user)
    services.campaign_open(campaign_id=campaign.pk, acting_user=acting_user)
    if online:
        _batch, raw = services.code_batch_issue(campaign_id=campaign.pk, size=online, acting_user=acting_user)
        for number, code in enumerate(raw):
            cast(campaign, code, level="low", client=f"203.0.113.{number % 250}")
    for number in (1, 2):
        teller = UserFactory(username=f"teller_{campaign.pk}_{number}", person=PersonFactory(unit=unit))
        grant(teller, Role.TELLER, unit)
        services.teller_assign(campaign_id=campaign.pk, user_id=teller.pk, acting_user=acting_user)
        services.paper_entry_submit(box_id=box.pk, acting_user=teller,
                                    sheet=tally_sheet(campaign, issued=paper, returned=paper, invalid=0,
                                                      level_counts=(paper, 0, 0)))
    services.campaign_set_electorate(campaign_id=campaign.pk, summoned=online + paper, present=online + paper,
                                     acting_user=acting_user)
    services.campaign_close(campaign_id=campaign.pk, acting_user=acting_user)
    services.campaign_count(campaign_id=campaign.pk, acting_user=acting_user)
    campaign.refresh_from_db()
    return campaign
