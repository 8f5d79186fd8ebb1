"""The web edit forms send the service only the fields the user changed: each form carries the
values it was shown with, so two officers editing different fields of one record from forms
opened at the same time both keep their change."""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.test import Client

from neuguong.accounts.permissions import Role
from neuguong.audit.models import AuditEvent
from neuguong.orgs.models import Membership, Person, Post, Unit
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory, PostFactory, UserFactory, grant


class FormValues(HTMLParser):
    """What a browser would submit from the page's form, as it was shown."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attr = dict(attrs)
        name = attr.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken" and attr.get("type") != "file":
            if attr.get("type") != "checkbox" or "checked" in attr:
                self.values[name] = attr.get("value") or ("on" if attr.get("type") == "checkbox" else "")
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attr:
            self.values[self._select] = attr.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data


def shown_form(client: Client, url: str) -> dict[str, str]:
    parser = FormValues()
    parser.feed(client.get(url).content.decode())
    return parser.values


@pytest.fixture
def colleague_client(commune):
    user = UserFactory(username="staff_a", person=PersonFactory(full_name="Lương Thị Tổ", unit=commune))
    grant(user, Role.ORGANISATION_STAFF, commune)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def edit_concurrently(first: Client, second: Client, url: str, first_change: dict, second_change: dict) -> None:
    """Both open the form, then each saves their own change."""
    first_form, second_form = shown_form(first, url), shown_form(second, url)
    assert first.post(url, {**first_form, **first_change}).status_code == 302
    assert second.post(url, {**second_form, **second_change}).status_code == 302


def test_two_officers_editing_different_fields_of_a_person_both_keep_their_change(
    admin_client_a, colleague_client, person
):
    edit_concurrently(admin_client_a, colleague_client, f"/people/{person.pk}/edit/",
                      {"phone": "0912345678"}, {"email": "an@example.vn"})
    person = Person.objects.get(pk=person.pk)
    assert (person.phone, person.email) == ("0912345678", "an@example.vn")


def test_two_officers_editing_different_fields_of_a_post_both_keep_their_change(
    admin_client_a, colleague_client, person, commune
):
    post = PostFactory(person=person, unit=commune, title="Phó Bí thư")
    edit_concurrently(admin_client_a, colleague_client, f"/posts/{post.pk}/edit/",
                      {"title": "Bí thư"}, {"ended_on": "31/12/2025"})
    post = Post.objects.get(pk=post.pk)
    assert (post.title, post.ended_on) == ("Bí thư", dt.date(2025, 12, 31))


def test_two_officers_editing_different_fields_of_a_membership_both_keep_their_change(
    admin_client_a, colleague_client, person, cell
):
    membership = MembershipFactory(person=person, cell=cell, card_number="A0001")
    edit_concurrently(admin_client_a, colleague_client, f"/memberships/{membership.pk}/edit/",
                      {"card_number": "B0002"}, {"joined_on": "02/01/2009"})
    membership = Membership.objects.get(pk=membership.pk)
    assert (membership.card_number, membership.joined_on) == ("B0002", dt.date(2009, 1, 2))


def test_two_administrators_editing_different_fields_of_a_unit_both_keep_their_change(admin_client_a, cell):
    url = f"/units/{cell.pk}/edit/"
    first_form, second_form = shown_form(admin_client_a, url), shown_form(admin_client_a, url)
    assert admin_client_a.post(url, {**first_form, "name": "Chi bộ thôn Đông Mới"}).status_code == 302
    assert admin_client_a.post(url, {**second_form, "short_name": "CB Đông"}).status_code == 302
    cell = Unit.objects.get(pk=cell.pk)
    assert (cell.name, cell.short_name) == ("Chi bộ thôn Đông Mới", "CB Đông")


def test_saving_an_edit_form_unchanged_writes_nothing_but_the_audit_event(admin_client_a, person):
    url = f"/people/{person.pk}/edit/"
    assert admin_client_a.post(url, shown_form(admin_client_a, url)).status_code == 302
    event = AuditEvent.objects.get(action="person.updated")
    assert (event.before, event.after) == ({}, {})
