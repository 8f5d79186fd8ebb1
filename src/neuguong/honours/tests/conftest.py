"""Fixtures of the honours tests: a yearly round of commune A and a nomination in it.

The three standard actors keep their meaning: ``unit_admin`` (commune A: opens rounds, nominates,
records the council's vote and approves), ``member`` (a party member of A, who reads no round) and
``outsider`` (administrator of commune B)."""

import datetime as dt

import pytest
from django.test import Client

from neuguong.honours import services

TODAY = dt.date.today()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def open_round(user, unit, *, kind="yearly", title="Bình xét thi đua năm", closes_on=None):
    return services.round_open(unit_id=unit.pk, kind=kind, year=TODAY.year, title=title,
                               closes_on=closes_on or TODAY + dt.timedelta(days=30), acting_user=user)


def propose(user, round_, *, person=None, unit=None, award="title.advanced_worker", field="economy"):
    return services.nomination_propose(round_id=round_.pk, award=award, achievements="Hoàn thành xuất sắc nhiệm vụ",
                                       subject_person_id=person.pk if person else None,
                                       subject_unit_id=unit.pk if unit else None, field=field,
                                       story="Câu chuyện điển hình", acting_user=user)


def vote(user, nomination, *, members=9, present=8, votes_for=6, votes_against=1, votes_abstain=1):
    return services.nomination_vote(nomination_id=nomination.pk, members=members, present=present,
                                    votes_for=votes_for, votes_against=votes_against, votes_abstain=votes_abstain,
                                    voted_on=TODAY, acting_user=user)


def approve(user, nomination, *, number="15-QĐ/UBND"):
    return services.nomination_approve(nomination_id=nomination.pk, body="Chủ tịch UBND xã Thạch Hà",
                                       decision_number=number, decided_on=TODAY, acting_user=user)


@pytest.fixture
def round_(unit_admin, commune):
    return open_round(unit_admin, commune)


@pytest.fixture
def nomination(unit_admin, round_, member):
    return propose(unit_admin, round_, person=member.person)
