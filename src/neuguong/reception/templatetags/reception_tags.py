"""Labels of the petition history's actions."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

ACTIONS = {
    "received": _("Received"),
    "routed": _("Routed to another unit"),
    "assigned": _("Assigned to an officer"),
    "decided_accept": _("Accepted"),
    "decided_return_and_guide": _("Returned with guidance"),
    "decided_forward": _("Forwarded to the competent body"),
    "decided_file": _("Filed without action"),
    "urged": _("Urged"),
    "resolved": _("Resolved"),
    "withdrawn": _("Withdrawn"),
    "deadline_extended": _("Deadline extended"),
    "conditions_changed": _("Complex or remote changed"),
    "competent_unit_set": _("Competent unit set"),
    "split": _("Split by kind"),
    "noted": _("Note"),
    "attachment_added": _("Documents attached"),
    "duplicate_confirmed": _("Duplicate confirmed"),
    "duplicate_dismissed": _("Not a duplicate"),
}


@register.filter
def history_action(code: str) -> str:
    return str(ACTIONS.get(code, code))
