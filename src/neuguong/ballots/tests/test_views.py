import io
import logging

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook

from neuguong.ballots import codes, services
from neuguong.ballots.models import Ballot, BallotCode, BoxResult, CampaignKind, CampaignStatus, PaperEntry
from neuguong.ballots.tests.helpers import cast, tally_sheet


@pytest.fixture
def teller_clients(tellers):
    clients = []
    for teller in tellers:
        client = Client()
        client.force_login(teller)
        clients.append(client)
    return clients


@pytest.fixture
def counted(issued, tellers, unit_admin):
    campaign, raw = issued
    for code in raw[:3]:
        cast(campaign, code)
    for teller in tellers:
        services.paper_entry_submit(box_id=campaign.boxes.get().pk, sheet=tally_sheet(campaign), acting_user=teller)
    services.campaign_set_electorate(campaign_id=campaign.pk, summoned=20, present=15, acting_user=unit_admin)
    services.campaign_close(campaign_id=campaign.pk, acting_user=unit_admin)
    services.campaign_count(campaign_id=campaign.pk, acting_user=unit_admin)
    campaign.refresh_from_db()
    return campaign


# --- Staff pages: three actors ----------------------------------------------------------------


def test_the_list_page_costs_the_same_queries_for_one_or_many_campaigns(admin_client_a, draft, unit_admin, commune):
    admin_client_a.get("/ballots/")
    with CaptureQueriesContext(connection) as one:
        assert admin_client_a.get("/ballots/").status_code == 200
    for n in range(5):
        services.campaign_create(unit_id=commune.pk, title=f"Đợt {n}", period="2025",
                                 kind=CampaignKind.CONFIDENCE_BALLOT, acting_user=unit_admin)
    with CaptureQueriesContext(connection) as six:
        response = admin_client_a.get("/ballots/")
    assert response.content.decode().count("/ballots/") >= 6
    assert len(six) == len(one) <= 12


def test_the_detail_page_has_a_bounded_number_of_queries(admin_client_a, opened, tellers):
    admin_client_a.get(f"/ballots/{opened.pk}/")
    with CaptureQueriesContext(connection) as queries:
        response = admin_client_a.get(f"/ballots/{opened.pk}/")
    assert response.status_code == 200 and "Nguyễn Văn Bảo" in response.content.decode()
    assert len(queries) <= 30


def test_outsider_gets_404_on_another_communes_campaign_and_changes_nothing(outsider_client, opened):
    for url in (f"/ballots/{opened.pk}/", f"/ballots/{opened.pk}/reconciliation/", f"/ballots/{opened.pk}/codes/",
                f"/ballots/boxes/{opened.boxes.get().pk}/"):
        assert outsider_client.get(url).status_code == 404, url
    assert outsider_client.post(f"/ballots/{opened.pk}/step/close/").status_code == 404
    assert outsider_client.post(f"/ballots/{opened.pk}/codes/issue/", {"size": 5, "format": "html"}).status_code == 404
    opened.refresh_from_db()
    assert opened.status == CampaignStatus.OPEN and not BallotCode.objects.exists()
    assert opened.title not in outsider_client.get("/ballots/").content.decode()


def test_a_member_has_no_access(member_client, opened):
    assert member_client.get("/ballots/").status_code == 403
    assert member_client.get(f"/ballots/{opened.pk}/").status_code == 403
    assert member_client.post(f"/ballots/{opened.pk}/step/close/").status_code == 403


def test_the_unit_admin_runs_a_campaign(admin_client_a, draft, cadres):
    response = admin_client_a.post(f"/ballots/{draft.pk}/step/open/")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == CampaignStatus.OPEN
    response = admin_client_a.post(f"/ballots/{draft.pk}/questions/add/", {"text": "Thêm?", "kind": "choice"})
    assert response.status_code == 422 and "can no longer be changed" in response.content.decode()


def test_creating_a_campaign_from_the_form(admin_client_a, ballot_catalogue, commune):
    response = admin_client_a.post("/ballots/new/", {
        "unit": commune.pk, "title": "Đánh giá của nhân dân 2025", "kind": "residents_evaluation", "body": "party",
        "period": "2025", "held_on": "20/02/2026", "online": "on"})
    assert response.status_code == 302
    response = admin_client_a.get(response.url)
    assert "Đánh giá của nhân dân 2025" in response.content.decode() and "20/02/2026" in response.content.decode()


def test_revoking_from_the_codes_page(admin_client_a, issued):
    campaign, _raw = issued
    batch = campaign.code_batches.get()
    response = admin_client_a.post(f"/ballots/{campaign.pk}/codes/revoke/", {"batch": batch.pk}, follow=True)
    assert "10" in response.content.decode()
    assert BallotCode.objects.filter(revoked=True).count() == 10


def test_counting_asks_first_and_shows_what_it_will_combine(admin_client_a, issued, tellers, unit_admin):
    campaign, raw = issued
    cast(campaign, raw[0])
    for teller in tellers:
        services.paper_entry_submit(box_id=campaign.boxes.get().pk, sheet=tally_sheet(campaign), acting_user=teller)
    services.campaign_set_electorate(campaign_id=campaign.pk, summoned=20, present=15, acting_user=unit_admin)
    services.campaign_close(campaign_id=campaign.pk, acting_user=unit_admin)
    detail = admin_client_a.get(f"/ballots/{campaign.pk}/").content.decode()
    assert f'href="/ballots/{campaign.pk}/count/" data-testid="step-count"' in detail
    page = admin_client_a.get(f"/ballots/{campaign.pk}/count/").content.decode()
    assert 'data-testid="count-online">1<' in page and 'data-testid="count-boxes">1 / 1<' in page
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED
    admin_client_a.post(f"/ballots/{campaign.pk}/step/count/")
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.COUNTED


def test_the_count_page_is_not_found_outside_scope(outsider_client, opened):
    assert outsider_client.get(f"/ballots/{opened.pk}/count/").status_code == 404


# --- Tellers -----------------------------------------------------------------------------------


def _sheet_post(campaign, **override):
    sheet = tally_sheet(campaign)
    post = {key: sheet[key] for key in ("issued", "returned", "valid", "invalid")}
    post.update({f"reason_{code}": n for code, n in sheet["invalid_reasons"].items()})
    post.update({f"n_{key}": n for key, n in sheet["counts"].items()})
    post.update(override)
    return post


def test_two_tellers_enter_a_sheet_and_a_mismatch_shows_side_by_side(teller_clients, opened, admin_client_a):
    box = opened.boxes.get()
    url = f"/ballots/boxes/{box.pk}/"
    assert teller_clients[0].post(url, _sheet_post(opened)).status_code == 302
    assert teller_clients[1].post(url, _sheet_post(opened, **{"n_1.1.1": 4, "n_1.1.2": 3})).status_code == 302
    page = admin_client_a.get(url).content.decode()
    assert 'data-testid="differences"' in page and 'data-testid="resolve-form"' in page
    first = PaperEntry.objects.get(teller__username="teller_one")
    response = admin_client_a.post(f"{url}resolve/", {"entry": first.pk, "note": "Đếm lại"})
    assert response.status_code == 302 and BoxResult.objects.get(box=box).source == "resolved"


def test_a_sheet_that_does_not_add_up_is_shown_again_with_the_figures_kept(teller_clients, opened):
    box = opened.boxes.get()
    response = teller_clients[0].post(f"/ballots/boxes/{box.pk}/", _sheet_post(opened, valid=3))
    body = response.content.decode()
    assert response.status_code == 422 and 'data-testid="sheet-error"' in body and 'value="3"' in body
    assert not PaperEntry.objects.exists()


def test_a_bad_count_cell_is_marked_and_its_message_sits_under_it(teller_clients, opened):
    box = opened.boxes.get()
    response = teller_clients[0].post(f"/ballots/boxes/{box.pk}/", _sheet_post(opened, **{"n_2.1.3": "x"}))
    body = response.content.decode()
    assert response.status_code == 422
    cell = body[body.index('name="n_2.1.3"'):]
    assert cell.index('aria-invalid="true"') < cell.index(">")
    assert 'aria-describedby="e-n_2.1.3"' in cell[:cell.index(">")]
    assert cell.index('id="e-n_2.1.3"') < cell.index("</td>")
    assert body.count('aria-invalid="true"') == 1 and not PaperEntry.objects.exists()


def test_a_figure_that_does_not_add_up_is_marked_on_that_figure(teller_clients, opened):
    box = opened.boxes.get()
    body = teller_clients[0].post(f"/ballots/boxes/{box.pk}/", _sheet_post(opened, returned=11)).content.decode()
    returned = body[body.index('name="returned"'):]
    assert 'aria-describedby="e-returned"' in returned[:returned.index(">")]
    assert returned.index('data-testid="e-returned"') < returned.index('name="valid"')


def test_a_teller_sees_only_assigned_campaigns(teller_clients, opened, draft):
    response = teller_clients[0].get("/ballots/")
    assert response.status_code == 200
    assert teller_clients[0].get(f"/ballots/{opened.pk}/").status_code == 200
    assert teller_clients[0].post(f"/ballots/{opened.pk}/step/close/").status_code == 403


# --- Results and minutes -----------------------------------------------------------------------


def test_results_and_minutes_after_the_count(admin_client_a, counted, settings):
    settings.BALLOTS_MIN_CHANNEL_BALLOTS = 3  # 3 online and 9 paper ballots: the split may be shown
    page = admin_client_a.get(f"/ballots/{counted.pk}/results/").content.decode()
    assert "Nguyễn Văn Bảo" in page and 'data-testid="channels-table"' in page
    assert "<td>3 / 5</td>" in page  # "high": 3 online, 5 on paper
    docx = admin_client_a.get(f"/ballots/{counted.pk}/minutes.docx")
    document = Document(io.BytesIO(docx.content))
    section = document.sections[0]
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert round(section.page_width.mm) == 210
    text = "\n".join(p.text for p in document.paragraphs)
    assert "MINUTES" in text.upper() or "BIÊN BẢN" in text
    header_cells = document.tables[0].rows[0].cells
    assert counted.unit.name.upper() in header_cells[0].text
    results_table = document.tables[1]
    assert len(results_table.rows) == 1 + 3 and "Nguyễn Văn Bảo" in results_table.rows[1].cells[1].text
    workbook = load_workbook(io.BytesIO(admin_client_a.get(f"/ballots/{counted.pk}/minutes.xlsx").content))
    values = [cell for row in workbook.active.iter_rows(values_only=True) for cell in row if cell is not None]
    assert "Nguyễn Văn Bảo" in values


def test_results_wait_for_the_count(admin_client_a, opened):
    assert admin_client_a.get(f"/ballots/{opened.pk}/results/").status_code == 403


def test_publication_and_the_public_receipts(admin_client_a, counted, client):
    assert client.get(f"/vote/results/{counted.public_id}/").status_code == 404
    admin_client_a.post(f"/ballots/{counted.pk}/step/publish/")
    assert client.get(f"/vote/results/{counted.public_id}/").status_code == 200
    page = client.get(f"/vote/receipts/{counted.public_id}/").content.decode()
    assert page.count("<li>") >= 3
    assert f"/vote/results/{counted.public_id}/" in client.get("/vote/").content.decode()


# --- The voter ---------------------------------------------------------------------------------


def test_a_voter_casts_a_ballot_through_the_pages(client, issued, caplog):
    campaign, raw = issued
    caplog.set_level(logging.DEBUG)
    page = client.get("/vote/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"] or page.status_code == 200
    ballot = client.post("/vote/", {"code": codes.grouped(raw[0]).lower()})
    assert ballot.status_code == 200 and "Trần Thị Cúc" in ballot.content.decode()
    answers = {f"a-{c.position}-1": "normal" for c in campaign.candidates.all()}
    form = {"campaign": str(campaign.public_id), "code": codes.grouped(raw[0]), **answers}
    review = client.post("/vote/ballot/", {**form, "step": "review"})
    assert review.status_code == 200 and 'data-testid="review-table"' in review.content.decode()
    done = client.post("/vote/ballot/", {**form, "step": "cast"})
    assert done.status_code == 201
    receipt = done.content.decode().split('data-testid="receipt">')[1].split("<")[0]
    assert len(codes.normalize(receipt)) == codes.RECEIPT_LENGTH
    assert Ballot.objects.get().answers == "111"
    again = client.post("/vote/ballot/", {**form, "step": "cast"})
    assert again.status_code == 409 and "already been used" in again.content.decode()
    assert not any(raw[0] in record.getMessage() or codes.grouped(raw[0]) in record.getMessage()
                   for record in caplog.records)


def test_the_review_refuses_a_missing_answer(client, issued):
    campaign, raw = issued
    form = {"campaign": str(campaign.public_id), "code": raw[0], "a-1-1": "high", "step": "review"}
    response = client.post("/vote/ballot/", form)
    assert response.status_code == 422 and "Trần Thị Cúc" in response.content.decode()
    assert not BallotCode.objects.filter(spent=True).exists()


def test_the_casting_pages_need_no_login_even_with_two_factor_required(client, issued, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["unit_admin", "teller"]
    assert client.get("/vote/").status_code == 200
