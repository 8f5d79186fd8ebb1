"""The petition workflow on the shared lifecycle engine (``core.lifecycle``): routing to the
competent unit, assignment to an officer, the handling decision (the catalogue's outcomes: accept,
return and guide, forward, file without action, urge), resolution, withdrawal and the split by kind.
A step the status does not allow is refused (``transition_not_allowed``) and writes nothing.

    received --accept--> accepted --resolve--> resolved
    received --return_and_guide--> returned
    received --forward--> forwarded (--urge--> forwarded)
    received --file--> filed
    received | accepted --withdraw--> withdrawn
    accepted --urge--> accepted
    received --route | split--> received;  received | accepted --assign--> the same status
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
from neuguong.core.lifecycle import Apply, Guard, Lifecycle, Transition, history_of
from neuguong.orgs.models import Unit, UnitStatus

from ..models import OPEN_STATUSES, Petition, PetitionStatus
from ..rules import STAGE_EVENTS, rules_for
from .common import check_day, clean_text, history, invalid, locked
from .deadlines import chosen_rule, close_stage, running_deadline, start_stage
from .duplicates import is_over_level
from .intake import referenced_unit, split_into_kinds
from .reminders import schedule_petition_reminder

S = PetitionStatus

# The catalogue's outcome codes the workflow knows; every one but URGE is a decision changing the status.
ACCEPT, RETURN, FORWARD, FILE, URGE = "accept", "return_and_guide", "forward", "file", "urge"
OUTCOMES = (ACCEPT, RETURN, FORWARD, FILE, URGE)
DECISIONS = (ACCEPT, RETURN, FORWARD, FILE)
RELATED = ("unit", "received_unit", "competent_unit", "kind", "deadline_rule", "assigned_to")


def _petition(petition_id: int, acting_user: Any) -> Petition:
    return locked(Petition.objects.select_related(*RELATED), acting_user, petition_id, view="reception.view",
                  action="reception.handle")


def _reason(reason: str, field: str = "reason", *, message: str | None = None) -> str:
    reason = clean_text(reason)
    if not reason:
        raise invalid(field, message or _("Say why."))
    return reason


# --- Steps: what each one checks (guards) and does besides moving the status (apply hooks) ------


def _route(petition: Petition, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Send the petition to one of the user's subtrees where petitions are handled, or to an
    ancestor of the unit holding it; the officer assigned there no longer holds it."""
    target = _route_target(user, petition.unit, data.get("unit_id"))
    if target.pk == petition.unit_id:
        raise invalid("unit_id", _("The petition is already with %(unit)s.") % {"unit": target.name})
    details = {"from": petition.unit.name, "to": target.name, "unassigned": petition.assigned_to_id}
    petition.unit, petition.assigned_to = target, None
    return details


def _route_target(user: Any, current: Unit, unit_id: Any) -> Unit:
    units = Unit.objects.filter(status=UnitStatus.ACTIVE)
    ancestors = [int(part) for part in current.path.strip("/").split("/")[:-1]]
    candidates = scoped(units, user, "reception.handle") | units.filter(pk__in=ancestors)
    # Locked, as the dissolution locks it: a unit dissolved while this waited is not found.
    locked_units = candidates.select_for_update(no_key=True)
    target = locked_units.filter(pk=unit_id).first() if str(unit_id or "").isdigit() else None
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


def _assign(petition: Petition, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    officer_id = str(data.get("officer_id"))
    officer = next((found for found in officers_for(petition.unit) if str(found.pk) == officer_id), None)
    if officer is None:
        raise invalid("officer_id", _("Choose an officer who handles petitions in %(unit)s.")
                      % {"unit": petition.unit.name})
    petition.assigned_to = officer
    return {"officer": officer.get_username()}


def _in_catalogue(code: str) -> Guard:
    """An outcome the catalogue no longer has cannot be chosen."""
    def guard(petition: Petition, user: Any, data: dict[str, Any]) -> str | None:
        if HandlingOutcome.objects.filter(code=code).exists():
            return None
        return _("The catalogue has no handling outcome “%(code)s”.") % {"code": code}
    return guard


def _decide(code: str) -> Apply:
    """Record the handling decision (xử lý đơn): accepting starts the resolution period, any other
    outcome closes the petition and records whether the receipt deadline was kept."""
    def apply(petition: Petition, user: Any, data: dict[str, Any]) -> dict[str, Any]:
        day = check_day("decided_on", data.get("decided_on"), not_before=petition.received_on)
        petition.outcome = HandlingOutcome.objects.get(code=code)
        details: dict[str, Any] = {"outcome": code}
        if code == ACCEPT:
            details.update(_accept(petition, day, data.get("deadline_rule_id"), data.get("is_complex")))
        else:
            details.update(_close(petition, code, day, data))
        return details
    return apply


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


def _close(petition: Petition, code: str, day: dt.date, data: dict[str, Any]) -> dict[str, Any]:
    details: dict[str, Any] = {}
    if code == FILE:
        reason = FilingReason.objects.filter(code=data.get("filing_reason") or "").first()
        if reason is None:
            raise invalid("filing_reason", _("Choose why the petition is filed without action."))
        petition.filing_reason = reason
        details["filing_reason"] = reason.code
    if code == FORWARD:
        petition.forwarded_to = data["forwarded_to"][:200]
        petition.forward_document = clean_text(data.get("forward_document"))[:100]
        details.update(forwarded_to=petition.forwarded_to, forward_document=petition.forward_document)
    close_stage(petition, day)
    return details


def _urge(petition: Petition, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    return {"outcome": URGE}


def _resolve(petition: Petition, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Record the result; whether it came in time feeds the on-time rate."""
    day = check_day("resolved_on", data.get("resolved_on"), not_before=petition.accepted_on)
    petition.result = data["result"]
    petition.decision_number = clean_text(data.get("decision_number"))[:100]
    close_stage(petition, day)
    return {"decision": petition.decision_number, "closed_on": day, "late": petition.closed_late}


def _withdraw(petition: Petition, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    day = check_day("withdrawn_on", data.get("withdrawn_on"), not_before=petition.received_on)
    close_stage(petition, day)
    return {"closed_on": day, "late": petition.closed_late}


def _split(petition: Petition, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    return {"into": [part.tracking_code for part in split_into_kinds(petition, data.get("kinds") or [], user)]}


OPEN = frozenset(OPEN_STATUSES)
HANDLE = "reception.handle"
SAY_WHY = gettext_lazy("Say why.")
PETITION = Lifecycle(Petition, "status", view="reception.view", related=RELATED, transitions=[
    Transition("route", gettext_lazy("Route to the competent unit"), frozenset({S.RECEIVED}), None, HANDLE,
               "petition.routed", required=("reason",), apply=_route, messages={"reason": SAY_WHY}),
    Transition("assign", gettext_lazy("Assign to an officer"), OPEN, None, HANDLE, "petition.assigned",
               apply=_assign),
    Transition(ACCEPT, gettext_lazy("Accept for resolution"), frozenset({S.RECEIVED}), S.ACCEPTED, HANDLE,
               "petition.accepted", guard=_in_catalogue(ACCEPT), apply=_decide(ACCEPT)),
    Transition(RETURN, gettext_lazy("Return with guidance"), frozenset({S.RECEIVED}), S.RETURNED, HANDLE,
               "petition.returned", guard=_in_catalogue(RETURN), apply=_decide(RETURN), required=("note",),
               messages={"note": gettext_lazy("Write the guidance given to the petitioner.")}),
    Transition(FORWARD, gettext_lazy("Forward to the competent body"), frozenset({S.RECEIVED}), S.FORWARDED, HANDLE,
               "petition.forwarded", guard=_in_catalogue(FORWARD), apply=_decide(FORWARD), required=("forwarded_to",),
               messages={"forwarded_to": gettext_lazy("Name the competent body the petition is forwarded to.")}),
    Transition(FILE, gettext_lazy("File without action"), frozenset({S.RECEIVED}), S.FILED, HANDLE,
               "petition.filed", guard=_in_catalogue(FILE), apply=_decide(FILE)),
    Transition(URGE, gettext_lazy("Urge the resolution"), frozenset({S.ACCEPTED, S.FORWARDED}), None, HANDLE,
               "petition.urged", guard=_in_catalogue(URGE), required=("note",), apply=_urge,
               messages={"note": gettext_lazy("Write whom you urged and how.")}),
    Transition("resolve", gettext_lazy("Record the result"), frozenset({S.ACCEPTED}), S.RESOLVED, HANDLE,
               "petition.resolved", required=("result",), apply=_resolve,
               messages={"result": gettext_lazy("Write the result of the handling.")}),
    Transition("withdraw", gettext_lazy("Record a withdrawal"), OPEN, S.WITHDRAWN, HANDLE, "petition.withdrawn",
               required=("reason",), apply=_withdraw, messages={"reason": SAY_WHY}),
    Transition("split", gettext_lazy("Split by kind"), frozenset({S.RECEIVED}), None, HANDLE, "petition.split",
               apply=_split),
])


def _given(**data: Any) -> dict[str, Any]:
    """The step's data without the options left out, so the history keeps what was given."""
    return {name: value for name, value in data.items() if value not in (None, "")}


def _remind(petition: Petition) -> Petition:
    schedule_petition_reminder(petition)
    return petition


def petition_route(*, petition_id: int, unit_id: int, reason: str, acting_user: Any) -> Petition:
    """Send a received petition to the competent unit."""
    return PETITION.transition(petition_id, "route", acting_user=acting_user, unit_id=unit_id, reason=reason)


@transaction.atomic
def petition_assign(*, petition_id: int, officer_id: int, acting_user: Any) -> Petition:
    return _remind(PETITION.transition(petition_id, "assign", acting_user=acting_user, officer_id=officer_id))


@transaction.atomic
def petition_decide(*, petition_id: int, outcome: str, acting_user: Any, note: str = "",
                    decided_on: dt.date | None = None, deadline_rule_id: int | None = None,
                    is_complex: bool | None = None, filing_reason: str = "", forwarded_to: str = "",
                    forward_document: str = "") -> Petition:
    """Record the handling decision on a petition (xử lý đơn) with the catalogue's outcome, or an urge."""
    if outcome not in OUTCOMES:
        raise invalid("outcome", _("Choose a handling outcome from the catalogue."))
    given = {
        ACCEPT: _given(decided_on=decided_on, note=note, deadline_rule_id=deadline_rule_id, is_complex=is_complex),
        RETURN: _given(decided_on=decided_on, note=note),
        FORWARD: _given(decided_on=decided_on, note=note, forwarded_to=forwarded_to,
                        forward_document=forward_document),
        FILE: _given(decided_on=decided_on, note=note, filing_reason=filing_reason),
        URGE: _given(note=note),
    }[outcome]
    return _remind(PETITION.transition(petition_id, outcome, acting_user=acting_user, **given))


def petition_resolve(*, petition_id: int, result: str, acting_user: Any, decision_number: str = "",
                     resolved_on: dt.date | None = None) -> Petition:
    """Record the result of an accepted petition."""
    return PETITION.transition(petition_id, "resolve", acting_user=acting_user,
                               **_given(result=result, decision_number=decision_number, resolved_on=resolved_on))


def petition_withdraw(*, petition_id: int, reason: str, acting_user: Any,
                      withdrawn_on: dt.date | None = None) -> Petition:
    """The petitioner withdraws the petition (in writing or recorded at a session)."""
    return PETITION.transition(petition_id, "withdraw", acting_user=acting_user,
                               **_given(reason=reason, withdrawn_on=withdrawn_on))


@transaction.atomic
def petition_set_competent_unit(*, petition_id: int, unit_id: int | None, acting_user: Any) -> Petition:
    """Name the unit competent to resolve the matter; over-level follows from it."""
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


@transaction.atomic
def petition_split(*, petition_id: int, kinds: list[str], reason: str, acting_user: Any) -> list[Petition]:
    """A received petition that also raises other kinds: one new petition per other kind (the
    lifecycle's ``split`` step, which keeps the status)."""
    petition = PETITION.transition(petition_id, "split", acting_user=acting_user, kinds=list(kinds),
                                   reason=clean_text(reason))
    parts = history_of(petition).filter(transition="split").latest("pk").data["into"]
    return list(Petition.objects.filter(tracking_code__in=parts).order_by("pk"))
