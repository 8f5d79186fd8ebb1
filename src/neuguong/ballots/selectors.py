"""Reads on ballots, limited to the user's subtrees; tellers see only their assigned campaigns."""

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from neuguong.accounts.scoping import NotFound, access, has_permission, scoped
from neuguong.orgs.models import Person

from .models import (
    Ballot,
    BallotBox,
    BallotCode,
    BoxResult,
    Campaign,
    CampaignStatus,
    Candidate,
    CandidateResult,
    CodeBatch,
    PaperEntry,
    Question,
    QuestionKind,
    Receipt,
    TellerAssignment,
)
from .tally import ANSWER_ALPHABET, ChoiceQuestion, Structure

# --- Campaigns for staff -----------------------------------------------------------------------


def _user_pk(user: Any) -> int:
    return getattr(user, "pk", None) or 0


def campaigns_visible_to(user: Any, *, status: str = "", q: str = "") -> QuerySet[Campaign]:
    """Campaigns of the user's subtrees (``ballots.view``) and those the user counts as a teller."""
    viewable = scoped(Campaign.objects.all(), user, "ballots.view")
    counted = scoped(Campaign.objects.all(), user, "ballots.count").filter(
        Exists(TellerAssignment.objects.filter(campaign=OuterRef("pk"), user_id=_user_pk(user)))
    )
    campaigns = Campaign.objects.filter(Q(pk__in=viewable.values("pk")) | Q(pk__in=counted.values("pk")))
    if status:
        campaigns = campaigns.filter(status=status)
    if q:
        campaigns = campaigns.filter(title__icontains=q.strip())
    return (campaigns.select_related("unit")
            .annotate(candidate_count=Count("candidates", distinct=True))
            .order_by("-created_at", "-id"))


def campaign_get(user: Any, campaign_id: Any) -> Campaign:
    """One campaign the user may see, as a viewer or as its assigned teller; 404 otherwise."""
    queryset = Campaign.objects.select_related("unit", "unit__parent")
    try:
        return access(queryset, user, campaign_id, view="ballots.view")
    except NotFound:
        campaign = access(queryset, user, campaign_id, view="ballots.count")
        if not TellerAssignment.objects.filter(campaign=campaign, user_id=_user_pk(user)).exists():
            raise
        return campaign


def can_manage(user: Any, campaign: Campaign) -> bool:
    return has_permission(user, "ballots.manage", campaign.unit.path)


def is_teller(user: Any, campaign: Campaign) -> bool:
    return has_permission(user, "ballots.count", campaign.unit.path) and TellerAssignment.objects.filter(
        campaign=campaign, user_id=_user_pk(user)).exists()


def candidates_of(campaign: Campaign) -> QuerySet[Candidate]:
    return campaign.candidates.order_by("position")


def questions_of(campaign: Campaign) -> QuerySet[Question]:
    return campaign.questions.order_by("position")


def tellers_of(campaign: Campaign) -> QuerySet[TellerAssignment]:
    return campaign.tellers.select_related("user", "user__person").order_by("user__username")


def code_batches_of(campaign: Campaign) -> list[dict[str, Any]]:
    """Each batch with its codes issued, spent, revoked and unused."""
    batches = (CodeBatch.objects.filter(campaign=campaign).order_by("number").defer("sealed_codes")
               .annotate(n_spent=Count("codes", filter=Q(codes__spent=True)),
                         n_revoked=Count("codes", filter=Q(codes__revoked=True, codes__spent=False)),
                         is_sealed=ExpressionWrapper(~Q(sealed_codes=""), output_field=BooleanField())))
    return [{"id": b.pk, "number": b.number, "label": b.label, "size": b.size, "spent": b.n_spent,
             "revoked": b.n_revoked, "unused": b.size - b.n_spent - b.n_revoked, "created_at": b.created_at,
             "sealed": b.is_sealed} for b in batches]


def code_counts(campaign: Campaign) -> dict[str, int]:
    row = BallotCode.objects.filter(campaign=campaign).aggregate(
        n_issued=Count("pk"), n_spent=Count("pk", filter=Q(spent=True)),
        n_revoked=Count("pk", filter=Q(revoked=True, spent=False)))
    counts = {"issued": row["n_issued"], "spent": row["n_spent"], "revoked": row["n_revoked"]}
    counts["unused"] = counts["issued"] - counts["spent"] - counts["revoked"]
    return counts


def boxes_of(campaign: Campaign) -> QuerySet[BallotBox]:
    return (campaign.boxes.order_by("number").select_related("result")
            .prefetch_related("entries__teller"))


def box_get(user: Any, box_id: Any) -> BallotBox:
    box = BallotBox.objects.select_related("campaign", "campaign__unit").filter(pk=box_id).first()
    if box is None:
        raise NotFound()
    campaign_get(user, box.campaign_id)
    return box


def box_counted(box_id: int) -> bool:
    return BoxResult.objects.filter(box_id=box_id).exists()


def entries_of(box: BallotBox) -> list[PaperEntry]:
    return list(box.entries.select_related("teller", "teller__person").order_by("submitted_at", "id"))


def results_of(campaign: Campaign) -> QuerySet[CandidateResult]:
    return campaign.results.select_related("candidate").order_by("candidate__position")


def results_for_person(person_id: int, *, period: str = "") -> QuerySet[CandidateResult]:
    """Stored results of a person's counted campaigns, for the evaluation module."""
    results = CandidateResult.objects.filter(
        person_id=person_id, campaign__status__in=[CampaignStatus.COUNTED, CampaignStatus.PUBLISHED])
    if period:
        results = results.filter(period=period)
    return results.select_related("campaign", "candidate").order_by("-campaign__counted_at")


# --- Public pages -----------------------------------------------------------------------------


def published_campaign(public_id: Any) -> Campaign:
    try:
        key = uuid.UUID(str(public_id))
    except ValueError as exc:
        raise NotFound() from exc
    campaign = Campaign.objects.select_related("unit").filter(public_id=key,
                                                              status=CampaignStatus.PUBLISHED).first()
    if campaign is None:
        raise NotFound()
    return campaign


def campaigns_published() -> QuerySet[Campaign]:
    """For the public portal: published campaigns, newest first."""
    return (Campaign.objects.filter(status=CampaignStatus.PUBLISHED).select_related("unit")
            .order_by("-published_at", "-id"))


def receipts_of(campaign: Campaign) -> list[str]:
    """The counted receipts, sorted so that the list says nothing about the order of casting."""
    return sorted(Receipt.objects.filter(campaign=campaign).values_list("number", flat=True))


def receipt_counted(campaign: Campaign, number: str) -> bool:
    return Receipt.objects.filter(campaign=campaign, number=number).exists()


# --- The ballot a voter fills in (cached per process: frozen once the campaign opens) -----------


@dataclass(frozen=True)
class FormCandidate:
    position: int
    full_name: str
    post_title: str


@dataclass(frozen=True)
class FormQuestion:
    position: int
    text: str
    kind: str
    required: bool
    options: tuple[tuple[str, str], ...] = ()
    option_index: dict[str, int] = field(default_factory=dict)

    def answer_char(self, code: str) -> str:
        return ANSWER_ALPHABET[self.option_index[code]]


@dataclass(frozen=True)
class BallotForm:
    campaign_id: int
    public_id: uuid.UUID
    title: str
    unit_name: str
    closes_at: dt.datetime | None
    campaign: Campaign
    candidates: tuple[FormCandidate, ...]
    choice_questions: tuple[FormQuestion, ...]
    text_questions: tuple[FormQuestion, ...]

    @property
    def questions(self) -> tuple[FormQuestion, ...]:
        return tuple(sorted(self.choice_questions + self.text_questions, key=lambda q: q.position))


_FORMS: dict[Any, BallotForm] = {}
_FORMS_MAX = 512


def structure_of(campaign: Campaign) -> Structure:
    questions = [q for q in questions_of(campaign) if q.kind == QuestionKind.CHOICE]
    return Structure(
        candidates=campaign.candidates.count(),
        questions=tuple(
            ChoiceQuestion(options=len(q.options), low=next((i for i, o in enumerate(q.options) if o.get("low")), None))
            for q in questions
        ),
    )


def _build_form(campaign: Campaign) -> BallotForm:
    questions = [
        FormQuestion(position=q.position, text=q.text, kind=q.kind, required=q.required,
                     options=tuple((o["code"], o["label"]) for o in q.options),
                     option_index={o["code"]: i for i, o in enumerate(q.options)})
        for q in questions_of(campaign)
    ]
    return BallotForm(
        campaign_id=campaign.pk, public_id=campaign.public_id, title=campaign.title, unit_name=campaign.unit.name,
        closes_at=campaign.closes_at, campaign=campaign,
        candidates=tuple(FormCandidate(c.position, c.full_name, c.post_title) for c in candidates_of(campaign)),
        choice_questions=tuple(q for q in questions if q.kind == QuestionKind.CHOICE),
        text_questions=tuple(q for q in questions if q.kind == QuestionKind.TEXT),
    )


def ballot_form(*, campaign_id: int | None = None, public_id: Any = None) -> BallotForm | None:
    """The ballot of an open (or since closed) campaign, by id or public id; None for a draft."""
    key = ("public", str(public_id)) if public_id is not None else None
    if key is not None and key in _FORMS:
        return _FORMS[key]
    campaigns = Campaign.objects.select_related("unit").exclude(status=CampaignStatus.DRAFT)
    try:
        campaign = (campaigns.filter(public_id=uuid.UUID(str(public_id))) if public_id is not None
                    else campaigns.filter(pk=campaign_id or 0)).first()
    except ValueError:
        return None
    if campaign is None:
        return None
    form = _build_form(campaign)
    if len(_FORMS) >= _FORMS_MAX:
        _FORMS.clear()
    _FORMS[("public", str(campaign.public_id))] = form
    return form


def accepts_ballots(campaign_id: int) -> bool:
    return Campaign.objects.filter(pk=campaign_id, status=CampaignStatus.OPEN).filter(
        Q(closes_at__isnull=True) | Q(closes_at__gt=timezone.now())).exists()


# --- Reconciliation and the count -------------------------------------------------------------


@dataclass
class BoxLine:
    box: BallotBox
    state: str  # "empty", "one_entry", "mismatch", "counted"
    sheet: dict[str, Any] | None


@dataclass
class Reconciliation:
    boxes: list[BoxLine]
    codes: dict[str, int]
    online_ballots: int
    receipts: int
    paper: dict[str, int]
    online: dict[str, int]
    total: dict[str, int]
    invalid_reasons: dict[str, int]
    problems: list[str]

    @property
    def adds_up(self) -> bool:
        return not self.problems


def _box_line(box: BallotBox) -> BoxLine:
    result = getattr(box, "result", None)
    if result is not None:
        return BoxLine(box, "counted", result.data)
    entries = list(box.entries.all())
    if len(entries) < 2:
        return BoxLine(box, "empty" if not entries else "one_entry", None)
    return BoxLine(box, "mismatch", None)


def _sum_sheets(lines: list[BoxLine]) -> tuple[dict[str, int], dict[str, int]]:
    paper = {"issued": 0, "returned": 0, "valid": 0, "invalid": 0}
    reasons: dict[str, int] = {}
    for line in lines:
        if line.sheet is None:
            continue
        for key in paper:
            paper[key] += line.sheet[key]
        for code, n in line.sheet["invalid_reasons"].items():
            reasons[code] = reasons.get(code, 0) + n
    return paper, reasons


def _problems(campaign: Campaign, lines: list[BoxLine], codes: dict[str, int], ballots: int, receipts: int,
              total: dict[str, int]) -> list[str]:
    problems = []
    for line in lines:
        if line.state == "empty":
            problems.append(_("Box %(box)s has not been entered yet.") % {"box": line.box.name})
        elif line.state == "one_entry":
            problems.append(_("Box %(box)s waits for the second teller's entry.") % {"box": line.box.name})
        elif line.state == "mismatch":
            problems.append(_("The two entries of box %(box)s differ.") % {"box": line.box.name})
    if campaign.paper and not lines:
        problems.append(_("No ballot box has been set up for the paper ballots."))
    if not (codes["spent"] == ballots == receipts):
        problems.append(_("Codes spent (%(codes)d), online ballots (%(ballots)d) and receipts (%(receipts)d) differ.")
                        % {"codes": codes["spent"], "ballots": ballots, "receipts": receipts})
    if campaign.summoned is None or campaign.present is None:
        problems.append(_("Enter the number summoned and the number present."))
    elif total["returned"] > campaign.present:
        problems.append(_("More ballots returned (%(returned)d) than people present (%(present)d).")
                        % {"returned": total["returned"], "present": campaign.present})
    return problems


def reconciliation_of(campaign: Campaign) -> Reconciliation:
    """Ballots issued, returned, valid and invalid per box, online and in total, and what still
    stands in the way of counting."""
    lines = [_box_line(box) for box in boxes_of(campaign)]
    paper, reasons = _sum_sheets(lines)
    codes = code_counts(campaign)
    ballots = Ballot.objects.filter(campaign=campaign).count()
    receipts = Receipt.objects.filter(campaign=campaign).count()
    online = {"issued": codes["issued"] - codes["revoked"], "returned": ballots, "valid": ballots, "invalid": 0}
    total = {key: paper[key] + online[key] for key in paper}
    return Reconciliation(boxes=lines, codes=codes, online_ballots=ballots, receipts=receipts, paper=paper,
                          online=online, total=total, invalid_reasons=reasons,
                          problems=_problems(campaign, lines, codes, ballots, receipts, total))


def online_answers(campaign: Campaign) -> list[str]:
    return list(Ballot.objects.filter(campaign=campaign).values_list("answers", flat=True).iterator(chunk_size=5000))


def comments_of(campaign: Campaign) -> list[dict[str, str]]:
    """Online comments, sorted by text so that their order says nothing about casting."""
    rows = Ballot.objects.filter(campaign=campaign, comments__isnull=False).values_list("comments", flat=True)
    return sorted(({"key": k, "text": v} for row in rows if row for k, v in row.items()),
                  key=lambda c: (c["key"], c["text"]))


# --- The home page: what waits for the user, the figures of a unit ------------------------------

# The step each status waits for, for those who manage the campaign.
NEXT_STEP = {CampaignStatus.DRAFT: "open", CampaignStatus.OPEN: "close", CampaignStatus.CLOSED: "count",
             CampaignStatus.COUNTED: "publish"}
HOME_FIELDS = ("title", "status", "held_on", "closes_at", "unit_id")


def campaigns_to_count(user: Any, *, limit: int) -> list[Campaign]:
    """Open or closed campaigns with paper ballots the user is assigned to count."""
    campaigns = scoped(Campaign.objects.filter(status__in=(CampaignStatus.OPEN, CampaignStatus.CLOSED), paper=True),
                       user, "ballots.count").filter(tellers__user_id=_user_pk(user))
    return list(campaigns.only(*HOME_FIELDS).order_by("held_on", "pk")[:limit])


def campaigns_to_advance(user: Any, *, limit: int) -> list[Campaign]:
    """Campaigns of units the user manages that wait for their next step (open, close, count, publish)."""
    campaigns = scoped(Campaign.objects.filter(status__in=NEXT_STEP), user, "ballots.manage")
    return list(campaigns.only(*HOME_FIELDS).order_by("held_on", "pk")[:limit])


def campaigns_to_vote_in(user: Any, *, limit: int) -> list[Campaign]:
    """Open online campaigns of a unit the user's own record belongs to (the unit or one above it)."""
    path = Person.objects.filter(user__pk=_user_pk(user)).values_list("unit__path", flat=True).first()
    if path is None:
        return []
    campaigns = Campaign.objects.filter(status=CampaignStatus.OPEN, online=True).alias(
        member_path=Value(path)).filter(member_path__startswith=F("unit__path"))
    return list(campaigns.only(*HOME_FIELDS).order_by("closes_at", "pk")[:limit])


def campaign_figures(user: Any, unit: Any) -> dict[str, int]:
    """Campaigns of a unit's subtree under way (open to counted) and published, in one query."""
    campaigns = scoped(Campaign.objects.filter(unit__path__startswith=unit.path), user, "ballots.view")
    return campaigns.aggregate(
        under_way=Count("pk", filter=Q(status__in=(CampaignStatus.OPEN, CampaignStatus.CLOSED,
                                                   CampaignStatus.COUNTED))),
        published=Count("pk", filter=Q(status=CampaignStatus.PUBLISHED)),
    )
