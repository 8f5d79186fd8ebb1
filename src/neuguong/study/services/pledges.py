"""Exemplary pledges (cam kết nêu gương, Quy định 55-QĐ/TW, 890-QĐi/TU) of leaders and post holders.

A pledge is made for a year in one of the holder's posts held that year (one pledge per holder and
year) and is kept by that post's unit. It runs on the shared lifecycle engine::

    draft --pledge (the holder, or study.manage on the unit)--> pledged
          --assess (study.approve on the unit, never one's own; from 01/12)--> assessed

The holder or the unit's staff (``study.manage``) write its items while it is a draft; the unit's
staff publish it on the unit's page (a flag, never a draft) and write one mid-year (from 01/06)
and one year-end (from 01/12) follow-up note. The year closes like the registrations'
(``registrations.year_closed``): no new pledge, change or note for a closed year.
"""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neuguong.accounts.scoping import NotFound, ensure_permission_on, has_permission
from neuguong.audit import services as audit
from neuguong.core.errors import ServiceError
from neuguong.core.lifecycle import Lifecycle, Transition, record_history
from neuguong.orgs.models import Post, UnitStatus
from neuguong.portal import page_cache

from .. import selectors
from ..models import FollowUpKind, Pledge, PledgeFollowUp, PledgeItem, PledgeStatus
from ..years import assessment_opens, held_in, year_closed
from .common import actor_of, clean_long_text, invalid, locked
from .registrations import MAX_ITEMS, assessed_fields, closed_refusal, open_year

FOLLOW_UP_FROM = {FollowUpKind.MID_YEAR: (6, 1), FollowUpKind.YEAR_END: (12, 1)}


def _is_holder(user: Any, person_id: Any) -> bool:
    return person_id is not None and person_id == getattr(user, "person_id", None)


def _post(user: Any, post_id: Any) -> Post:
    """A post the user holds, or one of a unit where the user holds study.manage."""
    try:
        post = selectors.post_for_pledge(user, post_id)
    except NotFound:
        raise invalid("post_id", _("Choose a post you hold, or one of your units.")) from None
    if not has_permission(user, "study.view", post.unit.path):
        raise invalid("post_id", _("Choose a post you hold, or one of your units."))
    if post.unit.status != UnitStatus.ACTIVE:
        raise invalid("post_id", _("This unit has ended: it takes no new record."))
    return post


def _items(items: Any) -> list[str]:
    cleaned = [clean_long_text(item) for item in items or []]
    cleaned = [item for item in cleaned if item]
    if not cleaned:
        raise invalid("item_1", _("Write at least one thing pledged."))
    if len(cleaned) > MAX_ITEMS:
        raise invalid("item_1", _("Pledge at most %(n)d things.") % {"n": MAX_ITEMS})
    return cleaned


def _write_items(pledge: Pledge, items: list[str]) -> None:
    pledge.items.all().delete()
    PledgeItem.objects.bulk_create([PledgeItem(pledge=pledge, position=index, content=content)
                                    for index, content in enumerate(items, start=1)])


@transaction.atomic
def pledge_create(*, post_id: int, year: int, items: list[str], acting_user: Any) -> Pledge:
    """A draft pledge for ``year`` in a post held that year; one per holder and year."""
    post = _post(acting_user, post_id)
    year = open_year(year)
    if not Post.objects.filter(held_in(year), pk=post.pk).exists():
        raise invalid("post_id", _("This post is not held in %(year)d.") % {"year": year})
    contents = _items(items)
    exists = _("%(name)s has already pledged for %(year)d.") % {"name": post.person.full_name, "year": year}
    if Pledge.objects.filter(person=post.person, year=year).exists():
        raise ServiceError("pledge_exists", exists)
    try:
        with transaction.atomic():
            pledge = Pledge.objects.create(person=post.person, post=post, unit=post.unit, year=year,
                                           created_by=actor_of(acting_user))
    except IntegrityError:
        raise ServiceError("pledge_exists", exists) from None
    _write_items(pledge, contents)
    audit.record(acting_user, "study_pledge.created", pledge,
                 after={"person": post.person_id, "post": post.pk, "year": year, "items": len(contents)})
    return pledge


def _may_write(pledge: Pledge, user: Any) -> bool:
    return _is_holder(user, pledge.person_id) or has_permission(user, "study.manage", pledge.unit.path)


def _pledge(pledge_id: Any, user: Any) -> Pledge:
    pledge = locked(Pledge.objects.select_related("unit", "person"), user, pledge_id, action="study.view")
    if not _may_write(pledge, user):
        ensure_permission_on(user, "study.manage", pledge)
    if year_closed(pledge.year):
        raise closed_refusal(pledge.year)
    return pledge


@transaction.atomic
def pledge_update(*, pledge_id: int, items: list[str], acting_user: Any) -> Pledge:
    pledge = _pledge(pledge_id, acting_user)
    if pledge.status != PledgeStatus.DRAFT:
        raise ServiceError("pledge_not_editable", _("Only a draft pledge changes; the unit follows it up."))
    contents = _items(items)
    before = {"items": [item.content for item in pledge.items.all()]}
    _write_items(pledge, contents)
    audit.record(acting_user, "study_pledge.updated", pledge, before=before, after={"items": contents})
    return pledge


def _may_pledge(pledge: Pledge, user: Any, data: dict[str, Any]) -> str | None:
    if not _may_write(pledge, user):
        return _("The post holder or the unit's staff make the pledge.")
    if year_closed(pledge.year):
        return str(closed_refusal(pledge.year).message)
    if not pledge.items.exists():
        return _("Write at least one thing pledged.")
    return None


def _pledged(pledge: Pledge, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    pledge.pledged_on = timezone.localdate()
    pledge.save(update_fields=["pledged_on"])
    return {"pledged_on": pledge.pledged_on}


def _may_assess(pledge: Pledge, user: Any, data: dict[str, Any]) -> str | None:
    if _is_holder(user, pledge.person_id):
        return _("A pledge is assessed by others than its holder.")
    opens = assessment_opens(pledge.year)
    if timezone.localdate() < opens:
        return _("The year's assessment is made from %(date)s.") % {"date": opens.strftime("%d/%m/%Y")}
    return None


S = PledgeStatus
PLEDGE = Lifecycle(Pledge, "status", view="study.view", related=("unit", "person"), transitions=[
    Transition("pledge", gettext_lazy("Make the pledge"), frozenset({S.DRAFT}), S.PLEDGED, "study.view",
               "study_pledge.pledged", guard=_may_pledge, apply=_pledged),
    Transition("assess", gettext_lazy("Assess the year"), frozenset({S.PLEDGED}), S.ASSESSED, "study.approve",
               "study_pledge.assessed", guard=_may_assess, apply=assessed_fields),
])


def pledge_pledge(*, pledge_id: int, acting_user: Any) -> Pledge:
    return PLEDGE.transition(pledge_id, "pledge", acting_user=acting_user)


def pledge_assess(*, pledge_id: int, level: str, acting_user: Any, comment: str = "") -> Pledge:
    return PLEDGE.transition(pledge_id, "assess", acting_user=acting_user, level=level, comment=comment)


@transaction.atomic
def pledge_publish(*, pledge_id: int, published: bool, acting_user: Any) -> Pledge:
    """Show the pledge on its unit's page, or stop showing it (study.manage on the unit)."""
    pledge = locked(Pledge.objects.select_related("unit", "person"), acting_user, pledge_id, action="study.manage")
    if pledge.status == PledgeStatus.DRAFT:
        raise ServiceError("pledge_not_editable", _("A draft pledge is not published: make the pledge first."))
    if pledge.published != bool(published):
        pledge.published = bool(published)
        pledge.save(update_fields=["published"])
        name = "publish" if published else "unpublish"
        record_history(pledge, name, acting_user=acting_user, from_state=pledge.status, to_state=pledge.status,
                       data={"published": pledge.published})
        audit.record(acting_user, "study_pledge.published" if published else "study_pledge.unpublished", pledge,
                     before={"published": not pledge.published}, after={"published": pledge.published})
        page_cache.changed()  # the unit's public page lists its published pledges
    return pledge


@transaction.atomic
def pledge_follow_up(*, pledge_id: int, kind: str, text: str, acting_user: Any) -> PledgeFollowUp:
    """The unit's mid-year or year-end note on a pledge (study.manage on the unit), once each."""
    pledge = locked(Pledge.objects.select_related("unit", "person"), acting_user, pledge_id, action="study.manage")
    if pledge.status != PledgeStatus.PLEDGED:
        raise ServiceError("pledge_not_editable", _("A pledge is followed up once made and until it is assessed."))
    if year_closed(pledge.year):
        raise closed_refusal(pledge.year)
    if kind not in FollowUpKind.values:
        raise invalid("kind", _("Choose the mid-year or the year-end follow-up."))
    opens = dt.date(pledge.year, *FOLLOW_UP_FROM[FollowUpKind(kind)])
    if timezone.localdate() < opens:
        raise invalid("kind", _("This follow-up is written from %(date)s.") % {"date": opens.strftime("%d/%m/%Y")})
    text = clean_long_text(text)
    if not text:
        raise invalid("text", _("Write how the pledge is kept."))
    if pledge.follow_ups.filter(kind=kind).exists():
        raise invalid("kind", _("This follow-up has already been written."))
    note = PledgeFollowUp.objects.create(pledge=pledge, kind=kind, text=text, noted_on=timezone.localdate(),
                                         noted_by=actor_of(acting_user))
    audit.record(acting_user, "study_pledge.followed_up", note, after={"pledge": pledge.pk, "kind": kind})
    return note
