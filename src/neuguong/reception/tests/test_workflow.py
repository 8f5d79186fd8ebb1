"""Every workflow step from every status: allowed ones move the petition, are audited and enter its
history; forbidden ones are refused (``transition_not_allowed``) with a clear message and write nothing."""

from types import SimpleNamespace

import pytest

from neuguong.audit.models import AuditEvent
from neuguong.catalogues.models import HandlingOutcome
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.core.lifecycle import TransitionRefused, allowed_names, history_of
from neuguong.core.models import StateChange
from neuguong.reception import services
from neuguong.reception.models import Petition, PetitionStatus

from .conftest import days_ago, receive

S = PetitionStatus
STATUSES = [S.RECEIVED, S.ACCEPTED, S.RESOLVED, S.RETURNED, S.FORWARDED, S.FILED, S.WITHDRAWN]

# action: (statuses it may start from, status it leads to (None: unchanged), audit action)
EXPECTED = {
    "route": ({S.RECEIVED}, None, "petition.routed"),
    "assign": ({S.RECEIVED, S.ACCEPTED}, None, "petition.assigned"),
    "accept": ({S.RECEIVED}, S.ACCEPTED, "petition.accepted"),
    "return_and_guide": ({S.RECEIVED}, S.RETURNED, "petition.returned"),
    "forward": ({S.RECEIVED}, S.FORWARDED, "petition.forwarded"),
    "file": ({S.RECEIVED}, S.FILED, "petition.filed"),
    "urge": ({S.ACCEPTED, S.FORWARDED}, None, "petition.urged"),
    "resolve": ({S.ACCEPTED}, S.RESOLVED, "petition.resolved"),
    "withdraw": ({S.RECEIVED, S.ACCEPTED}, S.WITHDRAWN, "petition.withdrawn"),
    "split": ({S.RECEIVED}, None, "petition.split"),
    "conditions": ({S.RECEIVED, S.ACCEPTED}, None, "petition.conditions_changed"),
}


def decide(ctx, petition, outcome, **extra):
    return services.petition_decide(petition_id=petition.pk, outcome=outcome, acting_user=ctx.officer, **extra)


ACTIONS = {
    "route": lambda ctx, p: services.petition_route(petition_id=p.pk, unit_id=ctx.cell.pk,
                                                    reason="Thuộc thẩm quyền chi bộ", acting_user=ctx.officer),
    "assign": lambda ctx, p: services.petition_assign(petition_id=p.pk, officer_id=ctx.colleague.pk,
                                                      acting_user=ctx.officer),
    "accept": lambda ctx, p: decide(ctx, p, "accept"),
    "return_and_guide": lambda ctx, p: decide(ctx, p, "return_and_guide",
                                              note="Hướng dẫn gửi đơn đến Tòa án nhân dân huyện"),
    "forward": lambda ctx, p: decide(ctx, p, "forward", forwarded_to="UBND huyện Thạch Hà",
                                     forward_document="12/CV-TCD"),
    "file": lambda ctx, p: decide(ctx, p, "file", filing_reason="duplicate"),
    "urge": lambda ctx, p: decide(ctx, p, "urge", note="Đã gọi điện đôn đốc UBND huyện"),
    "resolve": lambda ctx, p: services.petition_resolve(petition_id=p.pk, result="Giải quyết xong",
                                                        acting_user=ctx.officer),
    "withdraw": lambda ctx, p: services.petition_withdraw(petition_id=p.pk, reason="Người khiếu nại rút đơn",
                                                          acting_user=ctx.officer),
    "split": lambda ctx, p: services.petition_split(petition_id=p.pk, kinds=["proposal"], reason="Có kiến nghị",
                                                    acting_user=ctx.officer),
    "conditions": lambda ctx, p: services.petition_set_conditions(
        petition_id=p.pk, is_complex=True, is_remote=False, reason="Nhiều bên liên quan", acting_user=ctx.officer),
}


def petition_in(ctx, status) -> Petition:
    petition = receive(ctx.officer, ctx.commune, received_on=days_ago(10))[0]
    steps = {
        S.ACCEPTED: ["accept"], S.RESOLVED: ["accept", "resolve"], S.RETURNED: ["return_and_guide"],
        S.FORWARDED: ["forward"], S.FILED: ["file"], S.WITHDRAWN: ["withdraw"],
    }
    for step in steps.get(status, []):
        ACTIONS[step](ctx, petition)
    petition.refresh_from_db()
    assert petition.status == status
    return petition


@pytest.fixture
def ctx(officer, colleague, commune, cell):
    return SimpleNamespace(officer=officer, colleague=colleague, commune=commune, cell=cell)


def state(petition):
    return (Petition.objects.filter(pk=petition.pk).values().get(), Petition.objects.count(),
            AuditEvent.objects.count(), StateChange.objects.count())


CASES = [(action, status) for action in EXPECTED for status in STATUSES]


@pytest.mark.parametrize(("action", "status"), CASES, ids=[f"{a}-from-{s}" for a, s in CASES])
def test_workflow_step(ctx, action, status):
    petition = petition_in(ctx, status)
    sources, target, audit_action = EXPECTED[action]
    if status in sources:
        ACTIONS[action](ctx, petition)
        petition.refresh_from_db()
        assert petition.status == (target or status)
        assert AuditEvent.objects.filter(action=audit_action, object_id=str(petition.pk)).exists()
        return
    before = state(petition)
    with pytest.raises(TransitionRefused) as error:
        ACTIONS[action](ctx, petition)
    assert error.value.code == "transition_not_allowed"
    assert petition.get_status_display() in str(error.value.message)
    assert state(petition) == before


def test_an_outcome_gone_from_the_catalogue_is_no_longer_a_step(ctx):
    petition = petition_in(ctx, S.RECEIVED)
    HandlingOutcome.objects.filter(code="file").delete()
    assert "file" not in allowed_names(petition, ctx.officer) and "accept" in allowed_names(petition, ctx.officer)
    before = state(petition)
    with pytest.raises(TransitionRefused, match="no handling outcome “file”"):
        ACTIONS["file"](ctx, petition)
    assert state(petition) == before


def test_a_reader_cannot_take_a_step_and_nothing_is_written(ctx, leader):
    petition = petition_in(ctx, S.RECEIVED)
    assert allowed_names(petition, leader) == []
    before = state(petition)
    with pytest.raises(PermissionDeniedError):
        services.petition_withdraw(petition_id=petition.pk, reason="Rút đơn", acting_user=leader)
    assert state(petition) == before


def test_resolving_a_petition_never_accepted_says_why(ctx):
    petition = petition_in(ctx, S.RECEIVED)
    with pytest.raises(TransitionRefused, match="“Record the result” is not possible while the status is “Received”"):
        ACTIONS["resolve"](ctx, petition)


def test_closing_records_whether_the_deadline_was_kept(ctx):
    on_time = petition_in(ctx, S.RESOLVED)
    assert on_time.closed_on is not None and on_time.closed_late is False
    late = receive(ctx.officer, ctx.commune, received_on=days_ago(40))[0]
    services.petition_decide(petition_id=late.pk, outcome="file", filing_reason="duplicate", acting_user=ctx.officer)
    late.refresh_from_db()
    assert late.closed_late is True and late.due_on < late.closed_on


def test_closed_petition_has_no_running_deadline_to_extend(ctx):
    petition = petition_in(ctx, S.FILED)
    with pytest.raises(ServiceError) as error:
        services.petition_extend(petition_id=petition.pk, reason="x", acting_user=ctx.officer)
    assert error.value.code == "transition_not_allowed"


@pytest.mark.parametrize(("outcome", "extra", "field"), [
    ("file", {}, "filing_reason"),
    ("file", {"filing_reason": "no_such_reason"}, "filing_reason"),
    ("forward", {}, "forwarded_to"),
    ("return_and_guide", {}, "note"),
    ("no_such_outcome", {}, "outcome"),
])
def test_a_decision_missing_what_it_needs_is_refused(ctx, outcome, extra, field):
    petition = petition_in(ctx, S.RECEIVED)
    before = state(petition)
    with pytest.raises(ServiceError) as error:
        decide(ctx, petition, outcome, **extra)
    assert field in error.value.field_errors
    assert state(petition) == before


def test_a_decision_dated_in_the_future_or_before_receipt_is_refused(ctx):
    petition = petition_in(ctx, S.RECEIVED)
    for day in (days_ago(-1), days_ago(11)):
        with pytest.raises(ServiceError) as error:
            decide(ctx, petition, "accept", decided_on=day)
        assert "decided_on" in error.value.field_errors
    assert Petition.objects.get(pk=petition.pk).status == S.RECEIVED


def test_routing_to_an_ancestor_or_a_unit_of_ones_subtree(ctx, province, sibling):
    petition = petition_in(ctx, S.RECEIVED)
    with pytest.raises(ServiceError):
        services.petition_route(petition_id=petition.pk, unit_id=sibling.pk, reason="x", acting_user=ctx.officer)
    routed = services.petition_route(petition_id=petition.pk, unit_id=province.pk, reason="Vượt thẩm quyền xã",
                                     acting_user=ctx.officer)
    assert routed.unit == province and routed.assigned_to is None
    change = history_of(petition).get(transition="route")
    assert change.actor == ctx.officer
    assert (change.data["reason"], change.data["to"]) == ("Vượt thẩm quyền xã", province.name)


def test_assigning_someone_who_does_not_handle_petitions_there_is_refused(ctx, leader, outsider_officer):
    petition = petition_in(ctx, S.RECEIVED)
    for user in (leader, outsider_officer):
        with pytest.raises(ServiceError) as error:
            services.petition_assign(petition_id=petition.pk, officer_id=user.pk, acting_user=ctx.officer)
        assert "officer_id" in error.value.field_errors
    assert Petition.objects.get(pk=petition.pk).assigned_to is None


def test_history_records_who_what_and_why(ctx):
    petition = petition_in(ctx, S.RESOLVED)
    rows = list(history_of(petition).values_list("transition", "from_state", "to_state", "actor_label"))
    assert rows == [
        ("received", "", S.RECEIVED, "officer_a"),
        ("accept", S.RECEIVED, S.ACCEPTED, "officer_a"),
        ("resolve", S.ACCEPTED, S.RESOLVED, "officer_a"),
    ]
    assert history_of(petition).get(transition="resolve").data["result"] == "Giải quyết xong"
