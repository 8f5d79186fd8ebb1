"""Writing and publishing articles: revisions, sanitised rich text, covers, the workflow on the
lifecycle engine, scheduled publication and expiry by the worker, and scoping to the subtree."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from PIL import Image

from neuguong.accounts.scoping import NotFound
from neuguong.audit.models import AuditEvent
from neuguong.core.actors import SYSTEM
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.core.lifecycle import TransitionRefused
from neuguong.portal import selectors, services, tasks
from neuguong.portal.models import Article, ArticleRevision, ArticleStatus

from .conftest import BODY, picture, publish, write

XSS = [
    '<script>alert(1)</script><p>Văn bản</p>',
    '<p onclick="alert(1)">Văn bản</p>',
    '<p><a href="javascript:alert(1)">liên kết</a></p>',
    '<p><img src=x onerror=alert(1)>Văn bản</p>',
    '<style>body{display:none}</style><p>Văn bản</p>',
    '<p><iframe src="https://example.com"></iframe>Văn bản</p>',
    '<svg onload=alert(1)><p>Văn bản</p></svg>',
    '<p style="background:url(javascript:alert(1))">Văn bản</p>',
    '<form action="https://example.com"><input name=x></form><p>Văn bản</p>',
]


def test_a_writer_saves_a_draft_of_their_unit_with_its_first_revision(writer, commune, news):
    article = write(writer, commune, news, tags="Chỉ thị 05, chi thi 05, Sơ kết")
    assert article.status == ArticleStatus.DRAFT and article.author == writer
    assert [tag.slug for tag in article.tags.all()] == ["chi-thi-05", "so-ket"]
    revision = ArticleRevision.objects.get(article=article)
    assert revision.number == 1 and revision.author == writer and revision.body == BODY
    assert AuditEvent.objects.filter(action="portal_article.created", object_id=str(article.pk)).exists()


@pytest.mark.parametrize("payload", XSS)
def test_script_and_styles_are_removed_from_the_text(writer, commune, news, payload):
    article = write(writer, commune, news, body=payload)
    stored = article.body.lower()
    for danger in ("<script", "onclick", "onerror", "onload", "javascript:", "<style", "<iframe", "<img", "<svg",
                   "style=", "<form", "<input"):
        assert danger not in stored
    assert "Văn bản" in article.body or "liên kết" in article.body


def test_links_keep_their_address_and_get_a_safe_rel(writer, commune, news):
    article = write(writer, commune, news, body='<p><a href="https://baochinhphu.vn/x" target="_top">Nguồn</a></p>')
    assert 'href="https://baochinhphu.vn/x"' in article.body and 'rel="noopener noreferrer nofollow"' in article.body
    assert "target" not in article.body


def test_a_text_that_is_only_markup_is_refused_and_nothing_is_stored(writer, commune, news):
    with pytest.raises(ServiceError) as error:
        write(writer, commune, news, body="<script>alert(1)</script>")
    assert "body" in error.value.field_errors
    assert not Article.objects.exists() and not AuditEvent.objects.filter(action__startswith="portal_article").exists()


def test_a_member_writes_nothing(member, commune, news):
    with pytest.raises((PermissionDeniedError, NotFound)):
        write(member, commune, news)
    assert not Article.objects.exists()


def test_an_outsider_cannot_write_for_another_commune_and_gets_not_found(sibling_writer, commune, news):
    with pytest.raises(NotFound):
        write(sibling_writer, commune, news)
    assert not Article.objects.exists()


def test_the_province_writes_for_a_commune_below_it(editor, commune, news):
    assert write(editor, commune, news).unit == commune


def test_every_save_adds_a_revision_and_the_diff_shows_what_changed(writer, editor, draft, news):
    services.article_update(article_id=draft.pk, title=draft.title, category_id=news.pk, acting_user=editor,
                            body=BODY + "<p>Có 120 đảng viên dự.</p>")
    draft.refresh_from_db()
    assert draft.revision_count == 2 and draft.editor == editor and draft.author == writer
    old, new = selectors.revision_get(draft, 1), selectors.revision_get(draft, 2)
    assert new.author == editor
    lines = selectors.revision_diff(old, new)
    assert [line.text for line in lines if line.kind == "added"] == ["Có 120 đảng viên dự."]
    assert not [line for line in lines if line.kind == "removed"]
    assert AuditEvent.objects.filter(action="portal_article.revised", object_id=str(draft.pk)).exists()


def test_an_outsider_cannot_edit_and_the_article_stays_as_it_was(sibling_writer, draft, news):
    with pytest.raises(NotFound):
        services.article_update(article_id=draft.pk, title="Sửa trái phép", body="<p>x</p>", category_id=news.pk,
                                acting_user=sibling_writer)
    draft.refresh_from_db()
    assert draft.title == "Học tập chuyên đề năm 2026" and draft.revision_count == 1


def test_submit_then_publish_puts_the_article_on_the_portal(writer, draft):
    services.article_submit(article_id=draft.pk, acting_user=writer)
    assert not selectors.public_articles().exists()
    article = services.article_publish(article_id=draft.pk, acting_user=writer)
    assert article.status == ArticleStatus.PUBLISHED and article.published_at is not None
    assert list(selectors.public_articles()) == [article]
    assert AuditEvent.objects.filter(action="portal_article.published", object_id=str(draft.pk)).exists()


def test_a_draft_cannot_be_published_before_review(writer, draft):
    with pytest.raises(TransitionRefused):
        services.article_publish(article_id=draft.pk, acting_user=writer)
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.DRAFT


def test_an_outsider_cannot_publish_and_nothing_changes(writer, sibling_writer, draft):
    services.article_submit(article_id=draft.pk, acting_user=writer)
    with pytest.raises(NotFound):
        services.article_publish(article_id=draft.pk, acting_user=sibling_writer)
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.REVIEW and not selectors.public_articles().exists()


def test_withdrawing_needs_a_reason_and_takes_the_article_off(writer, published):
    with pytest.raises(ServiceError):
        services.article_unpublish(article_id=published.pk, reason=" ", acting_user=writer)
    services.article_unpublish(article_id=published.pk, reason="Thông tin cần đính chính", acting_user=writer)
    assert not selectors.public_articles().exists()


def test_a_scheduled_article_waits_for_the_worker(writer, draft):
    services.article_submit(article_id=draft.pk, acting_user=writer)
    moment = timezone.now() + dt.timedelta(hours=2)
    article = services.article_schedule(article_id=draft.pk, publish_at=moment, acting_user=writer)
    assert article.status == ArticleStatus.SCHEDULED and not selectors.public_articles().exists()
    queued = DBTaskResult.objects.get(task_path="neuguong.portal.tasks.publish_article")
    assert queued.run_after == moment and queued.args_kwargs["kwargs"] == {"article_id": draft.pk}
    # Run early, the task does nothing.
    assert tasks.publish_article.call(article_id=draft.pk) is False
    Article.objects.filter(pk=draft.pk).update(publish_at=timezone.now() - dt.timedelta(seconds=1))
    assert tasks.publish_article.call(article_id=draft.pk) is True
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.PUBLISHED and list(selectors.public_articles()) == [draft]


def test_a_schedule_in_the_past_is_refused(writer, draft):
    services.article_submit(article_id=draft.pk, acting_user=writer)
    with pytest.raises(ServiceError, match="future"):
        services.article_schedule(article_id=draft.pk, publish_at=timezone.now() - dt.timedelta(minutes=1),
                                  acting_user=writer)
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.REVIEW and not DBTaskResult.objects.exists()


def test_an_expired_article_leaves_the_portal_even_before_the_worker_runs(writer, commune, news):
    article = publish(writer, commune, news, expire_at=timezone.now() + dt.timedelta(hours=1))
    queued = DBTaskResult.objects.get(task_path="neuguong.portal.tasks.expire_article")
    assert queued.run_after == article.expire_at
    Article.objects.filter(pk=article.pk).update(expire_at=timezone.now() - dt.timedelta(seconds=1))
    assert not selectors.public_articles().exists()
    assert tasks.expire_article.call(article_id=article.pk) is True
    article.refresh_from_db()
    assert article.status == ArticleStatus.UNPUBLISHED


def test_the_daily_upkeep_queues_again_the_publications_and_withdrawals_whose_time_has_come(writer, commune, news,
                                                                                            draft):
    services.article_submit(article_id=draft.pk, acting_user=writer)
    services.article_schedule(article_id=draft.pk, publish_at=timezone.now() + dt.timedelta(hours=2),
                              acting_user=writer)
    expiring = publish(writer, commune, news, title="Tin hết hạn", expire_at=timezone.now() + dt.timedelta(hours=1))
    waiting = publish(writer, commune, news, title="Tin còn hạn", expire_at=timezone.now() + dt.timedelta(days=9))
    past = timezone.now() - dt.timedelta(seconds=1)
    Article.objects.filter(pk=draft.pk).update(publish_at=past)
    Article.objects.filter(pk=expiring.pk).update(expire_at=past)
    DBTaskResult.objects.all().delete()  # as if the queue had lost them (a restored database)
    call_command("portal_daily", stdout=io.StringIO())
    queued = {(row.task_path.rsplit(".", 1)[1], tuple(row.args_kwargs["kwargs"].values()))
              for row in DBTaskResult.objects.all()}
    assert queued == {("forget_viewer_marks", ()), ("publish_article", (draft.pk,)),
                      ("expire_article", (expiring.pk,))}
    assert tasks.publish_article.call(article_id=draft.pk) and tasks.expire_article.call(article_id=expiring.pk)
    assert set(selectors.public_articles()) == {draft, waiting}


def test_the_worker_steps_are_not_offered_to_people(writer, published):
    with pytest.raises(ServiceError):
        services.article_step(article_id=published.pk, step="expire", acting_user=writer)
    assert services.article_expire_due(article_id=published.pk, acting_user=SYSTEM) is None


def test_a_cover_is_resized_and_loses_its_metadata(writer, commune, news):
    exif = Image.Exif()
    exif[0x010F] = "Máy ảnh bí mật"  # Make
    exif[0x8825] = {2: (21.0, 1.0, 0.0)}  # GPS
    article = write(writer, commune, news, cover=picture(size=(2400, 1600), exif=exif.tobytes()), cover_alt="Hội nghị")
    for name, width in (("large", 1200), ("medium", 640), ("small", 320)):
        with getattr(article, f"cover_{name}").open("rb") as file:
            data = file.read()
        image = Image.open(io.BytesIO(data))
        assert image.format == "JPEG" and image.width == width
        assert not image.getexif() and b"Exif" not in data and "Máy ảnh".encode() not in data


def test_the_front_page_crops_a_cover_around_its_focal_point(writer, commune, news, client):
    article = publish(writer, commune, news, cover=picture(size=(1200, 900)), cover_alt="Hội nghị",
                      cover_focus="top-left")
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert f'<img class="focus-top-left" src="/news/{article.pk}/cover/' in page


def test_moving_the_focal_point_is_audited_with_the_revision(writer, commune, news):
    article = write(writer, commune, news, cover=picture(), cover_alt="Hội nghị")
    assert article.cover_focus == "center"
    services.article_update(article_id=article.pk, title=article.title, body=article.body,
                            category_id=news.pk, acting_user=writer, cover_focus="bottom")
    event = AuditEvent.objects.get(action="portal_article.revised", object_id=str(article.pk))
    assert (event.before["cover_focus"], event.after["cover_focus"]) == ("center", "bottom")


def test_an_unknown_focal_point_is_refused_and_nothing_is_stored(writer, commune, news):
    with pytest.raises(ServiceError) as error:
        write(writer, commune, news, cover=picture(), cover_focus="middle; color: red")
    assert "cover_focus" in error.value.field_errors and not Article.objects.exists()


@pytest.mark.parametrize("upload", [
    picture(name="anh.jpg", fmt="BMP"),
    picture(size=(100, 100)),
])
def test_a_cover_that_is_not_a_usable_picture_is_refused(writer, commune, news, upload):
    with pytest.raises(ServiceError) as error:
        write(writer, commune, news, cover=upload)
    assert error.value.code == "image_invalid" and not Article.objects.exists()


def test_a_text_file_named_like_a_picture_is_refused(writer, commune, news):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("anh.jpg", b"<script>alert(1)</script>" * 50, content_type="image/jpeg")
    with pytest.raises(ServiceError, match="JPEG, PNG"):
        write(writer, commune, news, cover=fake)
    assert not Article.objects.exists()


def test_an_oversized_cover_is_refused(writer, commune, news, monkeypatch):
    monkeypatch.setattr("neuguong.portal.services.images.MAX_BYTES", 1000)
    with pytest.raises(ServiceError) as error:
        write(writer, commune, news, cover=picture())
    assert error.value.code == "image_too_large" and not Article.objects.exists()
