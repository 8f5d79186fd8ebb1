import re
from pathlib import Path

import pytest
from django.test import RequestFactory

from neuguong.core.net import client_address

PEER = "10.0.0.2"  # the reverse proxy, as the application sees it


def request(forwarded: str | None = None):
    extra = {"REMOTE_ADDR": PEER}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = 0
    assert client_address(request("203.0.113.5")) == PEER


def test_behind_one_proxy_the_client_is_the_address_the_proxy_appended(settings):
    settings.TRUSTED_PROXIES = 1
    assert client_address(request("198.51.100.66, 203.0.113.5")) == "203.0.113.5"


def test_behind_two_proxies_the_client_is_the_second_address_from_the_right(settings):
    settings.TRUSTED_PROXIES = 2
    assert client_address(request("198.51.100.66, 203.0.113.5, 192.0.2.1")) == "203.0.113.5"


def test_ipv6_clients_are_read_in_canonical_form(settings):
    settings.TRUSTED_PROXIES = 1
    assert client_address(request("2001:DB8:0:0::1")) == "2001:db8::1"


@pytest.mark.parametrize("forwarded", [None, "", "203.0.113.5:4711", "not-an-address", "203.0.113.5, , "])
def test_a_missing_or_malformed_header_falls_back_to_the_peer(settings, forwarded):
    settings.TRUSTED_PROXIES = 1
    assert client_address(request(forwarded)) == PEER


def test_a_header_shorter_than_the_proxy_chain_falls_back_to_the_peer(settings):
    settings.TRUSTED_PROXIES = 2
    assert client_address(request("203.0.113.5")) == PEER


SOURCE = Path(__file__).resolve().parents[2]
HELPER = SOURCE / "core" / "net.py"


def test_only_the_helper_reads_the_client_address_headers():
    """Every throttle must key on the address the trusted proxies saw: no module reads the raw
    headers but ``core.net``."""
    pattern = re.compile(r"REMOTE_ADDR|X_FORWARDED_FOR")
    readers = [str(path.relative_to(SOURCE)) for path in SOURCE.rglob("*")
               if path.suffix in {".py", ".html"} and path != HELPER and "tests" not in path.parts
               and pattern.search(path.read_text())]
    assert readers == []
