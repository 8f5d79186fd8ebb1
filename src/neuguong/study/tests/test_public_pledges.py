"""The pledges a unit publishes show on its public page (holder, post, pledged items) at once, and
nothing else of a pledge does: no draft, no unpublished pledge, no follow-up or assessment, no other
year, no pledge of another unit."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client

from neuguong.orgs.tests.factories import PersonFactory, PostFactory
from neuguong.study import selectors, services

from .test_registrations import YEAR, chairman, pledge, today  # noqa: F401

pytestmark = pytest.mark.django_db


def page(unit) -> str:
    response = Client().get(f"/news/unit/{unit.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_published_pledge_shows_on_the_public_unit_page_at_once_and_leaves_when_unpublished(
        pledge, unit_admin, commune, today):  # noqa: F811
    assert "Gương mẫu tiếp dân" not in page(commune)  # cached now, before publishing
    services.pledge_publish(pledge_id=pledge.pk, published=True, acting_user=unit_admin)
    shown = page(commune)
    section = shown[shown.index('data-testid="public-pledges"'):]
    assert "Hồ Văn Chủ" in section and "Bí thư Đảng ủy xã" in section
    assert "Gương mẫu tiếp dân" in section and "Không vi phạm" in section
    services.pledge_publish(pledge_id=pledge.pk, published=False, acting_user=unit_admin)
    assert "Gương mẫu tiếp dân" not in page(commune) and 'data-testid="public-pledges"' not in page(commune)


def test_nothing_but_the_published_pledge_and_its_items_reaches_the_public_page(
        pledge, chairman, unit_admin, leader, commune, cell, today):  # noqa: F811
    services.pledge_publish(pledge_id=pledge.pk, published=True, acting_user=unit_admin)
    today(dt.date(YEAR, 6, 10))
    services.pledge_follow_up(pledge_id=pledge.pk, kind="mid_year", text="Ghi chú theo dõi giữa năm",
                              acting_user=unit_admin)
    today(dt.date(YEAR, 12, 10))
    services.pledge_assess(pledge_id=pledge.pk, level="good", comment="Nhận xét đánh giá riêng", acting_user=leader)
    draft_post = PostFactory(person=PersonFactory(full_name="Lê Thị Nháp", unit=commune), unit=commune,
                             title="Phó Bí thư")
    services.pledge_create(post_id=draft_post.pk, year=YEAR, items=["Cam kết còn nháp"], acting_user=unit_admin)
    kept_post = PostFactory(person=PersonFactory(full_name="Trần Văn Kín", unit=commune), unit=commune,
                            title="Chủ tịch UBND xã")
    kept = services.pledge_create(post_id=kept_post.pk, year=YEAR, items=["Cam kết không công bố"],
                                  acting_user=unit_admin)
    services.pledge_pledge(pledge_id=kept.pk, acting_user=unit_admin)
    shown = page(commune)
    assert "Gương mẫu tiếp dân" in shown
    for secret in ("Ghi chú theo dõi giữa năm", "Nhận xét đánh giá riêng", "Lê Thị Nháp", "Cam kết còn nháp",
                   "Trần Văn Kín", "Cam kết không công bố"):
        assert secret not in shown
    assert [p.name for p in selectors.public_pledges(commune)] == ["Hồ Văn Chủ"]
    assert selectors.public_pledges(commune, year=YEAR - 1) == []
    assert "Gương mẫu tiếp dân" not in page(cell)  # the unit's own pledges only
    today(dt.date(YEAR + 1, 1, 5))
    cache.clear()  # the cached page lives PORTAL_CACHE_SECONDS past New Year; once rendered again:
    assert "Gương mẫu tiếp dân" not in page(commune)  # this year's pledges only
