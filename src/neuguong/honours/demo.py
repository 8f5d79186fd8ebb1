"""The honours module's demo data, built through its services (every step audited and checked):
an honour roll of about thirty clearly fictional models of past years (collectives and individuals of
the province, each with a generated photo and a story that says it is sample data), a yearly round of
this year in progress (proposals waiting for the council, one passed and waiting for the competent
body), and a party membership badge round for the next award day with the veteran members due then
(created through the orgs services, their names marked as sample data). When the portal's demo ran
first, the three newest models are told as published portal articles, which the roll links to."""

import datetime as dt
import io
import random
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from neuguong.core.actors import SYSTEM
from neuguong.orgs import services as orgs_services
from neuguong.orgs.models import Person, Unit, UnitKind
from neuguong.portal import selectors as portal_selectors
from neuguong.portal import services as portal

from . import rules, selectors, services

LABEL = "(mẫu)"
MODELS = 30
STORY = ("Câu chuyện mẫu, hoàn toàn hư cấu để minh hoạ: {name} tiêu biểu trong học tập và làm theo tư tưởng, "
         "đạo đức, phong cách Hồ Chí Minh, gương mẫu trong công việc và được nhân dân tin yêu.")
INDIVIDUAL_AWARDS = ["title.grassroots_emulation_fighter", "title.advanced_worker", "form.provincial_certificate",
                     "party.grassroots_commendation", "form.commune_commendation"]
COLLECTIVE_AWARDS = ["title.excellent_collective", "title.advanced_collective", "party.provincial_certificate",
                     "title.cultural_hamlet"]
COLOURS = [(165, 14, 14), (20, 90, 150), (30, 110, 60), (150, 95, 10), (90, 40, 120)]
VETERANS = [("Nguyễn Văn Lão", 30), ("Trần Thị Niên", 40), ("Lê Văn Kỳ", 50), ("Phạm Thị Cựu", 30),
            ("Hoàng Văn Thâm", 45)]


def photo(rng: random.Random, number: int) -> SimpleUploadedFile:
    """A plain generated portrait card: a coloured square with a circle, no metadata."""
    colour = COLOURS[number % len(COLOURS)]
    image = Image.new("RGB", (320, 320), colour)
    draw = ImageDraw.Draw(image)
    shade = tuple(min(255, value + 70) for value in colour)
    draw.ellipse((90, 50, 230, 190), fill=shade)
    draw.rounded_rectangle((60, 200, 260, 320), radius=60, fill=shade)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(f"anh-{number}.png", buffer.getvalue(), content_type="image/png")


def _vote(nomination: Any, user: Any, on: dt.date, rng: random.Random) -> None:
    present = rng.randint(8, 11)
    against = rng.randint(0, 2)
    services.nomination_vote(nomination_id=nomination.pk, members=11, present=present, votes_for=present - against,
                             votes_against=against, votes_abstain=0, voted_on=on, acting_user=user)


def _articles(writer: Any, count: int = 3) -> int:
    """The newest models drafted as portal articles by the propaganda staff and published; none
    without the portal's section for exemplary models."""
    if not portal_selectors.categories().filter(slug=services.MODELS_CATEGORY).exists():
        return 0
    newest = list(selectors.honour_roll()[:count])
    for award in newest:
        article = services.award_article_create(award_id=award.pk, acting_user=writer)
        portal.article_submit(article_id=article.pk, acting_user=writer)
        portal.article_publish(article_id=article.pk, acting_user=writer)
    return len(newest)


def run(rng: random.Random, context: dict[str, Any]) -> None:
    users, province, today = context["users"], context["province"], context["today"]
    staff, leader = users.get("tochuc", SYSTEM), users.get("lanhdao", SYSTEM)
    people = list(Person.objects.filter(unit__path__startswith=province.path, memberships__isnull=False)
                  .distinct().order_by("pk")[:MODELS])
    collectives = list(Unit.objects.filter(path__startswith=province.path, kind=UnitKind.CELL).order_by("path")[:12])
    fields = list(rules.fields())
    awards = 0
    for back in (3, 2, 1):
        year = today.year - back
        decided_on = dt.date(year, 12, 20)
        round_ = services.round_open(unit_id=province.pk, kind="yearly" if back != 2 else "directive_05_review",
                                     year=year, title=f"Bình xét thi đua, khen thưởng năm {year} {LABEL}",
                                     closes_on=dt.date(year, 11, 30), acting_user=staff)
        for number in range(MODELS // 3):
            index = (3 - back) * (MODELS // 3) + number
            collective = number % 3 == 2 and bool(collectives)
            subject: Any = collectives[index % len(collectives)] if collective else people[index % len(people)]
            nomination = services.nomination_propose(
                round_id=round_.pk, acting_user=staff, field=fields[index % len(fields)],
                award=(COLLECTIVE_AWARDS if collective else INDIVIDUAL_AWARDS)[index % 4],
                subject_unit_id=subject.pk if collective else None,
                subject_person_id=None if collective else subject.pk,
                achievements=f"Thành tích mẫu {LABEL}: hoàn thành xuất sắc nhiệm vụ năm {year}.",
                story=STORY.format(name=subject.name if collective else subject.full_name),
                photo=photo(rng, index))
            _vote(nomination, staff, dt.date(year, 12, 5), rng)
            services.nomination_approve(nomination_id=nomination.pk, body="Chủ tịch UBND tỉnh",
                                        decision_number=f"{100 + index}/QĐ-UBND {LABEL}", decided_on=decided_on,
                                        acting_user=leader)
            awards += 1
        services.round_close(round_id=round_.pk, acting_user=staff)
    running = services.round_open(unit_id=province.pk, kind="yearly", year=today.year,
                                  title=f"Bình xét thi đua, khen thưởng năm {today.year} {LABEL}",
                                  closes_on=max(today, dt.date(today.year, 11, 30)), acting_user=staff)
    for number, person in enumerate(people[:4]):
        nomination = services.nomination_propose(
            round_id=running.pk, acting_user=staff, award=INDIVIDUAL_AWARDS[number % 2], field=fields[number],
            subject_person_id=person.pk, achievements=f"Thành tích mẫu {LABEL} năm {today.year}.",
            story=STORY.format(name=person.full_name))
        if number == 0:
            _vote(nomination, staff, today, rng)
    award_day = rules.next_award_day(today)
    cell = context.get("cell") or collectives[0]
    for number, (name, years) in enumerate(VETERANS):
        veteran = orgs_services.person_create(acting_user=SYSTEM, unit_id=cell.pk, data={
            "full_name": f"{name} {LABEL}", "gender": "female" if "Thị" in name else "male",
            "birth_date": dt.date(award_day.year - years - 22, 1, 1)})
        joined_on = rules.anniversary(award_day, -years) - dt.timedelta(days=10 + 20 * number)
        orgs_services.membership_create(person_id=veteran.pk, acting_user=SYSTEM, data={
            "cell_id": cell.pk, "joined_on": joined_on, "full_member_on": joined_on + dt.timedelta(days=365),
            "card_number": ""})
    services.round_open(unit_id=province.pk, kind="party_badge", year=award_day.year,
                        title=f"Xét tặng Huy hiệu Đảng đợt {award_day:%d/%m/%Y} {LABEL}", closes_on=award_day,
                        acting_user=staff)
    articles = _articles(users.get("tuyengiao", SYSTEM))
    context["counts"].update({"honours_awards": awards, "honours_badges_due": len(VETERANS),
                              "honours_articles": articles})
