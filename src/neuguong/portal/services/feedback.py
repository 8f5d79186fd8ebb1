"""Readers' feedback (Phản hồi): sent from the article page, kept out of sight until a moderator
approves it. The reader's contact is stored encrypted and shown to the moderators only. Sending is
rate-limited per client address (``core.throttle``); the page's honeypot field is checked by the
view before this service is called."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.accounts.scoping import access
from neuguong.audit import services as audit
from neuguong.core import crypto, throttle

from .. import page_cache, selectors
from ..models import Feedback, FeedbackStatus
from .common import PUBLISH, READER, VIEW, actor_of, clean_text, invalid

HOUR = 3600
TRY_AGAIN = _("You have sent much feedback in a short time. Try again in %(wait)s.")
SEND_PER_ADDRESS = throttle.Rule(name="portal.feedback.address", limit=5, window=HOUR, message=TRY_AGAIN,
                                 code="feedback_throttled", setting="PORTAL_FEEDBACK_LIMIT", per_address=True)
MAX_BODY = 3000


@transaction.atomic
def feedback_send(*, article_id: Any, name: str, body: str, client: str, contact: str = "") -> Feedback:
    """A reader's feedback on a published article, waiting for moderation."""
    throttle.hit(SEND_PER_ADDRESS, client)
    # Only an article readers can see now: published, its time come, not past its withdrawal time (the
    # worker may not have withdrawn it yet).
    article = selectors.public_articles().select_related(None).filter(pk=article_id).first() \
        if str(article_id or "").isdigit() else None
    if article is None:
        raise invalid("article_id", _("This article takes no feedback."))
    name, contact = clean_text(name, 100), clean_text(contact, 200)
    text = str(body or "").strip()
    if not name:
        raise invalid("name", _("Enter your name."))
    if not text:
        raise invalid("body", _("Write your feedback."))
    if len(text) > MAX_BODY:
        raise invalid("body", _("Feedback is at most 3000 characters long."))
    feedback = Feedback.objects.create(article=article, name=name, body=text,
                                       contact=crypto.encrypt(contact) if contact else "")
    audit.record(READER, "portal_feedback.received", feedback, after={"article": article.pk, "name": name})
    return feedback


def contact_of(feedback: Feedback) -> str:
    """The reader's contact, for the moderators' queue only."""
    return crypto.decrypt(feedback.contact) if feedback.contact else ""


@transaction.atomic
def feedback_moderate(*, feedback_id: Any, approve: bool, acting_user: Any, note: str = "") -> Feedback:
    """Approve (show under the article) or reject a feedback waiting for moderation."""
    feedback = access(Feedback.objects.select_for_update(of=("self",), no_key=True).select_related("article__unit"),
                      acting_user, feedback_id, view=VIEW, action=PUBLISH)
    if feedback.status != FeedbackStatus.PENDING:
        raise invalid("status", _("This feedback was moderated already."))
    target = FeedbackStatus.APPROVED if approve else FeedbackStatus.REJECTED
    changed = Feedback.objects.filter(pk=feedback.pk, status=FeedbackStatus.PENDING).update(
        status=target, moderated_by=actor_of(acting_user), moderated_at=timezone.now())
    if changed != 1:
        raise invalid("status", _("This feedback was moderated already."))
    feedback.refresh_from_db()
    audit.record(acting_user, "portal_feedback.approved" if approve else "portal_feedback.rejected", feedback,
                 before={"status": FeedbackStatus.PENDING}, after={"status": target}, note=clean_text(note, 300))
    if approve:
        page_cache.changed()
    return feedback
