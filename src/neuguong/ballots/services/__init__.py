"""Every write on ballots. Split by sub-domain: campaigns, codes, casting, paper, counting."""

from .campaigns import (
    campaign_create,
    campaign_set_electorate,
    campaign_update,
    candidate_add,
    candidate_remove,
    question_add,
    question_remove,
    teller_assign,
    teller_unassign,
)
from .casting import Cast, ballot_cast, ballot_for_code
from .codes import code_batch_issue, code_batch_issue_start, code_batch_reprint, codes_revoke
from .counting import compute_tally
from .lifecycle import campaign_cancel, campaign_close, campaign_count, campaign_open, campaign_publish
from .paper import box_create, box_resolve, compare_sheets, paper_entry_submit, read_sheet, typed_line

__all__ = [
    "Cast",
    "ballot_cast",
    "ballot_for_code",
    "box_create",
    "box_resolve",
    "campaign_cancel",
    "campaign_close",
    "campaign_count",
    "campaign_create",
    "campaign_open",
    "campaign_publish",
    "campaign_set_electorate",
    "campaign_update",
    "candidate_add",
    "candidate_remove",
    "code_batch_issue",
    "code_batch_issue_start",
    "code_batch_reprint",
    "codes_revoke",
    "compare_sheets",
    "compute_tally",
    "paper_entry_submit",
    "question_add",
    "question_remove",
    "read_sheet",
    "teller_assign",
    "teller_unassign",
    "typed_line",
]
