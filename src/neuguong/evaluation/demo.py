"""The evaluation module's demo data, built through its services (so every record is valid and
audited): the last three years' yearly periods of the demo commune, completed — scores, task lists,
classifications within the quota (those over it wait, classified, in the quota view), a few automatic
downgrades with their triggers shown, approvals and notifications, so that a cadre profile shows several
years — and this year's open period, in which ``dangvien`` has a self-assessment to fill in and the cell's
secretary a collective review to hold. The forms of the members without an account are entered by the
commune's staff, as from paper. Every text says it is sample data."""

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from neuguong.catalogues import selectors as catalogue
from neuguong.core.actors import SYSTEM
from neuguong.core.errors import ServiceError
from neuguong.orgs.models import Unit

from . import services
from .models import Period, Review

LABEL = "(dữ liệu mẫu)"
DOWNGRADES = 3  # reviews of each past year with a weak criterion or a finding
PAST_YEARS = 3  # completed yearly periods before this year's, for the cadre profile's years


def _scores(review: Review, total: Decimal, *, weak: str = "") -> list[dict[str, Any]]:
    criteria = list(review.template.criteria.order_by("-max_points", "position"))
    missing = Decimal(100) - total
    return [{"criterion": c.code, "points": str(c.max_points - missing if i == 0 else c.max_points),
             "comment": f"Đạt yêu cầu {LABEL}", "weak": c.code == weak} for i, c in enumerate(criteria)]


def _tasks(day: dt.date, rng: random.Random, *, excellent: bool) -> list[dict[str, Any]]:
    count = 10
    late = 0 if excellent or rng.random() < 0.7 else 1
    return [{"title": f"Nhiệm vụ {i + 1} trong năm {LABEL}", "product": "Báo cáo, sản phẩm hoàn thành",
             "weight": 1, "due_on": day, "done_on": day + dt.timedelta(days=5) if i < late else day,
             "exceeded": excellent and i < 3} for i in range(count)]


def _walk(review: Review, rng: random.Random, day: dt.date, *, downgrade: str) -> None:
    excellent = rng.random() < 0.25 and not downgrade
    total = Decimal(rng.randint(91, 97) if excellent else rng.randint(72, 88))
    services.tasks_save(review_id=review.pk, tasks=_tasks(day, rng, excellent=excellent), acting_user=SYSTEM)
    review = Review.objects.select_related("template").get(pk=review.pk)
    best = "HTXSNV" if excellent else "HTNV"
    services.self_assess(review_id=review.pk, scores=_scores(review, total), level=best,
                         strengths=f"Chấp hành tốt chủ trương, nghị quyết {LABEL}",
                         shortcomings=f"Có việc còn chậm so với kế hoạch {LABEL}", remedies=f"Đã khắc phục {LABEL}",
                         manifestations=[{"manifestation": m.code, "present": False}
                                         for m in catalogue.manifestations()] if review.person_id else [],
                         acting_user=SYSTEM)
    services.collective_review(review_id=review.pk, comments=f"Tập thể nhất trí {LABEL}", votes={best: 5},
                               members_present=6, acting_user=SYSTEM)
    weak = downgrade == "weak"
    subject = "collective" if review.person_id is None else "individual"
    findings = [f"{subject}.degradation" if subject == "individual" else "collective.disunited"] \
        if downgrade == "finding" else []
    services.superior_assess(review_id=review.pk, scores=_scores(review, total, weak="politics" if weak else ""),
                             comments=f"Cấp trên đồng ý {LABEL}", findings=findings, acting_user=SYSTEM)
    services.classify(review_id=review.pk, acting_user=SYSTEM)
    try:
        services.approve(review_id=review.pk, acting_user=SYSTEM)
    except ServiceError:  # over the group's quota: it waits, classified, in the quota view
        return
    services.notify(review_id=review.pk, acting_user=SYSTEM)


def _completed_year(commune: Unit, year: int, rng: random.Random) -> Period:
    past = services.period_create(unit_id=commune.pk, kind="yearly", year=year,
                                  title=f"Kiểm điểm, đánh giá, xếp loại năm {year} {LABEL}",
                                  opens_on=dt.date(year, 12, 1), closes_on=dt.date(year + 1, 1, 31),
                                  acting_user=SYSTEM)
    services.period_open(period_id=past.pk, acting_user=SYSTEM)
    reviews = list(Review.objects.filter(period=past).order_by("unit__path", "pk"))
    downgraded = {review.pk: kind for review, kind in zip(rng.sample(reviews, min(DOWNGRADES, len(reviews))),
                                                           ("weak", "finding", "weak"), strict=False)}
    for review in reviews:
        _walk(review, rng, dt.date(year, 12, 15), downgrade=downgraded.get(review.pk, ""))
    services.period_close(period_id=past.pk, acting_user=SYSTEM)
    return past


def run(rng: random.Random, context: dict[str, Any]) -> None:
    users, commune, cell, today = context["users"], context["commune"], context["cell"], context["today"]
    services.templates_load(acting_user=SYSTEM)
    past_periods = [_completed_year(commune, today.year - back, rng) for back in range(PAST_YEARS, 0, -1)]
    current = services.period_create(unit_id=commune.pk, kind="yearly", year=today.year,
                                     title=f"Kiểm điểm, đánh giá, xếp loại năm {today.year} {LABEL}",
                                     opens_on=today - dt.timedelta(days=2), closes_on=today + dt.timedelta(days=40),
                                     acting_user=SYSTEM)
    services.period_open(period_id=current.pk, acting_user=SYSTEM)
    member = users.get("dangvien")
    # A member of the demo cell other than ``dangvien`` has sent a paper self-assessment: the cell's
    # secretary has its collective review to hold.
    others = Review.objects.filter(period=current, unit=cell, person__isnull=False)
    if member is not None and member.person_id:
        others = others.exclude(person_id=member.person_id)
    other = others.order_by("pk").first()
    if other is not None:
        review = Review.objects.select_related("template").get(pk=other.pk)
        services.self_assess(review_id=review.pk, scores=_scores(review, Decimal(80)), level="HTNV",
                             strengths=f"Gương mẫu ở nơi cư trú {LABEL}", shortcomings=f"Còn chậm {LABEL}",
                             manifestations=[{"manifestation": m.code, "present": False}
                                             for m in catalogue.manifestations()], acting_user=SYSTEM)
    context["counts"].update({"evaluation_reviews": Review.objects.filter(period__in=[*past_periods, current]).count()})
