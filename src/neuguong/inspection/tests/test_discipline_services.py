"""Discipline decisions checked against the rules (Quy định 69-QĐ/TW): the form fits the subject,
the limitation period counted from the violation, one violation one decision, and appeals within
their deadline whose outcome updates the decision. A refusal writes nothing."""

import datetime as dt

import pytest

from neuguong.accounts.scoping import NotFound
from neuguong.audit.models import AuditEvent
from neuguong.core.errors import ServiceError
from neuguong.core.lifecycle import TransitionRefused, history_of
from neuguong.core.models import StateChange
from neuguong.inspection import rules, selectors, services
from neuguong.inspection.models import Appeal, AppealStatus, DecisionStatus, DisciplineDecision, Violation

from .conftest import OCCURRED, decide, record

pytestmark = pytest.mark.django_db


def _nothing_decided(action="discipline_decision.made"):
    return not DisciplineDecision.objects.exists() and not AuditEvent.objects.filter(action=action).exists()


# --- The form fits the subject ---------------------------------------------------------------


def test_a_full_member_gets_a_reprimand_and_the_decision_is_audited(inspector, violation):
    decision = decide(inspector, violation)
    assert decision.subject_kind == "full_member" and decision.status == DecisionStatus.IN_FORCE
    assert decision.form.code == "full_member.reprimand" and decision.unit == violation.unit
    assert decision.effective_on == decision.decided_on == decision.notified_on == dt.date(2020, 3, 1)
    event = AuditEvent.objects.get(action="discipline_decision.made")
    assert event.object_id == str(decision.pk) and event.after["form"] == "full_member.reprimand"


def test_dismissal_from_post_is_refused_for_a_member_holding_no_post(inspector, violation):
    with pytest.raises(ServiceError, match="applies only to a member who holds a post") as refused:
        decide(inspector, violation, "full_member.dismissal")
    assert refused.value.code == "form_not_for_subject"
    assert _nothing_decided()


def test_dismissal_from_post_is_decided_for_a_member_holding_a_post(inspector, province, post_holder):
    decision = decide(inspector, record(inspector, province, person=post_holder), "full_member.dismissal")
    assert decision.held_post is True and decision.form.code == "full_member.dismissal"


def test_a_probationary_member_cannot_be_expelled_and_nothing_is_written(inspector, province, probationary):
    violation = record(inspector, province, person=probationary, occurred_on=dt.date(2024, 6, 1))
    with pytest.raises(ServiceError) as refused:
        decide(inspector, violation, "full_member.expulsion", decided_on=dt.date(2024, 9, 1))
    assert refused.value.code == "form_not_for_subject"
    assert "Reprimand, Warning" in str(refused.value.message)
    assert _nothing_decided()
    decision = decide(inspector, violation, "probationary_member.warning", decided_on=dt.date(2024, 9, 1))
    assert decision.subject_kind == "probationary_member"


def test_an_organisation_is_dissolved_but_not_expelled(inspector, province, cell):
    violation = record(inspector, province, unit=cell)
    with pytest.raises(ServiceError, match="not a form of discipline for a party organisation"):
        decide(inspector, violation, "full_member.expulsion")
    decision = decide(inspector, violation, "party_organisation.dissolution", decided_on=dt.date(2026, 1, 5))
    assert decision.subject_kind == "party_organisation"


def test_the_forms_offered_follow_the_subject(catalogues):
    def codes(kind, held_post):
        return [form.code.split(".")[1] for form in rules.forms_for(kind, held_post=held_post)]

    assert codes("party_organisation", False) == ["reprimand", "warning", "dissolution"]
    assert codes("full_member", True) == ["reprimand", "warning", "dismissal", "expulsion"]
    assert codes("full_member", False) == ["reprimand", "warning", "expulsion"]
    assert codes("probationary_member", False) == ["reprimand", "warning"]


def test_a_person_who_is_not_a_party_member_is_not_disciplined(inspector, province, commune):
    from neuguong.orgs.tests.factories import PersonFactory

    citizen = PersonFactory(full_name="Khổng Văn Dân", unit=commune)
    violation = record(inspector, province, person=citizen)
    with pytest.raises(ServiceError) as refused:
        decide(inspector, violation)
    assert refused.value.code == "subject_not_a_member"
    assert _nothing_decided()


# --- The limitation period at its boundary ---------------------------------------------------


def test_a_reprimand_on_the_last_day_of_its_five_years_is_decided(inspector, violation):
    assert rules.limitation_last_day(OCCURRED, 5) == dt.date(2020, 3, 15)
    assert decide(inspector, violation, decided_on=dt.date(2020, 3, 15)).pk


def test_a_reprimand_the_day_after_its_five_years_is_refused_with_the_dates(inspector, violation):
    with pytest.raises(ServiceError) as refused:
        decide(inspector, violation, decided_on=dt.date(2020, 3, 16))
    assert refused.value.code == "limitation_expired"
    message = str(refused.value.message)
    assert "15/03/2015" in message and "15/03/2020" in message and "16/03/2020" in message
    assert refused.value.field_errors["decided_on"]
    assert _nothing_decided()


def test_a_warning_runs_ten_years_last_day_included(inspector, violation):
    with pytest.raises(ServiceError, match="limitation"):
        decide(inspector, violation, "full_member.warning", decided_on=dt.date(2025, 3, 16))
    assert decide(inspector, violation, "full_member.warning", decided_on=dt.date(2025, 3, 15)).pk


def test_dismissal_runs_ten_years_and_expulsion_has_no_limit(inspector, province, post_holder, member):
    late = record(inspector, province, person=post_holder)
    with pytest.raises(ServiceError, match="limitation"):
        decide(inspector, late, "full_member.dismissal", decided_on=dt.date(2025, 3, 16))
    assert decide(inspector, late, "full_member.dismissal", decided_on=dt.date(2025, 3, 15)).pk
    old = record(inspector, province, person=member.person, occurred_on=dt.date(2011, 5, 1))
    assert decide(inspector, old, "full_member.expulsion", decided_on=dt.date(2026, 1, 5), number="02").pk


def test_a_violation_of_a_kind_without_limitation_is_decided_whatever_its_date(inspector, province, member):
    violation = record(inspector, province, person=member.person, occurred_on=dt.date(2012, 1, 1),
                       exemption="internal_politics")
    assert decide(inspector, violation, decided_on=dt.date(2026, 1, 5)).pk


def test_a_period_from_the_29th_of_february_ends_on_the_28th():
    assert rules.limitation_last_day(dt.date(2016, 2, 29), 5) == dt.date(2021, 2, 28)


# --- One violation, one decision; bad input --------------------------------------------------


def test_a_second_decision_on_the_same_violation_is_refused(inspector, decision, violation):
    with pytest.raises(ServiceError) as refused:
        decide(inspector, violation, "full_member.warning", number="02-QĐ/UBKT")
    assert refused.value.code == "decision_exists"
    assert DisciplineDecision.objects.count() == 1


def test_a_decision_number_is_used_once_by_a_body(inspector, decision, province, member):
    other = record(inspector, province, person=member.person, occurred_on=dt.date(2019, 1, 1))
    with pytest.raises(ServiceError) as refused:
        decide(inspector, other, number=decision.number)
    assert refused.value.code == "decision_number_taken"


def test_a_decision_before_the_violation_or_in_the_future_is_refused(inspector, violation):
    with pytest.raises(ServiceError, match="before the violation"):
        decide(inspector, violation, decided_on=dt.date(2015, 3, 14))
    with pytest.raises(ServiceError, match="future"):
        decide(inspector, violation, decided_on=dt.date.today() + dt.timedelta(days=1))
    assert _nothing_decided()


def test_a_violation_needs_one_subject_under_the_body(inspector, commune_inspector, commune, member, sibling_cell):
    with pytest.raises(ServiceError, match="either a party organisation or a party member"):
        services.violation_record(unit_id=commune.pk, occurred_on=OCCURRED, description="x",
                                  acting_user=commune_inspector)
    with pytest.raises(ServiceError, match="party organisation of your units"):
        record(commune_inspector, commune, unit=sibling_cell)
    assert not Violation.objects.exists()


def test_a_commune_inspector_cannot_record_for_the_province(commune_inspector, province, member):
    with pytest.raises(NotFound):
        record(commune_inspector, province, person=member.person)
    assert not Violation.objects.exists()


# --- Appeals ---------------------------------------------------------------------------------


def test_an_appeal_on_the_last_day_of_the_month_is_filed_and_puts_the_decision_under_appeal(inspector, decision):
    assert rules.appeal_last_day(dt.date(2020, 3, 5)) == dt.date(2020, 4, 5)
    appeal = services.appeal_file(decision_id=decision.pk, filed_on=dt.date(2020, 4, 5), grounds="Không đồng ý",
                                  acting_user=inspector)
    decision.refresh_from_db()
    assert appeal.status == AppealStatus.PENDING and decision.status == DecisionStatus.APPEALED
    assert [change.transition for change in history_of(decision)] == ["appeal"]


def test_an_appeal_the_day_after_its_deadline_is_refused_with_the_dates(inspector, decision):
    with pytest.raises(ServiceError) as refused:
        services.appeal_file(decision_id=decision.pk, filed_on=dt.date(2020, 4, 6), grounds="Muộn",
                             acting_user=inspector)
    assert refused.value.code == "appeal_late"
    assert "05/03/2020" in str(refused.value.message) and "05/04/2020" in str(refused.value.message)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.IN_FORCE and not Appeal.objects.exists()
    assert not StateChange.objects.exists()


def test_the_deadline_from_the_31st_of_january_ends_on_the_last_day_of_february():
    assert rules.appeal_last_day(dt.date(2025, 1, 31)) == dt.date(2025, 2, 28)


def _appeal(inspector, decision):
    return services.appeal_file(decision_id=decision.pk, filed_on=dt.date(2020, 3, 20), grounds="Không đồng ý",
                                acting_user=inspector)


def test_an_upheld_appeal_puts_the_decision_back_in_force(inspector, decision):
    appeal = services.appeal_uphold(appeal_id=_appeal(inspector, decision).pk, resolution="Giữ nguyên",
                                    resolved_on=dt.date(2020, 5, 1), acting_user=inspector)
    decision.refresh_from_db()
    assert appeal.status == AppealStatus.UPHELD and appeal.resolved_on == dt.date(2020, 5, 1)
    assert decision.status == DecisionStatus.IN_FORCE


def test_a_changed_appeal_changes_the_form_and_a_later_upheld_one_keeps_it(inspector, decision):
    services.appeal_change(appeal_id=_appeal(inspector, decision).pk, new_form="full_member.warning",
                           resolution="Tăng hình thức", acting_user=inspector)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.CHANGED and decision.current_form.code == "full_member.warning"
    again = services.appeal_file(decision_id=decision.pk, filed_on=dt.date(2020, 3, 25), grounds="Khiếu nại lên trên",
                                 acting_user=inspector)
    services.appeal_uphold(appeal_id=again.pk, resolution="Giữ nguyên", acting_user=inspector)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.CHANGED and decision.current_form.code == "full_member.warning"


def test_a_change_to_a_form_that_does_not_fit_is_refused_and_the_appeal_stays_pending(inspector, decision):
    appeal = _appeal(inspector, decision)
    with pytest.raises(ServiceError) as refused:
        services.appeal_change(appeal_id=appeal.pk, new_form="full_member.dismissal", resolution="x",
                               acting_user=inspector)
    assert refused.value.code == "form_not_for_subject"
    appeal.refresh_from_db()
    decision.refresh_from_db()
    assert appeal.status == AppealStatus.PENDING and decision.status == DecisionStatus.APPEALED


def test_an_annulled_decision_takes_no_more_appeal_and_no_longer_counts(inspector, decision, member):
    services.appeal_annul(appeal_id=_appeal(inspector, decision).pk, resolution="Hủy", acting_user=inspector)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ANNULLED
    with pytest.raises(ServiceError):
        services.appeal_file(decision_id=decision.pk, filed_on=dt.date(2020, 3, 21), grounds="x",
                             acting_user=inspector)
    assert selectors.discipline_effective_in([member.person.pk], 2020) == {}


def test_an_appeal_is_resolved_once(inspector, decision):
    appeal = _appeal(inspector, decision)
    services.appeal_uphold(appeal_id=appeal.pk, resolution="Giữ nguyên", acting_user=inspector)
    with pytest.raises(TransitionRefused):
        services.appeal_annul(appeal_id=appeal.pk, resolution="Hủy", acting_user=inspector)


def test_an_appeal_without_its_resolution_is_not_resolved(inspector, decision):
    appeal = _appeal(inspector, decision)
    with pytest.raises(ServiceError, match="Write what was decided"):
        services.appeal_uphold(appeal_id=appeal.pk, resolution="  ", acting_user=inspector)
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.PENDING


# --- Reading ---------------------------------------------------------------------------------


def test_discipline_effective_in_a_year_is_given_by_member(inspector, decision, member, province, post_holder):
    other = decide(inspector, record(inspector, province, person=post_holder, occurred_on=dt.date(2021, 1, 1)),
                   "full_member.warning", decided_on=dt.date(2021, 6, 1), number="05")
    found = selectors.discipline_effective_in([member.person.pk, post_holder.pk], 2020)
    assert found == {member.person.pk: [decision]}
    assert selectors.discipline_effective_in([member.person.pk, post_holder.pk], 2021) == {post_holder.pk: [other]}


def test_every_read_of_a_discipline_file_is_in_the_audit_trail(inspector, violation, decision, member):
    services.violation_open(violation_id=violation.pk, acting_user=inspector)
    services.own_decision_open(decision_id=decision.pk, acting_user=member)
    reads = AuditEvent.objects.filter(action="discipline_violation.viewed").order_by("seq")
    readers = list(reads.values_list("actor", flat=True))
    assert readers == [inspector.pk, member.pk]


def test_only_inspection_roles_of_the_subtree_see_the_violation(inspector, commune_inspector, sibling_inspector,
                                                                 unit_admin, violation):
    assert list(selectors.violations_visible_to(inspector)) == [violation]
    assert list(selectors.violations_visible_to(commune_inspector)) == []  # decided by the province
    assert list(selectors.violations_visible_to(sibling_inspector)) == []
    assert list(selectors.violations_visible_to(unit_admin)) == []


def test_a_member_sees_the_decisions_about_themselves_only(inspector, decision, member, unit_admin, province,
                                                           post_holder):
    decide(inspector, record(inspector, province, person=post_holder), number="09")
    assert list(selectors.own_decisions(member)) == [decision]
    assert list(selectors.own_decisions(unit_admin)) == []
