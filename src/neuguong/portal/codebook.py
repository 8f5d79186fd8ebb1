"""The public portal: articles, their revisions and workflow, readers' views and feedback."""

from django.utils.translation import gettext_lazy as _

from neuguong.audit.registry import register_actions
from neuguong.core.codes import register_errors, register_module

register_module("portal", _("Public portal"))
register_actions("portal", {
    "portal_category.created": _("News category created"),
    "portal_article.created": _("Article written"),
    "portal_article.revised": _("Article revised"),
    "portal_article.submitted": _("Article submitted for review"),
    "portal_article.returned": _("Article returned to its author"),
    "portal_article.scheduled": _("Article scheduled for publication"),
    "portal_article.published": _("Article published"),
    "portal_article.unpublished": _("Article withdrawn from the portal"),
    "portal_article.reopened": _("Withdrawn article reopened as a draft"),
    "portal_feedback.received": _("Reader's feedback received"),
    "portal_feedback.approved": _("Reader's feedback approved"),
    "portal_feedback.rejected": _("Reader's feedback rejected"),
})
register_errors("portal", {
    "image_invalid": _("The cover is not a picture that can be read"),
    "image_too_large": _("The cover is too large"),
    "schedule_invalid": _("The publication time is not valid"),
    "feedback_throttled": _("Too much feedback from one reader"),
})
