"""The demo step builds the honour roll, a round in progress and the members due for a badge."""

import datetime as dt
import random

import pytest

from neuguong.honours import demo, rules, selectors
from neuguong.honours.models import Award, Nomination, NominationStatus, Round
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory

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
