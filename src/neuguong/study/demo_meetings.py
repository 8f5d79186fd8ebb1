"""The cell meetings of the demo, built through the services (every record valid and audited):
in a dozen party cells, ``dangvien``'s cell among them, the regular meeting of each of the last
twelve months and a thematic meeting each quarter, with attendance, manifestations discussed and
approved minutes, except last month's regular minutes, still waiting for approval (the reminder
shows), and next week's regular meeting scheduled (the members' reminder shows)."""

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from neuguong.orgs.models import Membership, MembershipStatus, Unit, UnitKind, UnitStatus

from . import services

LABEL = "(dữ liệu mẫu)"
CELLS = 12
MONTHS = 12
THEMATIC_MONTHS = (11, 8, 5, 2)  # months ago: one thematic meeting a quarter
REASONS = ["Đi công tác theo phân công", "Ốm, có giấy của trạm y tế", "Việc gia đình, đã báo cáo chi ủy"]
STUDY = [
    "Quán triệt chuyên đề năm; liên hệ việc làm theo của từng đảng viên",
    "Học tập tấm gương đạo đức Hồ Chí Minh về cần, kiệm, liêm, chính, chí công vô tư",
    "Thông tin thời sự, nghị quyết của cấp ủy cấp trên; kiểm điểm việc thực hiện nghị quyết tháng",
]
THEMES = ["Chuyên đề: Nêu gương của cán bộ, đảng viên ở khu dân cư", "Chuyên đề: Phong cách làm việc gần dân",
          "Chuyên đề: Xây dựng chi bộ trong sạch, vững mạnh", "Chuyên đề: Thực hành tiết kiệm, chống lãng phí"]
MANIFESTATIONS = ["G1.3", "G1.5", "G1.6", "G2.5", "G2.6", "G1.4"]
CONCLUSION = "Chi bộ đã liên hệ, kiểm điểm; chưa phát hiện biểu hiện này trong chi bộ, tiếp tục nhắc nhở {label}"
OWN = "Đồng chí tự liên hệ; chi bộ đề nghị đồng chí tích cực hơn trong việc học tập lý luận {label}"


def _cells(home: Unit, commune: Unit) -> list[Unit]:
    """``dangvien``'s cell, the other cells of its commune, then cells of other communes: twelve."""
    cells = [home]
    active = Unit.objects.filter(kind=UnitKind.CELL, status=UnitStatus.ACTIVE, memberships__isnull=False).distinct()
    for unit in active.filter(path__startswith=commune.path).exclude(pk=home.pk).order_by("path"):
        cells.append(unit)
    cells += list(active.exclude(path__startswith=commune.path).order_by("path")[: max(0, CELLS - len(cells))])
    return cells[:CELLS]


def _month_day(today: dt.date, months_ago: int, day: int) -> dt.date:
    first = today.replace(day=1)
    for _n in range(months_ago):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return first.replace(day=day)


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _attendance(rng: random.Random, invitees: list[Any]) -> list[dict[str, Any]]:
    rows = []
    for person in invitees:
        draw = rng.random()
        status = "present" if draw < 0.86 else "excused" if draw < 0.96 else "absent"
        rows.append({"person_id": person, "status": status, "reason": rng.choice(REASONS) if status != "present"
                     else ""})
    return rows


def run(rng: random.Random, context: dict[str, Any]) -> None:
    users, today = context["users"], context["today"]
    secretary, member = users["lanhdao"], users["dangvien"]
    cells = _cells(context["cell"], context["commune"])
    joined: dict[int, list[tuple[dt.date, int]]] = {}
    for cell_id, person_id, joined_on in (Membership.objects.filter(cell__in=cells).exclude(
            status=MembershipStatus.ENDED).values_list("cell_id", "person_id", "joined_on")):
        joined.setdefault(cell_id, []).append((joined_on, person_id))
    meetings = 0
    for cell in cells:
        plan = [(months, "regular", 5 + rng.randint(0, 3), 0) for months in range(MONTHS, 0, -1)]
        plan += [(months, "thematic", 18 + rng.randint(0, 4), n) for n, months in enumerate(THEMATIC_MONTHS)]
        for months_ago, kind, day, number in sorted(plan):
            meeting_day = _month_day(today, months_ago, day)
            meeting = services.meeting_schedule(
                cell_id=cell.pk, kind=kind, starts_at=_moment(meeting_day, 8 if kind == "regular" else 14),
                place=f"Hội trường {cell.name}", title=f"{THEMES[number]} {LABEL}" if kind == "thematic" else "",
                agenda="1. Thông tin thời sự\n2. Học tập chuyên đề\n3. Liên hệ 27 biểu hiện\n4. Nghị quyết",
                acting_user=secretary)
            invitees = sorted(person for since, person in joined.get(cell.pk, []) if since <= meeting_day)
            if not invitees:
                continue
            services.meeting_hold(meeting_id=meeting.pk, attendance=_attendance(rng, invitees), acting_user=secretary)
            services.meeting_minutes_record(
                meeting_id=meeting.pk, study_content=f"{rng.choice(STUDY)} {LABEL}",
                resolutions=f"Mỗi đảng viên thực hiện ít nhất một việc làm theo trong tháng {LABEL}",
                acting_user=secretary)
            entries = [{"manifestation": code, "conclusion": CONCLUSION.format(label=LABEL)}
                       for code in rng.sample(MANIFESTATIONS, 2)]
            if cell.pk == context["cell"].pk and member.person_id in invitees and months_ago == 3:
                entries.append({"manifestation": "G1.3", "person_id": member.person_id,
                                "conclusion": OWN.format(label=LABEL)})
            services.meeting_manifestations_record(meeting_id=meeting.pk, entries=entries, acting_user=secretary)
            if not (months_ago == 1 and kind == "regular"):  # last month's minutes wait: the reminder shows
                services.meeting_approve(meeting_id=meeting.pk, acting_user=secretary)
            meetings += 1
        services.meeting_schedule(
            cell_id=cell.pk, kind="regular", starts_at=_moment(today + dt.timedelta(days=3), 8),
            place=f"Hội trường {cell.name}", agenda="1. Thông tin thời sự\n2. Học tập chuyên đề\n3. Nghị quyết",
            acting_user=secretary)
        meetings += 1
    context["counts"].update({"study_meetings": meetings})
