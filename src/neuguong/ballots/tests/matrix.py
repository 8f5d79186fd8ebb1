"""The ballots' records for the authorization matrix (``web/tests/test_authorization_matrix.py``):
an open campaign with a candidate and a box in commune A and in its sibling B, and the tables a
denied request must leave unchanged."""

from typing import Any

from neuguong.ballots import services
from neuguong.ballots.models import CampaignKind
from neuguong.catalogues import services as catalogue_services
from neuguong.core.actors import SYSTEM
from neuguong.orgs.tests.factories import PersonFactory

TABLES = ("ballots",)
KIND_WORDS = {"campaign": "campaign", "campaigns": "campaign", "ballots": "campaign", "candidate": "candidate",
              "candidates": "candidate", "box": "box", "boxes": "box"}
MARKERS = ["Lấy phiếu ma trận Thạch Hà", "Ứng Viên Ma Trận Thạch Hà"]


def _records(unit: Any, manager: Any, place: str) -> dict[str, list[Any]]:
    campaign = services.campaign_create(unit_id=unit.pk, title=f"Lấy phiếu ma trận {place}",
                                        kind=CampaignKind.CONFIDENCE_BALLOT, period="2025", acting_user=manager)
    candidate = services.candidate_add(campaign_id=campaign.pk, acting_user=manager,
                                       person_id=PersonFactory(full_name=f"Ứng Viên Ma Trận {place}", unit=unit).pk)
    box = services.box_create(campaign_id=campaign.pk, name="Hòm phiếu số 1", acting_user=manager)
    services.campaign_open(campaign_id=campaign.pk, acting_user=manager)
    return {"campaign": [campaign], "candidate": [candidate], "box": [box]}


def records(*, commune: Any, sibling: Any, unit_admin: Any, outsider: Any, **_world: Any) -> dict[str, list[Any]]:
    catalogue_services.catalogues_load(acting_user=SYSTEM)  # the confidence catalogue
    _records(sibling, outsider, "Xã Bên")
    return _records(commune, unit_admin, "Thạch Hà")
