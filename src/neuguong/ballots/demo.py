"""The ballots' demo data, built through the services (so everything is valid and audited): in
the demo accounts' commune, a confidence ballot counted and published with online and paper
results, and an open one with codes issued and ``kiemphieu`` assigned as its teller."""

import datetime as dt
import random
from typing import Any

from django.db.models import Q
from django.utils import timezone

from neuguong.orgs.models import Post, Unit

from . import services
from .models import Campaign, CampaignKind

LEVELS = ("high", "normal", "low")
LEVEL_WEIGHTS = (6, 3, 1)
PUBLISHED_ONLINE, PUBLISHED_PAPER = 24, 18
OPEN_CODES, OPEN_CAST = 40, 6
CANDIDATES = 6


def _candidates(commune: Unit, today: dt.date) -> list[int]:
    """People holding a current post of the commune's Party committee."""
    posts = Post.objects.filter(unit=commune, started_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)).order_by("pk")
    return list(dict.fromkeys(posts.values_list("person_id", flat=True)))[:CANDIDATES]


def _campaign(manager: Any, commune: Unit, title: str, *, held_on: dt.date, today: dt.date,
              closes_at: dt.datetime | None = None) -> Campaign:
    place = commune.name.removeprefix("Đảng bộ ")
    campaign = services.campaign_create(unit_id=commune.pk, title=title, kind=CampaignKind.CONFIDENCE_BALLOT,
                                        period=str(held_on.year), held_on=held_on, place=f"Hội trường {place}",
                                        closes_at=closes_at, acting_user=manager)
    for person_id in _candidates(commune, today):
        services.candidate_add(campaign_id=campaign.pk, person_id=person_id, acting_user=manager)
    services.box_create(campaign_id=campaign.pk, name="Hòm phiếu số 1", acting_user=manager)
    return services.campaign_open(campaign_id=campaign.pk, acting_user=manager)


def _cast(rng: random.Random, campaign: Campaign, codes: list[str], offset: int) -> None:
    for number, code in enumerate(codes):
        choices = {f"{c.position}.1": rng.choices(LEVELS, weights=LEVEL_WEIGHTS) for c in campaign.candidates.all()}
        services.ballot_cast(campaign=campaign.public_id, typed_code=code, choices=choices, comments={},
                             client=f"198.51.100.{(offset + number) % 250 + 1}")


def _tally_sheet(rng: random.Random, campaign: Campaign, ballots: int) -> dict[str, Any]:
    """One box's tally: ``ballots`` returned, one of them invalid, the valid ones split by level."""
    valid = ballots - 1
    counts = {}
    for candidate in campaign.candidates.all():
        high = rng.randint(valid // 2, valid)
        normal = rng.randint(0, valid - high)
        for option, count in enumerate((high, normal, valid - high - normal), start=1):
            counts[f"{candidate.position}.1.{option}"] = count
    return {"issued": ballots, "returned": ballots, "valid": valid, "invalid": 1,
            "invalid_reasons": {"names_added": 1}, "counts": counts}


def _published(rng: random.Random, manager: Any, tellers: list[Any], commune: Unit, today: dt.date) -> Campaign:
    campaign = _campaign(manager, commune, f"Lấy phiếu tín nhiệm giữa nhiệm kỳ {commune.name.removeprefix('Đảng bộ ')}",
                         held_on=today - dt.timedelta(days=1), today=today)
    _batch, codes = services.code_batch_issue(campaign_id=campaign.pk, size=PUBLISHED_ONLINE, acting_user=manager)
    _cast(rng, campaign, codes, 0)
    sheet = _tally_sheet(rng, campaign, PUBLISHED_PAPER)
    box = campaign.boxes.get()
    for teller in tellers:  # two tellers enter the same sheet; the box counts once they agree
        services.teller_assign(campaign_id=campaign.pk, user_id=teller.pk, acting_user=manager)
        services.paper_entry_submit(box_id=box.pk, sheet=sheet, acting_user=teller)
    voters = PUBLISHED_ONLINE + PUBLISHED_PAPER
    services.campaign_set_electorate(campaign_id=campaign.pk, summoned=voters + 2, present=voters,
                                     acting_user=manager)
    services.campaign_close(campaign_id=campaign.pk, acting_user=manager)
    services.campaign_count(campaign_id=campaign.pk, acting_user=manager)
    return services.campaign_publish(campaign_id=campaign.pk, acting_user=manager)


def _open(rng: random.Random, manager: Any, teller: Any, commune: Unit, today: dt.date) -> Campaign:
    place = commune.name.removeprefix("Đảng bộ ")
    closes_at = timezone.now().replace(microsecond=0) + dt.timedelta(days=5)
    campaign = _campaign(manager, commune, f"Lấy phiếu tín nhiệm cuối năm {today.year} {place}",
                         held_on=today + dt.timedelta(days=5), today=today, closes_at=closes_at)
    _batch, codes = services.code_batch_issue(campaign_id=campaign.pk, size=OPEN_CODES, label="Đợt 1",
                                              acting_user=manager)
    _cast(rng, campaign, codes[:OPEN_CAST], PUBLISHED_ONLINE)
    services.teller_assign(campaign_id=campaign.pk, user_id=teller.pk, acting_user=manager)
    return campaign


def run(rng: random.Random, context: dict[str, Any]) -> None:
    users, commune, today = context["users"], context["commune"], timezone.localdate()
    manager, teller = users["quantri.xa"], users["kiemphieu"]
    _published(rng, manager, [teller, manager], commune, today)
    _open(rng, manager, teller, commune, today)
    context["counts"]["ballot_campaigns"] = 2
