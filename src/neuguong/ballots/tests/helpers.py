"""Small helpers shared by the ballot tests."""

from neuguong.ballots import services
from neuguong.ballots.models import Campaign


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
