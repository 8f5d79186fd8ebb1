"""Every write of the portal (see the sub-modules); re-exported here."""

from .articles import (
    ARTICLE,
    article_create,
    article_expire_due,
    article_publish,
    article_publish_due,
    article_schedule,
    article_step,
    article_submit,
    article_unpublish,
    article_update,
    categories_load,
    category_create,
)
from .feedback import contact_of, feedback_moderate, feedback_send
from .reading import View, article_view_count, reader_view, view_count, viewer_marks_forget

__all__ = [
    "ARTICLE", "View", "article_create", "article_expire_due", "article_publish", "article_publish_due",
    "article_schedule", "article_step", "article_submit", "article_unpublish", "article_update", "article_view_count",
    "categories_load", "category_create", "contact_of", "feedback_moderate", "feedback_send", "reader_view",
    "view_count", "viewer_marks_forget",
]
