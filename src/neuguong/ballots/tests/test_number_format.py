"""The staff and public results pages write counts and percentages as the reader's language does:
1.201 and 99,92 % in Vietnamese, 1,201 and 99.92% in English."""

from django.test import Client
from django.utils.html import strip_tags

from neuguong.ballots import services

from .helpers import counted_campaign


def cells(html: str, testid: str) -> list[str]:
    """The text of each cell of the table marked ``testid``, first body row."""
    body = html.split(f'data-testid="{testid}"', 1)[1].split("<tbody>", 1)[1].split("</tr>", 1)[0]
    return [strip_tags(cell).strip() for cell in body.split("<td")[1:] for cell in [cell.split(">", 1)[1]]]


def totals(html: str) -> str:
    block = html.split('data-testid="totals"', 1)[1].split("</dl>", 1)[0]
    return " ".join(strip_tags(block.split(">", 1)[1].replace("<", " <")).split())


def client_for(language: str, user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_login(user)
    return client


def test_staff_results_in_vietnamese_and_english(ballot_catalogue, commune, unit_admin):
    # One online ballot "low" and 1,200 paper ballots "high", for every candidate.
    campaign = counted_campaign(commune, unit_admin, names=("Nguyễn Văn Bảo",), online=1, paper=1200)
    url = f"/ballots/{campaign.pk}/results/"
    vietnamese = client_for("vi", unit_admin).get(url).content.decode()
    assert cells(vietnamese, "results-table")[3:9] == ["1.200", "99,92\u00a0%", "0", "0,00\u00a0%", "1", "0,08\u00a0%"]
    assert "1.201 / 1.201" in totals(vietnamese)
    english = client_for("en", unit_admin).get(url).content.decode()
    assert cells(english, "results-table")[3:9] == ["1,200", "99.92%", "0", "0.00%", "1", "0.08%"]
    assert "Ballots returned 1,201 (paper 1,200, online 1)" in totals(english)


def test_public_results_in_vietnamese(ballot_catalogue, commune, unit_admin):
    campaign = counted_campaign(commune, unit_admin, names=("Trần Thị Cúc",), online=1, paper=1200)
    services.campaign_publish(campaign_id=campaign.pk, acting_user=unit_admin)
    page = client_for("vi").get(f"/vote/results/{campaign.public_id}/").content.decode()
    row = cells(page, "results-table")
    assert row[1] == "Trần Thị Cúc" and row[3:5] == ["1.200", "99,92\u00a0%"]
    assert "1.201 / 1.201" in totals(page)
