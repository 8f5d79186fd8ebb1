"""Staff pages of the ballots, split by sub-domain."""

from .campaigns import (
    campaign_cancel,
    campaign_create,
    campaign_detail,
    campaign_edit,
    campaign_list,
    campaign_step,
    candidate_add,
    candidate_remove,
    count_confirm,
    electorate,
    question_add,
    question_remove,
    teller_add,
    teller_remove,
)
from .codes import batch_reprint, codes_issue, codes_page, codes_revoke
from .paper import box_add, box_detail, box_resolve
from .results import minutes_docx, minutes_xlsx, reconciliation, results

__all__ = [
    "box_add",
    "box_detail",
    "box_resolve",
    "campaign_cancel",
    "campaign_create",
    "campaign_detail",
    "campaign_edit",
    "campaign_list",
    "campaign_step",
    "count_confirm",
    "candidate_add",
    "candidate_remove",
    "batch_reprint",
    "codes_issue",
    "codes_page",
    "codes_revoke",
    "electorate",
    "minutes_docx",
    "minutes_xlsx",
    "question_add",
    "question_remove",
    "reconciliation",
    "results",
    "teller_add",
    "teller_remove",
]
