"""Confidence and residents' ballots: campaigns, codes, casting, paper boxes and the count."""

from django.utils.translation import gettext_lazy as _

from neuguong.audit.registry import register_actions
from neuguong.core.codes import register_errors, register_module

register_module("ballots", _("Ballots"))
register_actions("ballots", {
    "campaign.created": _("Ballot created"),
    "campaign.updated": _("Ballot updated"),
    "campaign.electorate_set": _("Voters set"),
    "campaign.opened": _("Voting opened"),
    "campaign.closed": _("Voting closed"),
    "campaign.cancelled": _("Ballot cancelled"),
    "campaign.counted": _("Votes counted"),
    "campaign.published": _("Results published"),
    "candidate.added": _("Candidate added"),
    "candidate.removed": _("Candidate removed"),
    "question.added": _("Question added"),
    "question.removed": _("Question removed"),
    "teller.assigned": _("Teller assigned"),
    "teller.unassigned": _("Teller unassigned"),
    "code_batch.issued": _("Voting codes issued"),
    "code_batch.reprinted": _("Code slips reprinted"),
    "code_batch.seal_destroyed": _("Sealed codes destroyed"),
    "codes.revoked": _("Voting codes withdrawn"),
    "ballot.cast": _("Vote cast"),
    "ballot_box.created": _("Ballot box created"),
    "paper_entry.submitted": _("Paper count entered"),
    "ballot_box.agreed": _("Paper counts agree"),
    "ballot_box.resolved": _("Paper count difference resolved"),
})
register_errors("ballots", {
    "box_counted": _("Box already counted"),
    "codes_confirmation_needed": _("Confirmation needed"),
    "slips_not_reprintable": _("Slips cannot be reprinted"),
    "busy": _("Ballot not stored"),
    "campaign_frozen": _("Ballot can no longer be changed"),
    "campaign_not_open": _("Voting not open"),
    "code_expired": _("Voting code expired"),
    "code_missing": _("Voting code missing"),
    "code_mistyped": _("Voting code mistyped"),
    "code_revoked": _("Voting code withdrawn"),
    "code_spent": _("Voting code already used"),
    "code_throttled": _("Too many wrong voting codes"),
    "code_unknown": _("Unknown voting code"),
    "does_not_add_up": _("Count does not add up"),
    "main_question": _("Main question"),
    "needs_two_entries": _("Two paper entries needed"),
    "no_candidates": _("No candidates"),
    "not_counted": _("Votes not counted yet"),
    "not_online": _("No online voting"),
    "not_paper": _("No paper voting"),
    "two_entries": _("Box already entered twice"),
    "wrong_status": _("Wrong ballot status"),
})
