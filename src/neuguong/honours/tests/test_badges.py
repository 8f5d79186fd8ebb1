"""Party membership badges (Huy hiệu Đảng): who reaches a milestone by the next award day, and their
nomination through the same steps as any other."""

import datetime as dt

import pytest

from neuguong.core.errors import ServiceError
from neuguong.honours import rules, selectors, services
from neuguong.honours.models import Nomination
from neuguong.orgs.models import MembershipStatus
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory

from .conftest import approve, open_round, vote

pytestmark = pytest.mark.django_db
AWARD_DAY = dt.date(2026, 9, 2)


def member_since(cell, name, joined_on, status=MembershipStatus.FULL):
    person = PersonFactory(full_name=name, unit=cell)
    MembershipFactory(person=person, cell=cell, joined_on=joined_on, full_member_on=joined_on + dt.timedelta(365)
                      if status == MembershipStatus.FULL else None, status=status)
    return person


def test_the_award_days_come_from_the_rules():
    assert rules.award_days(2026) == [dt.date(2026, 2, 3), dt.date(2026, 5, 19), dt.date(2026, 9, 2),
                                      dt.date(2026, 11, 7)]
    assert rules.next_award_day(dt.date(2026, 5, 20)) == dt.date(2026, 9, 2)
    assert rules.next_award_day(dt.date(2026, 11, 8)) == dt.date(2027, 2, 3)
    assert rules.badge_milestones() == [30, 40, 45, 50, 55, 60, 65, 70, 75]


def test_members_reaching_a_milestone_by_the_award_day_are_listed(unit_admin, commune, cell, member):
    thirty = member_since(cell, "Lê Ba Mươi", dt.date(1996, 6, 1))
    member_since(cell, "Lê Chưa Tới", dt.date(1996, 9, 3))
    fifty = member_since(cell, "Lê Năm Mươi", dt.date(1976, 2, 3))
    member_since(cell, "Lê Ba Mốt", dt.date(1995, 6, 1))
    due = selectors.badges_due(unit_admin, unit=commune, award_day=AWARD_DAY)
    assert [(row.person, row.years) for row in due] == [(fifty, 50), (thirty, 30)]


def test_an_outsider_lists_no_member_of_another_commune(outsider, commune, cell):
    member_since(cell, "Lê Ba Mươi", dt.date(1996, 6, 1))
    assert selectors.badges_due(outsider, unit=commune, award_day=AWARD_DAY) == []


def test_the_due_members_are_nominated_and_approved_through_the_same_steps(unit_admin, commune, cell):
    thirty = member_since(cell, "Lê Ba Mươi", dt.date(1996, 6, 1))
    badge_round = open_round(unit_admin, commune, kind="party_badge", title="Huy hiệu Đảng 2/9", closes_on=AWARD_DAY)
    [nomination] = services.badges_nominate(round_id=badge_round.pk, person_ids=[thirty.pk], acting_user=unit_admin)
    assert nomination.award == "party.badge_30" and "30" in nomination.achievements
    assert selectors.badges_due(unit_admin, unit=commune, award_day=AWARD_DAY) == []
    vote(unit_admin, nomination)
    award = approve(unit_admin, nomination)
    assert list(selectors.awards_of(unit_admin, [thirty.pk])) == [award]


def test_a_member_not_due_is_refused_and_nothing_is_written(unit_admin, commune, cell):
    member_since(cell, "Lê Ba Mươi", dt.date(1996, 6, 1))
    early = member_since(cell, "Lê Chưa Tới", dt.date(2000, 1, 1))
    due = member_since(cell, "Lê Đến Hạn", dt.date(1996, 7, 1))
    badge_round = open_round(unit_admin, commune, kind="party_badge", title="Huy hiệu Đảng 2/9", closes_on=AWARD_DAY)
    with pytest.raises(ServiceError):
        services.badges_nominate(round_id=badge_round.pk, person_ids=[due.pk, early.pk], acting_user=unit_admin)
    assert not Nomination.objects.exists()


def test_badges_are_nominated_in_a_badge_round_only(unit_admin, round_, cell):
    thirty = member_since(cell, "Lê Ba Mươi", dt.date(1996, 6, 1))
    with pytest.raises(ServiceError):
        services.badges_nominate(round_id=round_.pk, person_ids=[thirty.pk], acting_user=unit_admin)
    assert not Nomination.objects.exists()
