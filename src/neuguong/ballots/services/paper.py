"""Paper ballots: boxes, each box's sheet entered independently by two tellers, mismatches
resolved by the counting board.

A sheet, as stored (``PaperEntry.data``, ``BoxResult.data``)::

    {"issued": 120, "returned": 118, "valid": 115, "invalid": 3,
     "invalid_reasons": {"names_added": 1, "not_issued_by_board": 2},
     "counts": [[[high, normal, low], ...per choice question], ...per candidate],
     "lines": ["01-2", ...]}          # ballot-by-ballot boxes only; counts are derived from them

Tellers type a ballot as one line, one character per candidate and choice question: the option's
number (1, 2, 3 …), or 0 when that person's line is invalid (no box or several boxes ticked).
"""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from neuguong.accounts.scoping import ensure_permission_on
from neuguong.audit import services as audit
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.core.text import normalize_spaces

from ..models import BallotBox, BoxMode, BoxResult, Campaign, CampaignStatus, PaperEntry, ResultSource
from ..selectors import box_get, candidates_of, is_teller, questions_of, structure_of
from ..tally import ANSWER_ALPHABET, NO_ANSWER, Structure, count_answers
from .campaigns import campaign_for_manage, ensure_status, invalid

TYPED_INVALID = "0-"


@transaction.atomic
def box_create(*, campaign_id: int, name: str, acting_user: Any, mode: str = BoxMode.TALLY) -> BallotBox:
    campaign = campaign_for_manage(acting_user, campaign_id)
    if not campaign.paper:
        raise ServiceError("not_paper", _("This campaign has no paper ballots."))
    ensure_status(campaign, CampaignStatus.DRAFT, CampaignStatus.OPEN, CampaignStatus.CLOSED)
    name = normalize_spaces(name or "")
    if not name:
        raise invalid("name", _("Name the ballot box."))
    if mode not in BoxMode.values:
        raise invalid("mode", _("Choose a valid entry mode."))
    number = (campaign.boxes.aggregate(m=Max("number"))["m"] or 0) + 1
    box = BallotBox.objects.create(campaign=campaign, number=number, name=name[:120], mode=mode)
    audit.record(acting_user, "ballot_box.created", box, after={"number": number, "name": box.name, "mode": mode})
    return box


# --- Reading a sheet ---------------------------------------------------------------------------


def _whole(raw: dict[str, Any], key: str, errors: dict[str, list[str]]) -> int:
    value = raw.get(key, "")
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        errors.setdefault(key, []).append(_("Enter a whole number."))
        return 0
    if number < 0:
        errors.setdefault(key, []).append(_("Enter a whole number, zero or more."))
    return number


def _reasons(raw: dict[str, Any], reason_codes: list[str], errors: dict[str, list[str]]) -> dict[str, int]:
    given = raw.get("invalid_reasons") or {}
    kept = {}
    for code, value in given.items():
        if code not in reason_codes:
            errors.setdefault("invalid_reasons", []).append(_("Unknown reason: %(code)s.") % {"code": code})
            continue
        number = _whole({code: value}, code, errors)
        if number:
            kept[code] = number
    return dict(sorted(kept.items()))


def _lines(raw_lines: Any, structure: Structure, errors: dict[str, list[str]]) -> list[str]:
    if isinstance(raw_lines, str):
        raw_lines = raw_lines.splitlines()
    lines = []
    for number, typed in enumerate(raw_lines or [], start=1):
        typed = "".join(str(typed).split())
        if not typed:
            continue
        if len(typed) != structure.width:
            errors.setdefault("lines", []).append(
                _("Ballot %(n)d: type %(width)d characters, one per person and question.")
                % {"n": number, "width": structure.width})
            continue
        line = []
        for index, ch in enumerate(typed):
            options = structure.questions[index % len(structure.questions)].options
            if ch in TYPED_INVALID:
                line.append(NO_ANSWER)
            elif ch.isdigit() and 1 <= int(ch) <= options:
                line.append(ANSWER_ALPHABET[int(ch) - 1])
            else:
                errors.setdefault("lines", []).append(
                    _("Ballot %(n)d, position %(pos)d: type a number from 1 to %(max)d, or 0.")
                    % {"n": number, "pos": index + 1, "max": options})
                break
        else:
            lines.append("".join(line))
    return lines


def _counts(raw_counts: Any, structure: Structure, errors: dict[str, list[str]]) -> list[list[list[int]]]:
    """Counts given as a nested list, or as ``{"<candidate>.<question>.<option>": n}`` (1-based)."""
    counts = structure.empty_counts()
    for c in range(structure.candidates):
        for q, question in enumerate(structure.questions):
            for o in range(question.options):
                if isinstance(raw_counts, dict):
                    value = raw_counts.get(f"{c + 1}.{q + 1}.{o + 1}", 0)
                else:
                    try:
                        value = raw_counts[c][q][o]
                    except (IndexError, KeyError, TypeError):
                        value = None
                key = f"counts.{c + 1}.{q + 1}.{o + 1}"
                counts[c][q][o] = _whole({key: value if value not in (None, "") else 0}, key, errors)
    return counts


def read_sheet(campaign: Campaign, box: BallotBox, raw: dict[str, Any]) -> dict[str, Any]:
    """Check that a typed sheet adds up and return its normalised form; ServiceError otherwise."""
    structure = structure_of(campaign)
    reason_codes = [reason["code"] for reason in campaign.rules.get("invalid_reasons", [])]
    errors: dict[str, list[str]] = {}
    sheet: dict[str, Any] = {key: _whole(raw, key, errors) for key in ("issued", "returned", "valid", "invalid")}
    sheet["invalid_reasons"] = _reasons(raw, reason_codes, errors)
    if box.mode == BoxMode.PER_BALLOT:
        sheet["lines"] = _lines(raw.get("lines"), structure, errors)
        sheet["counts"] = count_answers(structure, sheet["lines"]).counts if not errors else structure.empty_counts()
    else:
        sheet["counts"] = _counts(raw.get("counts") or {}, structure, errors)
    if not errors:
        _check_sums(sheet, structure, box, errors)
    if errors:
        raise ServiceError("invalid", _("The sheet does not add up; check the figures marked."), field_errors=errors)
    return sheet


def _check_sums(sheet: dict[str, Any], structure: Structure, box: BallotBox, errors: dict[str, list[str]]) -> None:
    if sheet["returned"] > sheet["issued"]:
        errors["returned"] = [_("More ballots returned (%(r)d) than issued (%(i)d).")
                              % {"r": sheet["returned"], "i": sheet["issued"]}]
    if sheet["valid"] + sheet["invalid"] != sheet["returned"]:
        errors["valid"] = [_("Valid (%(v)d) and invalid (%(inv)d) ballots must add up to those returned (%(r)d).")
                           % {"v": sheet["valid"], "inv": sheet["invalid"], "r": sheet["returned"]}]
    if sum(sheet["invalid_reasons"].values()) != sheet["invalid"]:
        errors["invalid_reasons"] = [_("The reasons must account for every invalid ballot (%(n)d).")
                                     % {"n": sheet["invalid"]}]
    if box.mode == BoxMode.PER_BALLOT and len(sheet["lines"]) != sheet["valid"]:
        errors["lines"] = [_("%(lines)d ballots typed, but %(valid)d valid ballots declared.")
                           % {"lines": len(sheet["lines"]), "valid": sheet["valid"]}]
    for c, per_question in enumerate(sheet["counts"]):
        for q, per_option in enumerate(per_question):
            if sum(per_option) > sheet["valid"]:
                errors[f"counts.{c + 1}.{q + 1}"] = [
                    _("Person %(c)d, question %(q)d: %(n)d answers counted on %(valid)d valid ballots.")
                    % {"c": c + 1, "q": q + 1, "n": sum(per_option), "valid": sheet["valid"]}]


# --- Double entry ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    key: str
    label: str
    first: Any
    second: Any


def compare_sheets(campaign: Campaign, first: dict[str, Any], second: dict[str, Any]) -> list[Difference]:
    """Every figure on which two entries of one sheet differ, labelled for the side-by-side view."""
    differences = [
        Difference(key, label, first.get(key), second.get(key))
        for key, label in (("issued", _("Ballots issued")), ("returned", _("Ballots returned")),
                           ("valid", _("Valid ballots")), ("invalid", _("Invalid ballots")))
        if first.get(key) != second.get(key)
    ]
    reasons = {reason["code"]: reason["label"] for reason in campaign.rules.get("invalid_reasons", [])}
    for code in sorted(set(first["invalid_reasons"]) | set(second["invalid_reasons"])):
        a, b = first["invalid_reasons"].get(code, 0), second["invalid_reasons"].get(code, 0)
        if a != b:
            differences.append(Difference(f"invalid_reasons.{code}", reasons.get(code, code), a, b))
    names = [c.full_name for c in candidates_of(campaign)]
    questions = [q for q in questions_of(campaign) if q.options]
    for c, per_question in enumerate(first["counts"]):
        for q, per_option in enumerate(per_question):
            for o, value in enumerate(per_option):
                other = second["counts"][c][q][o]
                if value != other:
                    label = f"{names[c]} — {questions[q].text} — {questions[q].options[o]['label']}"
                    differences.append(Difference(f"counts.{c + 1}.{q + 1}.{o + 1}", label, value, other))
    first_lines, second_lines = first.get("lines", []), second.get("lines", [])
    for index in range(max(len(first_lines), len(second_lines))):
        a = first_lines[index] if index < len(first_lines) else ""
        b = second_lines[index] if index < len(second_lines) else ""
        if a != b:
            differences.append(Difference(f"lines.{index + 1}", _("Ballot %(n)d") % {"n": index + 1},
                                          typed_line(a), typed_line(b)))
    return differences


def typed_line(line: str) -> str:
    """A stored ballot line as tellers type it."""
    return "".join("0" if ch == NO_ANSWER else str(ANSWER_ALPHABET.index(ch) + 1) for ch in line)


def _box_for_teller(acting_user: Any, box_id: int) -> BallotBox:
    box = box_get(acting_user, box_id)
    if not is_teller(acting_user, box.campaign):
        raise PermissionDeniedError(_("Only the tellers assigned to this campaign enter its ballots."))
    return BallotBox.objects.select_for_update(no_key=True).select_related("campaign", "campaign__unit").get(pk=box.pk)


@transaction.atomic
def paper_entry_submit(*, box_id: int, sheet: dict[str, Any], acting_user: Any) -> PaperEntry:
    """A teller's entry of a box's sheet (or a corrected one). When both tellers' entries agree the
    box is counted; otherwise the differences wait for a correction or the board's decision."""
    box = _box_for_teller(acting_user, box_id)
    ensure_status(box.campaign, CampaignStatus.OPEN, CampaignStatus.CLOSED)
    if BoxResult.objects.filter(box=box).exists():
        raise ServiceError("box_counted", _("This box has already been counted."))
    data = read_sheet(box.campaign, box, sheet)
    entry = PaperEntry.objects.filter(box=box, teller=acting_user).first()
    if entry is None:
        if box.entries.count() >= 2:
            raise ServiceError("two_entries", _("Two tellers have already entered this box."))
        entry = PaperEntry.objects.create(box=box, teller=acting_user, data=data, submitted_at=timezone.now())
    else:
        entry.data, entry.revision, entry.submitted_at = data, entry.revision + 1, timezone.now()
        entry.save(update_fields=["data", "revision", "submitted_at"])
    entries = list(box.entries.order_by("submitted_at", "id"))
    agreed = len(entries) == 2 and entries[0].data == entries[1].data
    audit.record(acting_user, "paper_entry.submitted", entry,
                 after={"box": box.number, "revision": entry.revision, "entries": len(entries), "agreed": agreed,
                        "returned": data["returned"], "valid": data["valid"], "invalid": data["invalid"]})
    if agreed:
        BoxResult.objects.create(box=box, data=data, source=ResultSource.AGREED, decided_at=timezone.now())
        audit.record(acting_user, "ballot_box.agreed", box, after={"returned": data["returned"]})
    return entry


@transaction.atomic
def box_resolve(*, box_id: int, entry_id: int, note: str, acting_user: Any) -> BoxResult:
    """The counting board recounted the box and adopts one of the two differing entries."""
    box = box_get(acting_user, box_id)
    ensure_permission_on(acting_user, "ballots.manage", box.campaign)
    box = BallotBox.objects.select_for_update(no_key=True).select_related("campaign__unit").get(pk=box.pk)
    ensure_status(box.campaign, CampaignStatus.OPEN, CampaignStatus.CLOSED)
    if BoxResult.objects.filter(box=box).exists():
        raise ServiceError("box_counted", _("This box has already been counted."))
    entries = list(box.entries.all())
    if len(entries) < 2:
        raise ServiceError("needs_two_entries", _("Both tellers must enter the box before a difference is resolved."))
    chosen = next((e for e in entries if e.pk == entry_id), None)
    if chosen is None:
        raise invalid("entry_id", _("Choose one of the two entries."))
    note = normalize_spaces(note or "")
    if not note:
        raise invalid("note", _("Record how the difference was settled (for example: box recounted)."))
    result = BoxResult.objects.create(box=box, data=chosen.data, source=ResultSource.RESOLVED, note=note,
                                      decided_at=timezone.now())
    audit.record(acting_user, "ballot_box.resolved", box, after={"entry": chosen.pk, "teller": chosen.teller_id},
                 note=note)
    return result
