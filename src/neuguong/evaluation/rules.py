"""The rules of the review that both reads and writes need, kept apart from both: the points a
review adds up to, the shares of its task list, the level they allow, the quota of the top level and
the appeal deadline.

The four levels and their minimum points come from the catalogue (``evaluation_levels``, editable by
administrators), the findings that set the lowest level from its ``downgrade_triggers``; the
conditions beside the points, the quota, the appeal deadline and the templates come from
``data/evaluation_rules.yaml``, shipped with the app (read once, never from outside it).
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data" / "evaluation_rules.yaml"
HTXSNV, HTTNV, HTNV, KHTNV = "HTXSNV", "HTTNV", "HTNV", "KHTNV"
# From the highest level down; the catalogue's minimum points are read with ``level_minimums``.
LEVELS = (HTXSNV, HTTNV, HTNV, KHTNV)
DEFAULT_MINIMUMS = {HTXSNV: 90, HTTNV: 70, HTNV: 50, KHTNV: 0}
HUNDRED = Decimal(100)


@cache
def data() -> dict[str, Any]:
    with DATA.open(encoding="utf-8") as file:
        return yaml.safe_load(file)


def appeal_days() -> int:
    return int(data()["appeal"]["days"])


MAX_APPEAL_DAYS = 365  # a period's days to appeal are at most this (the API's and the form's bound)


def appeal_last_day(notified_on: dt.date, days: int) -> dt.date:
    return notified_on + dt.timedelta(days=days)


def quota_ratio() -> Fraction:
    return Fraction(str(data()["quota"]["ratio"]))


def quota_allowed(good: int) -> int:
    """How many of a group may be classified HTXSNV when ``good`` of it reached HTTNV or above."""
    ratio = quota_ratio()
    return good * ratio.numerator // ratio.denominator


def rank(level: str) -> int:
    """3 for HTXSNV down to 0 for KHTNV; an unknown level ranks below all."""
    return len(LEVELS) - 1 - LEVELS.index(level) if level in LEVELS else -1


@dataclass(frozen=True)
class Shares:
    on_time: Decimal | None  # percent of the weight done by its due date; None without a task list
    exceeding: Decimal | None


def shares(tasks: Iterable[Any]) -> Shares:
    """Weighted shares of the tasks done on time and of those exceeding the requirement."""
    total = on_time = exceeding = 0
    for task in tasks:
        total += task.weight
        if task.done_on is not None and task.done_on <= task.due_on:
            on_time += task.weight
        if task.exceeded:
            exceeding += task.weight
    return shares_of(total, on_time, exceeding)


def shares_of(total: int, on_time: int, exceeding: int) -> Shares:
    """The shares from the summed weights (all tasks, those done on time, those exceeding): what
    ``shares`` computes from the rows, and the bulk classification from the database's sums."""
    if not total:
        return Shares(None, None)
    return Shares((HUNDRED * on_time / total).quantize(Decimal("0.01")),
                  (HUNDRED * exceeding / total).quantize(Decimal("0.01")))


@dataclass(frozen=True)
class Outcome:
    level: str  # the highest level the points, the conditions and the triggers allow
    by_points: str  # the level from the points alone
    reasons: tuple[str, ...]  # codes: why the level is below the one from the points


def level_for_points(points: Decimal, minimums: dict[str, int]) -> str:
    for level in LEVELS:
        if points >= minimums.get(level, DEFAULT_MINIMUMS[level]):
            return level
    return KHTNV


def outcome(points: Decimal, found: Shares, *, collective: bool, triggers: Sequence[str],
            minimums: dict[str, int] | None = None) -> Outcome:
    """The level a review may reach: from the points, then lowered while a condition of the level fails
    (the task shares), and the lowest whenever a trigger holds."""
    minimums = minimums or DEFAULT_MINIMUMS
    by_points = level_for_points(points, minimums)
    if triggers:
        return Outcome(KHTNV, by_points, ("trigger",))
    conditions = data()["conditions"]
    reasons: list[str] = []
    level = by_points
    while level in (HTXSNV, HTTNV) or (level == HTNV and collective):
        wanted = conditions.get(f"{level}_collective" if level == HTNV else level, {})
        if found.on_time is None:
            if level == HTNV:
                break
            if "no_tasks" not in reasons:
                reasons.append("no_tasks")
        elif found.on_time < Decimal(wanted.get("on_time_share", 0)):
            reasons.append(f"on_time_below_{level}")
        elif found.exceeding is not None and found.exceeding < Decimal(wanted.get("exceeding_share", 0)):
            reasons.append(f"exceeding_below_{level}")
        else:
            break
        level = LEVELS[LEVELS.index(level) + 1]
    return Outcome(level, by_points, tuple(reasons))


# --- The same rules for a set-based classification ------------------------------------------------
#
# ``outcome`` depends on a review only through the rank of its level by points, whether it is a
# collective, whether a trigger holds, and where its on-time and exceeding shares stand between the
# thresholds of the conditions. ``outcomes_by_key`` runs ``outcome`` itself on one representative of
# every combination; the database computes each review's combination (``outcome_key_sql``) and reads
# its outcome from that list, so a province is classified by these rules in one statement.

NO_TASKS_REGION = -1  # the region of a review without a task list (shares None)


def share_thresholds() -> tuple[list[Decimal], list[Decimal]]:
    """The distinct on-time and exceeding shares the conditions compare with (0 when a level sets none)."""
    on_time, exceeding = {Decimal(0)}, {Decimal(0)}
    for wanted in data()["conditions"].values():
        if not isinstance(wanted, dict):  # the entry's status and source
            continue
        on_time.add(Decimal(str(wanted.get("on_time_share", 0))))
        exceeding.add(Decimal(str(wanted.get("exceeding_share", 0))))
    return sorted(on_time), sorted(exceeding)


def region_sql(column: str, thresholds: Sequence[Decimal]) -> str:
    """The region of ``column`` between ``thresholds``: 0 below the first, i from the i-th up, -1 for NULL."""
    steps = " ".join(f"WHEN {column} < {Decimal(t)} THEN {i}" for i, t in enumerate(thresholds))
    return f"(CASE WHEN {column} IS NULL THEN {NO_TASKS_REGION} {steps} ELSE {len(thresholds)} END)"


def _representatives(thresholds: Sequence[Decimal]) -> list[tuple[int, Decimal]]:
    """One share in each region between the thresholds: the outcome is the same for all of a region."""
    return [(0, thresholds[0] - 1)] + [(i + 1, t) for i, t in enumerate(thresholds)]


def points_rank_sql(column: str, minimums: dict[str, int]) -> str:
    """``rank(level_for_points(column))`` as SQL."""
    steps = " ".join(f"WHEN {column} >= {Decimal(minimums.get(level, DEFAULT_MINIMUMS[level]))} THEN {rank(level)}"
                     for level in LEVELS)
    return f"(CASE {steps} ELSE {rank(KHTNV)} END)"


def outcome_key_sql(*, points: str, on_time: str, exceeding: str, collective: str, triggered: str,
                    minimums: dict[str, int]) -> str:
    """The review's combination as an index (from 0) into ``outcomes_by_key``, as SQL over the columns."""
    on_thresholds, exceeding_thresholds = share_thresholds()
    on_size, exceeding_size = len(on_thresholds) + 2, len(exceeding_thresholds) + 2
    return (f"(((({points_rank_sql(points, minimums)} * 2 + CASE WHEN {collective} THEN 1 ELSE 0 END) * 2"
            f" + CASE WHEN {triggered} THEN 1 ELSE 0 END) * {on_size} + {region_sql(on_time, on_thresholds)} + 1)"
            f" * {exceeding_size} + {region_sql(exceeding, exceeding_thresholds)} + 1)")


def outcomes_by_key(minimums: dict[str, int]) -> list[Outcome | None]:
    """``outcome`` for every combination, at the index ``outcome_key_sql`` gives it (None: a combination
    no review can have, such as shares without a task list)."""
    points_of: dict[int, Decimal] = {}
    for candidate in sorted({Decimal(m) for m in (*minimums.values(), *DEFAULT_MINIMUMS.values())}) + [Decimal(-1)]:
        points_of.setdefault(rank(level_for_points(candidate, minimums)), candidate)
    on_thresholds, exceeding_thresholds = share_thresholds()
    on_regions = [(NO_TASKS_REGION, None), *_representatives(on_thresholds)]
    exceeding_regions = [(NO_TASKS_REGION, None), *_representatives(exceeding_thresholds)]
    table: list[Outcome | None] = []
    for by_points in range(len(LEVELS)):
        for collective in (False, True):
            for triggered in (False, True):
                for _i, on_time in on_regions:
                    for _j, exceeding in exceeding_regions:
                        if by_points not in points_of or (on_time is None) != (exceeding is None):
                            table.append(None)
                            continue
                        table.append(outcome(points_of[by_points], Shares(on_time, exceeding), collective=collective,
                                             triggers=["trigger"] if triggered else [], minimums=minimums))
    return table
