"""Small counts are secret too: a candidate's online and paper counts are shown apart only when
each channel holds at least ``BALLOTS_MIN_CHANNEL_BALLOTS`` ballots. With one online voter, the
online column of the split would publish that voter's whole ballot.

``counted_campaign`` gives every online ballot "low" and every paper ballot "high", so a
per-candidate per-channel figure is recognisable: "<online> / <paper>" in the pages and the
minutes, and the API would need a channel key to carry one."""

import io
import json
import re

import pytest
from django.test import Client
from docx import Document
from openpyxl import load_workbook

from neuguong.ballots import services
from neuguong.ballots.models import CandidateResult

from .helpers import counted_campaign

NAMES = ("Nguyễn Văn Bảo", "Trần Thị Cúc")


@pytest.fixture
def published(ballot_catalogue, commune, unit_admin):
    def publish(*, online: int, paper: int):
        campaign = counted_campaign(commune, unit_admin, names=NAMES, online=online, paper=paper)
        return services.campaign_publish(campaign_id=campaign.pk, acting_user=unit_admin)

    return publish


def _everything_shown(campaign, admin_client_a) -> dict[str, str]:
    """Every place showing results, as text: both pages, the API answers, both minutes."""
    anonymous = Client(HTTP_ACCEPT_LANGUAGE="en")
    docx = Document(io.BytesIO(admin_client_a.get(f"/ballots/{campaign.pk}/minutes.docx").content))
    workbook = load_workbook(io.BytesIO(admin_client_a.get(f"/ballots/{campaign.pk}/minutes.xlsx").content))
    return {
        "staff page": admin_client_a.get(f"/ballots/{campaign.pk}/results/").content.decode(),
        "public page": anonymous.get(f"/vote/results/{campaign.public_id}/").content.decode(),
        "staff API": admin_client_a.get(f"/api/v1/ballots/campaigns/{campaign.pk}/results").content.decode(),
        "public API": anonymous.get(f"/api/v1/ballots/published/{campaign.public_id}/results").content.decode(),
        "minutes DOCX": "\n".join([p.text for p in docx.paragraphs]
                                  + [c.text for t in docx.tables for row in t.rows for c in row.cells]),
        "minutes XLSX": "\n".join(str(v) for sheet in workbook.worksheets
                                  for row in sheet.iter_rows(values_only=True) for v in row if v is not None),
    }


def test_one_online_ballot_among_thirty_paper_shows_no_candidate_figure_per_channel(published, admin_client_a):
    campaign = published(online=1, paper=30)
    assert CandidateResult.objects.filter(campaign=campaign).count() == 2
    for place, text in _everything_shown(campaign, admin_client_a).items():
        assert not re.search(r"(?<!\d)(1 / 0|0 / 30)(?!\d)", text), place  # low, high: "online / paper"
        assert 'data-testid="channels-table"' not in text, place
        assert '"channels"' not in text and '"online": {"1"' not in text, place
    page = admin_client_a.get(f"/ballots/{campaign.pk}/results/").content.decode()
    assert 'data-testid="channels-withheld"' in page and "(paper 30, online 1)" in page  # ballots per channel
    assert "<td>31</td>" in page or "<td>30</td>" in page  # combined counts stay


def test_ten_online_and_ten_paper_ballots_show_the_split(published, admin_client_a):
    campaign = published(online=10, paper=10)
    shown = _everything_shown(campaign, admin_client_a)
    for place in ("staff page", "public page", "minutes DOCX", "minutes XLSX"):
        assert "0 / 10" in shown[place] and "10 / 0" in shown[place], place  # high: 0 online, 10 paper
    assert 'data-testid="channels-table"' in shown["public page"]
    assert json.loads(shown["public API"])["totals"]["online"]["returned"] == 10


def test_the_minimum_per_channel_is_a_setting(published, admin_client_a, settings):
    settings.BALLOTS_MIN_CHANNEL_BALLOTS = 3
    campaign = published(online=3, paper=4)
    assert "0 / 4" in _everything_shown(campaign, admin_client_a)["staff page"]
    settings.BALLOTS_MIN_CHANNEL_BALLOTS = 5
    assert "0 / 4" not in _everything_shown(campaign, admin_client_a)["staff page"]
