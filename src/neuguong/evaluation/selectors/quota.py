"""The quota of the top level by group of comparable subjects (HTXSNV at most 20 % of those classified
HTTNV or above, ``rules.quota_allowed``): how many each group may have, how many it proposes and has
approved, and who is over."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from neuguong.orgs.models import Unit

from .. import rules
from ..models import Period, Review, ReviewStatus, SubjectGroup

# Reviews whose level is set: classified and waiting for approval, or decided.
LEVELLED = (ReviewStatus.CLASSIFIED, ReviewStatus.APPROVED, ReviewStatus.NOTIFIED, ReviewStatus.APPEALED)
APPROVED = (ReviewStatus.APPROVED, ReviewStatus.NOTIFIED, ReviewStatus.APPEALED)


@dataclass
class QuotaGroup:
    key: str
    label: str
    good: int = 0  # classified HTTNV or above
    excellent: int = 0  # classified HTXSNV, approved or not
    approved_excellent: int = 0
    over_reviews: list[Review] = field(default_factory=list)  # the HTXSNV not yet approved, when over

    @property
    def allowed(self) -> int:
        return rules.quota_allowed(self.good)

    @property
    def over(self) -> int:
        return max(self.excellent - self.allowed, 0)


def _labels(keys: list[str]) -> dict[str, str]:
    paths = {key.split(":", 1)[1] for key in keys if ":" in key}
    names = dict(Unit.objects.filter(path__in=paths).values_list("path", "name"))
    groups = dict(SubjectGroup.choices)
    labels = {}
    for key in keys:
        group, _sep, path = key.partition(":")
        labels[key] = f"{groups.get(group, group)} · {names.get(path, path)}"
    return labels


def quota_groups(period: Period, *, keys: list[str] | None = None) -> list[QuotaGroup]:
    """Every group of the period that has a classified review, with its counts, in two queries
    (three when some group is over: the reviews over it)."""
    rows = Review.objects.filter(period=period, status__in=LEVELLED).order_by()  # no joins of the default order
    if keys is not None:
        rows = rows.filter(group_key__in=keys)
    counts = rows.values_list("group_key", "level", "status").annotate(n=Count("pk"))
    found: dict[str, QuotaGroup] = {}
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for key, level, status, n in counts:
        totals[key][level] += n
        if level == rules.HTXSNV and status in APPROVED:
            totals[key]["approved"] += n
    labels = _labels(list(totals))
    for key, by_level in totals.items():
        found[key] = QuotaGroup(key, labels[key], good=by_level[rules.HTXSNV] + by_level[rules.HTTNV],
                                excellent=by_level[rules.HTXSNV], approved_excellent=by_level["approved"])
    over = [group.key for group in found.values() if group.over]
    if over:
        for review in (Review.objects.filter(period=period, group_key__in=over, level=rules.HTXSNV,
                                             status=ReviewStatus.CLASSIFIED)
                       .select_related("person", "unit").order_by("-total_points", "person__sort_key", "pk")
                       # what the quota view shows of each (a province has thousands over): no other column
                       .only("group_key", "total_points", "person__full_name", "unit__name")):
            found[review.group_key].over_reviews.append(review)
    return sorted(found.values(), key=lambda group: (-group.over, group.label))


def quota_group(period: Period, key: str) -> QuotaGroup:
    groups = quota_groups(period, keys=[key])
    return groups[0] if groups else QuotaGroup(key, _labels([key])[key])


def over_quota(period: Period) -> list[QuotaGroup]:
    return [group for group in quota_groups(period) if group.over]


