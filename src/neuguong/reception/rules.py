"""Rules of the reception that both reads and writes need, kept apart from both so that selectors
never import services: which deadline rules run in which status, and how a tracking code is written."""

from neuguong.catalogues import selectors as catalogue
from neuguong.catalogues.models import DeadlineRule, PetitionKind

from .models import PetitionStatus

# The catalogue's ``from_event`` of the rules that run in each open status.
STAGE_EVENTS = {PetitionStatus.RECEIVED: "received", PetitionStatus.ACCEPTED: "accepted"}

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def rules_for(kind: PetitionKind, event: str) -> list[DeadlineRule]:
    """Rules counted from ``event`` for the kind: those of the kind first, then those for any kind,
    each in catalogue order."""
    rules = [rule for rule in catalogue.deadline_rules(kind.code) if rule.from_event == event]
    return sorted(rules, key=lambda rule: rule.petition_kind_id is None)


def normalize_code(value: str) -> str:
    """A tracking code as typed (any case, spaces, dashes) in its printed form ``ABCDE-FGHJK``."""
    raw = "".join(ch for ch in str(value or "").upper() if ch.isalnum())
    return f"{raw[:5]}-{raw[5:]}" if len(raw) == CODE_LENGTH else raw
