"""Campaigns: preparation while in draft (candidates, questions, tellers), then the lifecycle
draft → open → closed → counted → published, or cancelled (see ``lifecycle.py``)."""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from neuguong.accounts.scoping import access, has_permission
from neuguong.audit import services as audit
from neuguong.core.errors import ServiceError
from neuguong.core.lifecycle import TransitionRefused
from neuguong.core.text import normalize_spaces
from neuguong.orgs.models import Person, Post, Unit, UnitStatus

from .. import rules
from ..models import (
    Campaign,
    CampaignKind,
    CampaignStatus,
    Candidate,
    Question,
    QuestionKind,
    TellerAssignment,
    ThresholdBody,
)

CAMPAIGN_FIELDS = ["title", "kind", "body", "period", "held_on", "place", "online", "paper", "closes_at"]
MAX_CANDIDATES = 200
MAX_QUESTIONS = 20
MAX_OPTIONS = 10


def invalid(field: str, message: str) -> ServiceError:
    return ServiceError("invalid", message, field_errors={field: [message]})


def campaign_for_manage(acting_user: Any, campaign_id: Any, *, lock: bool = True) -> Campaign:
    """The campaign if the user may manage it (404 out of scope, 403 without ``ballots.manage``)."""
    return access(Campaign.objects.select_related("unit"), acting_user, campaign_id, view="ballots.view",
                  action="ballots.manage", lock=lock)


def ensure_draft(campaign: Campaign) -> None:
    if campaign.status != CampaignStatus.DRAFT:
        raise ServiceError(
            "campaign_frozen",
            _("This campaign is %(status)s: its candidates, questions and settings can no longer be changed.")
            % {"status": campaign.get_status_display().lower()},
        )


def ensure_status(campaign: Campaign, *allowed: str) -> None:
    if campaign.status not in allowed:
        raise TransitionRefused(
            _("This cannot be done while the campaign is %(status)s.")
            % {"status": campaign.get_status_display().lower()},
        )


def _clean_fields(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(values)
    if "title" in cleaned:
        cleaned["title"] = normalize_spaces(cleaned["title"] or "")
        if not cleaned["title"]:
            raise invalid("title", _("Enter the campaign's title."))
    if "period" in cleaned:
        cleaned["period"] = normalize_spaces(cleaned["period"] or "")
        if not cleaned["period"]:
            raise invalid("period", _("Enter the period, for example 2025."))
    if "kind" in cleaned and cleaned["kind"] not in CampaignKind.values:
        raise invalid("kind", _("Choose a valid kind."))
    if "body" in cleaned and cleaned["body"] not in ThresholdBody.values:
        raise invalid("body", _("Choose whose thresholds apply."))
    if "place" in cleaned:
        cleaned["place"] = normalize_spaces(cleaned["place"] or "")
    if cleaned.get("online") is False and cleaned.get("paper") is False:
        raise invalid("online", _("Choose online ballots, paper ballots or both."))
    closes_at = cleaned.get("closes_at")
    if isinstance(closes_at, dt.datetime) and closes_at <= timezone.now():
        raise invalid("closes_at", _("The closing time must be in the future."))
    return cleaned


@transaction.atomic
def campaign_create(*, unit_id: int, title: str, kind: str, period: str, acting_user: Any,
                    body: str = ThresholdBody.PARTY, held_on: dt.date | None = None, place: str = "",
                    online: bool = True, paper: bool = True, closes_at: dt.datetime | None = None) -> Campaign:
    """A draft campaign with the question its kind always asks (levels or the vote's two options)."""
    # Locked, as a dissolution or merger locks it: neither can come between this check and the insert.
    unit = access(Unit.objects.all(), acting_user, unit_id, view="units.view", action="ballots.manage", lock=True)
    if unit.status != UnitStatus.ACTIVE:
        raise invalid("unit_id", _("%(unit)s is no longer active.") % {"unit": unit.name})
    values = _clean_fields({"title": title, "kind": kind, "body": body, "period": period, "held_on": held_on,
                            "place": place, "online": online, "paper": paper, "closes_at": closes_at})
    campaign = Campaign.objects.create(unit=unit, created_by=acting_user if getattr(acting_user, "pk", None)
                                       else None, **values)
    main = rules.main_question(campaign.kind, campaign.body)
    Question.objects.create(campaign=campaign, position=1, text=main["text"], kind=QuestionKind.CHOICE,
                            options=main["options"], required=True)
    audit.record(acting_user, "campaign.created", campaign, after=audit.snapshot(campaign, CAMPAIGN_FIELDS))
    return campaign


@transaction.atomic
def campaign_update(*, campaign_id: int, acting_user: Any, **values: Any) -> Campaign:
    campaign = campaign_for_manage(acting_user, campaign_id)
    ensure_draft(campaign)
    unknown = set(values) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise invalid(sorted(unknown)[0], _("This field cannot be changed."))
    values = _clean_fields(values)
    if not values.get("online", campaign.online) and not values.get("paper", campaign.paper):
        raise invalid("online", _("Choose online ballots, paper ballots or both."))
    if "kind" in values and values["kind"] != campaign.kind:
        raise invalid("kind", _("The kind cannot be changed; create a new campaign instead."))
    before = audit.snapshot(campaign, CAMPAIGN_FIELDS)
    for name, value in values.items():
        setattr(campaign, name, value)
    campaign.save(update_fields=list(values))
    audit.record(acting_user, "campaign.updated", campaign, before=before,
                 after=audit.snapshot(campaign, CAMPAIGN_FIELDS))
    return campaign


def _current_post_title(person: Person) -> str:
    today = timezone.localdate()
    post = (Post.objects.filter(person=person, started_on__lte=today, ended_on__isnull=True)
            .select_related("unit").order_by("-started_on", "-id").first())
    return f"{post.title}, {post.unit.name}" if post else ""


@transaction.atomic
def candidate_add(*, campaign_id: int, person_id: int, acting_user: Any, post_title: str | None = None) -> Candidate:
    """Put a person on the ballot with a snapshot of the name and current post."""
    campaign = campaign_for_manage(acting_user, campaign_id)
    ensure_draft(campaign)
    person = access(Person.objects.all(), acting_user, person_id, view="people.view")
    count = campaign.candidates.count()
    if count >= MAX_CANDIDATES:
        raise invalid("person_id", _("A ballot lists at most %(n)d people.") % {"n": MAX_CANDIDATES})
    title = normalize_spaces(post_title) if post_title is not None else _current_post_title(person)
    position = (campaign.candidates.aggregate(m=Max("position"))["m"] or 0) + 1
    try:
        with transaction.atomic():
            candidate = Candidate.objects.create(campaign=campaign, person=person, position=position,
                                                 full_name=person.full_name, post_title=title[:200])
    except IntegrityError as exc:
        raise invalid("person_id", _("%(name)s is already on this ballot.") % {"name": person.full_name}) from exc
    audit.record(acting_user, "candidate.added", candidate, after={"person": person.pk, "post": title})
    return candidate


@transaction.atomic
def candidate_remove(*, candidate_id: int, acting_user: Any) -> None:
    candidate = access(Candidate.objects.select_related("campaign__unit"), acting_user, candidate_id,
                       view="ballots.view", action="ballots.manage")
    campaign = campaign_for_manage(acting_user, candidate.campaign_id)
    ensure_draft(campaign)
    audit.record(acting_user, "candidate.removed", candidate, before={"person": candidate.person_id})
    candidate.delete()
    _renumber(campaign.candidates.order_by("position"))


def _renumber(items: Any) -> None:
    rows = list(items)
    for offset, item in enumerate(rows, start=1):
        item.position = 1000 + offset
        item.save(update_fields=["position"])
    for offset, item in enumerate(rows, start=1):
        item.position = offset
        item.save(update_fields=["position"])


def _clean_options(campaign: Campaign, kind: str, options: list[str] | str) -> list[dict[str, Any]]:
    if kind == QuestionKind.TEXT:
        return []
    if options == "levels":
        return [{**option, "low": False} for option in rules.level_options(campaign.body)]
    if options == "yes_no":
        return [{"code": "yes", "label": _("Yes"), "label_en": "Yes", "low": False},
                {"code": "no", "label": _("No"), "label_en": "No", "low": False}]
    labels = [normalize_spaces(str(label)) for label in options if normalize_spaces(str(label))]
    if not 2 <= len(labels) <= MAX_OPTIONS:
        raise invalid("options", _("Give between 2 and %(n)d options.") % {"n": MAX_OPTIONS})
    if len(set(labels)) != len(labels):
        raise invalid("options", _("Two options have the same text."))
    return [{"code": f"o{i}", "label": label, "label_en": label, "low": False}
            for i, label in enumerate(labels, start=1)]


@transaction.atomic
def question_add(*, campaign_id: int, text: str, kind: str, acting_user: Any,
                 options: list[str] | str = "yes_no", required: bool = True) -> Question:
    """Add a question asked about every candidate: one choice (levels, yes/no or listed options) or
    a free comment (never required)."""
    campaign = campaign_for_manage(acting_user, campaign_id)
    ensure_draft(campaign)
    text = normalize_spaces(text or "")
    if not text:
        raise invalid("text", _("Enter the question."))
    if kind not in QuestionKind.values:
        raise invalid("kind", _("Choose a valid kind."))
    if campaign.questions.count() >= MAX_QUESTIONS:
        raise invalid("text", _("A ballot asks at most %(n)d questions.") % {"n": MAX_QUESTIONS})
    position = (campaign.questions.aggregate(m=Max("position"))["m"] or 0) + 1
    question = Question.objects.create(campaign=campaign, position=position, text=text[:300], kind=kind,
                                       options=_clean_options(campaign, kind, options),
                                       required=required and kind == QuestionKind.CHOICE)
    audit.record(acting_user, "question.added", question,
                 after={"text": question.text, "kind": kind, "options": question.options})
    return question


@transaction.atomic
def question_remove(*, question_id: int, acting_user: Any) -> None:
    question = access(Question.objects.select_related("campaign__unit"), acting_user, question_id,
                      view="ballots.view", action="ballots.manage")
    campaign = campaign_for_manage(acting_user, question.campaign_id)
    ensure_draft(campaign)
    if question.position == 1:
        raise ServiceError("main_question", _("The first question is what the ballot is about; it cannot be removed."))
    audit.record(acting_user, "question.removed", question, before={"text": question.text})
    question.delete()
    _renumber(campaign.questions.order_by("position"))


@transaction.atomic
def teller_assign(*, campaign_id: int, user_id: int, acting_user: Any) -> TellerAssignment:
    from neuguong.accounts.models import User

    campaign = campaign_for_manage(acting_user, campaign_id)
    ensure_status(campaign, CampaignStatus.DRAFT, CampaignStatus.OPEN, CampaignStatus.CLOSED)
    user = access(User.objects.all(), acting_user, user_id, view="accounts.view")
    if not has_permission(user, "ballots.count", campaign.unit.path):
        raise invalid("user_id", _("%(user)s holds no teller role on this unit.") % {"user": user.get_username()})
    assignment, created = TellerAssignment.objects.get_or_create(campaign=campaign, user=user)
    if created:
        audit.record(acting_user, "teller.assigned", assignment, after={"user": user.get_username()})
    return assignment


@transaction.atomic
def teller_unassign(*, assignment_id: int, acting_user: Any) -> None:
    assignment = access(TellerAssignment.objects.select_related("campaign__unit", "user"), acting_user,
                        assignment_id, view="ballots.view", action="ballots.manage")
    audit.record(acting_user, "teller.unassigned", assignment, before={"user": assignment.user.get_username()})
    assignment.delete()


@transaction.atomic
def campaign_set_electorate(*, campaign_id: int, acting_user: Any, summoned: int | None,
                            present: int | None) -> Campaign:
    """The number summoned and present (for the quorum); may be entered until the count."""
    campaign = campaign_for_manage(acting_user, campaign_id)
    ensure_status(campaign, CampaignStatus.DRAFT, CampaignStatus.OPEN, CampaignStatus.CLOSED)
    for field, value in (("summoned", summoned), ("present", present)):
        if value is not None and (not isinstance(value, int) or value < 0):
            raise invalid(field, _("Enter a whole number, zero or more."))
    if summoned is not None and present is not None and present > summoned:
        raise invalid("present", _("More people present (%(present)d) than summoned (%(summoned)d).")
                      % {"present": present, "summoned": summoned})
    before = {"summoned": campaign.summoned, "present": campaign.present}
    campaign.summoned, campaign.present = summoned, present
    campaign.save(update_fields=["summoned", "present"])
    audit.record(acting_user, "campaign.electorate_set", campaign, before=before,
                 after={"summoned": summoned, "present": present})
    return campaign
