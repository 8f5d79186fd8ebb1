"""Discipline that has run its course: a decision stops having effect one year after it took effect
(or after the last appeal resolved without annulling it) when the subject committed no new decided
violation within that year; an expulsion never does. Computed from the records, shown on the pages;
``discipline_effective_in`` still counts the year the decision took effect. Also the small things:
the "Discipline about me" entry only for an account with a person, the conducting body named in a
case's subject check, the cadre profile linked from a member's discipline file."""

import datetime as dt

import pytest

from neuguong.core.errors import ServiceError
from neuguong.inspection import selectors, services
from neuguong.inspection.models import Case
from neuguong.orgs.tests.factories import UserFactory

from .conftest import client_for, decide, record

pytestmark = pytest.mark.django_db
LAST_DAY = dt.date(2021, 3, 1)  # a decision effective 01/03/2020 has effect until 01/03/2021


def course(user, violation, today):
    decision = selectors.decision_of(selectors.violation_get(user, violation.pk))
    return selectors.course_of(decision, today)


def test_a_decision_runs_its_course_the_day_after_its_year(inspector, violation, decision):
    on_last_day = course(inspector, violation, LAST_DAY)
    assert on_last_day.last_day == LAST_DAY and not on_last_day.ended
    assert course(inspector, violation, LAST_DAY + dt.timedelta(days=1)).ended


def test_an_expulsion_never_runs_its_course(inspector, province, member):
    violation = record(inspector, province, person=member.person, occurred_on=dt.date(2019, 5, 1))
    decide(inspector, violation, "full_member.expulsion", decided_on=dt.date(2020, 3, 1))
    result = course(inspector, violation, dt.date(2030, 1, 1))
    assert result.last_day is None and not result.ended


def test_a_new_decided_violation_within_the_year_keeps_the_decision_in_effect(inspector, province, member, violation,
                                                                              decision):
    later = record(inspector, province, person=member.person, occurred_on=dt.date(2020, 9, 1))
    assert course(inspector, violation, dt.date(2026, 1, 1)).ended  # not decided yet: no new discipline
    decide(inspector, later, number="02-QĐ/UBKT", decided_on=dt.date(2020, 10, 1))
    result = course(inspector, violation, dt.date(2026, 1, 1))
    assert result.interrupted and not result.ended


def test_a_violation_after_the_year_does_not_change_it(inspector, province, member, violation, decision):
    later = record(inspector, province, person=member.person, occurred_on=LAST_DAY + dt.timedelta(days=1))
    decide(inspector, later, number="02-QĐ/UBKT", decided_on=dt.date(2021, 6, 1))
    assert course(inspector, violation, dt.date(2026, 1, 1)).ended


def test_the_year_counts_from_the_appeal_resolved_and_an_annulled_decision_has_no_course(inspector, violation,
                                                                                         decision):
    appeal = services.appeal_file(decision_id=decision.pk, filed_on=dt.date(2020, 3, 20), grounds="Không đồng ý",
                                  acting_user=inspector)
    assert course(inspector, violation, dt.date(2026, 1, 1)) is None  # under appeal
    services.appeal_uphold(appeal_id=appeal.pk, resolution="Giữ nguyên", resolved_on=dt.date(2020, 3, 25),
                           acting_user=inspector)
    assert course(inspector, violation, dt.date(2021, 3, 2)).last_day == dt.date(2021, 3, 25)
    second = services.appeal_file(decision_id=decision.pk, filed_on=dt.date(2020, 4, 1), grounds="Lần hai",
                                  acting_user=inspector)
    services.appeal_annul(appeal_id=second.pk, resolution="Hủy", resolved_on=dt.date(2020, 5, 1),
                          acting_user=inspector)
    assert course(inspector, violation, dt.date(2026, 1, 1)) is None


def test_discipline_that_ran_its_course_still_counts_for_the_year_it_took_effect(member, decision):
    assert [d.pk for d in selectors.discipline_effective_in([member.person.pk], 2020)[member.person.pk]] == [
        decision.pk]
    assert selectors.discipline_effective_in([member.person.pk], 2021) == {}


def test_the_register_the_file_and_the_member_s_page_show_it(inspector, member, violation, decision):
    assert "Ran its course on 01/03/2021" in client_for(inspector).get("/inspection/discipline/").content.decode()
    assert "Ran its course on" in client_for(inspector).get(f"/inspection/violations/{violation.pk}/").content.decode()
    assert "Ran its course on" in client_for(member).get("/inspection/mine/").content.decode()


def test_discipline_about_me_is_in_the_menu_only_for_an_account_with_a_person(member, commune, catalogues):
    from neuguong.accounts.permissions import Role
    from neuguong.orgs.tests.factories import grant
    assert "/inspection/mine/" in client_for(member).get("/").content.decode()
    service_account = UserFactory(username="may_chu", person=None)
    grant(service_account, Role.PARTY_MEMBER, commune)
    assert "/inspection/mine/" not in client_for(service_account).get("/").content.decode()


def test_a_case_s_subject_outside_the_body_names_the_conducting_body(inspector, commune, sibling_cell):
    with pytest.raises(ServiceError) as refused:
        services.case_plan(unit_id=commune.pk, type="inspection.compliance", title="Kiểm tra",
                           subject_unit_id=sibling_cell.pk, planned_start=dt.date.today(),
                           planned_end=dt.date.today(), acting_user=inspector)
    assert refused.value.field_errors["subject_unit_id"] == ["The organisation is not under the conducting body."]
    assert Case.objects.count() == 0


def test_the_member_s_discipline_file_links_to_the_cadre_profile(inspector, member, violation, unit_admin):
    page = client_for(inspector).get(f"/inspection/violations/{violation.pk}/").content.decode()
    assert f'href="/people/{member.person.pk}/" data-testid="cadre-profile"' in page
