import json

import pytest
from django.test import Client

from neuguong.accounts.services import api_token_create
from neuguong.ballots import codes
from neuguong.ballots.models import Ballot, BallotCode, CampaignStatus
from neuguong.ballots.tests.helpers import cast, tally_sheet


def _json(client, method, url, body=None):
    response = getattr(client, method)(url, data=json.dumps(body) if body is not None else None,
                                       content_type="application/json")
    return response.status_code, (response.json() if response.content else None)


def _bearer(user) -> Client:
    _token, raw = api_token_create(user=user, name="test", acting_user=user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def api_admin(unit_admin):
    return _bearer(unit_admin)


@pytest.fixture
def api_outsider(outsider):
    return _bearer(outsider)


def test_a_campaign_is_prepared_opened_and_given_codes_through_the_api(api_admin, ballot_catalogue, commune, cadres):
    status, body = _json(api_admin, "post", "/api/v1/ballots/campaigns", {
        "unit_id": commune.pk, "title": "Lấy phiếu 2025", "kind": "confidence_ballot", "period": "2025"})
    assert status == 201, body
    campaign_id = body["id"]
    for person in cadres:
        assert _json(api_admin, "post", f"/api/v1/ballots/campaigns/{campaign_id}/candidates",
                     {"person_id": person.pk})[0] == 201
    status, question = _json(api_admin, "post", f"/api/v1/ballots/campaigns/{campaign_id}/questions",
                             {"text": "Gương mẫu?", "options": "yes_no"})
    assert status == 201 and [o["code"] for o in question["options"]] == ["yes", "no"]
    assert _json(api_admin, "post", f"/api/v1/ballots/campaigns/{campaign_id}/open")[1]["status"] == "open"
    status, body = _json(api_admin, "patch", f"/api/v1/ballots/campaigns/{campaign_id}", {"title": "Khác"})
    assert status == 409 and body["code"] == "campaign_frozen"
    status, issued = _json(api_admin, "post", f"/api/v1/ballots/campaigns/{campaign_id}/codes", {"size": 5})
    assert status == 201 and len(issued["codes"]) == 5
    status, counts = _json(api_admin, "get", f"/api/v1/ballots/campaigns/{campaign_id}/codes")
    assert counts["issued"] == 5 and counts["unused"] == 5
    status, revoked = _json(api_admin, "post", f"/api/v1/ballots/campaigns/{campaign_id}/codes/revoke",
                            {"codes": issued["codes"][:2]})
    assert revoked == {"revoked": 2}


def test_casting_through_the_api_needs_no_account(client, issued):
    campaign, raw = issued
    status, form = _json(client, "post", "/api/v1/ballots/ballot", {"code": codes.grouped(raw[0])})
    assert status == 200 and len(form["candidates"]) == 3 and form["questions"][0]["options"][0]["code"] == "high"
    answers = [{"candidate": c["position"], "question": 1, "option": "low"} for c in form["candidates"]]
    status, body = _json(client, "post", "/api/v1/ballots/cast",
                         {"campaign": form["campaign"], "code": raw[0], "answers": answers})
    assert status == 201 and len(codes.normalize(body["receipt"])) == 12
    status, body = _json(client, "post", "/api/v1/ballots/cast",
                         {"campaign": form["campaign"], "code": raw[0], "answers": answers})
    assert status == 409 and body["code"] == "code_spent"
    duplicated = answers + [{"candidate": 1, "question": 1, "option": "high"}]
    status, body = _json(client, "post", "/api/v1/ballots/cast",
                         {"campaign": form["campaign"], "code": raw[1], "answers": duplicated})
    assert status == 422 and "1.1" in body["errors"]
    assert Ballot.objects.count() == 1 and BallotCode.objects.filter(spent=True).count() == 1


def test_paper_entry_reconciliation_count_and_results(api_admin, issued, tellers, unit_admin):
    campaign, raw = issued
    cast(campaign, raw[0])
    box = campaign.boxes.get()
    teller_clients = [_bearer(teller) for teller in tellers]
    sheet = tally_sheet(campaign)
    status, entry = _json(teller_clients[0], "post", f"/api/v1/ballots/boxes/{box.pk}/entries", sheet)
    assert status == 201 and entry["agreed"] is False
    status, entry = _json(teller_clients[1], "post", f"/api/v1/ballots/boxes/{box.pk}/entries",
                          {**sheet, "valid": 9})
    assert status == 422 and "valid" in entry["errors"]
    status, entry = _json(teller_clients[1], "post", f"/api/v1/ballots/boxes/{box.pk}/entries", sheet)
    assert entry["agreed"] is True
    assert _json(api_admin, "put", f"/api/v1/ballots/campaigns/{campaign.pk}/electorate",
                 {"summoned": 12, "present": 10})[0] == 200
    _json(api_admin, "post", f"/api/v1/ballots/campaigns/{campaign.pk}/close")
    status, rec = _json(api_admin, "get", f"/api/v1/ballots/campaigns/{campaign.pk}/reconciliation")
    assert rec["adds_up"] and rec["total"]["returned"] == 10
    assert _json(api_admin, "get", f"/api/v1/ballots/campaigns/{campaign.pk}/results")[0] == 409
    assert _json(api_admin, "post", f"/api/v1/ballots/campaigns/{campaign.pk}/count")[1]["status"] == "counted"
    status, results = _json(api_admin, "get", f"/api/v1/ballots/campaigns/{campaign.pk}/results")
    assert results["candidates"][0]["counts"] == {"1": {"high": 6, "normal": 2, "low": 1}}
    assert _json(Client(), "get", f"/api/v1/ballots/published/{campaign.public_id}/results")[0] == 404
    _json(api_admin, "post", f"/api/v1/ballots/campaigns/{campaign.pk}/publish")
    status, receipts = _json(Client(), "get", f"/api/v1/ballots/published/{campaign.public_id}/receipts")
    assert status == 200 and len(receipts) == 1


def test_outsider_gets_404_and_changes_nothing(api_outsider, opened):
    for method, url, body in (
        ("get", f"/api/v1/ballots/campaigns/{opened.pk}", None),
        ("post", f"/api/v1/ballots/campaigns/{opened.pk}/close", None),
        ("post", f"/api/v1/ballots/campaigns/{opened.pk}/codes", {"size": 3}),
        ("get", f"/api/v1/ballots/boxes/{opened.boxes.get().pk}", None),
    ):
        assert _json(api_outsider, method, url, body)[0] == 404, url
    assert _json(api_outsider, "get", "/api/v1/ballots/campaigns")[1] == []
    opened.refresh_from_db()
    assert opened.status == CampaignStatus.OPEN and not BallotCode.objects.exists()


def test_a_member_may_not_create_a_campaign(member, commune, ballot_catalogue):
    status, body = _json(_bearer(member), "post", "/api/v1/ballots/campaigns", {
        "unit_id": commune.pk, "title": "X", "kind": "confidence_ballot", "period": "2025"})
    assert status in (403, 404)


def test_every_ballot_endpoint_is_in_the_openapi_schema(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/ballots/campaigns", "/api/v1/ballots/campaigns/{campaign_id}/candidates",
                 "/api/v1/ballots/campaigns/{campaign_id}/questions", "/api/v1/ballots/campaigns/{campaign_id}/codes",
                 "/api/v1/ballots/campaigns/{campaign_id}/codes/revoke", "/api/v1/ballots/cast",
                 "/api/v1/ballots/boxes/{box_id}/entries", "/api/v1/ballots/boxes/{box_id}/resolve",
                 "/api/v1/ballots/campaigns/{campaign_id}/reconciliation",
                 "/api/v1/ballots/campaigns/{campaign_id}/results", "/api/v1/ballots/published/{public_id}/receipts"):
        assert path in paths, path


@pytest.mark.parametrize("extra", [{"candidate": 99, "question": 1, "option": "low"},
                                   {"candidate": 1, "question": 7, "option": "low"}],
                         ids=["unknown candidate", "unknown question"])
def test_an_answer_outside_the_ballot_is_refused_and_the_code_stays_unspent(client, issued, extra):
    campaign, raw = issued
    answers = [{"candidate": c.position, "question": 1, "option": "low"} for c in campaign.candidates.all()]
    status, body = _json(client, "post", "/api/v1/ballots/cast",
                         {"campaign": str(campaign.public_id), "code": raw[0], "answers": answers + [extra]})
    key = f"{extra['candidate']}.{extra['question']}"
    assert status == 422 and body["code"] == "invalid" and key in body["errors"], body
    assert Ballot.objects.count() == 0 and BallotCode.objects.filter(spent=True).count() == 0
