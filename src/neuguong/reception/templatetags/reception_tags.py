"""Labels of the petition history: its actions and statuses, and why."""

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from ..models import PetitionStatus
from ..selectors import history_note as note_of

register = template.Library()

# The lifecycle's steps (``services.workflow.PETITION``), the events beside them, and the names the
# steps had in the history before it moved to the lifecycle engine.
ACTIONS = {
    "received": _("Received"),
    "route": _("Routed to another unit"),
    "assign": _("Assigned to an officer"),
    "accept": _("Accepted"),
    "return_and_guide": _("Returned with guidance"),
    "forward": _("Forwarded to the competent body"),
    "file": _("Filed without action"),
    "urge": _("Urged"),
    "resolve": _("Resolved"),
    "withdraw": _("Withdrawn"),
    "deadline_extended": _("Deadline extended"),
    "conditions_changed": _("Complex or remote changed"),
    "competent_unit_set": _("Competent unit set"),
    "split": _("Split by kind"),
    "noted": _("Note"),
    "attachment_added": _("Documents attached"),
    "duplicate_confirmed": _("Duplicate confirmed"),
    "duplicate_dismissed": _("Not a duplicate"),
    # The steps as the history named them before the lifecycle engine (entries copied from it).
    "routed": _("Routed to another unit"),
    "assigned": _("Assigned to an officer"),
    "decided_accept": _("Accepted"),
    "decided_return_and_guide": _("Returned with guidance"),
    "decided_forward": _("Forwarded to the competent body"),
    "decided_file": _("Filed without action"),
    "urged": _("Urged"),
    "resolved": _("Resolved"),
    "withdrawn": _("Withdrawn"),
}


@register.filter
def history_action(code: str) -> str:
    return str(ACTIONS.get(code, code))


@register.filter
def petition_status(code: str) -> str:
    """The status's label; "" for none (before the petition was received)."""
    return str(PetitionStatus(code).label) if code in PetitionStatus.values else code


@register.filter
def history_note(data: dict[str, Any]) -> str:
    return note_of(data or {})
