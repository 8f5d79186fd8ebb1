"""Every write of the honours module: rounds, nominations and their evidence, the council's vote,
the competent body's approval, and the party membership badges nominated through the same steps.

Each write runs in one transaction with its audit event; a refused write stores nothing.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neuguong.accounts.models import User
from neuguong.accounts.scoping import access, ensure_permission_on
from neuguong.audit import services as audit
from neuguong.core.errors import ServiceError
from neuguong.core.text import normalize_spaces
from neuguong.orgs.models import Membership, MembershipStatus, Person, Unit, UnitStatus
from neuguong.portal import selectors as portal_selectors
from neuguong.portal import services as portal
from neuguong.portal.models import Article
from neuguong.reception.services.attachments import CheckedFile, check_file
from neuguong.study.services.registrations import EVIDENCE_TYPES, WRONG_EVIDENCE

from . import rules, selectors
from .lifecycle import APPROVE, MANAGE, NOMINATIONS, ROUNDS, VIEW
from .models import Award, Evidence, Nomination, NominationStatus, Round, RoundStatus

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = tuple(entry for entry in EVIDENCE_TYPES if entry[1].startswith("image/"))
WRONG_PHOTO = gettext_lazy("“%(name)s” is not a JPEG or PNG image.")
ACCEPTED_FILES = ".pdf,.docx,.jpg,.jpeg,.png"
__all__ = ["APPROVE", "MANAGE", "VIEW", "round_open", "round_close", "nomination_propose", "nomination_photo_set",
           "evidence_add",
           "evidence_open", "nomination_vote", "nomination_approve", "nomination_refuse", "badges_nominate",
           "award_article_create"]
# The portal's permission to publish: drafting an honour's article is for those who may also publish it.
PORTAL_PUBLISH = "portal.publish"
# The portal's section for exemplary models ("Gương điển hình"), chosen unless another is asked for.
MODELS_CATEGORY = "guong-dien-hinh"


def _invalid(field: str, message: Any) -> ServiceError:
    return ServiceError("invalid", message, field_errors={field: [str(message)]})


def _refused(code: str, field: str, message: Any) -> ServiceError:
    return ServiceError(code, message, field_errors={field: [str(message)]})


def _text(value: Any, limit: int) -> str:
    return normalize_spaces(str(value or ""))[:limit]


def _actor(user: Any) -> User | None:
    return user if isinstance(user, User) else None


def _locked(queryset: Any, user: Any, pk: Any, action: str = MANAGE) -> Any:
    return access(queryset.select_for_update(of=("self",), no_key=True), user, pk, view=VIEW, action=action)


@transaction.atomic
def round_open(*, unit_id: int, kind: str, year: int, title: str, closes_on: dt.date, acting_user: Any) -> Round:
    """A unit's nomination round: yearly, a five-year review of Directive 05, an anniversary, or the
    party membership badges of an award day."""
    unit = access(Unit.objects.all(), acting_user, unit_id, view="units.view", action=MANAGE)
    if unit.status != UnitStatus.ACTIVE:
        raise _invalid("unit_id", _("This unit has ended: it takes no new record."))
    if kind not in rules.round_kinds():
        raise _invalid("kind", _("Choose the kind of round."))
    today = timezone.localdate()
    if not isinstance(year, int) or not 2000 <= year <= today.year + 1:
        raise _invalid("year", _("The year is between 2000 and next year."))
    title = _text(title, 300)
    if not title:
        raise _invalid("title", _("Give the round a title."))
    if not isinstance(closes_on, dt.date):
        raise _invalid("closes_on", _("Give the day nominations close."))
    if Round.objects.filter(unit=unit, year=year, title=title).exists():
        raise _invalid("title", _("The unit already has a round of this title this year."))
    try:
        with transaction.atomic():
            round_ = Round.objects.create(unit=unit, kind=kind, year=year, title=title, closes_on=closes_on,
                                          created_by=_actor(acting_user))
    except IntegrityError as error:
        raise _invalid("title", _("The unit already has a round of this title this year.")) from error
    audit.record(acting_user, "honours_round.opened", round_,
                 after={"kind": kind, "year": year, "title": title, "closes_on": closes_on})
    return round_


def round_close(*, round_id: int, acting_user: Any) -> Round:
    """No more nominations; those proposed go on to the council and the competent body."""
    return ROUNDS.transition(round_id, "close", acting_user=acting_user)


def _open_round(user: Any, round_id: Any) -> Round:
    round_ = _locked(Round.objects.select_related("unit"), user, round_id)
    if round_.status != RoundStatus.OPEN:
        raise ServiceError("transition_not_allowed", _("The round is closed: it takes no new nomination."))
    return round_


def _subject(round_: Round, *, person_id: Any, unit_id: Any) -> tuple[Person | None, Unit | None, str]:
    """The nominee, within the round's subtree: a person managed there or a member of one of its cells."""
    if (person_id is None) == (unit_id is None):
        raise _invalid("subject", _("Nominate either a collective or an individual."))
    outside = gettext_lazy("“%(name)s” is outside %(unit)s: a round nominates within its unit's subtree only.")
    if unit_id is not None:
        unit = Unit.objects.filter(pk=unit_id).first()
        if unit is None:
            raise _invalid("subject_unit_id", _("Choose the collective."))
        if not unit.path.startswith(round_.unit.path):
            raise _refused("nominee_outside_subtree", "subject_unit_id",
                           outside % {"name": unit.name, "unit": round_.unit.name})
        return None, unit, rules.COLLECTIVE
    person = Person.objects.select_related("unit").filter(pk=person_id).first()
    if person is None:
        raise _invalid("subject_person_id", _("Choose the individual."))
    member_here = Membership.objects.filter(person=person, cell__path__startswith=round_.unit.path).exclude(
        status=MembershipStatus.ENDED).exists()
    if not person.unit.path.startswith(round_.unit.path) and not member_here:
        raise _refused("nominee_outside_subtree", "subject_person_id",
                       outside % {"name": person.full_name, "unit": round_.unit.name})
    return person, None, rules.INDIVIDUAL


def _nominate(round_: Round, *, person: Person | None, unit: Unit | None, award: str, field: str,
              achievements: str, story: str, acting_user: Any, photo: CheckedFile | None = None) -> Nomination:
    if Nomination.objects.filter(round=round_, subject_person=person, subject_unit=unit, award=award).exists():
        raise _refused("nomination_exists", "award",
                       _("“%(name)s” is already proposed for this title in the round.")
                       % {"name": person.full_name if person else unit.name})  # type: ignore[union-attr]
    try:
        with transaction.atomic():
            nomination = Nomination(round=round_, subject_person=person, subject_unit=unit, award=award,
                                    field=field, achievements=achievements, story=story,
                                    created_by=_actor(acting_user))
            if photo is not None:
                nomination.photo_type = photo.content_type
                nomination.photo.save(photo.name, photo.upload, save=False)
            nomination.save()
    except IntegrityError as error:
        raise _refused("nomination_exists", "award", _("The nominee is already proposed for this title in the round.")
                       ) from error
    audit.record(acting_user, "honours_nomination.proposed", nomination,
                 after={"round": round_.pk, "person": person.pk if person else None,
                        "unit": unit.pk if unit else None, "award": award, "field": field})
    return nomination


@transaction.atomic
def nomination_propose(*, round_id: int, award: str, achievements: str, acting_user: Any,
                       subject_person_id: int | None = None, subject_unit_id: int | None = None,
                       field: str = "", story: str = "", photo: Any = None) -> Nomination:
    """A collective or an individual of the round's subtree proposed for a title or form of the catalogue,
    optionally with the photo the honour roll shows once the award is approved."""
    round_ = _open_round(acting_user, round_id)
    person, unit, recipient = _subject(round_, person_id=subject_person_id, unit_id=subject_unit_id)
    entry = rules.awards().get(award)
    if entry is None:
        raise _invalid("award", _("Choose the title or form from the catalogue."))
    if not entry.fits(recipient):
        raise _refused("award_not_for_nominee", "award",
                       _("“%(award)s” is not given to a collective.") % {"award": entry.label} if unit
                       else _("“%(award)s” is not given to an individual.") % {"award": entry.label})
    if field and field not in rules.fields():
        raise _invalid("field", _("Choose the field from the list."))
    achievements = str(achievements or "").strip()
    if not achievements:
        raise _invalid("achievements", _("Write the achievements the nomination rests on."))
    checked = _checked_photo(photo) if photo is not None else None
    return _nominate(round_, person=person, unit=unit, award=award, field=field, achievements=achievements,
                     story=str(story or "").strip(), acting_user=acting_user, photo=checked)


def _checked_photo(upload: Any) -> CheckedFile:
    """The honour roll's photo: a JPEG or PNG by content, up to 5 MB (the form's and the API's check)."""
    return check_file(upload, file_types=PHOTO_TYPES, field="photo", wrong_type=WRONG_PHOTO, limit=MAX_PHOTO_BYTES)


@transaction.atomic
def nomination_photo_set(*, nomination_id: int, photo: Any, acting_user: Any) -> Nomination:
    """The photo of a proposed nomination, shown on the honour roll once approved; it replaces the one
    given at proposal (whose file is removed once the change is committed)."""
    nomination = _locked(Nomination.objects.select_related("round__unit"), acting_user, nomination_id)
    if nomination.status != NominationStatus.PROPOSED:
        raise ServiceError("transition_not_allowed", _("The photo is set before the council votes."))
    if photo is None:
        raise _invalid("photo", _("Choose the file."))
    checked = _checked_photo(photo)
    previous = nomination.photo.name
    nomination.photo_type = checked.content_type
    nomination.photo.save(checked.name, checked.upload, save=False)
    nomination.save(update_fields=["photo", "photo_type"])
    if previous:
        storage = nomination.photo.storage
        transaction.on_commit(lambda: storage.delete(previous))
    audit.record(acting_user, "honours_nomination.photo_set", nomination,
                 before={"photo": previous}, after={"photo": nomination.photo.name, "sha256": checked.sha256})
    return nomination


def _checked(upload: Any, field: str) -> CheckedFile:
    if upload is None:
        raise _invalid(field, _("Choose the file."))
    return check_file(upload, file_types=EVIDENCE_TYPES, field=field, wrong_type=WRONG_EVIDENCE,
                      limit=MAX_FILE_BYTES)


@transaction.atomic
def evidence_add(*, nomination_id: int, title: str, file: Any, acting_user: Any) -> Evidence:
    """A proof of a proposed nomination's achievements: PDF, DOCX, JPEG or PNG, checked by content."""
    nomination = _locked(Nomination.objects.select_related("round__unit"), acting_user, nomination_id)
    if nomination.status != NominationStatus.PROPOSED:
        raise ServiceError("transition_not_allowed", _("Evidence is added before the council votes."))
    title = _text(title, 300)
    if not title:
        raise _invalid("title", _("Give the evidence a title."))
    checked = _checked(file, "file")
    evidence = Evidence(nomination=nomination, title=title, uploaded_by=_actor(acting_user),
                        original_name=checked.name, content_type=checked.content_type, size=checked.size,
                        sha256=checked.sha256)
    evidence.file.save(checked.name, checked.upload, save=False)
    evidence.save()
    audit.record(acting_user, "honours_evidence.added", evidence,
                 after={"nomination": nomination.pk, "file": checked.name, "sha256": checked.sha256})
    return evidence


@transaction.atomic
def evidence_open(*, evidence_id: int, acting_user: Any) -> Evidence:
    """A nomination's evidence for download; every read is in the audit trail."""
    evidence = selectors.evidence_get(acting_user, evidence_id)
    audit.record(acting_user, "honours_evidence.downloaded", evidence, after={"nomination": evidence.nomination_id})
    return evidence


def _count(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > 1000:
        raise _invalid(field, _("Give a number between 0 and 1000."))
    return value


def nomination_vote(*, nomination_id: int, members: int, present: int, votes_for: int, votes_against: int,
                    votes_abstain: int, voted_on: dt.date, acting_user: Any) -> Nomination:
    """The council's vote with its counts: it passes when the council had its quorum and the votes for
    reach the majority of those present (``data/honours.yaml``); else it is recorded as not passed."""
    members, present = _count(members, "members"), _count(present, "present")
    votes = [_count(votes_for, "votes_for"), _count(votes_against, "votes_against"),
             _count(votes_abstain, "votes_abstain")]
    if members == 0 or present > members:
        raise _invalid("present", _("The members present are at most the council's members."))
    if sum(votes) != present:
        raise _invalid("votes_for", _("The votes for, against and abstentions add up to the members present."))
    if not isinstance(voted_on, dt.date) or voted_on > timezone.localdate():
        raise _invalid("voted_on", _("Give the day the council met, today at the latest."))
    if not rules.quorum_met(members=members, present=present):
        raise _refused("quorum_not_met", "present",
                       _("With %(present)s of %(members)s members present the council did not have its quorum "
                         "(%(quorum)s): its vote cannot be recorded.")
                       % {"present": present, "members": members, "quorum": rules.data()["council"]["quorum"]})
    step = "pass" if rules.passes(present=present, votes_for=votes[0]) else "not_pass"
    fields = {"council_members": members, "council_present": present, "votes_for": votes[0],
              "votes_against": votes[1], "votes_abstain": votes[2], "voted_on": voted_on}
    return NOMINATIONS.transition(nomination_id, step, acting_user=acting_user, fields=fields)


@transaction.atomic
def nomination_approve(*, nomination_id: int, body: str, decision_number: str, decided_on: dt.date,
                       acting_user: Any, award: str = "") -> Award:
    """The competent body's decision on a nomination the council passed: the award is on the person's
    or the unit's history. A second approval is refused: the state has moved on, and one award per
    nomination is a constraint."""
    body, decision_number = _text(body, 200), _text(decision_number, 60)
    if not body:
        raise _invalid("body", _("Name the competent body."))
    if not decision_number:
        raise _invalid("decision_number", _("Give the decision number."))
    if not isinstance(decided_on, dt.date) or decided_on > timezone.localdate():
        raise _invalid("decided_on", _("Give the decision date, today at the latest."))
    nomination = NOMINATIONS.transition(nomination_id, "approve", acting_user=acting_user, body=body,
                                        decision_number=decision_number, decided_on=decided_on)
    code = award or nomination.award
    entry = rules.awards().get(code)
    recipient = rules.COLLECTIVE if nomination.subject_unit_id else rules.INDIVIDUAL
    if entry is None or not entry.fits(recipient):
        raise _refused("award_not_for_nominee", "award", _("Choose a title or form of the catalogue that fits "
                                                            "the nominee."))
    if nomination.voted_on and decided_on < nomination.voted_on:
        raise _invalid("decided_on", _("The decision comes after the council's vote."))
    try:
        with transaction.atomic():
            return Award.objects.create(
                nomination=nomination, round=nomination.round, person=nomination.subject_person,
                unit=nomination.subject_unit, award=code, body=body, decision_number=decision_number,
                decided_on=decided_on, created_by=_actor(acting_user))
    except IntegrityError as error:
        raise ServiceError("award_exists", _("The nomination already has its award.")) from error


def nomination_refuse(*, nomination_id: int, reason: str, acting_user: Any) -> Nomination:
    """The competent body does not confer what the council passed, and says why."""
    return NOMINATIONS.transition(nomination_id, "refuse", acting_user=acting_user, reason=reason)


@transaction.atomic
def badges_nominate(*, round_id: int, person_ids: list[int], acting_user: Any) -> list[Nomination]:
    """The members due for a Huy hiệu Đảng by the round's award day, each nominated for the milestone
    they reach (``selectors.badges_due``); a member not due is refused, nothing written."""
    round_ = _open_round(acting_user, round_id)
    if round_.kind != rules.PARTY_BADGE:
        raise _invalid("round_id", _("Party membership badges are nominated in a round of that kind."))
    due = {row.person.pk: row for row in selectors.badges_due(acting_user, unit=round_.unit,
                                                               award_day=round_.closes_on)}
    created = []
    for person_id in person_ids:
        row = due.get(person_id)
        if row is None:
            raise _invalid("person_ids", _("A member chosen is not due for a party membership badge by %(day)s.")
                           % {"day": f"{round_.closes_on:%d/%m/%Y}"})
        achievements = _("%(years)s years of party membership (joined on %(joined)s).") % {
            "years": row.years, "joined": f"{row.joined_on:%d/%m/%Y}"}
        created.append(_nominate(round_, person=row.person, unit=None, award=rules.badge_code(row.years),
                                 field="party_building", achievements=achievements, story="",
                                 acting_user=acting_user))
    return created


def _article_body(award: Award) -> str:
    """The article's first text: who was honoured with what, by whose decision, then the story."""
    nomination = award.nomination
    lead = _("%(name)s was honoured with %(award)s by decision no. %(number)s of %(body)s dated %(date)s.") % {
        "name": nomination.subject_name, "award": rules.label_of(rules.awards(), award.award),
        "number": award.decision_number, "body": award.body, "date": f"{award.decided_on:%d/%m/%Y}"}
    paragraphs = [lead, *(part.strip() for part in nomination.story.split("\n\n") if part.strip())]
    return "".join(f"<p>{escape(part)}</p>".replace("\n", "<br>") for part in paragraphs)


@transaction.atomic
def award_article_create(*, award_id: int, acting_user: Any, category_id: int | None = None) -> Article:
    """A portal draft from an approved honour: the nominee and title as its title, the story as its text,
    the honour roll photo as its cover, the round's unit as its unit, written through the portal's
    services; the award links to it. Only staff holding the portal's publishing permission on that unit
    draft it (403 otherwise, nothing written); an honour has one article."""
    award = _locked(Award.objects.select_related("round__unit", "nomination__subject_unit",
                                                 "nomination__subject_person"), acting_user, award_id, action=VIEW)
    unit = award.round.unit
    ensure_permission_on(acting_user, PORTAL_PUBLISH, unit=unit)
    if award.award.startswith("party.badge_"):
        raise _invalid("award_id", _("A party membership badge is not on the honour roll: it has no article."))
    if award.article_id is not None:
        raise ServiceError("award_has_article", _("This honour already has its article."))
    categories = portal_selectors.categories()
    category = (categories.filter(pk=category_id) if category_id is not None
                else categories.filter(slug=MODELS_CATEGORY)).first()
    if category is None:
        raise _invalid("category_id", _("Choose the portal's category for the article."))
    nomination = award.nomination
    # Written in the public site's language, whatever the language of the staff member's pages.
    with translation.override(settings.LANGUAGE_CODE):
        fields = {"unit_id": unit.pk, "category_id": category.pk, "acting_user": acting_user,
                  "title": f"{nomination.subject_name} — {rules.label_of(rules.awards(), award.award)}",
                  "summary": Truncator(nomination.story.replace("\n", " ")).chars(300),
                  "body": _article_body(award), "tags": [_("Exemplary model")]}
    article = None
    if nomination.photo:
        try:
            with transaction.atomic(), nomination.photo.open("rb") as photo:
                article = portal.article_create(cover=photo, cover_alt=nomination.subject_name, **fields)
        except ServiceError as error:
            # A portrait too small or too large for a cover: the draft goes without one, to be added by its editor.
            if "cover" not in error.field_errors:
                raise
    if article is None:
        article = portal.article_create(**fields)
    award.article = article
    award.save(update_fields=["article"])
    audit.record(acting_user, "honours_award.article_created", award,
                 after={"article": article.pk, "category": category.slug, "cover": bool(article.cover_small)})
    return article
