"""The page that creates a period, as a draft or opened at once: the messages of a refused form, the
permission the API asks for (``evaluation.manage`` on the unit), the audit trail of the services, and
the link from the periods list shown only to those who may use it."""

import datetime as dt

from django.test import Client

from neuguong.audit.models import AuditEvent
from neuguong.evaluation.models import Period, Review

from .conftest import client_for, make_period

URL = "/evaluation/periods/new/"


def _form(unit, **changes):
    today = dt.date.today()
    data = {"unit": unit.pk, "kind": "yearly", "year": today.year, "title": "Kiểm điểm năm",
            "opens_on": today.strftime("%d/%m/%Y"), "closes_on": (today + dt.timedelta(days=30)).strftime("%d/%m/%Y"),
            "appeal_days": ""}
    return {**data, **changes}


def test_the_page_offers_a_yearly_period_of_this_year_on_the_working_unit(unit_admin, commune, loaded):
    page = client_for(unit_admin).get(URL).content.decode()
    assert f'<option value="{commune.pk}" selected' in page
    assert f'value="{dt.date.today().year}"' in page and 'name="open_now"' in page


def test_a_period_created_and_opened_at_once_has_its_job_and_both_steps_audited(unit_admin, commune, member,
                                                                                 loaded, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    response = client_for(unit_admin).post(URL, _form(commune, open_now="on"))
    period = Period.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/evaluation/periods/{period.pk}/"
    assert period.status == "open" and period.job_id is not None and period.appeal_days == 30
    actions = set(AuditEvent.objects.filter(object_id=str(period.pk)).values_list("action", flat=True))
    assert {"evaluation_period.created", "evaluation_period.opened"} <= actions


def test_a_draft_is_created_without_its_reviews(unit_admin, commune, member, loaded):
    assert client_for(unit_admin).post(URL, _form(commune)).status_code == 302
    period = Period.objects.get()
    assert period.status == "draft" and not Review.objects.filter(period=period).exists()


def test_a_refused_form_says_why_on_its_fields_and_writes_nothing(unit_admin, commune, loaded):
    client = client_for(unit_admin)
    today = dt.date.today()
    early = client.post(URL, _form(commune, closes_on=(today - dt.timedelta(days=1)).strftime("%d/%m/%Y")))
    assert early.status_code == 422 and "The period cannot close before it opens." in early.content.decode()
    bad = client.post(URL, _form(commune, title="", opens_on="31/02/2026", appeal_days="0")).content.decode()
    assert "This field is required." in bad and "Enter a real date as dd/mm/yyyy" in bad
    assert "Ensure this value is greater than or equal to 1." in bad
    assert not Period.objects.exists()
    make_period(unit_admin, commune, title="Kiểm điểm năm")
    twice = client.post(URL, _form(commune, open_now="on"))
    assert twice.status_code == 422 and "This unit already has a period with this title." in twice.content.decode()
    assert Period.objects.count() == 1


def test_the_refusal_is_in_vietnamese_for_a_vietnamese_user(unit_admin, commune, loaded):
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(unit_admin)
    today = dt.date.today()
    page = client.post(URL, _form(commune, closes_on=(today - dt.timedelta(days=1)).strftime("%d/%m/%Y")))
    body = page.content.decode()
    assert page.status_code == 422 and "Ngày đóng không thể trước ngày mở." in body and "Mở ngay" in body


def test_a_unit_outside_the_user_s_subtrees_is_refused_and_a_viewer_may_not_create(unit_admin, leader, outsider,
                                                                                   commune, sibling, loaded):
    refused = client_for(unit_admin).post(URL, _form(sibling))
    assert refused.status_code == 422 and not Period.objects.exists()
    assert client_for(leader).get(URL).status_code == 403  # evaluation.view and approve, not manage
    assert client_for(leader).post(URL, _form(commune)).status_code == 403
    assert client_for(outsider).post(URL, _form(commune)).status_code == 422
    assert not Period.objects.exists()


def test_the_period_page_offers_to_open_a_draft_only_to_those_who_manage_it(unit_admin, leader, commune, loaded):
    period = make_period(unit_admin, commune)
    assert 'data-action="open"' in client_for(unit_admin).get(f"/evaluation/periods/{period.pk}/").content.decode()
    assert 'data-action="open"' not in client_for(leader).get(f"/evaluation/periods/{period.pk}/").content.decode()
