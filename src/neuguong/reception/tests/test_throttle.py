"""The public petition pages are limited per client address and per target: a phone number for
sending, a tracking code for following."""

import json
import re

import pytest
from django.test import Client

from conftest import vietnamese_wait
from neuguong.accounts.scoping import NotFound
from neuguong.core.throttle import ThrottledError
from neuguong.reception import services
from neuguong.reception.models import Petition

from .conftest import PETITIONER

PROXY = "10.0.0.2"


def submit(unit, client: str, phone: str = "0912 345 678"):
    data = {"subject": "Đường làng xuống cấp", "content": "Đề nghị sửa đường thôn Đông.", **PETITIONER,
            "petitioner_phone": phone}
    return services.petition_submit_online(unit_id=unit.pk, kinds=["proposal"], data=data, client=client)


def test_one_phone_number_is_limited_from_many_addresses(commune, catalogues, settings):
    settings.RECEPTION_SUBMIT_PHONE_LIMIT = 2
    submit(commune, "198.51.100.1")
    submit(commune, "198.51.100.2", phone="0912-345-678")  # the same number, written otherwise
    with pytest.raises(ThrottledError):
        submit(commune, "198.51.100.3")
    assert Petition.objects.count() == 2
    submit(commune, "198.51.100.3", phone="0987 654 321")  # another number is not held back


def test_one_tracking_code_is_limited_from_many_addresses(commune, catalogues, settings):
    settings.RECEPTION_TRACK_CODE_LIMIT = 3
    petition = submit(commune, "198.51.100.1")[0]
    for attempt in range(3):
        with pytest.raises(NotFound):
            services.petition_track(code=petition.tracking_code, phone_digits=f"{attempt:04d}",
                                    client=f"203.0.113.{attempt}")
    with pytest.raises(ThrottledError):
        services.petition_track(code=petition.tracking_code, phone_digits="5678", client="203.0.113.50")
    with pytest.raises(NotFound):
        services.petition_track(code="AAAAA-BBBBB", phone_digits="5678", client="203.0.113.50")


def test_behind_a_proxy_tracking_is_limited_per_citizen(catalogues, settings):
    settings.TRUSTED_PROXIES = 1
    settings.RECEPTION_TRACK_LIMIT = 2
    citizen = Client(HTTP_ACCEPT_LANGUAGE="en")
    for attempt in range(2):
        citizen.post("/petitions/track/", {"code": f"AAAAA-BBBB{attempt}", "phone_digits": "1234"},
                     REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
    blocked = citizen.post("/petitions/track/", {"code": "AAAAA-CCCCC", "phone_digits": "1234"},
                           REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
    other = citizen.post("/petitions/track/", {"code": "AAAAA-CCCCC", "phone_digits": "1234"},
                         REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert blocked.status_code == 429 and other.status_code == 404


def test_a_blocked_citizen_is_told_in_vietnamese_when_to_try_again(commune, catalogues, settings):
    settings.RECEPTION_TRACK_LIMIT = 1
    citizen = Client()  # the product's default language
    citizen.post("/petitions/track/", {"code": "AAAAA-BBBBB", "phone_digits": "1234"})
    response = citizen.post("/petitions/track/", {"code": "AAAAA-BBBBB", "phone_digits": "1234"})
    assert response.status_code == 429
    retry_after = int(response["Retry-After"])
    assert vietnamese_wait(retry_after) in response.content.decode()


def test_the_api_says_when_to_try_again(commune, catalogues, settings):
    settings.RECEPTION_SUBMIT_LIMIT = 1
    body = {"unit_id": commune.pk, "kinds": ["proposal"], "subject": "Đèn đường", "content": "Đèn hỏng",
            **PETITIONER}
    api = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert api.post("/api/v1/public/petitions", json.dumps(body), content_type="application/json").status_code == 201
    refused = api.post("/api/v1/public/petitions", json.dumps(body), content_type="application/json")
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 3600
    assert refused.json()["code"] == "throttled" and re.search(r"Try again in \d+", refused.json()["message"])
