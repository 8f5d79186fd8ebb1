"""Wrong ballot codes are limited per client address, as the trusted proxies saw it."""

import json
import re

from django.test import Client

from conftest import vietnamese_wait
from neuguong.ballots import codes
from neuguong.ballots.models import BallotCode

WRONG_CODES_ALLOWED = 20
PROXY = "10.0.0.2"  # the reverse proxy: REMOTE_ADDR of every request behind it


def wrong_codes(client: Client, n: int = WRONG_CODES_ALLOWED, **headers) -> None:
    for _attempt in range(n):
        client.post("/vote/", {"code": codes.new_code()}, REMOTE_ADDR=PROXY, **headers)


def test_behind_a_proxy_wrong_codes_of_one_citizen_do_not_block_another(client, issued, settings):
    settings.TRUSTED_PROXIES = 1
    wrong_codes(client, HTTP_X_FORWARDED_FOR="203.0.113.5")
    blocked = client.post("/vote/", {"code": issued[1][0]}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert blocked.status_code == 429
    other = client.post("/vote/", {"code": issued[1][0]}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.77")
    assert other.status_code == 200 and "Nguyễn Văn Bảo" in other.content.decode()


def test_without_a_trusted_proxy_a_forged_forwarded_header_does_not_escape_the_limit(client, issued, settings):
    settings.TRUSTED_PROXIES = 0
    for attempt in range(WRONG_CODES_ALLOWED):
        client.post("/vote/", {"code": codes.new_code()}, REMOTE_ADDR="198.51.100.9",
                    HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}")
    response = client.post("/vote/", {"code": issued[1][0]}, REMOTE_ADDR="198.51.100.9",
                           HTTP_X_FORWARDED_FOR="203.0.113.200")
    assert response.status_code == 429


def test_a_right_code_does_not_use_up_the_limit(client, issued):
    campaign, raw = issued
    for _attempt in range(WRONG_CODES_ALLOWED):
        assert client.post("/vote/", {"code": raw[0]}).status_code == 200
    wrong_codes(client, WRONG_CODES_ALLOWED - 1)
    assert client.post("/vote/", {"code": raw[0]}).status_code == 200


def test_a_blocked_voter_is_told_in_vietnamese_when_to_try_again(issued):
    voter = Client()  # the product's default language
    wrong_codes(voter)
    response = voter.post("/vote/", {"code": issued[1][0]}, REMOTE_ADDR=PROXY)
    assert response.status_code == 429
    retry_after = int(response["Retry-After"])
    assert 0 < retry_after <= 3600
    assert vietnamese_wait(retry_after) in response.content.decode()


def test_the_api_refuses_a_blocked_address_with_retry_after(client, issued):
    for _attempt in range(WRONG_CODES_ALLOWED):
        client.post("/api/v1/ballots/ballot", data=json.dumps({"code": codes.new_code()}),
                    content_type="application/json")
    campaign, raw = issued
    answers = [{"candidate": position, "question": 1, "option": "low"} for position in (1, 2, 3)]
    response = client.post("/api/v1/ballots/cast", content_type="application/json",
                           data=json.dumps({"campaign": str(campaign.public_id), "code": raw[0], "answers": answers}))
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    body = response.json()
    assert body["code"] == "code_throttled" and re.search(r"Try again in \d+ (minute|hour)", body["message"])
    assert not BallotCode.objects.filter(spent=True).exists()
