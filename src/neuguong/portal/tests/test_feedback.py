"""Readers' feedback: nothing shown before approval, the contact never shown publicly, rate limits per
client and a honeypot against robots, moderators' decisions audited and scoped to their subtree."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from neuguong.accounts.scoping import NotFound
from neuguong.audit.models import AuditEvent
from neuguong.core.errors import ServiceError
from neuguong.portal import services
from neuguong.portal.models import Article, Feedback, FeedbackStatus

from .conftest import client_for
from .test_articles import XSS

COMMENT = {"name": "Nguyễn Văn Dân", "contact": "0912 345 678", "body": "Bài viết rất hay, cảm ơn ban biên tập."}


def send(article, data=None, address="203.0.113.9"):
    return Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR=address).post(f"/news/{article.pk}/", data or COMMENT)


def test_feedback_waits_for_moderation_and_then_shows_without_the_contact(published, writer):
    response = send(published)
    assert response.status_code == 302 and response["Location"].endswith("?sent=1#feedback")
    feedback = Feedback.objects.get()
    assert feedback.status == FeedbackStatus.PENDING and "0912" not in feedback.contact
    page = Client().get(f"/news/{published.pk}/").content.decode()
    assert "Bài viết rất hay" not in page
    queue = client_for(writer).get("/portal/feedback/").content.decode()
    assert "Bài viết rất hay" in queue and "0912 345 678" in queue
    moderated = client_for(writer).post(f"/portal/feedback/{feedback.pk}/moderate/", {"decision": "approve"})
    assert moderated.status_code == 302
    page = Client().get(f"/news/{published.pk}/").content.decode()
    assert "Bài viết rất hay" in page and "Nguyễn Văn Dân" in page and "0912" not in page
    assert AuditEvent.objects.filter(action="portal_feedback.approved", object_id=str(feedback.pk)).exists()


def test_script_in_feedback_is_shown_as_text(published, writer):
    send(published, {**COMMENT, "body": "<script>alert(1)</script> <b>đậm</b>"})
    services.feedback_moderate(feedback_id=Feedback.objects.get().pk, approve=True, acting_user=writer)
    page = Client().get(f"/news/{published.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_known_xss_payloads_in_a_name_contact_or_text_are_shown_as_text_to_readers_and_moderators(
        published, writer, settings):
    settings.PORTAL_FEEDBACK_LIMIT = 100
    for payload in XSS:
        assert send(published, {"name": payload, "contact": payload, "body": payload}).status_code == 302
    for feedback in Feedback.objects.all():
        services.feedback_moderate(feedback_id=feedback.pk, approve=True, acting_user=writer)
    page = Client().get(f"/news/{published.pk}/").content.decode()
    queue = client_for(writer).get("/portal/feedback/?status=approved").content.decode()
    assert page.count('data-testid="feedback-item"') == len(XSS)
    for payload in XSS:
        for html in (page, queue):
            assert payload not in html and escape(payload) in html
    for danger in ("<script>alert", "<img src=x", "<svg onload", "<iframe", "<style>body", '<p onclick'):
        assert danger not in page and danger not in queue


def test_feedback_on_an_article_past_its_withdrawal_time_is_refused_before_the_worker_runs(published):
    Article.objects.filter(pk=published.pk).update(expire_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(ServiceError) as error:
        services.feedback_send(article_id=published.pk, name="Dân", body="Còn gửi được không?", client="203.0.113.9")
    assert "article_id" in error.value.field_errors
    assert send(published).status_code == 404 and not Feedback.objects.exists()


def test_the_honeypot_answers_like_a_success_and_stores_nothing(published):
    response = send(published, {**COMMENT, "website": "http://spam.example"})
    assert response.status_code == 302 and not Feedback.objects.exists()


def test_a_burst_of_feedback_is_refused_after_the_limit(published, settings):
    settings.PORTAL_FEEDBACK_LIMIT = 3
    statuses = [send(published).status_code for _ in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert Feedback.objects.count() == 3
    assert send(published, address="203.0.113.10").status_code == 302


def test_feedback_on_a_draft_is_not_found(draft):
    assert send(draft).status_code == 404 and not Feedback.objects.exists()


def test_a_moderator_of_another_commune_cannot_moderate(published, sibling_writer, outsider):
    send(published)
    feedback = Feedback.objects.get()
    with pytest.raises(NotFound):
        services.feedback_moderate(feedback_id=feedback.pk, approve=True, acting_user=sibling_writer)
    assert client_for(outsider).post(f"/portal/feedback/{feedback.pk}/moderate/",
                                     {"decision": "approve"}).status_code == 404
    assert "Bài viết rất hay" not in client_for(outsider).get("/portal/feedback/").content.decode()
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.PENDING
    assert not AuditEvent.objects.filter(action="portal_feedback.approved").exists()


def test_a_member_cannot_open_the_queue_and_changes_nothing(published, member):
    send(published)
    feedback = Feedback.objects.get()
    assert client_for(member).get("/portal/feedback/").status_code == 403
    assert client_for(member).post(f"/portal/feedback/{feedback.pk}/moderate/",
                                   {"decision": "approve"}).status_code == 403
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.PENDING


def test_feedback_is_moderated_once(published, writer):
    send(published)
    feedback = Feedback.objects.get()
    services.feedback_moderate(feedback_id=feedback.pk, approve=False, acting_user=writer)
    with pytest.raises(Exception, match="moderated already"):
        services.feedback_moderate(feedback_id=feedback.pk, approve=True, acting_user=writer)
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.REJECTED
