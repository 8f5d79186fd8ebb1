"""An event links to the news articles that report it and to the nomination rounds whose awards an
honouring ceremony presents: only targets the user reads, each once, audited; readers follow the links
they may read; removing a link is audited too."""

import datetime as dt

import pytest

from neuguong.accounts.scoping import NotFound
from neuguong.audit.models import AuditEvent
from neuguong.core.actors import SYSTEM
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.honours import services as honours
from neuguong.portal import services as portal
from neuguong.portal.models import Category
from neuguong.study import selectors, services
from neuguong.study.models import EventLink

from .conftest import client_for
from .test_events import plan_event

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def article(unit_admin, commune):
    portal.categories_load(acting_user=SYSTEM)
    news = Category.objects.get(slug="tin-tuc")
    return portal.article_create(unit_id=commune.pk, title="Hội thảo học tập và làm theo Bác ở xã Thạch Hà",
                                 body="<p>Tin hội thảo</p>", category_id=news.pk, acting_user=unit_admin)


@pytest.fixture
def round_(unit_admin, commune):
    return honours.round_open(unit_id=commune.pk, kind="yearly", year=TODAY.year, title="Bình xét gương điển hình",
                              closes_on=TODAY + dt.timedelta(days=30), acting_user=unit_admin)


@pytest.fixture
def event(unit_admin, commune):
    return plan_event(unit_admin, commune, kind="honouring", title="Lễ tuyên dương điển hình tiên tiến")


def test_an_event_links_to_its_article_and_round_and_readers_follow_them(event, article, round_, unit_admin):
    services.event_link_add(event_id=event.pk, article_id=article.pk, acting_user=unit_admin)
    services.event_link_add(event_id=event.pk, round_id=round_.pk, acting_user=unit_admin)
    assert AuditEvent.objects.filter(action="study_event.linked").count() == 2
    shown = selectors.event_links(unit_admin, event)
    assert [(link.kind, link.title, link.url) for link in shown] == [
        ("article", article.title, f"/portal/articles/{article.pk}/"),
        ("round", round_.title, f"/honours/rounds/{round_.pk}/")]
    page = client_for(unit_admin).get(f"/study/study-events/{event.pk}/").content.decode()
    assert article.title in page and round_.title in page and 'data-action="unlink"' in page


def test_a_member_follows_only_a_published_article_to_its_public_page(event, article, round_, unit_admin, member):
    services.event_link_add(event_id=event.pk, article_id=article.pk, acting_user=unit_admin)
    services.event_link_add(event_id=event.pk, round_id=round_.pk, acting_user=unit_admin)
    assert selectors.event_links(member, event) == []  # a draft article, a round of the staff
    portal.article_submit(article_id=article.pk, acting_user=unit_admin)
    portal.article_publish(article_id=article.pk, acting_user=unit_admin)
    [shown] = selectors.event_links(member, event)
    assert (shown.kind, shown.url) == ("article", f"/news/{article.pk}/")


def test_a_target_out_of_the_users_scope_is_refused_and_nothing_is_written(event, unit_admin, sibling, outsider):
    other = honours.round_open(unit_id=sibling.pk, kind="yearly", year=TODAY.year, title="Bình xét xã bên",
                               closes_on=TODAY + dt.timedelta(days=30), acting_user=outsider)
    with pytest.raises(ServiceError) as error:
        services.event_link_add(event_id=event.pk, round_id=other.pk, acting_user=unit_admin)
    assert error.value.field_errors == {"round_id": ["Choose an article or a round of your units."]}
    assert not EventLink.objects.exists()
    assert not AuditEvent.objects.filter(action="study_event.linked").exists()


def test_a_target_is_linked_once_and_exactly_one_is_chosen(event, round_, unit_admin):
    services.event_link_add(event_id=event.pk, round_id=round_.pk, acting_user=unit_admin)
    with pytest.raises(ServiceError) as again:
        services.event_link_add(event_id=event.pk, round_id=round_.pk, acting_user=unit_admin)
    assert again.value.field_errors == {"round_id": ["The event is already linked to it."]}
    with pytest.raises(ServiceError) as neither:
        services.event_link_add(event_id=event.pk, acting_user=unit_admin)
    assert neither.value.field_errors == {"article_id": ["Choose a news article or a nomination round."]}
    assert EventLink.objects.count() == 1


def test_a_member_cannot_link_nor_unlink(event, round_, unit_admin, member):
    """The commune's event is not in the member's cell: it answers as missing."""
    link = services.event_link_add(event_id=event.pk, round_id=round_.pk, acting_user=unit_admin)
    with pytest.raises((NotFound, PermissionDeniedError)):
        services.event_link_add(event_id=event.pk, round_id=round_.pk, acting_user=member)
    with pytest.raises((NotFound, PermissionDeniedError)):
        services.event_link_remove(link_id=link.pk, acting_user=member)
    assert EventLink.objects.count() == 1


def test_the_page_links_and_unlinks(event, round_, unit_admin):
    client = client_for(unit_admin)
    assert client.post(f"/study/study-events/{event.pk}/links/new/", {"round_id": round_.pk}).status_code == 302
    link = EventLink.objects.get()
    assert client.post(f"/study/study-events/{event.pk}/links/{link.pk}/delete/").status_code == 302
    assert not EventLink.objects.exists()
    assert AuditEvent.objects.filter(action="study_event.unlinked").count() == 1


def test_the_api_links_shows_and_unlinks(event, article, unit_admin, outsider):
    client = client_for(unit_admin)
    created = client.post(f"/api/v1/study-events/{event.pk}/links", {"article_id": article.pk},
                          content_type="application/json")
    assert created.status_code == 201 and created.json()["article_id"] == article.pk
    detail = client.get(f"/api/v1/study-events/{event.pk}").json()
    assert [link["title"] for link in detail["links"]] == [article.title]
    link_id = created.json()["id"]
    assert client_for(outsider).delete(f"/api/v1/study-events/{event.pk}/links/{link_id}").status_code == 404
    assert client.delete(f"/api/v1/study-events/{event.pk}/links/{link_id}").status_code == 204
    assert not EventLink.objects.exists()
