"""Numbers as the reader's language writes them: thousands grouped with "." in Vietnamese and ","
in English, percentages with two decimals ("64,00 %" with a no-break space / "64.00%")."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from neuguong.orgs.models import Person
from neuguong.orgs.tests.factories import PersonFactory
from neuguong.web.templatetags.numbers import count, percent


@pytest.mark.parametrize(("language", "value", "shown"), [
    ("vi", 3010, "3.010"), ("en", 3010, "3,010"), ("vi", 1234567, "1.234.567"), ("en", 999, "999"),
    ("vi", 0, "0"), ("vi", "3010", "3.010"), ("vi", Decimal("12000"), "12.000"),
])
def test_count_groups_thousands_by_language(language, value, shown):
    with translation.override(language):
        assert count(value) == shown


@pytest.mark.parametrize("value", [None, "", "Nguyễn Văn Bảo", "2.5", True])
def test_count_leaves_what_is_not_a_whole_number_unchanged(value):
    with translation.override("vi"):
        assert count(value) is value


@pytest.mark.parametrize(("language", "value", "whole", "shown"), [
    ("vi", "64.00", None, "64,00\u00a0%"), ("en", "64.00", None, "64.00%"), ("vi", 64, None, "64,00\u00a0%"),
    ("vi", 2, 3, "66,67\u00a0%"), ("en", 1, 3, "33.33%"), ("vi", 1, 8, "12,50\u00a0%"), ("vi", 1, 200, "0,50\u00a0%"),
    ("vi", Decimal("1234.5"), None, "1.234,50\u00a0%"), ("en", 3, 3, "100.00%"),
])
def test_percent_shows_two_decimals_by_language(language, value, whole, shown):
    with translation.override(language):
        assert percent(value, whole) == shown


@pytest.mark.parametrize("value", [None, "", "—", "Nguyễn Văn Bảo"])
def test_percent_leaves_what_is_not_a_number_unchanged(value):
    with translation.override("vi"):
        assert percent(value) is value


def test_a_share_of_nothing_is_left_unchanged():
    with translation.override("vi"):
        assert percent(3, 0) == 3


def test_the_filters_load_in_a_template():
    template = Template("{% load numbers %}{{ n|count }} · {{ part|percent:whole }}")
    with translation.override("vi"):
        assert template.render(Context({"n": 3010, "part": 16, "whole": 25})) == "3.010 · 64,00\u00a0%"


def test_the_home_figures_group_thousands_in_vietnamese(unit_admin, commune):
    Person.objects.bulk_create(PersonFactory.build_batch(1200, unit=commune))
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(unit_admin)
    people = Person.objects.filter(unit=commune).count()
    assert people > 1000
    content = client.get("/").content.decode()
    assert f'data-testid="count-people">{people // 1000}.{people % 1000:03d}<' in content
