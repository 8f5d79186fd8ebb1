"""Fixtures of the portal tests: the usual categories, the propaganda staff of commune A
(``writer``), of the province (``editor``) and of the sibling commune B (``sibling_writer``), and
articles of A in each state.

The three standard actors keep their meaning: ``unit_admin`` (commune A, who holds the portal's
permissions to appoint its propaganda staff), ``member`` (a party member of A, who writes nothing)
and ``outsider`` (administrator of commune B).
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from neuguong.accounts.permissions import Role
from neuguong.core.actors import SYSTEM
from neuguong.orgs.tests.factories import PersonFactory, UserFactory, grant
from neuguong.portal import page_cache, services
from neuguong.portal.models import Category

BODY = "<p>Đảng bộ xã Tân An tổ chức học tập chuyên đề năm 2026.</p>"


@pytest.fixture(autouse=True)
def _no_refresh_noted():
    """The process's note of another reader's refresh (``page_cache._refreshing``) lives with the
    cache, which every test starts empty."""
    page_cache._refreshing.clear()
    yield
    page_cache._refreshing.clear()


@pytest.fixture
def categories(province):
    services.categories_load(acting_user=SYSTEM)
    return {category.slug: category for category in Category.objects.all()}


@pytest.fixture
def news(categories):
    return categories["tin-tuc"]


def staff(username: str, name: str, role: str, unit):
    user = UserFactory(username=username, person=PersonFactory(full_name=name, unit=unit))
    grant(user, role, unit)
    return user


@pytest.fixture
def writer(commune, categories):
    return staff("tuyengiao_a", "Lê Thị Tuyên", Role.PROPAGANDA_STAFF, commune)


@pytest.fixture
def editor(province, categories):
    return staff("tuyengiao_p", "Trần Văn Biên", Role.PROPAGANDA_STAFF, province)


@pytest.fixture
def sibling_writer(sibling, categories):
    return staff("tuyengiao_b", "Mai Văn Khác", Role.PROPAGANDA_STAFF, sibling)


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def write(user, unit, category, *, title="Học tập chuyên đề năm 2026", body=BODY, **extra):
    return services.article_create(unit_id=unit.pk, title=title, body=body, category_id=category.pk,
                                   acting_user=user, **extra)


def publish(user, unit, category, **extra):
    article = write(user, unit, category, **extra)
    services.article_submit(article_id=article.pk, acting_user=user)
    return services.article_publish(article_id=article.pk, acting_user=user)


@pytest.fixture
def draft(writer, commune, news):
    return write(writer, commune, news)


@pytest.fixture
def published(writer, commune, news):
    return publish(writer, commune, news, title="Hội nghị sơ kết 5 năm Chỉ thị 05", summary="Tóm tắt hội nghị",
                   tags="Chỉ thị 05, Sơ kết")


def picture(fmt="JPEG", size=(800, 600), exif=None, name="anh.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (180, 30, 30))
    if exif is not None:
        image.save(buffer, fmt, exif=exif)
    else:
        image.save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
