"""Publishing an honour as a portal article: staff holding the portal's publishing permission on the
round's unit draft it from the approved honour (title, story, photo as cover, unit) through the
portal's services, linked back to the honour; anyone else is refused and nothing is written; the
honour roll links to the article once it is published, and its pages keep the filters."""

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from neuguong.accounts.permissions import Role
from neuguong.audit.models import AuditEvent
from neuguong.core.actors import SYSTEM
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.honours import services
from neuguong.honours.models import Award, Nomination
from neuguong.orgs.tests.factories import PersonFactory, UserFactory, grant
from neuguong.portal import services as portal_services
from neuguong.portal.models import Article, ArticleRevision, ArticleStatus, Category

from .conftest import approve, client_for, open_round, vote

pytestmark = pytest.mark.django_db
STORY = "Bà con gọi chị là “người giữ lửa” của chi bộ.\n\nBa năm liền chị dẫn đầu phong trào <b>học tập</b>."


def picture(size: int, format: str = "PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (size, size), (180, 30, 30)).save(buffer, format=format)
    return SimpleUploadedFile(f"chan-dung.{format.lower()}", buffer.getvalue(), content_type=f"image/{format.lower()}")


def staff(username: str, role: str, unit):
    user = UserFactory(username=username, person=PersonFactory(full_name=f"Cán bộ {username}", unit=unit))
    grant(user, role, unit)
    return user


@pytest.fixture
def categories(province):
    portal_services.categories_load(acting_user=SYSTEM)
    return {category.slug: category for category in Category.objects.all()}


def honour(user, round_, person, *, photo=None, award="title.grassroots_emulation_fighter") -> Award:
    nomination = services.nomination_propose(round_id=round_.pk, award=award, achievements="Thành tích nội bộ",
                                             subject_person_id=person.pk, field="party_building", story=STORY,
                                             photo=photo, acting_user=user)
    vote(user, nomination)
    return approve(user, Nomination.objects.get(pk=nomination.pk), number=f"{nomination.pk}-QĐ/UBND")


@pytest.fixture
def award(unit_admin, round_, member, categories):
    return honour(unit_admin, round_, member.person, photo=picture(400))


def test_propaganda_staff_draft_the_article_of_an_honour_with_its_story_photo_and_unit(award, commune, member,
                                                                                         categories):
    writer = staff("tuyen_giao", Role.PROPAGANDA_STAFF, commune)
    article = services.award_article_create(award_id=award.pk, acting_user=writer)

    assert article.status == ArticleStatus.DRAFT and article.unit == commune and article.author == writer
    assert article.category == categories["guong-dien-hinh"]
    assert article.title == f"{member.person.full_name} — Chiến sĩ thi đua cơ sở"
    assert "người giữ lửa" in article.body and f"{award.decision_number}" in article.body
    assert "<b>" not in article.body and "&lt;b&gt;" in article.body  # the story is text, not markup
    assert "Thành tích nội bộ" not in article.body  # the achievements stay internal
    assert article.cover_small and article.cover_alt == member.person.full_name
    assert ArticleRevision.objects.filter(article=article).count() == 1
    award.refresh_from_db()
    assert award.article == article
    assert AuditEvent.objects.filter(action="honours_award.article_created").count() == 1


def test_a_portrait_too_small_for_a_cover_leaves_the_draft_without_one(unit_admin, round_, person, categories):
    award = honour(unit_admin, round_, person, photo=picture(40))
    article = services.award_article_create(award_id=award.pk, acting_user=unit_admin)
    assert not article.cover_small and Article.objects.count() == 1


@pytest.mark.parametrize("role", [Role.ORGANISATION_STAFF, Role.LEADER])
def test_staff_without_the_portals_publishing_permission_are_refused_and_nothing_is_written(award, commune, role):
    user = staff("khong_dang_bai", role, commune)
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDeniedError):
        services.award_article_create(award_id=award.pk, acting_user=user)
    assert not Article.objects.exists() and not ArticleRevision.objects.exists()
    award.refresh_from_db()
    assert award.article_id is None and AuditEvent.objects.count() == events

    response = client_for(user).post(f"/honours/awards/{award.pk}/article/")
    assert response.status_code == 403 and not Article.objects.exists()


def test_propaganda_staff_of_another_commune_get_404_and_nothing_is_written(award, sibling):
    other = staff("tuyen_giao_b", Role.PROPAGANDA_STAFF, sibling)
    response = client_for(other).post(f"/api/v1/honours/awards/{award.pk}/article", "{}",
                                      content_type="application/json")
    assert response.status_code == 404 and not Article.objects.exists()


def test_an_honour_has_one_article(award, unit_admin):
    services.award_article_create(award_id=award.pk, acting_user=unit_admin)
    with pytest.raises(ServiceError) as refused:
        services.award_article_create(award_id=award.pk, acting_user=unit_admin)
    assert refused.value.code == "award_has_article" and Article.objects.count() == 1


def test_the_nomination_page_drafts_the_article_and_then_links_to_it(award, unit_admin):
    client = client_for(unit_admin)
    page = client.get(f"/honours/nominations/{award.nomination_id}/").content.decode()
    assert f'action="/honours/awards/{award.pk}/article/"' in page
    response = client.post(f"/honours/awards/{award.pk}/article/")
    article = Article.objects.get()
    assert response.status_code == 302 and response.url == f"/portal/articles/{article.pk}/"
    page = client.get(f"/honours/nominations/{award.nomination_id}/").content.decode()
    assert f'href="/portal/articles/{article.pk}/"' in page and 'data-action="article"' not in page


def test_the_api_drafts_the_article(award, unit_admin):
    response = client_for(unit_admin).post(f"/api/v1/honours/awards/{award.pk}/article", json.dumps({}),
                                           content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["article_id"] == Article.objects.get().pk


def test_the_honour_roll_links_to_the_article_once_published(award, unit_admin, client):
    article = services.award_article_create(award_id=award.pk, acting_user=unit_admin)
    link = f'href="/news/{article.pk}/"'
    assert link not in client.get("/honour-roll/").content.decode()  # a draft is not public
    assert link not in client.get(f"/honour-roll/{award.pk}/").content.decode()
    portal_services.article_submit(article_id=article.pk, acting_user=unit_admin)
    portal_services.article_publish(article_id=article.pk, acting_user=unit_admin)
    assert link in client.get("/honour-roll/").content.decode()
    assert link in client.get(f"/honour-roll/{award.pk}/").content.decode()


def test_the_honour_roll_pages_keep_the_filters(unit_admin, commune, client, django_assert_max_num_queries,
                                                monkeypatch):
    monkeypatch.setattr("neuguong.web.pages.PAGE_SIZE", 10)
    round_ = open_round(unit_admin, commune)
    for number in range(12):
        honour(unit_admin, round_, PersonFactory(full_name=f"Gương {number}", unit=commune))
    query = {"year": str(round_.year), "unit": str(commune.pk), "field": "party_building",
             "award": "title.grassroots_emulation_fighter"}
    client.get("/honour-roll/", query)
    with django_assert_max_num_queries(8):
        response = client.get("/honour-roll/", query)
    links = re.findall(r'href="\?([^"]+)"', response.content.decode())
    assert links, "the roll has a next page"
    for link in links:
        assert link.replace("&amp;", "&") == (f"year={round_.year}&unit={commune.pk}&field=party_building"
                                              "&award=title.grassroots_emulation_fighter&page=2")
    second = client.get("/honour-roll/?" + links[0].replace("&amp;", "&"))
    assert "Trang 2" in second.content.decode() or "Page 2" in second.content.decode()
