"""Page numbers are bounded: a huge, negative or non-numeric page answers 422 on the API and a
page of the list on the HTML side, never a 500."""

import pytest

from neuguong.core.api import MAX_PAGE

API = "/api/v1"
LISTS = ["/people", "/units", "/users", "/audit/events", "/petitions", "/reception-sessions", "/dialogues"]
HUGE = str(10**18)


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("page", [HUGE, str(MAX_PAGE + 1), "-1", "0", "abc", "1e3"])
def test_an_api_page_out_of_bounds_answers_422_naming_page(admin_client_a, path, page):
    response = admin_client_a.get(API + path, {"page": page})
    assert response.status_code == 422, response.content[:300]
    assert "page" in response.json()["errors"]


def test_a_huge_page_size_answers_422(admin_client_a):
    response = admin_client_a.get(API + "/people", {"page_size": HUGE})
    assert response.status_code == 422 and "page_size" in response.json()["errors"]


def test_the_last_allowed_page_answers_an_empty_page(admin_client_a, person):
    response = admin_client_a.get(API + "/people", {"page": MAX_PAGE})
    assert response.status_code == 200 and response.json()["items"] == []


@pytest.mark.parametrize("path", ["/people/", "/accounts/users/", "/audit/", "/reception/petitions/",
                                  "/ballots/"])
@pytest.mark.parametrize("page", [HUGE, "-5", "abc", "1e18"])
def test_a_page_out_of_bounds_on_a_list_page_shows_a_page_of_the_list(admin_client_a, person, path, page):
    assert admin_client_a.get(path, {"page": page}).status_code == 200
