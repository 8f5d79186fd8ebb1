"""The petition report writes its on-time rate as the reader's language does: two decimals,
"66,67 %" (a no-break space before the sign) in Vietnamese and "66.67%" in English."""

from django.test import Client

from neuguong.reception.models import Petition

from .conftest import receive


def report_page(user, unit, language: str) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    response = client.get("/reception/reports/", {"unit": unit.pk})
    assert response.status_code == 200
    return response.content.decode()


def rate(page: str) -> str:
    return page.split('data-testid="on-time-rate">', 1)[1].split("</span>", 1)[0]


def test_the_on_time_rate_has_two_decimals_in_each_language(officer, commune):
    first, second, late = (receive(officer, commune)[0] for _ in range(3))
    Petition.objects.filter(pk__in=[first.pk, second.pk]).update(closed_late=False)  # closed in time
    Petition.objects.filter(pk=late.pk).update(closed_late=True)
    assert rate(report_page(officer, commune, "vi")) == "66,67\u00a0%"
    assert rate(report_page(officer, commune, "en")) == "66.67%"


def test_without_a_closed_petition_the_rate_is_a_dash(officer, commune):
    receive(officer, commune)
    assert rate(report_page(officer, commune, "vi")) == "—"
