"""Receiving petitions from every channel: at a reception session, by post, forwarded by another
body, or online from the public portal. A petition mixing several kinds becomes one petition per
kind (Luật Tiếp công dân art. 25.3), each with its own tracking code and deadline."""

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from neuguong.accounts.scoping import NotFound, access, scoped
from neuguong.audit import services as audit
from neuguong.catalogues.models import PetitionKind
from neuguong.core import crypto
from neuguong.core.errors import ServiceError
from neuguong.core.text import search_key
from neuguong.orgs.models import Unit, UnitStatus

from ..models import DENUNCIATION, Attachment, Channel, Petition, PetitionStatus
from . import attachments as files
from .common import (
    PUBLIC,
    actor_of,
    check_day,
    clean_citizen_id,
    clean_phone,
    clean_text,
    encrypted_id,
    history,
    invalid,
    invalid_many,
    locked,
    person_key,
    phone_tail,
)
from .deadlines import STAGE_EVENTS, default_rule, start_stage
from .duplicates import is_over_level, link_duplicates
from .throttle import submit_attempt, track_attempt
from .workflow import ensure_allowed

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
PHONE_DIGITS_TRACKED = 4
OFFICER_CHANNELS = (Channel.POST, Channel.FORWARDED, Channel.SESSION)


@dataclass
class PetitionData:
    """Checked values of a petition as typed by an officer or a citizen."""

    subject: str
    content: str
    petitioner_name: str
    petitioner_address: str
    petitioner_phone: str = ""
    petitioner_email: str = ""
    citizen_id: str = ""
    group_size: int = 1
    representatives: str = ""
    sender_body: str = ""
    sender_document: str = ""
    previously_resolved_by: str = ""
    is_remote: bool = False


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _n in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def normalize_code(value: str) -> str:
    raw = "".join(ch for ch in str(value or "").upper() if ch.isalnum())
    return f"{raw[:5]}-{raw[5:]}" if len(raw) == CODE_LENGTH else raw


def _required(data: dict[str, Any], errors: dict[str, list[str]], name: str, message: str, limit: int) -> str:
    value = clean_text(data.get(name)) if name != "content" else str(data.get(name) or "").strip()
    if not value:
        errors.setdefault(name, []).append(message)
    elif len(value) > limit:
        errors.setdefault(name, []).append(_("Write at most %(n)d characters.") % {"n": limit})
    return value


def _optional(data: dict[str, Any], name: str, limit: int) -> str:
    return clean_text(data.get(name))[:limit]


def _collect(errors: dict[str, list[str]], field: str, check: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return check(*args, **kwargs)
    except ServiceError as error:
        for name, messages in error.field_errors.items():
            errors.setdefault(field if name in ("phone", "citizen_id") else name, []).extend(messages)
        return ""


def clean_petition_data(data: dict[str, Any], *, phone_required: bool = False) -> PetitionData:
    """Every field checked at once: all problems are reported together."""
    errors: dict[str, list[str]] = {}
    subject = _required(data, errors, "subject", _("Say in a few words what the petition is about."), 200)
    content = _required(data, errors, "content", _("Write the content of the petition."), 20000)
    name = _required(data, errors, "petitioner_name", _("Enter the petitioner's full name."), 120)
    address = _required(data, errors, "petitioner_address", _("Enter the petitioner's address."), 255)
    phone = _collect(errors, "petitioner_phone", clean_phone, data.get("petitioner_phone"), required=phone_required)
    citizen_id = _collect(errors, "citizen_id", clean_citizen_id, data.get("citizen_id"))
    email = clean_text(data.get("petitioner_email"))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.setdefault("petitioner_email", []).append(_("Enter a valid email address."))
    group_size = data.get("group_size") or 1
    if not isinstance(group_size, int) or isinstance(group_size, bool) or not 1 <= group_size <= 10000:
        errors.setdefault("group_size", []).append(_("Enter the number of people, 1 or more."))
    if errors:
        raise invalid_many(errors)
    return PetitionData(
        subject=subject, content=content, petitioner_name=name, petitioner_address=address, petitioner_phone=phone,
        petitioner_email=email, citizen_id=citizen_id, group_size=group_size,
        representatives=str(data.get("representatives") or "").strip()[:2000],
        sender_body=_optional(data, "sender_body", 200), sender_document=_optional(data, "sender_document", 100),
        previously_resolved_by=_optional(data, "previously_resolved_by", 200), is_remote=bool(data.get("is_remote")),
    )


def clean_kinds(codes: Any) -> list[PetitionKind]:
    """The kinds a petition raises, by catalogue code, each once."""
    wanted = list(dict.fromkeys(str(code) for code in (codes or []) if code))
    if not wanted:
        raise invalid("kinds", _("Choose the kind of petition."))
    kinds = {kind.code: kind for kind in PetitionKind.objects.filter(code__in=wanted)}
    unknown = [code for code in wanted if code not in kinds]
    if unknown:
        raise invalid("kinds", _("Unknown kind of petition: %(codes)s.") % {"codes": ", ".join(unknown)})
    return [kinds[code] for code in wanted]


def ensure_active_unit(unit: Unit, field: str = "unit_id") -> Unit:
    if unit.status != UnitStatus.ACTIVE:
        raise invalid(field, _("%(unit)s is no longer active.") % {"unit": unit.name})
    return unit


def receiving_unit(user: Any, unit_id: Any) -> Unit:
    """An active unit of the user's subtrees where the user handles petitions, locked until the
    transaction ends: its dissolution or merger locks it too, so it cannot come between this
    check and the petition, session or dialogue written for the unit."""
    unit = access(Unit.objects.all(), user, unit_id, view="units.view", action="reception.handle", lock=True)
    return ensure_active_unit(unit)


def locked_active_unit(unit_id: int, field: str = "unit_id") -> Unit:
    """The unit of a record already reached through the user's scope, locked like ``receiving_unit``."""
    return ensure_active_unit(Unit.objects.select_for_update(no_key=True).get(pk=unit_id), field)


def referenced_unit(user: Any, unit_id: Any, base: Unit, field: str) -> Unit | None:
    """A unit named on a petition: one of the user's subtrees, or an ancestor of ``base``."""
    if unit_id in (None, ""):
        return None
    ancestors = [int(part) for part in base.path.strip("/").split("/")]
    units = Unit.objects.filter(status=UnitStatus.ACTIVE)
    found = None
    if str(unit_id).isdigit():
        found = (scoped(units, user, "units.view") | units.filter(pk__in=ancestors)).filter(pk=unit_id).first()
    if found is None:
        raise invalid(field, _("Choose an active unit."))
    return found


def _insert(petition: Petition) -> None:
    """Save a new petition with a fresh tracking code (a collision draws another)."""
    for _attempt in range(5):
        petition.tracking_code = new_tracking_code()
        try:
            with transaction.atomic():
                petition.save(force_insert=True)
            return
        except IntegrityError:
            petition.pk = None
            if not Petition.objects.filter(tracking_code=petition.tracking_code).exists():
                raise
    raise ServiceError("tracking_code", _("No tracking code could be drawn. Try again."))


def build_petition(*, unit: Unit, kind: PetitionKind, channel: str, data: PetitionData, received_on: dt.date,
                   acting_user: Any, competent_unit: Unit | None = None, session: Any = None, visit: Any = None,
                   split_from: Petition | None = None, received_unit: Unit | None = None,
                   protected: bool = False) -> Petition:
    """Create one petition of one kind with its first deadline, history, links and audit event.
    ``protected``: part of a letter that denounces, whose petitioner is protected like the
    denouncer. Caller holds the transaction."""
    encrypted, hashed = encrypted_id(data.citizen_id)
    petition = Petition(
        unit=unit, received_unit=received_unit or unit, competent_unit=competent_unit, kind=kind,
        protected_identity=protected or kind.code == DENUNCIATION, channel=channel, session=session, visit=visit,
        split_from=split_from, sender_body=data.sender_body, sender_document=data.sender_document,
        previously_resolved_by=data.previously_resolved_by, subject=data.subject, content=data.content,
        content_key=search_key(f"{data.subject} {data.content}"), petitioner_name=data.petitioner_name,
        petitioner_address=data.petitioner_address, petitioner_phone=data.petitioner_phone,
        petitioner_email=data.petitioner_email, citizen_id_encrypted=encrypted, citizen_id_hash=hashed,
        person_key=person_key(data.petitioner_name, data.petitioner_address), group_size=data.group_size,
        representatives=data.representatives, received_on=received_on, status=PetitionStatus.RECEIVED,
        is_remote=data.is_remote, created_by=actor_of(acting_user),
    )
    start_stage(petition, default_rule(kind, STAGE_EVENTS[PetitionStatus.RECEIVED]), received_on)
    _insert(petition)
    petition.over_level = is_over_level(petition)
    if petition.over_level:
        petition.save(update_fields=["over_level"])
    links = link_duplicates(petition)
    history(petition, acting_user, "received", before="", details={"channel": channel, "kind": kind.code})
    audit.record(acting_user, "petition.received", petition, after={
        "tracking_code": petition.tracking_code, "kind": kind.code, "channel": channel, "unit": unit.pk,
        "due_on": petition.due_on, "over_level": petition.over_level, "possible_duplicates": len(links),
        "split_from": split_from.pk if split_from else None,
    })
    from .reminders import schedule_petition_reminder

    schedule_petition_reminder(petition)
    return petition


def denounces(kinds: list[PetitionKind]) -> bool:
    return any(kind.code == DENUNCIATION for kind in kinds)


def _protect_family(petition: Petition, acting_user: Any) -> None:
    """A letter found to denounce as well: its parts already recorded protect the petitioner too."""
    root = petition.split_from_id or petition.pk
    family = Petition.objects.filter(Q(pk=root) | Q(split_from_id=root), protected_identity=False)
    for member in family.select_for_update(of=("self",), no_key=True):
        member.protected_identity = True
        member.save(update_fields=["protected_identity", "updated_at"])
        audit.record(acting_user, "petition.identity_protected", member, after={"protected_identity": True})


def _receive_all(*, unit: Unit, kinds: list[PetitionKind], channel: str, data: PetitionData, received_on: dt.date,
                 acting_user: Any, uploads: list[files.CheckedFile], **links: Any) -> list[Petition]:
    """One petition per kind; the later ones are split from the first. Files go with each. When
    one of the kinds is a denunciation, every part protects the petitioner: they are one person."""
    petitions: list[Petition] = []
    stored: list[Attachment] = []
    protected = denounces(kinds)
    try:
        for kind in kinds:
            petition = build_petition(unit=unit, kind=kind, channel=channel, data=data, received_on=received_on,
                                      acting_user=acting_user, split_from=petitions[0] if petitions else None,
                                      protected=protected, **links)
            petitions.append(petition)
        stored = files.store(petitions[0], uploads, acting_user)
        for petition in petitions[1:]:
            files.copy_to(petition, stored)
    except Exception:
        files.discard(stored)
        raise
    return petitions


@transaction.atomic
def petition_receive(*, unit_id: int | None, kinds: list[str], channel: str, data: dict[str, Any], acting_user: Any,
                     received_on: dt.date | None = None, competent_unit_id: int | None = None,
                     attachments: Any = (), session_id: int | None = None, visit_id: int | None = None,
                     ) -> list[Petition]:
    """An officer records a petition received by post, forwarded by another body, or raised by a
    visitor at a session. Returns one petition per kind. A visitor's petition is received by the
    session's unit, whatever ``unit_id`` says; any other needs ``unit_id`` (else it is not found)."""
    if channel not in OFFICER_CHANNELS:
        raise invalid("channel", _("Choose how the petition arrived."))
    visit = _visit_for(channel, session_id, visit_id, acting_user)
    unit = locked_active_unit(visit.session.unit_id) if visit is not None else receiving_unit(acting_user, unit_id)
    kinds_found = clean_kinds(kinds)
    cleaned = clean_petition_data(data)
    if channel == Channel.FORWARDED and not cleaned.sender_body:
        raise invalid("sender_body", _("Name the body that forwarded the petition."))
    day = check_day("received_on", received_on)
    competent = referenced_unit(acting_user, competent_unit_id, unit, "competent_unit_id")
    uploads = files.check_files(attachments)
    return _receive_all(unit=unit, kinds=kinds_found, channel=channel,
                        data=cleaned, received_on=day, acting_user=acting_user, uploads=uploads,
                        competent_unit=competent, session=visit.session if visit else None, visit=visit)


def _visit_for(channel: str, session_id: Any, visit_id: Any, user: Any) -> Any:
    from ..models import Visit

    if channel != Channel.SESSION:
        return None
    if not visit_id:
        raise invalid("visit_id", _("A petition raised at a session belongs to a visitor of that session."))
    visit = locked(Visit.objects.select_related("session__unit"), user, visit_id, view="reception.view",
                   action="reception.handle")
    if visit.refused or (session_id and str(visit.session_id) != str(session_id)):
        raise invalid("visit_id", _("This visitor cannot raise a petition in this session."))
    return visit


def public_unit(unit_id: Any) -> Unit:
    from ..selectors import public_units

    # Locked like ``receiving_unit``; one dissolved while this waited for the lock is not found.
    unit = (public_units().select_for_update(no_key=True).filter(pk=unit_id).first()
            if str(unit_id or "").isdigit() else None)
    if unit is None:
        raise invalid("unit_id", _("Choose the body you are addressing."))
    return unit


@transaction.atomic
def petition_submit_online(*, unit_id: Any, kinds: list[str], data: dict[str, Any], client: str,
                           attachments: Any = ()) -> list[Petition]:
    """A citizen sends a petition from the public portal (rate-limited per client address and per
    phone number); the tracking codes are returned, one per kind."""
    submit_attempt(client=client, phone=str(data.get("petitioner_phone") or ""))
    unit = public_unit(unit_id)
    kinds_found = clean_kinds(kinds)
    cleaned = clean_petition_data(data, phone_required=True)
    uploads = files.check_files(attachments)
    return _receive_all(unit=unit, kinds=kinds_found, channel=Channel.ONLINE, data=cleaned,
                        received_on=check_day("received_on", None), acting_user=PUBLIC, uploads=uploads)


@transaction.atomic
def petition_split(*, petition_id: int, kinds: list[str], reason: str, acting_user: Any) -> list[Petition]:
    """A received petition that also raises other kinds: one new petition per other kind."""
    petition = locked(Petition.objects.select_related("unit", "received_unit", "kind", "competent_unit", "session",
                                                      "visit"), acting_user, petition_id,
                      view="reception.view", action="reception.handle")
    ensure_allowed(petition, "split")
    found = [kind for kind in clean_kinds(kinds) if kind.pk != petition.kind_id]
    if not found:
        raise invalid("kinds", _("Choose the other kinds this petition raises."))
    data = PetitionData(
        subject=petition.subject, content=petition.content, petitioner_name=petition.petitioner_name,
        petitioner_address=petition.petitioner_address, petitioner_phone=petition.petitioner_phone,
        petitioner_email=petition.petitioner_email, citizen_id=crypto.decrypt(petition.citizen_id_encrypted),
        group_size=petition.group_size,
        representatives=petition.representatives, sender_body=petition.sender_body,
        sender_document=petition.sender_document, previously_resolved_by=petition.previously_resolved_by,
        is_remote=petition.is_remote,
    )
    existing = list(petition.attachments.all())
    protected = petition.protected_identity or denounces(found)
    if protected and not petition.protected_identity:
        _protect_family(petition, acting_user)
    created = []
    for kind in found:
        new = build_petition(unit=petition.unit, kind=kind, channel=petition.channel, data=data,
                             received_on=petition.received_on, acting_user=acting_user,
                             competent_unit=petition.competent_unit, session=petition.session,
                             visit=petition.visit, split_from=petition.split_from or petition,
                             received_unit=petition.received_unit, protected=protected)
        files.copy_to(new, existing)
        created.append(new)
    codes = [new.tracking_code for new in created]
    history(petition, acting_user, "split", note=clean_text(reason), details={"into": codes})
    audit.record(acting_user, "petition.split", petition, after={"into": [new.pk for new in created]},
                 note=clean_text(reason))
    return created


@transaction.atomic
def attachment_add(*, petition_id: int, attachments: Any, acting_user: Any) -> list[Attachment]:
    """Add scanned documents to a petition being handled."""
    petition = locked(Petition.objects.select_related("unit"), acting_user, petition_id, view="reception.view",
                      action="reception.handle")
    uploads = files.check_files(attachments)
    if not uploads:
        raise invalid("attachments", _("Choose a file to attach."))
    stored: list[Attachment] = []
    try:
        stored = files.store(petition, uploads, acting_user)
        history(petition, acting_user, "attachment_added", details={"files": [a.original_name for a in stored]})
        audit.record(acting_user, "petition.attachment_added", petition,
                     after={"attachments": [a.pk for a in stored]})
    except Exception:
        files.discard(stored)
        raise
    return stored


def petition_track(*, code: str, phone_digits: str, client: str) -> Petition:
    """The petition a citizen follows with its tracking code and the last digits of the phone
    number given with it. Any mismatch answers the same as a code that does not exist. Attempts
    are rate-limited per client address and per code, so neither codes nor digits can be guessed."""
    code = normalize_code(code)
    track_attempt(client=client, code=code)
    digits = "".join(ch for ch in str(phone_digits or "") if ch.isdigit())
    if len(digits) < PHONE_DIGITS_TRACKED:
        raise invalid("phone_digits", _("Enter the last %(n)d digits of the phone number given with the petition.")
                      % {"n": PHONE_DIGITS_TRACKED})
    found = Petition.objects.select_related("unit").filter(tracking_code=code).first()
    expected = phone_tail(found.petitioner_phone, PHONE_DIGITS_TRACKED) if found else ""
    given = digits[-PHONE_DIGITS_TRACKED:]
    if found is None or len(expected) < PHONE_DIGITS_TRACKED or not secrets.compare_digest(expected, given):
        raise NotFound(_("No petition matches this tracking code and phone number."))
    return found
