"""Legal deadlines on Vietnam's working-day calendar: weekends, Tết 2026, 30/4–1/5, 2/9, make-up
working days, an administrator's extra day off, the complex and remote variants, and extensions
with their limits. Periods start the day after the event; a period in calendar days that ends on a
day off ends on the next working day (Bộ luật Dân sự art. 147-148)."""

import datetime as dt

import pytest

from neuguong.audit.models import AuditEvent
from neuguong.catalogues.models import CalendarOverride, OverrideKind
from neuguong.catalogues.selectors import deadline_rule
from neuguong.core.errors import ServiceError
from neuguong.core.lifecycle import history_of
from neuguong.reception import services
from neuguong.reception.models import Petition
from neuguong.reception.services.deadlines import due_date, max_extensions

from .conftest import client_for, days_ago, receive

pytestmark = pytest.mark.django_db
D = dt.date


def due(code: str, start: dt.date, **kwargs) -> dt.date:
    return due_date(deadline_rule(code), start, **kwargs)


@pytest.mark.parametrize(("code", "start", "expected", "why"), [
    ("kn_accept", D(2026, 3, 4), D(2026, 3, 16), "10 calendar days end on Saturday 14/3: Monday"),
    ("tcd_notify", D(2026, 3, 6), D(2026, 3, 20), "10 working days from a Friday skip two weekends"),
    ("tc_initial", D(2026, 2, 12), D(2026, 3, 2), "7 working days across Tết 2026 (14/2–22/2 off)"),
    ("kn_accept", D(2026, 2, 6), D(2026, 2, 23), "10 calendar days end on Tết eve: the Monday after Tết"),
    ("kn_accept", D(2026, 4, 20), D(2026, 5, 4), "10 calendar days end on 30/4: after 1/5 and the weekend"),
    ("tcd_notify", D(2026, 4, 24), D(2026, 5, 13), "working days skip 27/4 (Hùng Kings) and 30/4–1/5"),
    ("tc_initial", D(2026, 8, 27), D(2026, 9, 10), "working days skip 31/8, 1/9 and 2/9"),
    ("tc_initial", D(2026, 8, 19), D(2026, 8, 27), "Saturday 22/8/2026 is a make-up working day"),
    ("kn_accept", D(2026, 8, 12), D(2026, 8, 22), "a period ending on a make-up Saturday ends that day"),
    ("kn_accept", D(2025, 4, 16), D(2025, 4, 26), "Saturday 26/4/2025 was a make-up working day"),
    ("tcd_notify", D(2025, 4, 25), D(2025, 5, 13), "26/4/2025 counts; 30/4, 1/5 and 2/5/2025 do not"),
])
def test_deadline_on_the_working_day_calendar(catalogues, code, start, expected, why):
    assert due(code, start) == expected, why


def test_an_administrators_extra_day_off_moves_the_deadline(catalogues):
    assert due("tcd_notify", D(2026, 3, 6)) == D(2026, 3, 20)
    CalendarOverride.objects.create(day=D(2026, 3, 13), kind=OverrideKind.DAY_OFF, name="Nghỉ bù của tỉnh")
    assert due("tcd_notify", D(2026, 3, 6)) == D(2026, 3, 23)


def test_an_administrators_make_up_day_counts_as_a_working_day(catalogues):
    CalendarOverride.objects.create(day=D(2026, 3, 14), kind=OverrideKind.WORKING_DAY, name="Làm bù")
    assert due("tcd_notify", D(2026, 3, 6)) == D(2026, 3, 19)


@pytest.mark.parametrize(("complex_case", "remote", "expected"), [
    (False, False, D(2026, 7, 1)),
    (True, False, D(2026, 7, 16)),
    (False, True, D(2026, 7, 16)),
    (True, True, D(2026, 7, 31)),
])
def test_complex_and_remote_variants_of_the_complaint_rule(catalogues, complex_case, remote, expected):
    assert due("kn_resolve_1", D(2026, 6, 1), complex_case=complex_case, remote=remote) == expected


def test_denunciation_extensions_count_from_the_previous_deadline(catalogues):
    rule = deadline_rule("tc_resolve")
    assert max_extensions(rule) == 2
    assert due_date(rule, D(2026, 6, 1)) == D(2026, 7, 1)
    assert due_date(rule, D(2026, 6, 1), extensions=1) == D(2026, 7, 31)
    # 30/8/2026 is a Sunday before 31/8, 1/9 and 2/9: the period ends on Thursday 3/9.
    assert due_date(rule, D(2026, 6, 1), extensions=2) == D(2026, 9, 3)


def test_an_extended_period_replaces_the_ordinary_one(catalogues):
    rule = deadline_rule("tc_initial")
    assert max_extensions(rule) == 1
    assert due_date(rule, D(2026, 8, 27), extensions=1) == D(2026, 9, 15)


def test_a_rule_without_extension_allows_none(catalogues):
    assert max_extensions(deadline_rule("kn_accept")) == 0


# --- Through the services --------------------------------------------------------------------


def accepted_denunciation(officer, commune, accepted_days_ago=5):
    petition = receive(officer, commune, kinds=["denunciation"], received_on=days_ago(accepted_days_ago + 3))[0]
    return services.petition_decide(petition_id=petition.pk, outcome="accept", acting_user=officer,
                                    decided_on=days_ago(accepted_days_ago))


def snapshot(petition):
    return Petition.objects.filter(pk=petition.pk).values().get()


def test_received_petition_gets_the_kinds_receipt_deadline(officer, commune):
    complaint, denunciation, proposal = (receive(officer, commune, kinds=[kind], received_on=D(2026, 4, 20))[0]
                                         for kind in ("complaint", "denunciation", "proposal"))
    assert (complaint.deadline_rule.code, complaint.due_on) == ("kn_accept", D(2026, 5, 4))
    assert (denunciation.deadline_rule.code, denunciation.due_on) == ("tc_initial", due("tc_initial", D(2026, 4, 20)))
    assert (proposal.deadline_rule.code, proposal.due_on) == ("tcd_notify", due("tcd_notify", D(2026, 4, 20)))


def test_acceptance_starts_the_resolution_deadline_with_the_chosen_rule(officer, commune):
    petition = receive(officer, commune, received_on=days_ago(20))[0]
    second_round = deadline_rule("kn_resolve_2")
    petition = services.petition_decide(petition_id=petition.pk, outcome="accept", acting_user=officer,
                                        decided_on=days_ago(10), deadline_rule_id=second_round.pk, is_complex=True)
    assert petition.deadline_rule == second_round
    assert petition.due_on == due("kn_resolve_2", days_ago(10), complex_case=True)
    assert petition.accepted_on == days_ago(10) and petition.extensions == 0


def test_accepting_a_kind_without_a_resolution_period_keeps_the_receipt_deadline(officer, commune):
    petition = receive(officer, commune, kinds=["proposal"], received_on=days_ago(3))[0]
    before = (petition.deadline_rule, petition.due_on)
    petition = services.petition_decide(petition_id=petition.pk, outcome="accept", acting_user=officer)
    assert (petition.deadline_rule, petition.due_on) == before and petition.accepted_on is not None


def test_a_rule_of_another_kind_cannot_be_chosen(officer, commune):
    petition = receive(officer, commune)[0]
    with pytest.raises(ServiceError) as error:
        services.petition_decide(petition_id=petition.pk, outcome="accept", acting_user=officer,
                                 deadline_rule_id=deadline_rule("tc_resolve").pk)
    assert "deadline_rule" in error.value.field_errors


def test_extensions_up_to_the_limit_then_refused_and_nothing_written(officer, commune):
    petition = accepted_denunciation(officer, commune)
    start = petition.deadline_start
    for n in (1, 2):
        petition = services.petition_extend(petition_id=petition.pk, reason=f"Vụ việc phức tạp {n}",
                                            acting_user=officer)
        assert petition.extensions == n
        assert petition.due_on == due("tc_resolve", start, extensions=n)
    before = snapshot(petition)
    events = AuditEvent.objects.count()
    with pytest.raises(ServiceError, match="2 times") as error:
        services.petition_extend(petition_id=petition.pk, reason="Lần ba", acting_user=officer)
    assert error.value.code == "extension_limit"
    assert snapshot(petition) == before
    assert AuditEvent.objects.count() == events
    assert AuditEvent.objects.filter(action="petition.deadline_extended").count() == 2


def test_extension_needs_a_reason(officer, commune):
    petition = accepted_denunciation(officer, commune)
    with pytest.raises(ServiceError) as error:
        services.petition_extend(petition_id=petition.pk, reason="  ", acting_user=officer)
    assert "reason" in error.value.field_errors
    assert snapshot(petition)["extensions"] == 0


def test_a_deadline_without_extension_is_refused(officer, complaint):
    with pytest.raises(ServiceError) as error:
        services.petition_extend(petition_id=complaint.pk, reason="Cần thêm thời gian", acting_user=officer)
    assert error.value.code == "not_extendable"


def test_extension_is_audited_with_before_and_after(officer, commune):
    petition = accepted_denunciation(officer, commune)
    before_due = petition.due_on
    petition = services.petition_extend(petition_id=petition.pk, reason="Cần xác minh thêm", acting_user=officer)
    event = AuditEvent.objects.get(action="petition.deadline_extended")
    assert event.before == {"due_on": before_due.isoformat()}
    assert event.after == {"due_on": petition.due_on.isoformat(), "extensions": 1}
    assert event.note == "Cần xác minh thêm" and event.actor == officer
    assert history_of(petition).get(transition="deadline_extended").data["note"] == "Cần xác minh thêm"


def test_marking_a_case_complex_recomputes_the_deadline(officer, commune):
    petition = receive(officer, commune, received_on=days_ago(20))[0]
    petition = services.petition_decide(petition_id=petition.pk, outcome="accept", acting_user=officer,
                                        decided_on=days_ago(10))
    petition = services.petition_set_conditions(petition_id=petition.pk, is_complex=True, is_remote=True,
                                                reason="Nhiều bên liên quan, địa bàn xa", acting_user=officer)
    assert petition.due_on == due("kn_resolve_1", days_ago(10), complex_case=True, remote=True)
    with pytest.raises(ServiceError, match="Nothing changed"):
        services.petition_set_conditions(petition_id=petition.pk, is_complex=True, is_remote=True, reason="x",
                                         acting_user=officer)


def test_a_missing_rule_refuses_the_petition_and_writes_nothing(officer, commune):
    from neuguong.catalogues.models import DeadlineRule

    DeadlineRule.objects.filter(from_event="received").update(from_event="changed by an administrator")
    with pytest.raises(ServiceError) as error:
        receive(officer, commune)
    assert error.value.code == "no_deadline_rule"
    assert not Petition.objects.exists()


def test_the_page_offers_an_extension_only_while_the_rule_allows_one(officer, commune, complaint):
    client = client_for(officer)
    assert b'data-testid="extend-deadline"' not in client.get(f"/reception/petitions/{complaint.pk}/").content
    petition = accepted_denunciation(officer, commune)
    page = f"/reception/petitions/{petition.pk}/"
    assert b'data-testid="extend-deadline"' in client.get(page).content
    for n in range(max_extensions(petition.deadline_rule)):
        services.petition_extend(petition_id=petition.pk, reason=f"Lần {n + 1}", acting_user=officer)
    assert b'data-testid="extend-deadline"' not in client.get(page).content
