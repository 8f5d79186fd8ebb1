"""The honours module's records for the authorization matrix (``web/tests/test_authorization_matrix.py``):
an open round of commune A with a proposed nomination and its evidence, a nomination the council
passed and one approved, and the same in its sibling B; and the tables a denied request must leave
unchanged. The public honour roll is listed in ``PUBLIC_ROUTES``: approved models are public by decision."""

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from neuguong.core.actors import SYSTEM
from neuguong.honours import services
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory

TABLES = ("honours",)
KIND_WORDS = {"rounds": "round", "round": "round", "nominations": "nomination", "nomination": "nomination",
              "evidence": "evidence", "awards": "award", "award": "award"}
MARKERS = ["Đợt thi đua ma trận Thạch Hà", "Thành tích ma trận Thạch Hà", "Minh chứng ma trận Thạch Hà"]


def _records(unit: Any, cell: Any, place: str) -> dict[str, list[Any]]:
    today = dt.date.today()
    round_ = services.round_open(unit_id=unit.pk, kind="yearly", year=today.year,
                                 title=f"Đợt thi đua ma trận {place}", closes_on=today, acting_user=SYSTEM)
    nominations = []
    for number in range(3):
        person = PersonFactory(full_name=f"Người được đề nghị {number} {place}", unit=cell)
        MembershipFactory(person=person, cell=cell)
        nominations.append(services.nomination_propose(
            round_id=round_.pk, award="title.advanced_worker", subject_person_id=person.pk,
            achievements=f"Thành tích ma trận {place}", acting_user=SYSTEM))
    evidence = services.evidence_add(nomination_id=nominations[0].pk, title=f"Minh chứng ma trận {place}",
                                     file=SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4\n%"), acting_user=SYSTEM)
    for nomination in nominations[1:]:
        services.nomination_vote(nomination_id=nomination.pk, members=9, present=9, votes_for=9, votes_against=0,
                                 votes_abstain=0, voted_on=today, acting_user=SYSTEM)
    award = services.nomination_approve(nomination_id=nominations[2].pk, body="UBND xã", decision_number="1/QĐ",
                                        decided_on=today, acting_user=SYSTEM)
    return {"round": [round_], "nomination": nominations[:2], "evidence": [evidence], "award": [award]}


def records(*, commune: Any, cell: Any, sibling: Any, sibling_cell: Any, **_world: Any) -> dict[str, list[Any]]:
    """A's records by kind; B gets the same kinds (never aimed at)."""
    _records(sibling, sibling_cell, "Xã Bên")
    return _records(commune, cell, "Thạch Hà")
