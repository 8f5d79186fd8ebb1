"""Duplicates and over-level petitions.

A new petition is linked to earlier ones from the same person (the same citizen ID through its
keyed hash, or the same name and address without regard to diacritics) or with similar content
(word sequences compared without diacritics). An officer confirms or dismisses each link. A
confirmed link to a resolved petition marks the new one as raised again after resolution.

A petition is over-level when its competent unit lies below the unit that received it and no
confirmed earlier petition handled in the competent unit's subtree has been resolved.
"""

from difflib import SequenceMatcher
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from neuguong.audit import services as audit
from neuguong.core.errors import ServiceError

from ..models import LinkReason, LinkStatus, Petition, PetitionLink, PetitionStatus
from .common import actor_of, history, locked

SIMILARITY_THRESHOLD = 0.6
# Content is compared with the most recent petitions of the same kind in the same province.
CONTENT_CANDIDATES = 300
WORDS_COMPARED = 400


def _words(text: str) -> list[str]:
    return text.split()[:WORDS_COMPARED]


def similarity(a: str, b: str) -> float:
    """How alike two search keys are, from 0 to 1, word by word."""
    matcher = SequenceMatcher(None, _words(a), _words(b), autojunk=False)
    if matcher.real_quick_ratio() < SIMILARITY_THRESHOLD or matcher.quick_ratio() < SIMILARITY_THRESHOLD:
        return 0.0
    return matcher.ratio()


def _family(petition: Petition) -> Q:
    """The petition and those split from the same letter: never duplicates of each other."""
    root = petition.split_from_id or petition.pk
    return Q(pk=root) | Q(split_from_id=root)


def _province_path(petition: Petition) -> str:
    return "/" + petition.unit.path.strip("/").split("/")[0] + "/"


def _person_matches(petition: Petition) -> dict[int, tuple[str, float]]:
    found: dict[int, tuple[str, float]] = {}
    earlier = Petition.objects.exclude(_family(petition))
    if petition.citizen_id_hash:
        for pk in earlier.filter(citizen_id_hash=petition.citizen_id_hash).values_list("pk", flat=True)[:50]:
            found[pk] = (LinkReason.SAME_CITIZEN_ID, 1.0)
    if petition.person_key.strip("|"):
        for pk in earlier.filter(person_key=petition.person_key).values_list("pk", flat=True)[:50]:
            found.setdefault(pk, (LinkReason.SAME_NAME_ADDRESS, 1.0))
    return found


def _content_matches(petition: Petition) -> dict[int, tuple[str, float]]:
    candidates = (
        Petition.objects.exclude(_family(petition))
        .filter(kind_id=petition.kind_id, unit__path__startswith=_province_path(petition))
        .order_by("-received_on", "-pk")
        .values_list("pk", "content_key")[:CONTENT_CANDIDATES]
    )
    found: dict[int, tuple[str, float]] = {}
    for pk, key in candidates:
        score = similarity(petition.content_key, key)
        if score >= SIMILARITY_THRESHOLD:
            found[pk] = (LinkReason.SIMILAR_CONTENT, round(score, 3))
    return found


def link_duplicates(petition: Petition) -> list[PetitionLink]:
    """Suggest links from a new petition to earlier ones. Caller holds the transaction."""
    found = _content_matches(petition)
    found.update(_person_matches(petition))
    links = [PetitionLink(petition=petition, earlier_id=pk, reason=reason, score=score)
             for pk, (reason, score) in found.items() if pk < petition.pk]
    return PetitionLink.objects.bulk_create(links, ignore_conflicts=True)


def is_over_level(petition: Petition) -> bool:
    competent = petition.competent_unit
    received = petition.received_unit
    if competent is None or competent.pk == received.pk or not competent.path.startswith(received.path):
        return False
    resolved_below = PetitionLink.objects.filter(
        petition=petition, status=LinkStatus.CONFIRMED, earlier__status=PetitionStatus.RESOLVED,
        earlier__unit__path__startswith=competent.path,
    )
    return not resolved_below.exists()


def _decide(link_id: int, status: str, acting_user: Any) -> PetitionLink:
    link = locked(PetitionLink.objects.select_related("petition__unit", "earlier"), acting_user, link_id,
                  view="reception.view", action="reception.handle")
    if link.status != LinkStatus.SUGGESTED:
        raise ServiceError("already_decided", _("This possible duplicate has already been %(status)s.")
                           % {"status": link.get_status_display().lower()})
    link.status, link.decided_by, link.decided_at = status, actor_of(acting_user), timezone.now()
    link.save(update_fields=["status", "decided_by", "decided_at"])
    return link


@transaction.atomic
def link_confirm(*, link_id: int, acting_user: Any) -> PetitionLink:
    """Confirm a duplicate; raised again after resolution and over-level are updated."""
    link = _decide(link_id, LinkStatus.CONFIRMED, acting_user)
    petition = (Petition.objects.select_for_update(of=("self",), no_key=True)
                .select_related("unit", "received_unit", "competent_unit").get(pk=link.petition_id))
    before = {"raised_again": petition.raised_again, "over_level": petition.over_level}
    petition.raised_again = petition.raised_again or link.earlier.status == PetitionStatus.RESOLVED
    petition.over_level = is_over_level(petition)
    petition.save(update_fields=["raised_again", "over_level", "updated_at"])
    after = {"raised_again": petition.raised_again, "over_level": petition.over_level, "earlier": link.earlier_id}
    history(petition, acting_user, "duplicate_confirmed", details={"earlier": link.earlier.tracking_code})
    audit.record(acting_user, "petition.duplicate_confirmed", petition, before=before, after=after)
    return link


@transaction.atomic
def link_dismiss(*, link_id: int, acting_user: Any) -> PetitionLink:
    link = _decide(link_id, LinkStatus.DISMISSED, acting_user)
    history(link.petition, acting_user, "duplicate_dismissed", details={"earlier": link.earlier.tracking_code})
    audit.record(acting_user, "petition.duplicate_dismissed", link.petition, after={"earlier": link.earlier_id})
    return link
