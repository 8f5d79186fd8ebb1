"""The petition workflow: routing to the competent unit, assignment to an officer, the handling
decision (the catalogue's outcomes: accept, return and guide, forward, file without action, urge),
resolution and withdrawal. Each step checks the transition first: a forbidden one is refused with
a clear message and writes nothing.

    received --accept--> accepted --resolve--> resolved
    received --return_and_guide--> returned
    received --forward--> forwarded (--urge--> forwarded)
    received --file--> filed
    received | accepted --withdraw--> withdrawn
    accepted --urge--> accepted
    received --split--> received (and one new petition per other kind)
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neuguong.accounts.models import User
from neuguong.accounts.scoping import has_permission, scoped
from neuguong.audit import services as audit
from neuguong.catalogues.models import FilingReason, HandlingOutcome
from neuguong.core.errors import ServiceError
from neuguong.orgs.models import Unit, UnitStatus

from ..models import OPEN_STATUSES, Petition, PetitionStatus
from .common import check_day, clean_text, history, invalid, locked
from .deadlines import STAGE_EVENTS, chosen_rule, close_stage, rules_for, running_deadline, start_stage
from .duplicates import is_over_level

S = PetitionStatus

# The catalogue's outcome codes the workflow knows, and the statuses each may start from.
ACCEPT, RETURN, FORWARD, FILE, URGE = "accept", "return_and_guide", "forward", "file", "urge"
OUTCOMES = (ACCEPT, RETURN, FORWARD, FILE, URGE)
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "route": (frozenset({S.RECEIVED}), None),
    "assign": (frozenset(OPEN_STATUSES), None),
    ACCEPT: (frozenset({S.RECEIVED}), S.ACCEPTED),
    RETURN: (frozenset({S.RECEIVED}), S.RETURNED),
    FORWARD: (frozenset({S.RECEIVED}), S.FORWARDED),
    FILE: (frozenset({S.RECEIVED}), S.FILED),
    URGE: (frozenset({S.ACCEPTED, S.FORWARDED}), None),
    "resolve": (frozenset({S.ACCEPTED}), S.RESOLVED),
    "withdraw": (frozenset(OPEN_STATUSES), S.WITHDRAWN),
    "split": (frozenset({S.RECEIVED}), None),
}
REFUSALS = {
    "route": gettext_lazy("Only a petition not yet decided on can be routed to another unit."),
    "assign": gettext_lazy("Only a petition being handled can be assigned to an officer."),
    ACCEPT: gettext_lazy("Only a petition just received can be accepted."),
    RETURN: gettext_lazy("Only a petition just received can be returned with guidance."),
    FORWARD: gettext_lazy("Only a petition just received can be forwarded."),
    FILE: gettext_lazy("Only a petition just received can be filed without action."),
    URGE: gettext_lazy("Only a petition accepted or forwarded can be urged."),
    "resolve": gettext_lazy("A petition must be accepted before it is resolved."),
    "withdraw": gettext_lazy("Only a petition being handled can be withdrawn."),
    "split": gettext_lazy("Only a petition not yet decided on can be split by kind."),
}


def allowed_actions(petition: Petition) -> list[str]:
    """The workflow steps open to a petition in its current status."""
    return [action for action, (sources, _target) in TRANSITIONS.items() if petition.status in sources]


def ensure_allowed(petition: Petition, action: str) -> None:
    sources, _target = TRANSITIONS[action]
    if petition.status not in sources:
        state = _("This petition is “%(status)s”.") % {"status": petition.get_status_display()}
        raise ServiceError("transition_forbidden", f"{REFUSALS[action]} {state}")


def _petition(petition_id: int, acting_user: Any) -> Petition:
    related = ("unit", "received_unit", "competent_unit", "kind", "deadline_rule", "assigned_to")
    return locked(Petition.objects.select_related(*related), acting_user, petition_id, view="reception.view",
                  action="reception.handle")


def _reason(reason: str, field: str = "reason", *, message: str | None = None) -> str:
    reason = clean_text(reason)
    if not reason:
        raise invalid(field, message or _("Say why."))
    return reason


@transaction.atomic
def petition_route(*, petition_id: int, unit_id: int, reason: str, acting_user: Any) -> Petition:
    """Send a received petition to the competent unit: one of the user's subtrees where petitions
    are handled, or an ancestor of the unit holding it."""
    petition = _petition(petition_id, acting_user)
    ensure_allowed(petition, "route")
    reason = _reason(reason)
    target = _route_target(acting_user, petition.unit, unit_id)
    if target.pk == petition.unit_id:
        raise invalid("unit_id", _("The petition is already with %(unit)s.") % {"unit": target.name})
    before = {"unit": petition.unit_id, "assigned_to": petition.assigned_to_id}
    petition.unit, petition.assigned_to = target, None
    petition.save(update_fields=["unit", "assigned_to", "updated_at"])
    history(petition, acting_user, "routed", note=reason, details={"to": target.name})
    audit.record(acting_user, "petition.routed", petition, before=before, after={"unit": target.pk}, note=reason)
    return petition


def _route_target(user: Any, current: Unit, unit_id: Any) -> Unit:
    units = Unit.objects.filter(status=UnitStatus.ACTIVE)
    ancestors = [int(part) for part in current.path.strip("/").split("/")[:-1]]
    candidates = scoped(units, user, "reception.handle") | units.filter(pk__in=ancestors)
    # Locked, as the dissolution locks it: a unit dissolved while this waited is not found.
    target = (candidates.select_for_update(no_key=True).filter(pk=unit_id).first()
              if str(unit_id or "").isdigit() else None)
    if target is None:
        raise invalid("unit_id", _("Choose an active unit where petitions can be handled."))
    return target


def officers_for(unit: Unit):
    """Active users holding ``reception.handle`` on the unit (through a grant on it or above)."""
    ancestors = [f"/{'/'.join(unit.path.strip('/').split('/')[:depth])}/"
                 for depth in range(1, unit.path.count("/"))]
    users = User.objects.filter(is_active=True, grants__revoked_at__isnull=True, grants__unit__path__in=ancestors)
    return [user for user in users.distinct().select_related("person").order_by("username")
            if has_permission(user, "reception.handle", unit.path)]


@transaction.atomic
def petition_assign(*, petition_id: int, officer_id: int, acting_user: Any) -> Petition:
    petition = _petition(petition_id, acting_user)
    ensure_allowed(petition, "assign")
    officer = next((user for user in officers_for(petition.unit) if str(user.pk) == str(officer_id)), None)
    if officer is None:
        raise invalid("officer_id", _("Choose an officer who handles petitions in %(unit)s.")
                      % {"unit": petition.unit.name})
    before = {"assigned_to": petition.assigned_to_id}
    petition.assigned_to = officer
    petition.save(update_fields=["assigned_to", "updated_at"])
    history(petition, acting_user, "assigned", details={"officer": officer.get_username()})
    audit.record(acting_user, "petition.assigned", petition, before=before, after={"assigned_to": officer.pk})
    from .reminders import schedule_petition_reminder

    schedule_petition_reminder(petition)
    return petition


def _outcome(code: str) -> HandlingOutcome:
    outcome = HandlingOutcome.objects.filter(code=code).first()
    if outcome is None or code not in OUTCOMES:
        raise invalid("outcome", _("Choose a handling outcome from the catalogue."))
    return outcome


@transaction.atomic
def petition_decide(*, petition_id: int, outcome: str, acting_user: Any, note: str = "",
                    decided_on: dt.date | None = None, deadline_rule_id: int | None = None,
                    is_complex: bool | None = None, filing_reason: str = "", forwarded_to: str = "",
                    forward_document: str = "") -> Petition:
    """Record the handling decision on a petition (xử lý đơn) with the catalogue's outcome."""
    petition = _petition(petition_id, acting_user)
    found = _outcome(outcome)
    ensure_allowed(petition, outcome)
    note = clean_text(note)
    if outcome == URGE:
        return _urge(petition, found, note, acting_user)
    day = check_day("decided_on", decided_on, not_before=petition.received_on)
    before = {"status": petition.status, "due_on": petition.due_on}
    status_before = petition.status
    target = TRANSITIONS[outcome][1]
    # Every outcome but URGE (answered above, without a change of status) leads to a new status.
    assert target is not None, f"outcome {outcome} has no target status"
    petition.outcome = found
    petition.status = target
    details: dict[str, Any] = {"outcome": found.code}
    if outcome == ACCEPT:
        details.update(_accept(petition, day, deadline_rule_id, is_complex))
    else:
        details.update(_close(petition, outcome, day, filing_reason, forwarded_to, forward_document, note))
    petition.save()
    history(petition, acting_user, f"decided_{outcome}", before=status_before, note=note, details=details)
    audit.record(acting_user, f"petition.{_PAST[outcome]}", petition, before=before,
                 after={"status": petition.status, "due_on": petition.due_on, **details}, note=note)
    from .reminders import schedule_petition_reminder

    schedule_petition_reminder(petition)
    return petition


_PAST = {ACCEPT: "accepted", RETURN: "returned", FORWARD: "forwarded", FILE: "filed"}


def _accept(petition: Petition, day: dt.date, rule_id: Any, is_complex: bool | None) -> dict[str, Any]:
    """Start the resolution period; a kind the catalogue gives none (a proposal, feedback) keeps
    the period running since receipt."""
    petition.accepted_on = day
    if is_complex is not None:
        petition.is_complex = is_complex
    if rule_id in (None, "") and not rules_for(petition.kind, STAGE_EVENTS[S.ACCEPTED]):
        # Only a received petition is accepted, and it is open: its receipt deadline is running.
        running, _start, due_on = running_deadline(petition)
        return {"rule": running.code, "due_on": due_on.isoformat()}
    rule = chosen_rule(petition.kind, STAGE_EVENTS[S.ACCEPTED], rule_id)
    due_on = start_stage(petition, rule, day)
    return {"rule": rule.code, "due_on": due_on.isoformat()}


def _close(petition: Petition, outcome: str, day: dt.date, filing_reason: str, forwarded_to: str,
           forward_document: str, note: str) -> dict[str, Any]:
    details: dict[str, Any] = {}
    if outcome == FILE:
        reason = FilingReason.objects.filter(code=filing_reason).first()
        if reason is None:
            raise invalid("filing_reason", _("Choose why the petition is filed without action."))
        petition.filing_reason = reason
        details["filing_reason"] = reason.code
    if outcome == FORWARD:
        petition.forwarded_to = _reason(forwarded_to, "forwarded_to",
                                        message=_("Name the competent body the petition is forwarded to."))[:200]
        petition.forward_document = clean_text(forward_document)[:100]
        details.update(forwarded_to=petition.forwarded_to, forward_document=petition.forward_document)
    if outcome == RETURN and not note:
        raise invalid("note", _("Write the guidance given to the petitioner."))
    close_stage(petition, day)
    return details


def _urge(petition: Petition, outcome: HandlingOutcome, note: str, acting_user: Any) -> Petition:
    note = _reason(note, "note", message=_("Write whom you urged and how."))
    history(petition, acting_user, "urged", note=note)
    audit.record(acting_user, "petition.urged", petition, after={"outcome": outcome.code}, note=note)
    return petition


@transaction.atomic
def petition_resolve(*, petition_id: int, result: str, acting_user: Any, decision_number: str = "",
                     resolved_on: dt.date | None = None) -> Petition:
    """Record the result of an accepted petition; whether it came in time feeds the on-time rate."""
    petition = _petition(petition_id, acting_user)
    ensure_allowed(petition, "resolve")
    result = _reason(result, "result", message=_("Write the result of the handling."))
    day = check_day("resolved_on", resolved_on, not_before=petition.accepted_on)
    before = {"status": petition.status, "due_on": petition.due_on}
    petition.status, petition.result = S.RESOLVED, result
    petition.decision_number = clean_text(decision_number)[:100]
    close_stage(petition, day)
    petition.save()
    history(petition, acting_user, "resolved", before=S.ACCEPTED, note=result,
            details={"decision": petition.decision_number, "late": petition.closed_late})
    audit.record(acting_user, "petition.resolved", petition, before=before,
                 after={"status": petition.status, "closed_on": day, "closed_late": petition.closed_late})
    return petition


@transaction.atomic
def petition_withdraw(*, petition_id: int, reason: str, acting_user: Any,
                      withdrawn_on: dt.date | None = None) -> Petition:
    """The petitioner withdraws the petition (in writing or recorded at a session)."""
    petition = _petition(petition_id, acting_user)
    ensure_allowed(petition, "withdraw")
    reason = _reason(reason)
    day = check_day("withdrawn_on", withdrawn_on, not_before=petition.received_on)
    status_before = petition.status
    petition.status = S.WITHDRAWN
    close_stage(petition, day)
    petition.save()
    history(petition, acting_user, "withdrawn", before=status_before, note=reason)
    audit.record(acting_user, "petition.withdrawn", petition, before={"status": status_before},
                 after={"status": petition.status}, note=reason)
    return petition


@transaction.atomic
def petition_set_competent_unit(*, petition_id: int, unit_id: int | None, acting_user: Any) -> Petition:
    """Name the unit competent to resolve the matter; over-level follows from it."""
    from .intake import referenced_unit

    petition = _petition(petition_id, acting_user)
    competent = referenced_unit(acting_user, unit_id, petition.received_unit, "unit_id")
    before = {"competent_unit": petition.competent_unit_id, "over_level": petition.over_level}
    petition.competent_unit = competent
    petition.over_level = is_over_level(petition)
    petition.save(update_fields=["competent_unit", "over_level", "updated_at"])
    history(petition, acting_user, "competent_unit_set", details={"unit": competent.name if competent else ""})
    audit.record(acting_user, "petition.competent_unit_set", petition, before=before,
                 after={"competent_unit": petition.competent_unit_id, "over_level": petition.over_level})
    return petition


@transaction.atomic
def petition_note(*, petition_id: int, note: str, acting_user: Any) -> Petition:
    """An internal note in the history (never shown to the public)."""
    petition = _petition(petition_id, acting_user)
    note = _reason(note, "note", message=_("Write the note."))
    history(petition, acting_user, "noted", note=note)
    audit.record(acting_user, "petition.noted", petition)
    return petition
