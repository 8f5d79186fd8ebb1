"""Demo registrations to follow and exemplary pledges, built through the services: the members of a
dozen cells (``dangvien``'s first) register for this year and report on the quarters before this
one, so this quarter's report is due on the member's page; the leading post holders of every commune
pledge, every fourth one not yet, half of the pledges published, some followed up at mid-year."""

import datetime as dt
import random
from typing import Any

from neuguong.core.actors import SYSTEM
from neuguong.orgs.models import Membership, MembershipStatus, Post, Unit, UnitKind

from . import services
from .years import current_quarter, held_in

CELLS = 12
MEMBERS_PER_CELL = 8
THINGS = [
    ("Tham gia giữ gìn vệ sinh môi trường đường làng, ngõ xóm mỗi tuần", "Đường thôn sạch đẹp, ít nhất 40 buổi"),
    ("Vận động các hộ gia đình tham gia xây dựng nông thôn mới kiểu mẫu", "Vận động được 5 hộ đăng ký"),
    ("Kèm cặp, giúp đỡ một đảng viên trẻ trong chi bộ", "Đảng viên được giúp đỡ hoàn thành tốt nhiệm vụ"),
    ("Đọc và chia sẻ một bài viết về tấm gương đạo đức Hồ Chí Minh mỗi quý", "4 lần chia sẻ tại sinh hoạt chi bộ"),
    ("Tiết kiệm chi tiêu, ủng hộ quỹ vì người nghèo của xã", "Ủng hộ ít nhất hai lần trong năm"),
]
REPORTS = ["Đã thực hiện đều đặn theo đăng ký, có xác nhận của tổ trưởng tổ dân cư.",
           "Đã làm được phần lớn nội dung; còn một việc chuyển sang quý sau.",
           "Tham gia đầy đủ, được chi bộ ghi nhận tại buổi sinh hoạt tháng."]
PLEDGE_ITEMS = ["Gương mẫu thực hiện nghiêm quy định về những điều đảng viên không được làm",
                "Trực tiếp tiếp công dân định kỳ mỗi tháng một lần và đối thoại với Nhân dân",
                "Không để người thân lợi dụng chức vụ, quyền hạn của bản thân",
                "Giữ mối liên hệ với chi bộ và Nhân dân nơi cư trú"]
NOT_PLEDGED_EVERY = 4
LEADERS_PER_COMMUNE = 3  # the commune's first posts: its secretary and leading post holders


def _cells(first: Unit, commune: Unit) -> list[Unit]:
    """``dangvien``'s cell, then cells with members, those of the same commune first."""
    cells = (Unit.objects.filter(kind=UnitKind.CELL, status="active").exclude(pk=first.pk)
             .filter(memberships__status__in=[MembershipStatus.FULL, MembershipStatus.PROBATIONARY]).distinct())
    near = list(cells.filter(path__startswith=commune.path).order_by("path")[:CELLS - 1])
    far = list(cells.exclude(path__startswith=commune.path).order_by("path")[:CELLS - 1 - len(near)])
    return [first, *near, *far]


def _registrations(rng: random.Random, context: dict[str, Any]) -> tuple[int, int]:
    """The cell's staff enter the paper registrations of members without an account: the commune's
    administrator in the demo commune, the system elsewhere."""
    today, member, commune = context["today"], context["users"]["dangvien"], context["commune"]
    reports = registrations = 0
    last = current_quarter(today) - 1  # this quarter's report is still due
    for cell in _cells(context["cell"], commune):
        writer = context["users"]["quantri.xa"] if cell.path.startswith(commune.path) else SYSTEM
        members = list(Membership.objects.filter(cell=cell).exclude(status=MembershipStatus.ENDED)
                       .exclude(person_id=member.person_id).order_by("person__sort_key", "pk")
                       .values_list("person_id", flat=True)[:MEMBERS_PER_CELL])
        if cell.pk == context["cell"].pk:
            members = [member.person_id, *members[:MEMBERS_PER_CELL - 1]]
        for index, person_id in enumerate(members):
            own = person_id == member.person_id
            actor = member if own else writer
            things = rng.sample(THINGS, 2 + index % 2)
            registration = services.registration_create(
                year=today.year, acting_user=actor, person_id=None if own else person_id,
                items=[{"content": content, "expected_result": result} for content, result in things])
            registrations += 1
            if index % 7 == 6 and not own:
                continue  # a draft: registered later
            services.registration_register(registration_id=registration.pk, acting_user=actor)
            for quarter in range(1, last + 1 - (1 if index % 5 == 4 and not own else 0)):
                services.quarter_report_add(registration_id=registration.pk, quarter=quarter,
                                            text=rng.choice(REPORTS), acting_user=actor)
                reports += 1
    return registrations, reports


def _pledges(context: dict[str, Any], today: dt.date) -> tuple[int, int]:
    posts = (Post.objects.filter(held_in(today.year), unit__kind=UnitKind.SUBORDINATE_COMMITTEE,
                                 unit__parent=context["province"]).exclude(unit__name__startswith="Đảng bộ Khối")
             .select_related("unit", "person").order_by("unit__path", "pk"))
    made = missing = 0
    seen: set[int] = set()
    per_unit: dict[int, int] = {}
    for index, post in enumerate(posts):
        if post.person_id in seen or per_unit.get(post.unit_id, 0) >= LEADERS_PER_COMMUNE:
            continue
        seen.add(post.person_id)
        per_unit[post.unit_id] = per_unit.get(post.unit_id, 0) + 1
        if index % NOT_PLEDGED_EVERY == NOT_PLEDGED_EVERY - 1:
            missing += 1
            continue
        pledge = services.pledge_create(post_id=post.pk, year=today.year, items=PLEDGE_ITEMS[:2 + index % 3],
                                        acting_user=SYSTEM)
        services.pledge_pledge(pledge_id=pledge.pk, acting_user=SYSTEM)
        if index % 2 == 0:
            services.pledge_publish(pledge_id=pledge.pk, published=True, acting_user=SYSTEM)
            if today >= dt.date(today.year, 6, 1) and index % 4 == 0:
                services.pledge_follow_up(pledge_id=pledge.pk, kind="mid_year", acting_user=SYSTEM,
                                          text="Đã thực hiện tiếp công dân định kỳ; Nhân dân ghi nhận.")
        made += 1
    return made, missing


def run(rng: random.Random, context: dict[str, Any]) -> None:
    today = context["today"]
    registrations, reports = _registrations(rng, context)
    pledges, missing = _pledges(context, today)
    context["counts"].update({"study_registrations": registrations, "study_quarter_reports": reports,
                              "study_pledges": pledges, "study_holders_not_pledged": missing})
