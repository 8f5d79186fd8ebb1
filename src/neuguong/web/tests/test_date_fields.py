"""Every date is chosen with the browser's picker (ISO on the wire) or typed dd/mm/yyyy."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.utils import timezone, translation

from neuguong.ballots.forms import CampaignEditForm
from neuguong.catalogues.forms import OverrideForm
from neuguong.web.forms import DateField, DateTimeField

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


class DayForm(forms.Form):
    day = DateField(label="Day")


class MomentForm(forms.Form):
    moment = DateTimeField(label="Moment")


@pytest.mark.parametrize("typed", ["05/03/2026", "2026-03-05", " 5/3/2026 "])
def test_a_date_is_accepted_typed_the_vietnamese_way_or_as_the_picker_sends_it(typed):
    form = DayForm(data={"day": typed})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == dt.date(2026, 3, 5)


@pytest.mark.parametrize("typed", ["31/02/2026", "03/05/26", "2026-02-30", "hôm nay"])
def test_a_date_that_does_not_exist_is_refused_with_a_vietnamese_message(typed):
    with translation.override("vi"):
        form = DayForm(data={"day": typed})

        assert not form.is_valid()
        assert form.errors["day"] == ["Nhập một ngày có thật theo dạng dd/mm/yyyy, ví dụ 05/03/2026."]


@pytest.mark.parametrize("typed", ["05/03/2026 14:30", "2026-03-05T14:30", "2026-03-05 14:30"])
def test_a_moment_is_accepted_typed_or_from_the_picker_in_local_time(typed):
    with timezone.override(HANOI):
        form = MomentForm(data={"moment": typed})

        assert form.is_valid(), form.errors
    assert form.cleaned_data["moment"] == dt.datetime(2026, 3, 5, 14, 30, tzinfo=HANOI)


def test_a_moment_that_does_not_exist_is_refused_with_a_vietnamese_message():
    with translation.override("vi"):
        form = MomentForm(data={"moment": "31/02/2026 14:30"})

        assert not form.is_valid()
        assert form.errors["moment"] == ["Nhập ngày giờ có thật theo dạng dd/mm/yyyy hh:mm, ví dụ 05/03/2026 14:30."]


def test_a_date_field_renders_the_browsers_date_picker_with_an_iso_value():
    html = str(OverrideForm(initial={"day": dt.date(2026, 3, 5)})["day"])

    assert 'type="date"' in html and 'value="2026-03-05"' in html
    assert "placeholder" not in html


def test_a_date_typed_dd_mm_yyyy_comes_back_to_the_picker_as_iso():
    html = str(OverrideForm(data={"day": "05/03/2026", "kind": "", "name": ""})["day"])

    assert 'value="2026-03-05"' in html


def test_a_refused_date_stays_on_the_page_as_typed():
    html = str(OverrideForm(data={"day": "31/02/2026", "kind": "", "name": ""})["day"])

    assert 'value="31/02/2026"' in html


def test_a_moment_field_renders_the_browsers_datetime_picker_in_local_time():
    closes = dt.datetime(2026, 3, 5, 7, 30, tzinfo=dt.UTC)  # 14:30 in Hà Nội
    with timezone.override(HANOI):
        form = CampaignEditForm(initial={"closes_at": closes})
        html = str(form["closes_at"]) + str(form["held_on"])

    assert 'type="datetime-local"' in html and 'value="2026-03-05T14:30"' in html
    assert 'type="date"' in html and "placeholder" not in html
