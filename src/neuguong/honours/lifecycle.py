"""The steps of a nomination round and of a nomination, through ``core.lifecycle``."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from neuguong.core.lifecycle import Lifecycle, Transition

from .models import Nomination, NominationStatus, Round, RoundStatus

VIEW, MANAGE, APPROVE = "honours.view", "honours.manage", "honours.approve"


def _set(obj: Any, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The fields the service checked, set on the record the step writes."""
    for name, value in data.get("fields", {}).items():
        setattr(obj, name, value)
    return {}


ROUNDS = Lifecycle(Round, "status", [
    Transition("close", _("Close the round"), frozenset({RoundStatus.OPEN}), RoundStatus.CLOSED, MANAGE,
               "honours_round.closed"),
], view=VIEW, related=("unit",))

NOMINATIONS = Lifecycle(Nomination, "status", [
    Transition("pass", _("Record the council's vote"), frozenset({NominationStatus.PROPOSED}),
               NominationStatus.PASSED, MANAGE, "honours_nomination.voted", apply=_set),
    Transition("not_pass", _("Record the council's vote"), frozenset({NominationStatus.PROPOSED}),
               NominationStatus.NOT_PASSED, MANAGE, "honours_nomination.voted", apply=_set),
    Transition("approve", _("Approve"), frozenset({NominationStatus.PASSED}), NominationStatus.APPROVED, APPROVE,
               "honours_nomination.approved"),
    Transition("refuse", _("Refuse"), frozenset({NominationStatus.PASSED}), NominationStatus.REFUSED, APPROVE,
               "honours_nomination.refused", required=("reason",),
               messages={"reason": _("Say why the nomination is refused.")}),
], view=VIEW, related=("round__unit", "subject_unit", "subject_person"))
