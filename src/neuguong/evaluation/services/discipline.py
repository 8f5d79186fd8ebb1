"""The discipline that sets the lowest level, read from the inspection module: a member's decisions
that took effect in the year; for a collective, its own (the leadership collective's) decisions of the
year, or more than a fifth of its directly subordinate party organisations disciplined that year
(Quy định 124-QĐ/TW art. 10, expected unchanged in 366-QĐ/TW)."""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from neuguong.inspection import selectors as inspection
from neuguong.orgs.models import PARTY_KINDS, Unit, UnitStatus

# "More than 20 %" of the subordinate organisations: disciplined x 5 > all of them.
SUBORDINATE_SHARE_DENOMINATOR = 5


def decisions_detail(decisions: Iterable[Any]) -> str:
    """The trigger's detail: each decision's number and the day it took effect."""
    return "; ".join(f"{d.number} ({d.effective_on:%d/%m/%Y})" for d in decisions)


def collective_discipline(unit_ids: Iterable[int], year: int) -> dict[int, str]:
    """For each of these units whose collective review the discipline trigger holds for, its detail:
    the unit's own decisions, then the disciplined subordinate organisations with their share."""
    units = sorted(set(unit_ids))
    if not units:
        return {}
    children: dict[int, list[Unit]] = defaultdict(list)
    for child in (Unit.objects.filter(parent_id__in=units, kind__in=PARTY_KINDS, status=UnitStatus.ACTIVE)
                  .only("pk", "name", "parent_id").order_by("path")):
        children[child.parent_id].append(child)  # type: ignore[index]
    below_ids = [child.pk for below in children.values() for child in below]
    decisions = inspection.organisations_disciplined_in([*units, *below_ids], year)
    found: dict[int, str] = {}
    for unit_id in units:
        parts = [decisions_detail(decisions[unit_id])] if unit_id in decisions else []
        below = children.get(unit_id, [])
        disciplined = [child for child in below if child.pk in decisions]
        if below and len(disciplined) * SUBORDINATE_SHARE_DENOMINATOR > len(below):
            parts.append(f"{', '.join(child.name for child in disciplined)} ({len(disciplined)}/{len(below)})")
        if parts:
            found[unit_id] = "; ".join(parts)
    return found
