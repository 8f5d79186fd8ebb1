"""Every read of the reception, limited to the user's subtrees.

A denouncer's identity (name, address, phone, citizen ID) and the attachments of a denunciation
are given only to holders of ``reception.view_denouncer`` on the petition's unit, and only on the
petition's own page: lists, exports and searches by person never expose them.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypedDict, cast

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.accounts.models import User
from neuguong.accounts.scoping import NotFound, access, has_permission, scoped, unit_paths_with
from neuguong.catalogues import calendar, language
from neuguong.catalogues import selectors as catalogue
from neuguong.catalogues.models import CatalogueSetting, DeadlineRule, PetitionKind
from neuguong.core import crypto
from neuguong.core.lifecycle import histories_of, history_of
from neuguong.core.models import StateChange
from neuguong.core.text import search_key
from neuguong.orgs.models import PARTY_KINDS, Unit, UnitKind, UnitStatus

from .models import (
    COMMITMENT_OPEN,
    OPEN_STATUSES,
    Attachment,
    Commitment,
    CommitmentStatus,
    Dialogue,
    LinkReason,
    Petition,
    PetitionLink,
    PetitionStatus,
    ReceptionSession,
    Reminder,
    SessionSchedule,
    SessionStatus,
    Visit,
)
from .rules import STAGE_EVENTS, normalize_code, rules_for

DUE_SOON_WORKING_DAYS = 3
DEFAULT_LONG_STANDING_DAYS = 30
# The columns a list, an export or the API's list shows: never the content, the identity beyond
# the name, or the citizen ID.
LIST_FIELDS = (
    "tracking_code", "subject", "channel", "status", "received_on", "due_on", "extensions", "is_complex",
    "is_remote", "over_level", "raised_again", "protected_identity", "petitioner_name", "closed_on", "closed_late",
    "unit_id", "received_unit_id", "competent_unit_id", "assigned_to_id", "kind_id",
)
_KIND = PetitionKind.objects.filter(pk=OuterRef("kind_id"))
# The names of the unit, kind and officer come as annotations, so a page of 50 petitions builds 50
# objects, not 200. The unit's joins the scope's; the others are subqueries, which the paginator's
# COUNT drops (joins would stay and make PostgreSQL read every matching row from the table).
LIST_NAMES = ("unit_name", "kind_code", "kind_name", "officer")


def _list_names() -> dict[str, Any]:
    """``LIST_NAMES`` as annotations; the kind's name in the active language, as ``tr`` gives it
    (the Vietnamese name when the English one is missing)."""
    kind_name: Any = F("name")
    if language.in_english():
        kind_name = Coalesce(NullIf(language.english_field("name"), Value("")), "name")
    return {
        "unit_name": F("unit__name"),
        "kind_code": Subquery(_KIND.values("code")[:1]),
        "kind_name": Subquery(_KIND.annotate(shown=kind_name).values("shown")[:1]),
        "officer": Subquery(User.objects.filter(pk=OuterRef("assigned_to_id")).values("username")[:1]),
    }
# The bodies that receive citizens' petitions: party committees of the province and the communes
# (wards, blocs), and their People's Committees and Councils; never cells or grassroots organisations.
PUBLIC_UNIT_KINDS = (UnitKind.PROVINCE_COMMITTEE, UnitKind.SUBORDINATE_COMMITTEE,
                     UnitKind.PEOPLES_COMMITTEE, UnitKind.PEOPLES_COUNCIL)
PUBLIC_UNIT_DEPTH = 2
# The level of a body: that of its party committee (a People's Committee sits below its committee).
PUBLIC_LEVELS = (_("Provincial level"), _("Commune, ward and equivalent level"))


class ListNames(TypedDict):
    """What ``LIST_NAMES`` annotates: the kind is required (and protected), the officer is not."""

    unit_name: str
    kind_code: str
    kind_name: str
    officer: str | None


def list_names(petition: Petition) -> ListNames:
    """The names annotated on a petition read through ``for_lists`` or ``petition_get``: the type
    checker does not see queryset annotations as attributes of the model."""
    return cast(ListNames, {name: getattr(petition, name) for name in LIST_NAMES})


def long_standing_days() -> int:
    """Days past the deadline after which an open case is long-standing: the catalogue setting
    ``reception.long_standing_days`` when an administrator set one."""
    try:
        return int(catalogue.setting_value("reception.long_standing_days"))
    except (CatalogueSetting.DoesNotExist, TypeError, ValueError):
        return DEFAULT_LONG_STANDING_DAYS


def due_soon_horizon(today: dt.date | None = None) -> dt.date:
    return calendar.add_working_days(today or timezone.localdate(), DUE_SOON_WORKING_DAYS)


# --- Petitions -------------------------------------------------------------------------------


def _denouncer_paths(user: Any) -> Q:
    """Petitions whose petitioner the user may see: any non-denunciation, and denunciations of
    units where the user holds ``reception.view_denouncer``."""
    condition = Q(protected_identity=False)
    for path in unit_paths_with(user, "reception.view_denouncer"):
        condition |= Q(unit__path__startswith=path)
    return condition


def _search(petitions: QuerySet[Petition], user: Any, q: str) -> QuerySet[Petition]:
    q = (q or "").strip()
    if not q:
        return petitions
    code = normalize_code(q)
    if len(code) == 11 and code[5] == "-":
        return petitions.filter(tracking_code=code)
    person = _denouncer_paths(user)
    digits = q.replace(" ", "")
    if digits.isdigit() and len(digits) in (9, 12):
        return petitions.filter(person, citizen_id_hash=crypto.keyed_hash(digits))
    key = search_key(q)
    return petitions.filter(Q(content_key__contains=key) | (person & Q(person_key__contains=key)))


def _flagged(petitions: QuerySet[Petition], flag: str, today: dt.date) -> QuerySet[Petition]:
    if flag == "overdue":
        return petitions.filter(status__in=OPEN_STATUSES, due_on__lt=today)
    if flag == "due_soon":
        return petitions.filter(status__in=OPEN_STATUSES, due_on__gte=today, due_on__lte=due_soon_horizon(today))
    if flag == "over_level":
        return petitions.filter(over_level=True)
    if flag == "long_standing":
        return petitions.filter(long_standing_condition(today))
    if flag == "open":
        return petitions.filter(status__in=OPEN_STATUSES)
    return petitions


def long_standing_condition(today: dt.date | None = None, days: int | None = None) -> Q:
    """Open past the deadline by more than the configured days, or raised again after resolution."""
    limit = (today or timezone.localdate()) - dt.timedelta(days=long_standing_days() if days is None else days)
    return Q(status__in=OPEN_STATUSES, due_on__lt=limit) | Q(raised_again=True)


def petitions_for(user: Any, *, unit: Unit | None = None, status: str = "", kind: str = "", channel: str = "",
                  q: str = "", flag: str = "", officer: Any = None) -> QuerySet[Petition]:
    """Petitions of the user's subtrees, filtered; those with a deadline flag in deadline order."""
    petitions = scoped(Petition.objects.all(), user, "reception.view")
    if unit is not None:
        petitions = petitions.filter(unit__path__startswith=unit.path)
    if status:
        petitions = petitions.filter(status=status)
    if kind:
        petitions = petitions.filter(kind__code=kind)
    if channel:
        petitions = petitions.filter(channel=channel)
    if officer is not None:
        petitions = petitions.filter(assigned_to=officer)
    petitions = _flagged(_search(petitions, user, q), flag, timezone.localdate())
    order = ("due_on", "pk") if flag in ("overdue", "due_soon", "long_standing") else ("-received_on", "-pk")
    return for_lists(petitions).order_by(*order)


def for_lists(petitions: QuerySet[Petition]) -> QuerySet[Petition]:
    """Petitions with just what lists show, with the names of their unit, kind and officer."""
    return petitions.only(*LIST_FIELDS).annotate(**_list_names())


def petitions_overdue(user: Any, *, unit: Unit | None = None) -> QuerySet[Petition]:
    """Open petitions past their deadline, the oldest deadline first."""
    return petitions_for(user, unit=unit, flag="overdue")


def petitions_due_soon(user: Any, *, unit: Unit | None = None) -> QuerySet[Petition]:
    """Open petitions due within the next few working days, the nearest first."""
    return petitions_for(user, unit=unit, flag="due_soon")


def petition_get(user: Any, petition_id: Any) -> Petition:
    related = ("unit", "received_unit", "competent_unit", "kind", "deadline_rule", "assigned_to", "outcome",
               "filing_reason", "session", "visit", "split_from")
    return access(Petition.objects.select_related(*related).annotate(**_list_names()), user, petition_id,
                  view="reception.view")


def identity_visible(user: Any, petition: Petition) -> bool:
    return not petition.protected_identity or has_permission(user, "reception.view_denouncer", petition.unit.path)


@dataclass(frozen=True)
class Identity:
    name: str
    address: str
    phone: str
    email: str
    citizen_id_masked: str
    group_size: int
    representatives: str


def _masked(citizen_id: str) -> str:
    return "•" * (len(citizen_id) - 3) + citizen_id[-3:] if citizen_id else ""


def petition_identity(user: Any, petition: Petition) -> Identity | None:
    """The petitioner as the user may see them, or None for a protected denouncer."""
    if not identity_visible(user, petition):
        return None
    return Identity(petition.petitioner_name, petition.petitioner_address, petition.petitioner_phone,
                    petition.petitioner_email, _masked(crypto.decrypt(petition.citizen_id_encrypted)),
                    petition.group_size, petition.representatives)


def petition_history(petition: Petition) -> QuerySet[StateChange]:
    """The history of a petition read with ``petition_get`` (so in the user's scope): the steps of its
    lifecycle and the events beside them (received, documents attached, notes), oldest first."""
    return history_of(petition)


# The data of a history entry that says why: a note, the reason of a step, the result of a resolution.
NOTE_KEYS = ("note", "reason", "result")


def history_note(data: dict[str, Any]) -> str:
    return next((str(data[name]) for name in NOTE_KEYS if data.get(name)), "")


PERSON_REASONS = (LinkReason.SAME_CITIZEN_ID, LinkReason.SAME_NAME_ADDRESS)


def petition_links(user: Any, petition: Petition) -> list[PetitionLink]:
    """Possible duplicates in both directions, with the other petition in the user's subtrees. A
    link by person to or from a protected petition would name the denouncer through the other
    petition: it is shown only to those who may see the protected identity."""
    visible = scoped(Petition.objects.all(), user, "reception.view").values("pk")
    newer = PetitionLink.objects.filter(petition=petition, earlier__in=visible).select_related(
        "earlier__unit", "earlier__kind")
    older = PetitionLink.objects.filter(earlier=petition, petition__in=visible).select_related(
        "petition__unit", "petition__kind")
    links = list(newer) + list(older)
    return [link for link in links if link.reason not in PERSON_REASONS or (
        identity_visible(user, petition) and identity_visible(user, link.earlier if link.petition_id == petition.pk
                                                              else link.petition))]


def petition_attachments(user: Any, petition: Petition) -> list[Attachment]:
    if not identity_visible(user, petition):
        return []
    return list(petition.attachments.all())


def petition_family(user: Any, petition: Petition) -> QuerySet[Petition]:
    """The petitions split from the same letter, other than this one."""
    root = petition.split_from_id or petition.pk
    family = Petition.objects.filter(Q(pk=root) | Q(split_from_id=root)).exclude(pk=petition.pk)
    return scoped(family, user, "reception.view").select_related("kind", "unit")


def attachment_get(user: Any, attachment_id: Any) -> Attachment:
    """An attachment of a petition the user sees; a denunciation's only with view_denouncer."""
    attachment = access(Attachment.objects.select_related("petition__unit"), user, attachment_id,
                        view="reception.view")
    if not identity_visible(user, attachment.petition):
        raise NotFound()
    return attachment


def acceptance_rules(petition: Petition) -> list[DeadlineRule]:
    """The rules an officer may choose from when accepting the petition."""
    return rules_for(petition.kind, STAGE_EVENTS[PetitionStatus.ACCEPTED])


def routing_units(user: Any) -> QuerySet[Unit]:
    """Units offered as routing targets: where the user handles petitions (the service also
    accepts the ancestors of the petition's unit)."""
    return scoped(Unit.objects.filter(status=UnitStatus.ACTIVE), user, "reception.handle")


def public_units() -> QuerySet[Unit]:
    """The bodies a citizen may address from the public portal."""
    return Unit.objects.filter(status=UnitStatus.ACTIVE, kind__in=PUBLIC_UNIT_KINDS,
                               depth__lte=PUBLIC_UNIT_DEPTH).order_by("path")


def public_unit_groups() -> list[tuple[str, list[Unit]]]:
    """The public bodies grouped by level, the province first; each commune's bodies together."""
    groups: dict[int, list[Unit]] = {}
    for unit in public_units().only("pk", "name", "kind", "depth", "path"):
        committee_depth = unit.depth if unit.kind in PARTY_KINDS else unit.depth - 1
        groups.setdefault(min(max(committee_depth, 0), len(PUBLIC_LEVELS) - 1), []).append(unit)
    return [(str(PUBLIC_LEVELS[level]), units) for level, units in sorted(groups.items())]


@dataclass(frozen=True)
class PublicStatus:
    """All a citizen sees when tracking a petition."""

    tracking_code: str
    status: str
    unit: str
    next_deadline: dt.date | None


def public_status(petition: Petition) -> PublicStatus:
    due = petition.due_on if petition.status in OPEN_STATUSES else None
    return PublicStatus(petition.tracking_code, petition.get_status_display(), petition.unit.name, due)


# --- Sessions, visitors and the register -----------------------------------------------------


def sessions_for(user: Any, *, unit: Unit | None = None, status: str = "", upcoming: bool | None = None
                 ) -> QuerySet[ReceptionSession]:
    sessions = scoped(ReceptionSession.objects.all(), user, "reception.view")
    if unit is not None:
        sessions = sessions.filter(unit__path__startswith=unit.path)
    if status:
        sessions = sessions.filter(status=status)
    # A session recorded as held is past, even on its own day.
    past = Q(held_on__lt=timezone.localdate()) | Q(status=SessionStatus.HELD)
    if upcoming is True:
        sessions = sessions.exclude(past).order_by("held_on", "pk")
    else:
        if upcoming is False:
            sessions = sessions.filter(past)
        sessions = sessions.order_by("-held_on", "-pk")
    return sessions.select_related("unit").annotate(visit_count=Count("visits"))


def session_get(user: Any, session_id: Any) -> ReceptionSession:
    return access(ReceptionSession.objects.select_related("unit", "schedule"), user, session_id,
                  view="reception.view")


def session_visits(user: Any, session: ReceptionSession) -> QuerySet[Visit]:
    petitions = Petition.objects.select_related("kind", "outcome").order_by("pk")
    return (scoped(Visit.objects.filter(session=session), user, "reception.view")
            .select_related("refusal_reason").prefetch_related(Prefetch("petitions", queryset=petitions))
            .order_by("number"))


def visit_get(user: Any, visit_id: Any) -> Visit:
    return access(Visit.objects.select_related("session__unit"), user, visit_id, view="reception.view")


def visit_identity_visible(user: Any, visit: Visit) -> bool:
    """A visitor who raised a denunciation is protected like the denouncer."""
    if not any(p.protected_identity for p in visit.petitions.all()):
        return True
    return has_permission(user, "reception.view_denouncer", visit.session.unit.path)


def schedules_for(user: Any, *, unit: Unit | None = None) -> QuerySet[SessionSchedule]:
    schedules = scoped(SessionSchedule.objects.all(), user, "reception.view")
    if unit is not None:
        schedules = schedules.filter(unit__path__startswith=unit.path)
    return schedules.select_related("unit").order_by("unit__path", "day_of_month", "pk")


def schedule_get(user: Any, schedule_id: Any) -> SessionSchedule:
    return access(SessionSchedule.objects.select_related("unit"), user, schedule_id, view="reception.view")


# --- Dialogues -------------------------------------------------------------------------------


def dialogues_for(user: Any, *, unit: Unit | None = None) -> QuerySet[Dialogue]:
    dialogues = scoped(Dialogue.objects.all(), user, "reception.view")
    if unit is not None:
        dialogues = dialogues.filter(unit__path__startswith=unit.path)
    return dialogues.select_related("unit").annotate(
        commitment_count=Count("commitments"),
        open_count=Count("commitments", filter=Q(commitments__status__in=COMMITMENT_OPEN)),
    ).order_by("-held_on", "-pk")


def dialogue_get(user: Any, dialogue_id: Any) -> Dialogue:
    commitments = Commitment.objects.select_related("owner_unit")
    return access(Dialogue.objects.select_related("unit").prefetch_related(Prefetch("commitments", commitments)),
                  user, dialogue_id, view="reception.view")


def commitment_get(user: Any, commitment_id: Any) -> Commitment:
    return access(Commitment.objects.select_related("dialogue__unit"), user, commitment_id, view="reception.view")


@dataclass(frozen=True)
class FollowUp:
    """One step of a commitment's follow-up as pages and the API show it."""

    at: dt.datetime
    step: str
    from_status: str
    status: str
    status_label: str
    note: str
    actor: str


def commitment_follow_ups(commitments: Iterable[Commitment]) -> defaultdict[int, list[FollowUp]]:
    """The follow-up of each of the commitments (already read in scope), oldest first, in one query."""
    found: defaultdict[int, list[FollowUp]] = defaultdict(list)
    for pk, changes in histories_of(commitments).items():
        found[pk] = [FollowUp(at=change.at, step=change.transition, from_status=change.from_state,
                              status=change.to_state, status_label=str(CommitmentStatus(change.to_state).label),
                              note=str(change.data.get("note") or change.data.get("reason") or ""),
                              actor=change.actor_label)
                     for change in changes]
    return found


def commitments_overdue(user: Any, *, unit: Unit | None = None) -> QuerySet[Commitment]:
    commitments = scoped(Commitment.objects.all(), user, "reception.view").filter(
        status__in=COMMITMENT_OPEN, due_on__lt=timezone.localdate())
    if unit is not None:
        commitments = commitments.filter(dialogue__unit__path__startswith=unit.path)
    return commitments.select_related("dialogue__unit").order_by("due_on", "pk")


# --- Reminders -------------------------------------------------------------------------------


def reminders_for(user: Any) -> QuerySet[Reminder]:
    """The user's unread reminders (their own, whatever unit they concern)."""
    if not getattr(user, "pk", None):
        return Reminder.objects.none()
    reminders = Reminder.objects.filter(recipient=user, read_at__isnull=True)
    return scoped(reminders, user, "reception.view").order_by("for_date", "pk")


# --- The home page: what waits for the user, the figures of a unit ------------------------------


def petitions_waiting_on(user: Any, *, limit: int) -> list[Petition]:
    """Open petitions the user handles that are overdue or due within the due-soon horizon."""
    petitions = scoped(Petition.objects.filter(assigned_to_id=getattr(user, "pk", None), status__in=OPEN_STATUSES,
                                               due_on__lte=due_soon_horizon()), user, "reception.handle")
    return list(petitions.only("tracking_code", "subject", "due_on").order_by("due_on", "pk")[:limit])


def sessions_coming(user: Any, *, until: dt.date, limit: int) -> list[ReceptionSession]:
    """Scheduled reception sessions of the user's subtrees from today to ``until``."""
    sessions = scoped(ReceptionSession.objects.filter(status=SessionStatus.SCHEDULED), user, "reception.view")
    sessions = sessions.filter(held_on__gte=timezone.localdate(), held_on__lte=until)
    return list(sessions.only("title", "held_on").order_by("held_on", "pk")[:limit])


def commitments_due(user: Any, *, until: dt.date, limit: int) -> list[Commitment]:
    """Open dialogue commitments of units in the user's subtrees due by ``until`` (overdue ones first)."""
    commitments = scoped(Commitment.objects.filter(status__in=COMMITMENT_OPEN, due_on__lte=until), user,
                         "reception.view")
    return list(commitments.only("text", "owner_name", "due_on", "dialogue_id").order_by("due_on", "pk")[:limit])


def petition_figures(user: Any, unit: Unit) -> dict[str, int]:
    """Open, overdue and due-soon petitions of a unit's subtree, in one query."""
    today = timezone.localdate()
    petitions = scoped(Petition.objects.filter(unit__path__startswith=unit.path, status__in=OPEN_STATUSES), user,
                       "reception.view")
    return petitions.aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)),
        due_soon=Count("pk", filter=Q(due_on__gte=today, due_on__lte=due_soon_horizon(today))),
    )
