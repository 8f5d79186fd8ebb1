"""The study module's demo data, built through its services (so every record is valid and audited):
this year's central and provincial themes, with titles that say they are sample data and a sample
guidance document each (a generated DOCX labelled as sample text), and a plan
for every commune and ward with items in every state, some overdue."""

import datetime as dt
import random
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q

from neuguong.orgs.models import Unit, UnitKind

from . import demo_library, demo_meetings, demo_registrations, services
from .models import ThemeLevel

LABEL = "(dữ liệu mẫu)"
THEMES = [
    (ThemeLevel.CENTRAL, "Chuyên đề toàn khóa mẫu: Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
     "Nội dung minh họa cho bản trình diễn; chuyên đề thật do cán bộ Ban Tuyên giáo nhập theo văn bản hướng dẫn."),
    (ThemeLevel.PROVINCIAL, "Chuyên đề năm của tỉnh mẫu: Nêu gương, đoàn kết, đổi mới, vì Nhân dân phục vụ",
     "Nội dung minh họa cho bản trình diễn; không phải chuyên đề đã ban hành."),
]
# (content, owner, what becomes of it): a state for each, one overdue, one due soon.
ITEMS = [
    ("Tổ chức hội nghị học tập, quán triệt chuyên đề năm cho cán bộ, đảng viên", "Ban Tuyên giáo Đảng ủy", "done"),
    ("Xây dựng và công khai kế hoạch làm theo của tập thể cấp ủy", "Thường trực Đảng ủy", "in_progress"),
    ("Đăng ký làm theo của cán bộ chủ chốt, niêm yết tại trụ sở", "Văn phòng Đảng ủy", "overdue"),
    ("Tọa đàm nêu gương người tốt, việc tốt ở thôn, tổ dân phố", "Mặt trận và các đoàn thể", "soon"),
    ("Sơ kết 6 tháng thực hiện chuyên đề", "Ban Tuyên giáo Đảng ủy", "cancelled"),
    ("Tổng kết, biểu dương các điển hình làm theo cuối năm", "Thường trực Đảng ủy", "planned"),
]
DRAFT_EVERY = 9  # one commune in nine still has its plan in draft


def _communes(province: Unit) -> list[Unit]:
    return list(Unit.objects.filter(parent=province, kind=UnitKind.SUBORDINATE_COMMITTEE)
                .filter(Q(name__startswith="Đảng bộ xã ") | Q(name__startswith="Đảng bộ phường ")).order_by("path"))


def _due(fate: str, index: int, today: dt.date, rng: random.Random) -> dt.date:
    first, last = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    if fate in ("done", "overdue", "cancelled"):
        return max(first, today - dt.timedelta(days=rng.randint(3, 40)))
    if fate == "soon":
        return min(last, today + dt.timedelta(days=rng.randint(1, 12)))
    return min(last, today + dt.timedelta(days=20 + 10 * index))


def _plan(rng: random.Random, theme: Any, unit: Unit, writer: Any, leader: Any, today: dt.date, draft: bool) -> int:
    place = unit.name.removeprefix("Đảng bộ ")
    plan = services.plan_create(unit_id=unit.pk, theme_id=theme.pk, acting_user=writer,
                                title=f"Kế hoạch học tập và làm theo năm {today.year} của {place} {LABEL}")
    items = [(services.item_add(plan_id=plan.pk, content=content, owner_name=f"{owner} {place}",
                                due_on=_due(fate, index, today, rng), acting_user=writer), fate)
             for index, (content, owner, fate) in enumerate(ITEMS)]
    if draft:
        return len(items)
    services.plan_approve(plan_id=plan.pk, acting_user=leader)
    for item, fate in items:
        if fate in ("done", "in_progress"):
            services.report_add(item_id=item.pk, text="Đã triển khai đến các chi bộ trực thuộc.",
                                reported_on=min(today, max(item.due_on, dt.date(today.year, 1, 1))),
                                acting_user=writer)
        if fate == "done":
            services.item_complete(item_id=item.pk, done_on=today, acting_user=writer)
        elif fate == "cancelled":
            services.item_cancel(item_id=item.pk, reason="Gộp vào hội nghị sơ kết của Đảng bộ tỉnh.",
                                 acting_user=writer)
    return len(items)


def run(rng: random.Random, context: dict[str, Any]) -> None:
    users, province, today = context["users"], context["province"], context["today"]
    staff, leader = users["tuyengiao"], users["lanhdao"]
    themes = [services.theme_create(unit_id=province.pk, year=today.year, level=level, title=f"{title} {LABEL}",
                                    summary=summary, acting_user=staff) for level, title, summary in THEMES]
    for number, theme in enumerate(themes, start=1):
        guide = f"HD-CD-{number}"
        services.theme_document_add(theme_id=theme.pk, title=f"Hướng dẫn học tập chuyên đề {LABEL}",
                                    upload=SimpleUploadedFile(f"{guide}.docx", demo_library.sample_docx(
                                        guide, f"Hướng dẫn học tập chuyên đề năm {today.year}")),
                                    acting_user=staff)
    provincial = themes[1]
    commune_admin = users["quantri.xa"]
    items = 0
    for number, unit in enumerate(_communes(province)):
        writer = commune_admin if unit.pk == context["commune"].pk else staff
        items += _plan(rng, provincial, unit, writer, leader, today, draft=number % DRAFT_EVERY == DRAFT_EVERY - 1
                       and unit.pk != context["commune"].pk)
    context["counts"].update({"study_themes": len(themes), "study_plan_items": items})
    demo_registrations.run(rng, context)
    demo_library.run(rng, context)
    demo_meetings.run(rng, context)
