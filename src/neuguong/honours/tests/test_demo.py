"""The demo step builds the honour roll, a round in progress and the members due for a badge."""

import datetime as dt
import random

import pytest

from neuguong.core.actors import SYSTEM
from neuguong.honours import demo, rules, selectors
from neuguong.honours.models import Award, Nomination, NominationStatus, Round
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory
from neuguong.portal import services as portal_services
from neuguong.portal.models import ArticleStatus

pytestmark = pytest.mark.django_db


def test_the_demo_builds_the_roll_a_round_in_progress_and_the_badges_due(province, commune, cell, sibling_cell,
                                                                          system_admin):
    for number in range(12):
        person = PersonFactory(full_name=f"Người mẫu {number}", unit=cell if number % 2 else sibling_cell)
        MembershipFactory(person=person, cell=person.unit)
    today = dt.date.today()
    context = {"users": {}, "province": province, "today": today, "cell": cell, "counts": {}}
    demo.run(random.Random(1), context)
    assert Award.objects.count() == 30 == context["counts"]["honours_awards"]
    assert selectors.honour_roll().count() == 30
    running = Round.objects.get(year=today.year, kind="yearly")
    assert set(running.nominations.values_list("status", flat=True)) == {NominationStatus.PROPOSED,
                                                                         NominationStatus.PASSED}
    badge_round = Round.objects.get(kind="party_badge")
    due = selectors.badges_due(system_admin, unit=province, award_day=badge_round.closes_on)
    assert len(due) == 5 and badge_round.closes_on == rules.next_award_day(today)
    assert all("(mẫu)" in row.person.full_name for row in due)
    assert Nomination.objects.exclude(photo="").count() == 30


def test_with_the_portals_sections_the_newest_models_are_published_articles(province, cell, client):
    for number in range(6):
        person = PersonFactory(full_name=f"Người mẫu {number}", unit=cell)
        MembershipFactory(person=person, cell=cell)
    portal_services.categories_load(acting_user=SYSTEM)
    context = {"users": {}, "province": province, "today": dt.date.today(), "cell": cell, "counts": {}}
    demo.run(random.Random(1), context)
    linked = Award.objects.filter(article__status=ArticleStatus.PUBLISHED)
    assert context["counts"]["honours_articles"] == 3 == linked.count()
    assert all(award.article.category.slug == "guong-dien-hinh" for award in linked)
    roll = client.get("/honour-roll/").content.decode()
    assert all(f'href="/news/{award.article_id}/"' in roll for award in linked)
