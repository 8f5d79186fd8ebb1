"""One public site: every public page of the portal, the petitions and the ballots is in the portal's
layout (its header with the sections and services, its footer with the issuing body and contact),
and none shows the staff layout (top bar, unit picker, side menu) — for a visitor, and for a
signed-in member who opens them.

The routes are those of ``PUBLIC_ROUTES`` (the authorization matrix's list), filled with the matrix's
records, so a public page added later is walked without touching this file."""

import pytest
from django.test import Client

from neuguong.ballots import services as ballot_services
from neuguong.ballots.tests.helpers import counted_campaign
from neuguong.portal.models import Article, ArticleStatus, Category
from neuguong.web.tests.test_authorization_matrix import PUBLIC_ROUTES, WEB_ROUTES, web_urls, world  # noqa: F401

# Public routes that are not pages of the public site, with the reason.
NOT_SITE_PAGES = {
    "accounts:login": "the staff's login form (the staff layout without picker or menu)",
    "accounts:two_factor_verify": "the staff's second login step",
    "set_language": "answers the language form's POST with a redirect",
    "admin:login": "redirects to the login form",
    "api:api-root": "redirects to the API documentation",
    "api:openapi-json": "JSON",
    "api:openapi-view": "the API documentation (its own page)",
    "news:cover": "a JPEG",
    "news:category_feed": "RSS",
    "sitemap": "XML",
    "javascript-catalog": "JavaScript (the staff editor's words)",
}
SITE_ROUTES = [route for route in WEB_ROUTES if route.name in PUBLIC_ROUTES and route.name not in NOT_SITE_PAGES]
STAFF_MARKERS = ('class="topbar"', 'class="unit-picker"', 'id="unit-picker"', 'class="sidebar"',
                 "web/app.js", "htmx")
PORTAL_MARKERS = ('data-testid="portal-header"', 'data-testid="portal-footer"', 'class="portal-menu"',
                  "portal/portal.css")
# Each must answer at least one page in the walk, so that the test cannot pass on 404s alone.
MUST_ANSWER = {"news:home", "news:article", "news:category", "news:search", "news:language", "vote:start",
               "vote:results", "vote:receipts", "petitions_public:submit", "petitions_public:track"}


def test_every_public_route_is_listed_as_a_site_page_or_a_reason():
    names = {route.name for route in WEB_ROUTES if route.name in PUBLIC_ROUTES}
    assert names >= MUST_ANSWER
    assert set(NOT_SITE_PAGES) <= set(PUBLIC_ROUTES)


@pytest.fixture
def published_campaign(world, commune, unit_admin, settings):  # noqa: F811
    """A counted, published campaign (the matrix's records hold the confidence catalogue)."""
    settings.BALLOTS_MIN_CHANNEL_BALLOTS = 1
    campaign = counted_campaign(commune, unit_admin, names=("Trần Văn Công", "Lê Thị Khai"), online=2, paper=3)
    return ballot_services.campaign_publish(campaign_id=campaign.pk, acting_user=unit_admin)


def _extra_urls(route_name: str, campaign) -> list[str]:
    """Pages whose parameter is not a record id the matrix hands out (a slug, a public id)."""
    if route_name == "news:article":  # the matrix's articles of A are kept in review: not public
        published = Article.objects.filter(status=ArticleStatus.PUBLISHED).values_list("pk", flat=True)[:2]
        return [f"/news/{pk}/" for pk in published]
    if route_name == "news:category":
        return [f"/news/category/{slug}/" for slug in Category.objects.values_list("slug", flat=True)[:2]]
    if route_name in ("vote:results", "vote:receipts"):
        return [f"/vote/{route_name.split(':')[1]}/{campaign.public_id}/"]
    return []


@pytest.mark.parametrize("as_member", [False, True], ids=["visitor", "member"])
def test_every_public_page_is_in_the_portal_layout_and_never_the_staff_one(world, published_campaign,  # noqa: F811
                                                                           as_member, settings):
    settings.PUBLIC_ISSUER = "Tỉnh ủy Mẫu (thử)"
    settings.PUBLIC_CONTACT = "Văn phòng thử, 0000"
    client = Client()
    if as_member:
        client.force_login(world.actors["member"])
    answered: dict[str, int] = {}
    for route in SITE_ROUTES:
        urls, _aimed_at_a = web_urls(route, world.ids)
        for url in [*urls, *_extra_urls(route.name, published_campaign)]:
            response = client.get(url)
            if response.status_code != 200:
                assert response.status_code in (302, 400, 404, 405), (url, response.status_code)
                continue
            page = response.content.decode()
            for marker in STAFF_MARKERS:
                assert marker not in page, f"{url} shows the staff layout ({marker})"
            for marker in PORTAL_MARKERS:
                assert marker in page, f"{url} lacks the portal layout ({marker})"
            assert "Tỉnh ủy Mẫu (thử)" in page and "Văn phòng thử, 0000" in page, url
            answered[route.name] = answered.get(route.name, 0) + 1
    assert set(answered) >= MUST_ANSWER, MUST_ANSWER - set(answered)
