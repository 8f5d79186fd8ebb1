"""The reception's records for the authorization matrix (``web/tests/test_authorization_matrix.py``):
a petition, a session, a schedule, a dialogue and a commitment in commune A and in its sibling B,
and the tables a denied request must leave unchanged."""

import datetime as dt
from typing import Any

from django.utils import timezone

from neuguong.accounts.permissions import Role
from neuguong.catalogues import services as catalogue_services
from neuguong.core.actors import SYSTEM
from neuguong.orgs.tests.factories import PersonFactory, UserFactory, grant
from neuguong.reception import services

TABLES = ("reception",)
KIND_WORDS = {
    "petition": "petition", "petitions": "petition", "session": "session", "sessions": "session",
    "reception-sessions": "session", "schedule": "schedule", "schedules": "schedule",
    "reception-schedules": "schedule", "dialogue": "dialogue", "dialogues": "dialogue",
    "commitment": "commitment", "commitments": "commitment", "dialogue-commitments": "commitment",
}
MARKERS = ["Tranh chấp đất ma trận Thạch Hà", "Đỗ Thị Ma Trận Thạch Hà", "Tiếp dân ma trận Thạch Hà",
           "Đối thoại ma trận Thạch Hà"]


def _records(unit: Any, officer: Any, place: str) -> dict[str, list[Any]]:
    today = timezone.localdate()
    petition = services.petition_receive(
        unit_id=unit.pk, kinds=["complaint"], channel="post", acting_user=officer,
        data={"subject": f"Tranh chấp đất ma trận {place}", "content": "Đề nghị xem xét ranh giới đất.",
              "petitioner_name": f"Đỗ Thị Ma Trận {place}", "petitioner_address": f"Thôn Đông, {place}"})[0]
    session = services.session_create(unit_id=unit.pk, title=f"Tiếp dân ma trận {place}",
                                      held_on=today + dt.timedelta(days=3), acting_user=officer)
    schedule = services.schedule_create(unit_id=unit.pk, title=f"Lịch tiếp dân ma trận {place}", day_of_month=15,
                                        acting_user=officer)
    dialogue = services.dialogue_create(unit_id=unit.pk, topic=f"Đối thoại ma trận {place}", held_on=today,
                                        leaders="Bí thư", issues="Đường làng", acting_user=officer)
    commitment = services.commitment_add(dialogue_id=dialogue.pk, text="Sửa đường làng", owner_name="UBND xã",
                                         due_on=today + dt.timedelta(days=30), acting_user=officer)
    return {"petition": [petition], "session": [session], "schedule": [schedule], "dialogue": [dialogue],
            "commitment": [commitment]}


def records(*, commune: Any, sibling: Any, **_world: Any) -> dict[str, list[Any]]:
    """A's records by kind; B gets the same kinds (never aimed at)."""
    catalogue_services.catalogues_load(acting_user=SYSTEM)
    officers = []
    for username, unit in (("matrix_officer_a", commune), ("matrix_officer_b", sibling)):
        # Named, not left to the factory's sequence: a generated name can be one of A's markers.
        officer = UserFactory(username=username, person=PersonFactory(full_name=f"Cán bộ tiếp dân {username}",
                                                                      unit=unit))
        grant(officer, Role.RECEPTION_STAFF, unit)
        officers.append(officer)
    _records(sibling, officers[1], "Xã Bên")
    return _records(commune, officers[0], "Thạch Hà")
