"""Evaluation and the yearly review: periods, templates, reviews, classification, approval, appeals."""

from django.utils.translation import gettext_lazy as _

from neuguong.audit.registry import register_actions
from neuguong.core.codes import register_errors, register_module

register_module("evaluation", _("Evaluation and the yearly review"))
register_actions("evaluation", {
    "evaluation_template.loaded": _("Review template version loaded"),
    "evaluation_period.created": _("Review period created"),
    "evaluation_period.opened": _("Review period opened"),
    "evaluation_period.closed": _("Review period closed"),
    "evaluation_period.reviews_created": _("Reviews of a period created"),
    "evaluation_period.classified": _("Reviews of a period classified at once"),
    "evaluation_review.suggested": _("Suggestion for the review given"),
    "evaluation_review.tasks_saved": _("Task list by products saved"),
    "evaluation_review.self_assessed": _("Self-assessment submitted"),
    "evaluation_review.collective_reviewed": _("Collective review recorded"),
    "evaluation_review.resident_comment_added": _("Residents' comment recorded"),
    "evaluation_review.follower_commented": _("Comment of the Standing Committee member following the unit"),
    "evaluation_review.superior_assessed": _("Superior's assessment recorded"),
    "evaluation_review.classified": _("Review classified"),
    "evaluation_review.approved": _("Classification approved"),
    "evaluation_review.notified": _("Classification notified to the person"),
    "evaluation_review.appealed": _("Classification appealed"),
    "evaluation_review.appeal_resolved": _("Appeal against the classification resolved"),
    "evaluation_review.manifestations_viewed": _("Manifestations checked in a review read"),
})
register_errors("evaluation", {
    "points_over_maximum": _("The points exceed the criterion's maximum"),
    "level_not_allowed": _("The score or the conditions do not allow this level"),
    "over_quota": _("The group's quota of the top level is used up"),
    "review_decided": _("The classification is approved: the review can no longer change"),
    "evaluation_appeal_late": _("The appeal deadline has passed"),
    "period_not_open": _("The review period is not open"),
})
