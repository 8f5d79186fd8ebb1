"""Legal deadlines of petitions, computed from the catalogue's rules on the working-day calendar.

A petition has one running deadline: while it is received, the rule counted from receipt for its
kind (e.g. 10 days to accept a complaint); once accepted, the rule counted from acceptance (e.g.
30 days to resolve a complaint, 45 when complex or remote). A rule either allows extensions of
``extension_days`` each up to ``max_extensions``, or one extension to ``extended_days`` in all.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from neuguong.audit import services as audit
from neuguong.catalogues import calendar
from neuguong.catalogues.models import DeadlineRule, PetitionKind
from neuguong.core.errors import ServiceError
from neuguong.core.lifecycle import TransitionRefused

from ..models import OPEN_STATUSES, Petition
from ..rules import rules_for
from .common import clean_text, history, invalid, locked, shown
from .reminders import schedule_petition_reminder


def default_rule(kind: PetitionKind, event: str) -> DeadlineRule:
    rules = rules_for(kind, event)
    if not rules:
        raise ServiceError("no_deadline_rule", _(
            "The catalogue has no deadline rule for %(kind)s petitions counted from “%(event)s”. "
            "Ask an administrator to add one.") % {"kind": kind, "event": event})
    return rules[0]


def chosen_rule(kind: PetitionKind, event: str, rule_id: Any) -> DeadlineRule:
    """The rule the officer chose among those that apply, or the default one."""
    if rule_id in (None, ""):
        return default_rule(kind, event)
    for rule in rules_for(kind, event):
        if str(rule.pk) == str(rule_id):
            return rule
    raise invalid("deadline_rule", _("This deadline rule does not apply to this petition."))


def max_extensions(rule: DeadlineRule) -> int:
    if rule.extension_days:
        return rule.max_extensions or 0
    return 1 if rule.extended_days else 0


def due_date(rule: DeadlineRule, start: dt.date, *, complex_case: bool = False, remote: bool = False,
             extensions: int = 0) -> dt.date:
    """The last day of the period that started on ``start``, after ``extensions`` extensions."""
    days = rule.days_for(complex_case=complex_case, remote=remote)
    if extensions and not rule.extension_days and rule.extended_days:
        return calendar.deadline(start, max(days, rule.extended_days), rule.calendar)
    due = calendar.deadline(start, days, rule.calendar)
    for _step in range(extensions):
        due = calendar.deadline(due, rule.extension_days or 0, rule.calendar)
    return due


def start_stage(petition: Petition, rule: DeadlineRule, start: dt.date) -> dt.date:
    """Set the deadline of the stage the petition enters (unsaved); returns the new due date."""
    petition.deadline_rule = rule
    petition.deadline_start = start
    petition.extensions = 0
    petition.due_on = due = due_date(rule, start, complex_case=petition.is_complex, remote=petition.is_remote)
    return due


def running_deadline(petition: Petition) -> tuple[DeadlineRule, dt.date, dt.date]:
    """The rule, start and due date of an open petition's running deadline.

    An open petition always has all three: it only becomes open through ``start_stage``, which sets
    them together, and the ``petition_open_has_deadline`` constraint keeps the rule and the due date.
    A missing one is corrupt data, not a refusal: hence the assertion rather than a ServiceError."""
    rule, start, due = petition.deadline_rule, petition.deadline_start, petition.due_on
    assert rule is not None and start is not None and due is not None, (
        f"open petition {petition.pk} has no running deadline")
    return rule, start, due


def close_stage(petition: Petition, closed_on: dt.date) -> None:
    """Close the petition: whether the running deadline was kept is what the on-time rate counts."""
    petition.closed_on = closed_on
    petition.closed_late = bool(petition.due_on and closed_on > petition.due_on)


def can_extend(petition: Petition) -> bool:
    """Whether ``petition_extend`` would accept an extension now: an open petition whose rule
    allows one more (pages offer the action only then)."""
    rule = petition.deadline_rule
    return petition.status in OPEN_STATUSES and rule is not None and petition.extensions < max_extensions(rule)


def _ensure_open(petition: Petition, action: str) -> None:
    if petition.status not in OPEN_STATUSES:
        raise TransitionRefused(_(
            "A petition that is “%(status)s” has no running deadline to %(action)s.")
            % {"status": petition.get_status_display(), "action": action})


@transaction.atomic
def petition_extend(*, petition_id: int, reason: str, acting_user: Any) -> Petition:
    """Extend the running deadline with a reason, as often as the rule allows."""
    petition = locked(Petition.objects.select_related("deadline_rule", "unit"), acting_user, petition_id,
                      view="reception.view", action="reception.handle")
    reason = clean_text(reason)
    if not reason:
        raise invalid("reason", _("Give the reason for the extension."))
    _ensure_open(petition, _("extend"))
    rule, start, before = running_deadline(petition)
    allowed = max_extensions(rule)
    if allowed == 0:
        raise ServiceError("not_extendable", _("The rule “%(rule)s” allows no extension.") % {"rule": rule})
    if petition.extensions >= allowed:
        raise ServiceError("extension_limit", _(
            "This deadline has already been extended %(n)d times, the most the rule “%(rule)s” allows.")
            % {"n": allowed, "rule": rule})
    petition.due_on = due_date(rule, start, complex_case=petition.is_complex,
                               remote=petition.is_remote, extensions=petition.extensions + 1)
    petition.extensions = F("extensions") + 1
    petition.save(update_fields=["due_on", "extensions", "updated_at"])
    petition.refresh_from_db(fields=["extensions"])
    history(petition, acting_user, "deadline_extended", note=reason,
            details={"due_on": [shown(before), shown(petition.due_on)], "extensions": petition.extensions})
    audit.record(acting_user, "petition.deadline_extended", petition, before={"due_on": before},
                 after={"due_on": petition.due_on, "extensions": petition.extensions}, note=reason)
    _remind_later(petition)
    return petition


@transaction.atomic
def petition_set_conditions(*, petition_id: int, is_complex: bool, is_remote: bool, reason: str,
                            acting_user: Any) -> Petition:
    """Mark a case complex or in a remote area: the running deadline becomes the rule's variant."""
    petition = locked(Petition.objects.select_related("deadline_rule", "unit"), acting_user, petition_id,
                      view="reception.view", action="reception.handle")
    reason = clean_text(reason)
    if not reason:
        raise invalid("reason", _("Say why the case is complex or remote."))
    _ensure_open(petition, _("change"))
    if (petition.is_complex, petition.is_remote) == (is_complex, is_remote):
        raise ServiceError("unchanged", _("Nothing changed."))
    rule, start, due_before = running_deadline(petition)
    before = {"is_complex": petition.is_complex, "is_remote": petition.is_remote, "due_on": due_before}
    petition.is_complex, petition.is_remote = is_complex, is_remote
    petition.due_on = due_date(rule, start, complex_case=is_complex, remote=is_remote,
                               extensions=petition.extensions)
    petition.save(update_fields=["is_complex", "is_remote", "due_on", "updated_at"])
    after = {"is_complex": is_complex, "is_remote": is_remote, "due_on": petition.due_on}
    history(petition, acting_user, "conditions_changed", note=reason,
            details={"due_on": [shown(due_before), shown(petition.due_on)]})
    audit.record(acting_user, "petition.conditions_changed", petition, before=before, after=after, note=reason)
    _remind_later(petition)
    return petition


def _remind_later(petition: Petition) -> None:
    schedule_petition_reminder(petition)
