"""The review cycle of a person or a collective, on the shared lifecycle engine (``core.lifecycle``)::

    open --self_assess--> self_assessed --collective_review--> collective_reviewed
         --superior_assess--> superior_assessed --classify--> classified --approve--> approved
         --notify--> notified --appeal--> appealed --resolve_appeal--> notified

What a review holds beside the steps (suggestions, tasks, residents' comments) is in ``records``.
Nothing changes once the classification is approved.

Refused with a clear message and nothing written: points above a criterion's maximum, a level that the
points or the conditions do not allow, approval over the group's quota, an edit after approval, an
appeal after its deadline.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neuguong.accounts.scoping import has_permission
from neuguong.catalogues import selectors as catalogue
from neuguong.catalogues.models import EvaluationSubject
from neuguong.core.errors import ServiceError
from neuguong.core.lifecycle import Lifecycle, Transition
from neuguong.inspection import selectors as inspection

from .. import rules, selectors
from ..models import Criterion, ManifestationCheck, Period, Review, ReviewStatus, Score
from . import counts
from .common import APPROVE, MANAGE, REVIEW, actor_of, clean_long_text, clean_text, invalid, is_subject, refused
from .discipline import collective_discipline, decisions_detail

S = ReviewStatus
SELF = "self.view"
# Findings a superior records; the weak criteria and the discipline of the year are found by the module.
COMPUTED_TRIGGERS = ("weak_criterion", "disciplined")
MAX_TASKS = 200


def _day(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


def _number(value: Decimal) -> str:
    """Points as people write them: 92, 7.5, 6.25 (the comma of Vietnamese is left to the templates)."""
    text = f"{value:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _level_label(code: str) -> str:
    return selectors.level_names().get(code, code)


def _minimums() -> dict[str, int]:
    return {level.code: level.min_points for level in catalogue.evaluation_levels()} or dict(rules.DEFAULT_MINIMUMS)


def _points(value: Any, criterion: Criterion, field: str) -> Decimal:
    try:
        points = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise invalid(field, _("Enter the points of “%(criterion)s” as a number.")
                      % {"criterion": criterion.label}) from None
    if points < 0:
        raise invalid(field, _("The points of “%(criterion)s” cannot be negative.") % {"criterion": criterion.label})
    if points > criterion.max_points:
        raise refused("points_over_maximum", field,
                      _("“%(criterion)s” is scored at most %(max)s points: %(points)s is too many.")
                      % {"criterion": criterion.label, "max": _number(criterion.max_points),
                         "points": _number(points)})
    return points


def _scores(review: Review, entries: list[dict[str, Any]], *, superior: bool) -> dict[int, dict[str, Any]]:
    """The entries by criterion id, every criterion of the template scored once, within its maximum."""
    criteria = {c.pk: c for c in review.template.criteria.all()}
    by_code = {c.code: c for c in criteria.values()}
    found: dict[int, dict[str, Any]] = {}
    for entry in entries or []:
        wanted = entry.get("criterion_id") or entry.get("criterion")
        criterion = criteria.get(wanted) if isinstance(wanted, int) else by_code.get(str(wanted or ""))
        if criterion is None:
            raise invalid("scores", _("%(value)s is not a criterion of this review.") % {"value": wanted})
        if criterion.pk in found:
            raise invalid("scores", _("“%(criterion)s” is scored twice.") % {"criterion": criterion.label})
        found[criterion.pk] = {"points": _points(entry.get("points"), criterion, "scores"),
                               "comment": clean_long_text(entry.get("comment")),
                               "weak": bool(entry.get("weak")) if superior else False}
    missing = [c.label for c in criteria.values() if c.pk not in found]
    if missing:
        raise invalid("scores", _("Score every criterion: “%(criterion)s” has no points.") % {"criterion": missing[0]})
    return found


def _allowed_level(review: Review, wanted: str, points: Decimal, field: str, *, triggers: list[str]) -> str:
    """``wanted`` (a level code, or empty) if the points, the task shares and the triggers allow it."""
    wanted = clean_text(wanted, 20)
    if not wanted:
        return ""
    if wanted not in rules.LEVELS:
        raise invalid(field, _("Choose a level from the list."))
    found = rules.shares(review.tasks.all())
    best = rules.outcome(points, found, collective=review.is_collective, triggers=triggers, minimums=_minimums())
    if rules.rank(wanted) > rules.rank(best.level):
        raise refused("level_not_allowed", field,
                      _("%(points)s points and the conditions allow at most “%(best)s”, not “%(wanted)s”.")
                      % {"points": _number(points), "best": _level_label(best.level),
                         "wanted": _level_label(wanted)})
    return wanted


# --- The steps --------------------------------------------------------------------------------------


def _subject_guard(review: Review, user: Any, data: dict[str, Any]) -> str | None:
    """The person reviewed, or the unit's staff (``evaluation.manage``) entering a paper form."""
    if is_subject(user, review) or has_permission(user, MANAGE, review.unit.path):
        return None
    return _("Only the person reviewed writes the self-assessment.")


def _self_assess(review: Review, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    scores = _scores(review, data.get("scores") or [], superior=False)
    total = sum((row["points"] for row in scores.values()), Decimal(0))
    errors: dict[str, list[str]] = {}
    for name in ("strengths", "shortcomings"):
        if not clean_long_text(data.get(name)):
            errors[name] = [_("Write the strengths.") if name == "strengths" else _("Write the shortcomings.")]
    if errors:
        raise ServiceError("invalid", next(iter(errors.values()))[0], field_errors=errors)
    level = _allowed_level(review, data.get("level") or "", total, "level", triggers=[])
    if not level:
        raise invalid("level", _("Propose a level."))
    Score.objects.bulk_create([Score(review=review, criterion_id=pk, self_points=row["points"],
                                     self_comment=row["comment"]) for pk, row in scores.items()])
    review.strengths = clean_long_text(data.get("strengths"))
    review.shortcomings = clean_long_text(data.get("shortcomings"))
    review.remedies = clean_long_text(data.get("remedies"))
    review.self_level = level
    return {"points": total, "level": level}


def _manifestations(review: Review, entries: list[dict[str, Any]]) -> list[ManifestationCheck]:
    """An individual checks each of the 27 manifestations, one by one; a collective checks none."""
    if review.person_id is None:
        return []
    listed = list(catalogue.manifestations())
    by_code = {m.code: m for m in listed}
    by_id = {m.pk: m for m in listed}
    found: dict[int, ManifestationCheck] = {}
    for entry in entries:
        wanted = entry.get("manifestation_id") or entry.get("manifestation")
        item = by_id.get(wanted) if isinstance(wanted, int) else by_code.get(str(wanted or ""))
        if item is None:
            raise invalid("manifestations", _("%(value)s is not one of the 27 manifestations.") % {"value": wanted})
        if item.pk in found:
            raise invalid("manifestations", _("%(code)s is checked twice.") % {"code": item.code})
        if not isinstance(entry.get("present"), bool):
            raise invalid("manifestations", _("Say whether you show %(code)s or not.") % {"code": item.code})
        found[item.pk] = ManifestationCheck(review=review, manifestation=item, present=entry["present"],
                                            note=clean_long_text(entry.get("note")))
    missing = [m for m in listed if m.pk not in found]
    if missing:
        raise invalid("manifestations", _("Check every manifestation, one by one: %(code)s is not checked.")
                      % {"code": missing[0].code})
    return list(found.values())


def _review_guard(review: Review, user: Any, data: dict[str, Any]) -> str | None:
    return None if has_permission(user, REVIEW, review.unit.path) else _(
        "The collective review is recorded by the cell's or committee's secretary.")


def _self_total(review: Review) -> Decimal:
    return sum((score.self_points or Decimal(0) for score in review.scores.all()), Decimal(0))


def _collective_review(review: Review, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    present = data.get("members_present")
    votes = data.get("votes") or {}
    if not isinstance(present, int) or present < 1:
        raise invalid("members_present", _("Enter how many members were present."))
    if not isinstance(votes, dict) or any(code not in rules.LEVELS for code in votes) or any(
            not isinstance(count, int) or count < 0 for count in votes.values()):
        raise invalid("votes", _("Enter the votes for each level as whole numbers."))
    if sum(votes.values()) > present:
        raise invalid("votes", _("%(votes)s votes were cast but only %(present)s members were present.")
                      % {"votes": sum(votes.values()), "present": present})
    votes = {code: count for code, count in votes.items() if count}
    if not votes:
        raise invalid("votes", _("Enter the votes of the meeting."))
    leading = max(votes, key=lambda code: (votes[code], rules.rank(code)))
    if votes[leading] * 2 <= present:
        raise invalid("votes", _("No level received the votes of more than half the members present."))
    level = _allowed_level(review, leading, _self_total(review), "votes", triggers=[])
    comments = clean_long_text(data.get("comments"))
    if not comments:
        raise invalid("comments", _("Write the collective's comments."))
    review.collective_comments, review.collective_level = comments, level
    review.votes, review.members_present = votes, present
    return {"level": level, "votes": votes, "members_present": present}


def _superior_guard(review: Review, user: Any, data: dict[str, Any]) -> str | None:
    parent = review.unit.parent
    above = parent.path if parent is not None else review.unit.path
    if has_permission(user, REVIEW, above):
        return None
    return _("The superior's assessment is made by the level above the unit.")


def _findings(review: Review, codes: Any) -> list[str]:
    subject = EvaluationSubject.COLLECTIVE if review.is_collective else EvaluationSubject.INDIVIDUAL
    allowed = {t.code for t in catalogue.downgrade_triggers(subject)
               if t.code.split(".", 1)[-1] not in COMPUTED_TRIGGERS}
    codes = [str(code) for code in (codes or [])]
    unknown = [code for code in codes if code not in allowed]
    if unknown:
        raise invalid("findings", _("%(value)s is not a finding that can be recorded here.") % {"value": unknown[0]})
    return sorted(set(codes))


def _superior_assess(review: Review, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    scores = _scores(review, data.get("scores") or [], superior=True)
    findings = _findings(review, data.get("findings"))
    total = sum((row["points"] for row in scores.values()), Decimal(0))
    weak = [pk for pk, row in scores.items() if row["weak"]]
    comments = clean_long_text(data.get("comments"))
    if not comments:
        raise invalid("comments", _("Write the superior's comments."))
    existing = {score.criterion_id: score for score in review.scores.all()}
    for pk, row in scores.items():
        score = existing.get(pk) or Score(review=review, criterion_id=pk)
        score.points, score.comment, score.weak = row["points"], row["comment"], row["weak"]
        score.save()
    triggers = [t["code"] for t in triggers_of(review)]
    level = _allowed_level(review, data.get("level") or "", total, "level", triggers=triggers)
    review.superior_comments, review.superior_level, review.findings = comments, level, findings
    return {"points": total, "level": level, "weak_criteria": len(weak), "findings": findings}


def triggers_of(review: Review) -> list[dict[str, Any]]:
    """The triggers of the lowest level that hold for the review, each with its text and detail."""
    weak = [score.criterion.code for score in review.scores.select_related("criterion")
            if score.weak and score.criterion.weak_triggers]
    year = review.period.year
    if review.person_id is None:
        return triggers_found(trigger_texts(), collective=True, weak_codes=weak,
                              discipline=collective_discipline([review.unit_id], year).get(review.unit_id, ""),
                              findings=review.findings or [])
    decisions = inspection.discipline_effective_in([review.person_id], year).get(review.person_id, [])
    return triggers_found(trigger_texts(), collective=False, weak_codes=weak, discipline=decisions_detail(decisions),
                          findings=review.findings or [])


def trigger_texts() -> dict[str, Any]:
    """The catalogue's triggers of the lowest level by code, for ``triggers_found``."""
    return {t.code: t for t in catalogue.downgrade_triggers()}


def triggers_found(texts: dict[str, Any], *, collective: bool, weak_codes: list[str], discipline: str,
                   findings: list[str]) -> list[dict[str, Any]]:
    """The triggers that hold, each with its text and detail, in the order a review shows them: the
    weak criteria, the discipline of the year (``discipline``: its detail, empty when there is none), the
    superior's findings. One review's classification and the period's bulk classification both build
    them here."""
    subject = EvaluationSubject.COLLECTIVE if collective else EvaluationSubject.INDIVIDUAL
    found: list[dict[str, Any]] = []

    def add(code: str, detail: str) -> None:
        entry = texts.get(code)
        found.append({"code": code, "text": entry.text if entry else code,
                      "text_en": entry.text_en if entry else code, "detail": detail})

    if weak_codes:
        add(f"{subject}.weak_criterion", "; ".join(weak_codes))
    if discipline:
        add(f"{subject}.disciplined", discipline)
    for code in findings:
        add(code, "")
    return found


def _classify(review: Review, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    scores = list(review.scores.all())
    total = sum((s.points if s.points is not None else (s.self_points or Decimal(0)) for s in scores), Decimal(0))
    found = rules.shares(review.tasks.all())
    triggers = triggers_of(review)
    best = rules.outcome(total, found, collective=review.is_collective, triggers=[t["code"] for t in triggers],
                         minimums=_minimums())
    level = best.level
    reasons = list(best.reasons)
    if review.superior_level and rules.rank(review.superior_level) < rules.rank(level):
        level = review.superior_level
        reasons.append("superior_level")
    review.total_points, review.on_time_share, review.exceeding_share = total, found.on_time, found.exceeding
    review.level, review.triggers, review.reasons = level, triggers, reasons
    return {"points": total, "level": level, "by_points": best.by_points,
            "triggers": [t["code"] for t in triggers], "reasons": reasons}


def _competent(review: Review, user: Any, data: dict[str, Any]) -> str | None:
    if has_permission(user, APPROVE, review.period.unit.path):
        return None
    return _("The classification is approved by the level that opened the period.")


def _approve(review: Review, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    if review.level == rules.HTXSNV:
        _check_quota(review)
    review.approved_by, review.approved_on = actor_of(user), timezone.localdate()
    return {"level": review.level}


def _check_quota(review: Review) -> None:
    """One more HTXSNV approved in the review's group must stay within the quota. The period's row is
    locked first, so that two approvals in the same group are decided one after the other."""
    Period.objects.select_for_update(no_key=True).filter(pk=review.period_id).first()
    group = selectors.quota_group(review.period, review.group_key)
    if group.approved_excellent + 1 > group.allowed:
        raise refused("over_quota", "level",
                      _("The group “%(group)s” may have %(allowed)s “%(level)s” (20 %% of the %(good)s classified "
                        "“%(good_level)s” or above); %(approved)s are already approved.")
                      % {"group": group.label, "allowed": group.allowed, "level": _level_label(rules.HTXSNV),
                         "good": group.good, "good_level": _level_label(rules.HTTNV),
                         "approved": group.approved_excellent})


def _check_quota_lowered(review: Review) -> None:
    """A review lowered below HTTNV leaves its group one fewer to count the quota from: the top levels
    already approved in the group must stay within the quota that is left (the period's row locked as
    for an approval). Refused otherwise, and the level stays: an approved top level is not reopened."""
    Period.objects.select_for_update(no_key=True).filter(pk=review.period_id).first()
    group = selectors.quota_group(review.period, review.group_key)
    good = group.good - 1
    approved = group.approved_excellent - (1 if review.level == rules.HTXSNV else 0)
    allowed = rules.quota_allowed(good)
    if approved > allowed:
        raise refused("over_quota", "level",
                      _("Lowering this level would leave the group “%(group)s” %(good)s classified “%(good_level)s” "
                        "or above, who allow %(allowed)s “%(level)s”; %(approved)s are already approved. Resolve the "
                        "appeal without changing the level, or keep it at “%(good_level)s” or above.")
                      % {"group": group.label, "good": good, "good_level": _level_label(rules.HTTNV),
                         "allowed": allowed, "level": _level_label(rules.HTXSNV), "approved": approved})


def _notify(review: Review, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    review.notified_on = timezone.localdate()
    return {"appeal_until": rules.appeal_last_day(review.notified_on, review.period.appeal_days)}


def _appeal_guard(review: Review, user: Any, data: dict[str, Any]) -> str | None:
    if not is_subject(user, review):
        return _("Only the person reviewed appeals against the classification.")
    return None


def _appeal(review: Review, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    today = timezone.localdate()
    last_day = rules.appeal_last_day(review.notified_on or today, review.period.appeal_days)
    if today > last_day:
        raise refused("evaluation_appeal_late", "grounds",
                      _("The appeal deadline was %(day)s: an appeal can no longer be filed.") % {"day": _day(last_day)})
    review.appeal_grounds, review.appeal_filed_on = data["grounds"], today
    return {"filed_on": today}


def _resolve(review: Review, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    level = clean_text(data.get("level"), 20) or review.level
    if level != review.level:
        if level not in rules.LEVELS:
            raise invalid("level", _("Choose a level from the list."))
        best = rules.outcome(review.total_points or Decimal(0),
                             rules.Shares(review.on_time_share, review.exceeding_share),
                             collective=review.is_collective, triggers=[t["code"] for t in review.triggers],
                             minimums=_minimums())
        if rules.rank(level) > rules.rank(best.level):
            raise refused("level_not_allowed", "level",
                          _("The points and the conditions allow at most “%(best)s”.")
                          % {"best": _level_label(best.level)})
        if level == rules.HTXSNV:
            _check_quota(review)
        elif rules.rank(review.level) >= rules.rank(rules.HTTNV) > rules.rank(level):
            _check_quota_lowered(review)
    before = review.level
    review.level, review.appeal_outcome = level, data["outcome"]
    return {"level_before": before, "level": level}


REVIEW_LIFECYCLE = Lifecycle(Review, "status", view=SELF, related=("period__unit", "unit__parent", "template"),
                             transitions=[
    Transition("self_assess", gettext_lazy("Send the self-assessment"), frozenset({S.OPEN}), S.SELF_ASSESSED, SELF,
               "evaluation_review.self_assessed", guard=_subject_guard, apply=_self_assess),
    Transition("collective_review", gettext_lazy("Record the collective review"), frozenset({S.SELF_ASSESSED}),
               S.COLLECTIVE_REVIEWED, REVIEW, "evaluation_review.collective_reviewed", guard=_review_guard,
               apply=_collective_review),
    Transition("superior_assess", gettext_lazy("Record the superior's assessment"),
               frozenset({S.COLLECTIVE_REVIEWED}), S.SUPERIOR_ASSESSED, REVIEW,
               "evaluation_review.superior_assessed", guard=_superior_guard, apply=_superior_assess),
    Transition("classify", gettext_lazy("Classify"), frozenset({S.SUPERIOR_ASSESSED}), S.CLASSIFIED, MANAGE,
               "evaluation_review.classified", apply=_classify),
    Transition("approve", gettext_lazy("Approve the classification"), frozenset({S.CLASSIFIED}), S.APPROVED,
               APPROVE, "evaluation_review.approved", guard=_competent, apply=_approve),
    Transition("notify", gettext_lazy("Notify the person"), frozenset({S.APPROVED}), S.NOTIFIED, MANAGE,
               "evaluation_review.notified", apply=_notify),
    Transition("appeal", gettext_lazy("Appeal"), frozenset({S.NOTIFIED}), S.APPEALED, SELF,
               "evaluation_review.appealed", guard=_appeal_guard, apply=_appeal, required=("grounds",),
               messages={"grounds": gettext_lazy("Write the grounds of the appeal.")}),
    Transition("resolve_appeal", gettext_lazy("Resolve the appeal"), frozenset({S.APPEALED}), S.NOTIFIED, APPROVE,
               "evaluation_review.appeal_resolved", guard=_competent, apply=_resolve, required=("outcome",),
               messages={"outcome": gettext_lazy("Write the outcome of the appeal.")}),
])


# The steps that set or change a review's level: the unit summary's counts follow them.
LEVEL_STEPS = ("classify", "resolve_appeal")


def _step(name: str, review_id: int, acting_user: Any, **data: Any) -> Review:
    selectors.review_get(acting_user, review_id)  # 404 for a review the user may not read
    with transaction.atomic():
        if name not in LEVEL_STEPS:
            return REVIEW_LIFECYCLE.transition(review_id, name, acting_user=acting_user, **data)
        before = Review.objects.filter(pk=review_id).values_list("status", "level").first()
        review = REVIEW_LIFECYCLE.transition(review_id, name, acting_user=acting_user, **data)
        counts.review_moved(review, counts.bucket(*before) if before else counts.WAITING,
                            counts.bucket(review.status, review.level))
        return review


def self_assess(*, review_id: int, scores: list[dict[str, Any]], strengths: str, shortcomings: str, level: str,
                acting_user: Any, remedies: str = "", manifestations: list[dict[str, Any]] | None = None) -> Review:
    """The self-assessment. The 27 manifestations are checked before anything is written and stored in
    the same transaction, outside the step's data: neither the history nor the audit trail names them."""
    review = selectors.review_get(acting_user, review_id)
    checks = _manifestations(review, manifestations or [])
    with transaction.atomic():
        review = REVIEW_LIFECYCLE.transition(review_id, "self_assess", acting_user=acting_user, scores=scores,
                                             strengths=strengths, shortcomings=shortcomings, remedies=remedies,
                                             level=level)
        ManifestationCheck.objects.bulk_create(checks)
    return review


def collective_review(*, review_id: int, comments: str, votes: dict[str, int], members_present: int,
                      acting_user: Any) -> Review:
    return _step("collective_review", review_id, acting_user, comments=comments, votes=votes,
                 members_present=members_present)


def superior_assess(*, review_id: int, scores: list[dict[str, Any]], comments: str, acting_user: Any,
                    level: str = "", findings: list[str] | None = None) -> Review:
    return _step("superior_assess", review_id, acting_user, scores=scores, comments=comments, level=level,
                 findings=findings or [])


def classify(*, review_id: int, acting_user: Any) -> Review:
    return _step("classify", review_id, acting_user)


def approve(*, review_id: int, acting_user: Any) -> Review:
    return _step("approve", review_id, acting_user)


def notify(*, review_id: int, acting_user: Any) -> Review:
    return _step("notify", review_id, acting_user)


def appeal(*, review_id: int, grounds: str, acting_user: Any) -> Review:
    return _step("appeal", review_id, acting_user, grounds=grounds)


def resolve_appeal(*, review_id: int, outcome: str, acting_user: Any, level: str = "") -> Review:
    return _step("resolve_appeal", review_id, acting_user, outcome=outcome, level=level)

