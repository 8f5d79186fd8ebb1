from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import server_error


def test_missing_page_is_the_products_own_in_vietnamese(admin_client_a):
    client = Client()  # Vietnamese, the default
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Không tìm thấy" in content and 'lang="vi"' in content and "URLconf" not in content


def test_missing_page_in_english_keeps_the_menu_of_a_signed_in_user(admin_client_a):
    response = admin_client_a.get("/no-such-page/")
    content = response.content.decode()
    assert response.status_code == 404 and "<h1>Not found</h1>" in content and 'class="sidebar"' in content


def test_forbidden_page_explains_whom_to_ask(member_client):
    response = member_client.get("/audit/")
    assert response.status_code == 403
    assert "Ask your unit administrator" in response.content.decode()


def test_server_error_page_needs_no_request_context_and_speaks_both_languages():
    request = RequestFactory().get("/")
    with translation.override("vi"):
        vietnamese = server_error(request).content.decode()
    with translation.override("en"):
        english = server_error(request).content.decode()
    assert "Đã có lỗi xảy ra" in vietnamese and 'lang="vi"' in vietnamese
    assert "Something went wrong" in english and "web/favicon.svg" in english


def test_every_page_links_the_favicon(client):
    response = client.get("/accounts/login/")
    assert 'rel="icon" href="/static/web/favicon.svg"' in response.content.decode()
    assert client.get("/static/web/favicon.svg").status_code == 200
