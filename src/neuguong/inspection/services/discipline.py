"""Party discipline: recording a violation, the one decision on it, checked against the rules, and
the appeals against the decision.

The decision and its appeals run on the shared lifecycle engine (``core.lifecycle``)::

    decision: in_force | changed --appeal--> appealed
              appealed --uphold--> in_force (or changed, when an earlier appeal changed the form)
              appealed --change--> changed          (the new form)
              appealed --annul---> annulled
    appeal:   pending --uphold | change | annul--> upheld | changed | annulled

A decision is refused, with nothing written, when its form does not fit the subject (organisation;
full member, Cách chức only when holding a post; probationary member), when the limitation period
counted from the violation has run out on the decision date, or when the violation already has its
decision. An appeal filed after its deadline is refused.
"""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neuguong.accounts.scoping import NotFound, access
from neuguong.audit import services as audit
from neuguong.catalogues.models import DisciplineForm, DisciplineSubject
from neuguong.core.errors import ServiceError
from neuguong.core.lifecycle import Lifecycle, Transition
from neuguong.orgs.models import PARTY_KINDS, Membership, MembershipStatus, Person, Post, Unit

from .. import rules, selectors
from ..models import Appeal, AppealStatus, DecisionStatus, DisciplineDecision, Violation
from .common import MANAGE, VIEW, active_unit, actor_of, clean_long_text, clean_text, invalid, locked, refused


def _day(value: Any) -> str:
    return f"{value:%d/%m/%Y}"


# --- Violations ------------------------------------------------------------------------------


def subject_under(user: Any, body: Unit, subject_unit_id: Any, subject_person_id: Any, *,
                  conducting: bool = False) -> tuple[Unit | None, Person | None]:
    """The organisation or the member a record is about, within the subtree of the body that keeps it:
    the deciding body of a violation, the conducting body of a case (``conducting``)."""
    if (subject_unit_id in (None, "")) == (subject_person_id in (None, "")):
        raise invalid("subject_unit_id", _("Choose either a party organisation or a party member."))
    if subject_unit_id not in (None, ""):
        try:
            unit = access(Unit.objects.all(), user, subject_unit_id, view="units.view")
        except NotFound:
            raise invalid("subject_unit_id", _("Choose a party organisation of your units.")) from None
        if unit.kind not in PARTY_KINDS:
            raise invalid("subject_unit_id", _("%(unit)s is not a party organisation.") % {"unit": unit.name})
        if not unit.path.startswith(body.path):
            raise invalid("subject_unit_id", _("The organisation is not under the conducting body.") if conducting
                          else _("The organisation is not under the deciding body."))
        return unit, None
    try:
        person = access(Person.objects.select_related("unit"), user, subject_person_id, view="people.view")
    except NotFound:
        raise invalid("subject_person_id", _("Choose a party member of your units.")) from None
    cells = Membership.objects.filter(person=person).values_list("cell__path", flat=True)
    if not any(path.startswith(body.path) for path in [person.unit.path, *cells]):
        raise invalid("subject_person_id", _("The member is not under the conducting body.") if conducting
                      else _("The member is not under the deciding body."))
    return None, person


@transaction.atomic
def violation_record(*, unit_id: int, occurred_on: dt.date, description: str, acting_user: Any,
                     subject_unit_id: int | None = None, subject_person_id: int | None = None,
                     exemption: str = "") -> Violation:
    """A violation of a party organisation or member, to be decided by the body ``unit_id``."""
    body = active_unit(acting_user, unit_id)
    subject_unit, subject_person = subject_under(acting_user, body, subject_unit_id, subject_person_id)
    errors: dict[str, list[str]] = {}
    if not isinstance(occurred_on, dt.date):
        errors["occurred_on"] = [_("Enter the date of the violation.")]
    elif occurred_on > timezone.localdate():
        errors["occurred_on"] = [_("The date of the violation cannot be in the future.")]
    description = clean_long_text(description)
    if not description:
        errors["description"] = [_("Describe the violation.")]
    exemption = clean_text(exemption, 40)
    if exemption and exemption not in {choice.code for choice in rules.exemptions()}:
        errors["exemption"] = [_("Choose a kind of violation from the list.")]
    if errors:
        raise ServiceError("invalid", next(iter(errors.values()))[0], field_errors=errors)
    violation = Violation.objects.create(unit=body, subject_unit=subject_unit, subject_person=subject_person,
                                         occurred_on=occurred_on, exemption=exemption, description=description,
                                         created_by=actor_of(acting_user))
    audit.record(acting_user, "discipline_violation.recorded", violation,
                 after={"subject_unit": subject_unit, "subject_person": subject_person,
                        "occurred_on": occurred_on, "exemption": exemption})
    return violation


@transaction.atomic
def violation_open(*, violation_id: int, acting_user: Any) -> Violation:
    """The discipline file of a violation for an inspection role; every read is in the audit trail."""
    violation = selectors.violation_get(acting_user, violation_id)
    audit.record(acting_user, "discipline_violation.viewed", violation)
    return violation


@transaction.atomic
def own_decision_open(*, decision_id: int, acting_user: Any) -> DisciplineDecision:
    """A decision about the member themselves; every read is in the audit trail."""
    decision = selectors.own_decision_get(acting_user, decision_id)
    audit.record(acting_user, "discipline_violation.viewed", decision.violation)
    return decision


@transaction.atomic
def own_decisions_read(*, acting_user: Any) -> list[DisciplineDecision]:
    """The decisions about the member themselves with their grounds and appeals (the API's list, which
    gives each one's file); the read of each is in the audit trail, as on the decision's page."""
    decisions = list(selectors.own_decisions(acting_user))
    for decision in decisions:
        audit.record(acting_user, "discipline_violation.viewed", decision.violation)
    return decisions


# --- Decisions -------------------------------------------------------------------------------


def subject_standing(violation: Violation, on: dt.date) -> tuple[str, bool]:
    """(subject kind for the catalogue, whether the member holds a post) on the day ``on``."""
    person_id = violation.subject_person_id
    if person_id is None:
        return DisciplineSubject.PARTY_ORGANISATION, False
    membership = (Membership.objects.filter(person_id=person_id, joined_on__lte=on)
                  .exclude(status=MembershipStatus.ENDED).order_by("-joined_on").first())
    if membership is None:
        raise refused("subject_not_a_member", "subject_person_id",
                      _("%(person)s is not a party member on %(day)s: party discipline does not apply.")
                      % {"person": violation.subject_name, "day": _day(on)})
    held_post = Post.objects.filter(person_id=person_id, started_on__lte=on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on)).exists()
    kind = (DisciplineSubject.FULL_MEMBER if membership.status == MembershipStatus.FULL
            else DisciplineSubject.PROBATIONARY_MEMBER)
    return kind, held_post


def _form(code: Any, kind: str, held_post: bool, field: str = "form") -> DisciplineForm:
    form = DisciplineForm.objects.filter(code=str(code or "")).first()
    if form is None:
        raise invalid(field, _("Choose a form of discipline from the catalogue."))
    if form.subject != kind:
        raise refused("form_not_for_subject", field,
                      _("“%(form)s” is not a form of discipline for a %(kind)s; choose one of: %(allowed)s.")
                      % {"form": form.tr("name"), "kind": DisciplineSubject(kind).label.lower(),
                         "allowed": ", ".join(str(f.tr("name")) for f in rules.forms_for(kind, held_post=held_post))})
    if rules.is_post_only(form) and not held_post:
        raise refused("form_not_for_subject", field,
                      _("“%(form)s” applies only to a member who holds a post; this member holds none on the "
                        "decision date.") % {"form": form.tr("name")})
    return form


def check_limitation(violation: Violation, form: DisciplineForm, decided_on: dt.date) -> None:
    """Refuse a decision dated after the last day of the form's limitation period."""
    if violation.exemption or form.limitation_years is None:
        return
    last_day = rules.limitation_last_day(violation.occurred_on, form.limitation_years)
    if decided_on > last_day:
        raise refused("limitation_expired", "decided_on", _(
            "The limitation period for “%(form)s” is %(years)d years: for a violation of %(occurred)s it ended on "
            "%(last)s, and this decision is dated %(decided)s.") % {
            "form": form.tr("name"), "years": form.limitation_years, "occurred": _day(violation.occurred_on),
            "last": _day(last_day), "decided": _day(decided_on)})


def _decision_dates(violation: Violation, decided_on: Any, effective_on: Any, notified_on: Any) -> dict[str, Any]:
    today, errors = timezone.localdate(), {}
    if not isinstance(decided_on, dt.date):
        errors["decided_on"] = [_("Enter the decision date.")]
    elif decided_on > today:
        errors["decided_on"] = [_("The decision date cannot be in the future.")]
    elif decided_on < violation.occurred_on:
        errors["decided_on"] = [_("The decision cannot come before the violation (%(day)s).")
                                % {"day": _day(violation.occurred_on)}]
    effective_on = effective_on or decided_on
    notified_on = notified_on or decided_on
    if isinstance(decided_on, dt.date) and not errors:
        if not isinstance(effective_on, dt.date) or effective_on < decided_on:
            errors["effective_on"] = [_("The decision takes effect on or after its date.")]
        if not isinstance(notified_on, dt.date) or notified_on < decided_on or notified_on > today:
            errors["notified_on"] = [_("The subject receives the decision between its date and today.")]
    if errors:
        raise ServiceError("invalid", next(iter(errors.values()))[0], field_errors=errors)
    return {"decided_on": decided_on, "effective_on": effective_on, "notified_on": notified_on}


@transaction.atomic
def decision_make(*, violation_id: int, form: str, number: str, decided_on: dt.date, grounds: str,
                  acting_user: Any, effective_on: dt.date | None = None,
                  notified_on: dt.date | None = None) -> DisciplineDecision:
    """The decision on a violation: a form from the catalogue fitting the subject, within the limitation
    period; one violation, one decision."""
    violation = locked(Violation.objects.select_related("unit", "subject_unit", "subject_person"), acting_user,
                       violation_id)
    if DisciplineDecision.objects.filter(violation=violation).exists():
        raise ServiceError("decision_exists", _("This violation already has its decision: a violation is "
                                                "disciplined once, with one form."))
    number, grounds = clean_text(number, 60), clean_long_text(grounds)
    if not number:
        raise invalid("number", _("Enter the decision number."))
    if not grounds:
        raise invalid("grounds", _("Write the grounds of the decision."))
    dates = _decision_dates(violation, decided_on, effective_on, notified_on)
    kind, held_post = subject_standing(violation, dates["decided_on"])
    chosen = _form(form, kind, held_post)
    check_limitation(violation, chosen, dates["decided_on"])
    if DisciplineDecision.objects.filter(unit=violation.unit, number=number).exists():
        raise refused("decision_number_taken", "number", _("%(body)s already has a decision numbered %(number)s.")
                      % {"body": violation.unit.name, "number": number})
    try:
        with transaction.atomic():
            decision = DisciplineDecision.objects.create(
                violation=violation, unit=violation.unit, subject_kind=kind, held_post=held_post, form=chosen,
                number=number, grounds=grounds, decided_by=actor_of(acting_user), **dates)
    except IntegrityError:
        raise ServiceError("decision_exists", _("This violation already has its decision: a violation is "
                                                "disciplined once, with one form.")) from None
    audit.record(acting_user, "discipline_decision.made", decision,
                 after={"violation": violation.pk, "form": chosen.code, "number": number, **dates,
                        "subject_kind": kind, "held_post": held_post})
    return decision


def _keeps_changed_form(decision: DisciplineDecision, user: Any, data: dict[str, Any]) -> str | None:
    return None if decision.changed_form_id is not None else _("The decision's form was never changed.")


def _keeps_first_form(decision: DisciplineDecision, user: Any, data: dict[str, Any]) -> str | None:
    return None if decision.changed_form_id is None else _("The decision's form was changed on an earlier appeal.")


def _change(decision: DisciplineDecision, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    new_form = DisciplineForm.objects.get(code=data["new_form"])
    decision.changed_form = new_form
    # Stored before the status moves: a changed decision without its form breaks a table constraint.
    decision.save(update_fields=["changed_form"])
    return {"new_form": new_form.code}


D = DecisionStatus
DECISION = Lifecycle(DisciplineDecision, "status", view=VIEW, related=("unit",), transitions=[
    Transition("appeal", gettext_lazy("Appeal"), frozenset({D.IN_FORCE, D.CHANGED}), D.APPEALED, MANAGE,
               "discipline_decision.appealed"),
    Transition("uphold", gettext_lazy("Uphold"), frozenset({D.APPEALED}), D.IN_FORCE, MANAGE,
               "discipline_decision.upheld", guard=_keeps_first_form),
    Transition("uphold_changed", gettext_lazy("Uphold"), frozenset({D.APPEALED}), D.CHANGED, MANAGE,
               "discipline_decision.upheld", guard=_keeps_changed_form),
    Transition("change", gettext_lazy("Change the form"), frozenset({D.APPEALED}), D.CHANGED, MANAGE,
               "discipline_decision.changed", apply=_change),
    Transition("annul", gettext_lazy("Annul"), frozenset({D.APPEALED}), D.ANNULLED, MANAGE,
               "discipline_decision.annulled"),
])


# --- Appeals ---------------------------------------------------------------------------------


@transaction.atomic
def appeal_file(*, decision_id: int, filed_on: dt.date, grounds: str, acting_user: Any) -> Appeal:
    """An appeal against a decision in force, filed within the deadline counted from the day the subject
    received the decision."""
    decision = locked(DisciplineDecision.objects.select_related("unit", "violation"), acting_user, decision_id)
    if decision.status not in (D.IN_FORCE, D.CHANGED):
        raise ServiceError("transition_not_allowed",
                           _("A decision that is under appeal or annulled takes no new appeal."))
    grounds = clean_long_text(grounds)
    if not grounds:
        raise invalid("grounds", _("Write the grounds of the appeal."))
    if not isinstance(filed_on, dt.date):
        raise invalid("filed_on", _("Enter the date the appeal was filed."))
    if filed_on > timezone.localdate() or filed_on < decision.notified_on:
        raise invalid("filed_on", _("The appeal is filed between the day the decision was received (%(day)s) "
                                    "and today.") % {"day": _day(decision.notified_on)})
    last_day = rules.appeal_last_day(decision.notified_on)
    if filed_on > last_day:
        raise refused("appeal_late", "filed_on", _(
            "An appeal is filed within %(months)d month(s) of receiving the decision: received on %(received)s, "
            "the deadline was %(last)s, and this appeal is dated %(filed)s.") % {
            "months": rules.appeal_months(), "received": _day(decision.notified_on), "last": _day(last_day),
            "filed": _day(filed_on)})
    appeal = Appeal.objects.create(decision=decision, filed_on=filed_on, grounds=grounds,
                                   created_by=actor_of(acting_user))
    audit.record(acting_user, "discipline_appeal.filed", appeal, after={"decision": decision.pk,
                                                                        "filed_on": filed_on})
    appeal.decision = DECISION.transition(decision, "appeal", acting_user=acting_user, appeal=appeal.pk)
    return appeal


def _resolved_on(appeal: Appeal, data: dict[str, Any]) -> dt.date:
    day = data.get("resolved_on") or timezone.localdate()
    if not isinstance(day, dt.date) or day > timezone.localdate() or day < appeal.filed_on:
        raise invalid("resolved_on", _("The appeal is resolved between the day it was filed (%(day)s) and today.")
                      % {"day": _day(appeal.filed_on)})
    return day


def _resolve(step: str) -> Any:
    def apply(appeal: Appeal, user: Any, data: dict[str, Any]) -> dict[str, Any]:
        appeal.resolved_on = _resolved_on(appeal, data)
        appeal.resolution = clean_long_text(data.get("resolution"))
        details: dict[str, Any] = {"resolved_on": appeal.resolved_on}
        decision = appeal.decision
        if step == "change":
            new_form = _form(data.get("new_form"), decision.subject_kind, decision.held_post, "new_form")
            if new_form.pk == decision.current_form.pk:
                raise invalid("new_form", _("Choose a form other than the one in force."))
            appeal.new_form = new_form
            DECISION.transition(decision, "change", acting_user=user, new_form=new_form.code)
            details["new_form"] = new_form.code
        elif step == "uphold":
            name = "uphold" if decision.changed_form_id is None else "uphold_changed"
            DECISION.transition(decision, name, acting_user=user)
        else:
            DECISION.transition(decision, "annul", acting_user=user)
        return details
    return apply


def _decision_appealed(appeal: Appeal, user: Any, data: dict[str, Any]) -> str | None:
    if appeal.decision.status != D.APPEALED:
        return _("The decision is not under appeal.")
    return None


A = AppealStatus
PENDING = frozenset({A.PENDING})
RESOLUTION_MESSAGE = {"resolution": gettext_lazy("Write what was decided on the appeal.")}
APPEAL = Lifecycle(Appeal, "status", view=VIEW, related=("decision__unit", "decision__form", "decision__changed_form"),
                   transitions=[
    Transition("uphold", gettext_lazy("Uphold the decision"), PENDING, A.UPHELD, MANAGE,
               "discipline_appeal.upheld", guard=_decision_appealed, apply=_resolve("uphold"),
               required=("resolution",), messages=RESOLUTION_MESSAGE),
    Transition("change", gettext_lazy("Change the form"), PENDING, A.CHANGED, MANAGE,
               "discipline_appeal.changed", guard=_decision_appealed, apply=_resolve("change"),
               required=("resolution",), messages=RESOLUTION_MESSAGE),
    Transition("annul", gettext_lazy("Annul the decision"), PENDING, A.ANNULLED, MANAGE,
               "discipline_appeal.annulled", guard=_decision_appealed, apply=_resolve("annul"),
               required=("resolution",), messages=RESOLUTION_MESSAGE),
])


def appeal_uphold(*, appeal_id: int, resolution: str, acting_user: Any, resolved_on: dt.date | None = None) -> Appeal:
    return APPEAL.transition(appeal_id, "uphold", acting_user=acting_user, resolution=resolution,
                             resolved_on=resolved_on)


def appeal_change(*, appeal_id: int, new_form: str, resolution: str, acting_user: Any,
                  resolved_on: dt.date | None = None) -> Appeal:
    return APPEAL.transition(appeal_id, "change", acting_user=acting_user, resolution=resolution,
                             resolved_on=resolved_on, new_form=new_form)


def appeal_annul(*, appeal_id: int, resolution: str, acting_user: Any, resolved_on: dt.date | None = None) -> Appeal:
    return APPEAL.transition(appeal_id, "annul", acting_user=acting_user, resolution=resolution,
                             resolved_on=resolved_on)
