"""Each unit's yearly plan for a theme, its items and their progress reports.

A plan and each of its items run on the shared lifecycle engine (``core.lifecycle``)::

    plan:  draft --approve (a leader)--> approved --close (after the year)--> closed
    item:  planned --start--> in_progress
           planned | in_progress --complete--> done       (the date it was done)
           planned | in_progress --cancel----> cancelled  (why: a reason)

Items are written while the plan is a draft or approved, and carried out once it is approved;
nothing changes on a closed plan. A progress report on a planned item starts it.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neuguong.accounts.scoping import NotFound, access
from neuguong.audit import services as audit
from neuguong.core.errors import ServiceError
from neuguong.core.lifecycle import Lifecycle, Transition
from neuguong.orgs.models import Person

from .. import selectors
from ..models import ITEM_OPEN, ItemStatus, Plan, PlanItem, PlanStatus, ProgressReport, Theme
from .common import active_unit, actor_of, checked_file, clean_long_text, clean_text, invalid, locked, store_file


def _theme_for(user: Any, theme_id: Any, unit: Any) -> Any:
    """The theme the user sees, kept by the unit or a committee above it."""
    try:
        theme = selectors.themes_visible_to(user).get(pk=theme_id)
    except (Theme.DoesNotExist, ValueError, TypeError):
        raise invalid("theme_id", _("Choose a theme of this unit or of a committee above it.")) from None
    if not unit.path.startswith(theme.unit.path):
        raise invalid("theme_id", _("Choose a theme of this unit or of a committee above it."))
    return theme


def _title(value: Any) -> str:
    title = clean_text(value, 300)
    if not title:
        raise invalid("title", _("Give the plan a title."))
    return title


@transaction.atomic
def plan_create(*, unit_id: int, theme_id: int, title: str, acting_user: Any, notes: str = "") -> Plan:
    """A draft plan of ``unit_id`` for a theme of its year; one plan per unit and theme."""
    unit = active_unit(acting_user, unit_id)
    theme = _theme_for(acting_user, theme_id, unit)
    title = _title(title)
    if Plan.objects.filter(unit=unit, theme=theme).exists():
        raise ServiceError("plan_exists", _("This unit already has a plan for this theme."),
                           field_errors={"theme_id": [_("This unit already has a plan for this theme.")]})
    plan = Plan.objects.create(unit=unit, theme=theme, year=theme.year, title=title, notes=clean_long_text(notes),
                               created_by=actor_of(acting_user))
    audit.record(acting_user, "study_plan.created", plan, after={"theme": theme.pk, "year": theme.year,
                                                                 "title": title})
    return plan


def _plan(plan_id: Any, user: Any, *, editable: bool = True) -> Plan:
    plan = locked(Plan.objects.select_related("unit", "theme"), user, plan_id, action="study.manage")
    if editable and plan.status == PlanStatus.CLOSED:
        raise ServiceError("plan_not_editable", _("This plan is closed: nothing in it changes any more."))
    return plan


@transaction.atomic
def plan_update(*, plan_id: int, title: str, acting_user: Any, notes: str = "") -> Plan:
    plan = _plan(plan_id, acting_user)
    if plan.status != PlanStatus.DRAFT:
        raise ServiceError("plan_not_editable", _("Only a draft plan can be changed; its items still can."))
    before = {"title": plan.title, "notes": plan.notes}
    plan.title, plan.notes = _title(title), clean_long_text(notes)
    after = {"title": plan.title, "notes": plan.notes}
    if after != before:
        plan.save(update_fields=["title", "notes"])
        audit.record(acting_user, "study_plan.updated", plan, before=before, after=after)
    return plan


def _has_items(plan: Plan, user: Any, data: dict[str, Any]) -> str | None:
    if not plan.items.exclude(status=ItemStatus.CANCELLED).exists():
        return _("Add at least one item before approving the plan.")
    return None


def _approve(plan: Plan, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    plan.approved_by, plan.approved_on = actor_of(user), timezone.localdate()
    # Stored before the status moves: an approved plan without its date breaks a table constraint.
    plan.save(update_fields=["approved_by", "approved_on"])
    return {"approved_on": plan.approved_on}


def _year_over(plan: Plan, user: Any, data: dict[str, Any]) -> str | None:
    if timezone.localdate().year <= plan.year:
        return _("A plan is closed after its year ends, from 01/01/%(next)d.") % {"next": plan.year + 1}
    return None


PLAN = Lifecycle(Plan, "status", view="study.view", related=("unit",), transitions=[
    Transition("approve", gettext_lazy("Approve the plan"), frozenset({PlanStatus.DRAFT}), PlanStatus.APPROVED,
               "study.approve", "study_plan.approved", guard=_has_items, apply=_approve),
    Transition("close", gettext_lazy("Close the plan"), frozenset({PlanStatus.APPROVED}), PlanStatus.CLOSED,
               "study.manage", "study_plan.closed", guard=_year_over),
])


def plan_approve(*, plan_id: int, acting_user: Any) -> Plan:
    return PLAN.transition(plan_id, "approve", acting_user=acting_user)


def plan_close(*, plan_id: int, acting_user: Any) -> Plan:
    return PLAN.transition(plan_id, "close", acting_user=acting_user)


# --- Items -----------------------------------------------------------------------------------


def _owner(user: Any, owner_person_id: Any, owner_name: Any) -> tuple[Person | None, str]:
    name = clean_text(owner_name, 200)
    if owner_person_id in (None, ""):
        if not name:
            raise invalid("owner_name", _("Name who is responsible, or choose a person."))
        return None, name
    try:
        person = access(Person.objects.all(), user, owner_person_id, view="people.view")
    except NotFound:
        raise invalid("owner_person_id", _("Choose a person of your units.")) from None
    return person, ""


def _item_fields(plan: Plan, user: Any, *, content: Any, due_on: Any, owner_person_id: Any,
                 owner_name: Any) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    content = clean_long_text(content)
    if not content:
        errors["content"] = [_("Write what is to be done.")]
    if not isinstance(due_on, dt.date):
        errors["due_on"] = [_("Enter the deadline.")]
    elif due_on.year != plan.year:
        errors["due_on"] = [_("The deadline falls in the plan's year, %(year)d.") % {"year": plan.year}]
    try:
        person, name = _owner(user, owner_person_id, owner_name)
    except ServiceError as error:
        errors.update(error.field_errors)
        person, name = None, ""
    if errors:
        raise ServiceError("invalid", _("Some fields are not valid."), field_errors=errors)
    return {"content": content, "due_on": due_on, "owner_person": person, "owner_name": name}


@transaction.atomic
def item_add(*, plan_id: int, content: str, due_on: dt.date, acting_user: Any, owner_person_id: int | None = None,
             owner_name: str = "") -> PlanItem:
    plan = _plan(plan_id, acting_user)
    fields = _item_fields(plan, acting_user, content=content, due_on=due_on, owner_person_id=owner_person_id,
                          owner_name=owner_name)
    item = PlanItem.objects.create(plan=plan, **fields)
    audit.record(acting_user, "study_item.created", item,
                 after={"plan": plan.pk, "due_on": item.due_on, "owner": item.owner})
    return item


def _item(item_id: Any, user: Any) -> PlanItem:
    item = locked(PlanItem.objects.select_related("plan__unit", "owner_person"), user, item_id,
                  action="study.manage")
    if item.plan.status == PlanStatus.CLOSED:
        raise ServiceError("plan_not_editable", _("This plan is closed: nothing in it changes any more."))
    return item


@transaction.atomic
def item_update(*, item_id: int, content: str, due_on: dt.date, acting_user: Any,
                owner_person_id: int | None = None, owner_name: str = "") -> PlanItem:
    item = _item(item_id, acting_user)
    if item.status not in ITEM_OPEN:
        raise ServiceError("plan_not_editable", _("A done or cancelled item no longer changes."))
    fields = _item_fields(item.plan, acting_user, content=content, due_on=due_on, owner_person_id=owner_person_id,
                          owner_name=owner_name)
    before = {"content": item.content, "due_on": item.due_on, "owner": item.owner}
    for name, value in fields.items():
        setattr(item, name, value)
    after = {"content": item.content, "due_on": item.due_on, "owner": item.owner}
    if after != before:
        item.save(update_fields=list(fields))
        audit.record(acting_user, "study_item.updated", item, before=before, after=after)
    return item


def _plan_approved(item: PlanItem, user: Any, data: dict[str, Any]) -> str | None:
    if item.plan.status != PlanStatus.APPROVED:
        return _("Items are carried out once their plan is approved, and until it is closed.")
    return None


def _complete(item: PlanItem, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The day it was done: today by default, never in the future nor before the plan's year."""
    today, done_on = timezone.localdate(), data.get("done_on") or timezone.localdate()
    if not isinstance(done_on, dt.date) or done_on > today:
        raise invalid("done_on", _("The date cannot be in the future."))
    if done_on.year < item.plan.year:
        raise invalid("done_on", _("The date cannot be before the plan's year."))
    item.done_on = done_on
    # Stored before the status moves: a done item without its date breaks a table constraint.
    item.save(update_fields=["done_on"])
    return {"done_on": done_on}


S = ItemStatus
OPEN = frozenset(ITEM_OPEN)
ITEM = Lifecycle(PlanItem, "status", view="study.view", related=("plan__unit",), transitions=[
    Transition("start", gettext_lazy("Start"), frozenset({S.PLANNED}), S.IN_PROGRESS, "study.manage",
               "study_item.started", guard=_plan_approved),
    Transition("complete", gettext_lazy("Mark as done"), OPEN, S.DONE, "study.manage", "study_item.completed",
               guard=_plan_approved, apply=_complete),
    Transition("cancel", gettext_lazy("Cancel the item"), OPEN, S.CANCELLED, "study.manage",
               "study_item.cancelled", guard=_plan_approved, required=("reason",),
               messages={"reason": gettext_lazy("Say why the item is cancelled.")}),
])


def item_start(*, item_id: int, acting_user: Any) -> PlanItem:
    return ITEM.transition(item_id, "start", acting_user=acting_user)


def item_complete(*, item_id: int, acting_user: Any, done_on: dt.date | None = None) -> PlanItem:
    return ITEM.transition(item_id, "complete", acting_user=acting_user, done_on=done_on)


def item_cancel(*, item_id: int, reason: str, acting_user: Any) -> PlanItem:
    return ITEM.transition(item_id, "cancel", acting_user=acting_user, reason=reason)


@transaction.atomic
def report_add(*, item_id: int, text: str, acting_user: Any, reported_on: dt.date | None = None,
               upload: Any = None) -> ProgressReport:
    """What has been done on an open item of an approved plan, with an optional PDF or DOCX."""
    item = _item(item_id, acting_user)
    refusal = _plan_approved(item, acting_user, {})
    if refusal is None and item.status not in ITEM_OPEN:
        refusal = _("A done or cancelled item takes no more reports.")
    if refusal is not None:
        raise ServiceError("plan_not_editable", refusal)
    text = clean_long_text(text)
    if not text:
        raise invalid("text", _("Write what has been done."))
    today = timezone.localdate()
    reported_on = reported_on or today
    if reported_on > today:
        raise invalid("reported_on", _("The date cannot be in the future."))
    if reported_on.year < item.plan.year:
        raise invalid("reported_on", _("The date cannot be before the plan's year."))
    checked = checked_file(upload, "file") if upload else None
    report = ProgressReport(item=item, text=text, reported_on=reported_on, reported_by=actor_of(acting_user))
    if checked is not None:
        store_file(report, checked)
    try:
        report.save()
        audit.record(acting_user, "study_item.reported", report,
                     after={"item": item.pk, "reported_on": reported_on, "file": checked.sha256 if checked else ""})
        if item.status == ItemStatus.PLANNED:
            ITEM.transition(item, "start", acting_user=acting_user)
    except BaseException:
        if checked is not None:
            report.file.delete(save=False)
        raise
    return report
