"""The member's own page, phone-first: their registrations to follow and what is due on them (the
quarters still to report), their assessments, their exemplary pledges when they hold a post, and
their cell's upcoming meetings with their documents and their own attendance this year."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from neuguong.web.permissions import require_permission

from .. import selectors
from ..years import closes_on, current_quarter, year_closed

MEETINGS_SHOWN = 10


@require_permission("study.view")
def me(request: HttpRequest) -> HttpResponse:
    user, today = request.user, timezone.localdate()
    rows: list[dict[str, Any]] = []
    for registration in selectors.registrations_of(user):
        closed = year_closed(registration.year, today)
        rows.append({"registration": registration, "closed": closed,
                     "missing": [] if closed else selectors.missing_quarters(registration, today)})
    person = getattr(user, "person", None)
    meetings = list(selectors.meetings_for_member(user, person)[:MEETINGS_SHOWN]) if person is not None else []
    attendance = selectors.attendance_of_member(user, person, today.year) if person is not None else None
    if attendance is not None and not attendance.meetings:
        attendance = None  # no held meeting yet this year: nothing to count
    years = {registration.year for registration in (row["registration"] for row in rows)}
    return render(request, "study/member.html", {
        "rows": rows, "quarter": current_quarter(today), "today": today,
        "pledges": [{"pledge": pledge, "closed": year_closed(pledge.year, today)}
                    for pledge in selectors.pledges_of(user)],
        "can_register": today.year not in years and selectors.is_party_member(user),
        "posts_to_pledge": selectors.own_posts_without_pledge(user, year=today.year),
        "closes_on": closes_on(today.year),
        "member_meetings": meetings, "member_attendance": attendance, "member_attendance_year": today.year,
    })
