"""The evaluation module's records for the authorization matrix (``web/tests/test_authorization_matrix.py``):
an open yearly period of commune A with its reviews (the cell's collective review, self-assessed and
reviewed by the cell so that its meeting's minutes exist, and a member's), and the same in its sibling B;
and the tables a denied request must leave unchanged."""

import datetime as dt
from typing import Any

from neuguong.catalogues import services as catalogue_services
from neuguong.core.actors import SYSTEM
from neuguong.evaluation import services
from neuguong.evaluation.models import Review
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory

TABLES = ("evaluation",)
KIND_WORDS = {
    "period": "evaluation_period", "periods": "evaluation_period", "evaluation-periods": "evaluation_period",
    "review": "evaluation_review", "reviews": "evaluation_review", "evaluation-reviews": "evaluation_review",
}
MARKERS = ["Kỳ đánh giá ma trận Thạch Hà", "Người được đánh giá Thạch Hà", "Ý kiến hội nghị Thạch Hà"]


def _records(unit: Any, cell: Any, place: str) -> dict[str, list[Any]]:
    person = PersonFactory(full_name=f"Người được đánh giá {place}", unit=cell)
    MembershipFactory(person=person, cell=cell)
    today = dt.date.today()
    period = services.period_create(unit_id=unit.pk, kind="yearly", year=today.year,
                                    title=f"Kỳ đánh giá ma trận {place}", opens_on=today,
                                    closes_on=today + dt.timedelta(days=30), acting_user=SYSTEM)
    services.period_open(period_id=period.pk, acting_user=SYSTEM)
    reviews = [Review.objects.get(period=period, unit=cell, person__isnull=True),
               Review.objects.get(period=period, person=person)]
    collective = reviews[0]
    scores = [{"criterion": c.code, "points": str(c.max_points)} for c in collective.template.criteria.all()]
    services.self_assess(review_id=collective.pk, scores=scores, strengths="Đoàn kết", shortcomings="Còn chậm",
                         level="HTNV", acting_user=SYSTEM)
    services.collective_review(review_id=collective.pk, comments=f"Ý kiến hội nghị {place}", votes={"HTNV": 3},
                               members_present=4, acting_user=SYSTEM)
    return {"evaluation_period": [period], "evaluation_review": reviews}


def records(*, commune: Any, cell: Any, sibling: Any, sibling_cell: Any, **_world: Any) -> dict[str, list[Any]]:
    """A's records by kind; B gets the same kinds (never aimed at)."""
    catalogue_services.catalogues_load(acting_user=SYSTEM)
    services.templates_load(acting_user=SYSTEM)
    _records(sibling, sibling_cell, "Xã Bên")
    return _records(commune, cell, "Thạch Hà")
