"""The inspection module's demo data, built through its services (so every record is valid and
audited): in the province and three communes, about sixty inspection and supervision cases in every
state with their findings and recommendations, violations of party members and cells and about a
dozen discipline decisions of different forms (one changed on appeal, one appeal pending), plus
violations still waiting for their decision, so that the inspection commission (``kiemtra``) finds
work on its home page. Every text says it is sample data."""

import datetime as dt
import random
from typing import Any

from django.db.models import Q

from neuguong.catalogues.models import DisciplineSubject, OversightKind, OversightType
from neuguong.core.actors import SYSTEM
from neuguong.core.errors import ServiceError
from neuguong.orgs.models import Membership, MembershipStatus, Post, Unit, UnitKind

from . import rules, services
from .models import Violation

LABEL = "(dữ liệu mẫu)"
COMMUNES = 3
MEMBERS_NEEDED = 6
VIOLATIONS = [
    "Vi phạm nguyên tắc tập trung dân chủ trong quyết định đầu tư công trình thôn",
    "Không thực hiện đúng quy định về kê khai tài sản, thu nhập",
    "Vi phạm quy định về quản lý, sử dụng đất đai tại địa phương",
    "Thiếu trách nhiệm trong lãnh đạo, chỉ đạo để xảy ra sai phạm ở cơ sở",
    "Vi phạm những điều đảng viên không được làm",
    "Không gương mẫu, vi phạm quy định về việc cưới, việc tang",
]
# (subject: "member", "probationary", "post", "cell"; form suffix; days before today of the decision)
DECISIONS = [
    ("member", "reprimand", 300), ("member", "warning", 240), ("post", "dismissal", 200),
    ("member", "expulsion", 150), ("probationary", "reprimand", 120), ("probationary", "warning", 100),
    ("cell", "reprimand", 90), ("cell", "warning", 80), ("member", "reprimand", 60),
    ("member", "warning", 45), ("post", "warning", 30), ("member", "reprimand", 20),
]
CHANGED_ON_APPEAL, PENDING_APPEAL = 1, 11  # indexes in DECISIONS
AWAITING = 4  # violations still waiting for their decision
# Demo communes' members mostly hold posts: a subject kind missing in a commune falls back to another.
FALLBACK = {"member": "post", "post": "member", "probationary": "member", "cell": "cell"}


def _communes(province: Unit) -> list[Unit]:
    """The first three communes or wards with party members enough to discipline some of them."""
    found = []
    for unit in (Unit.objects.filter(parent=province, kind=UnitKind.SUBORDINATE_COMMITTEE)
                 .filter(Q(name__startswith="Đảng bộ xã ") | Q(name__startswith="Đảng bộ phường ")).order_by("path")):
        members = Membership.objects.filter(cell__path__startswith=unit.path).exclude(status=MembershipStatus.ENDED)
        if members.count() >= MEMBERS_NEEDED:
            found.append(unit)
        if len(found) == COMMUNES:
            break
    return found


def _subjects(commune: Unit, used: set[int]) -> dict[str, list[Any]]:
    """Members of the commune by kind (full, probationary, holding a post) and its cells."""
    members = (Membership.objects.filter(cell__path__startswith=commune.path)
               .exclude(status=MembershipStatus.ENDED).exclude(person_id__in=used).select_related("person")
               .order_by("pk"))
    holders = set(Post.objects.filter(person__in=[m.person_id for m in members], ended_on__isnull=True)
                  .values_list("person_id", flat=True))
    found: dict[str, list[Any]] = {"member": [], "probationary": [], "post": [], "cell": []}
    for membership in members:
        if membership.status == MembershipStatus.PROBATIONARY:
            found["probationary"].append(membership.person)
        elif membership.person_id in holders:
            found["post"].append(membership.person)
        else:
            found["member"].append(membership.person)
    found["cell"] = list(Unit.objects.filter(path__startswith=commune.path, kind=UnitKind.CELL).order_by("path"))
    return found


def _commune(bodies: list[Unit], index: int, province: Unit) -> Unit:
    """The index-th of the communes chosen, in turn; the province when none was."""
    communes = bodies[1:]
    return communes[index % len(communes)] if communes else province


def _fitting(candidates: list[Any], on: dt.date, rng: random.Random) -> tuple[Any, str, bool] | None:
    """A candidate who is an organisation, or a member on the day ``on``, with their standing."""
    for candidate in rng.sample(candidates, len(candidates)):
        if isinstance(candidate, Unit):
            return candidate, DisciplineSubject.PARTY_ORGANISATION, False
        probe = Violation(subject_person=candidate)
        probe.subject_person_id = candidate.pk
        try:
            kind, held_post = services.subject_standing(probe, on)
        except ServiceError:
            continue
        return candidate, kind, held_post
    return None


def run(rng: random.Random, context: dict[str, Any]) -> None:
    users, province, today = context["users"], context["province"], context["today"]
    inspector = users.get("kiemtra", SYSTEM)
    bodies = [province, *_communes(province)]
    used: set[int] = set()
    decisions = []
    for index, (subject, suffix, days) in enumerate(DECISIONS):
        body = bodies[index % len(bodies)]
        decided_on = today - dt.timedelta(days=days)
        pool = _subjects(body if body is not province else _commune(bodies, index, province), used)
        found = _fitting(pool[subject], decided_on, rng)
        if found is None:  # none of that kind here: one from anywhere in the province, decided by it
            wide = _subjects(province, used)
            found = _fitting(wide[subject], decided_on, rng)
            if found is not None:
                body = province
        if found is None:
            found = _fitting(pool[FALLBACK[subject]], decided_on, rng)
        if found is None:
            continue
        chosen, kind, held_post = found
        target = {"subject_unit_id": chosen.pk} if subject == "cell" else {"subject_person_id": chosen.pk}
        if subject != "cell":
            used.add(chosen.pk)
        forms = {form.code.rsplit(".", 1)[1]: form.code for form in rules.forms_for(kind, held_post=held_post)}
        violation = services.violation_record(
            unit_id=body.pk, occurred_on=decided_on - dt.timedelta(days=rng.randint(60, 400)),
            description=f"{VIOLATIONS[index % len(VIOLATIONS)]} {LABEL}", acting_user=inspector, **target)
        decision = services.decision_make(
            violation_id=violation.pk, form=forms.get(suffix, forms["reprimand"]), decided_on=decided_on,
            number=f"{index + 1:02d}-QĐ/UBKT {LABEL}", notified_on=decided_on + dt.timedelta(days=3),
            acting_user=inspector, grounds=f"Căn cứ kết luận kiểm tra và đề nghị của đoàn kiểm tra {LABEL}")
        decisions.append(decision)
    appeals = 0
    if len(decisions) > CHANGED_ON_APPEAL:
        changed = decisions[CHANGED_ON_APPEAL]
        appeal = services.appeal_file(decision_id=changed.pk, filed_on=changed.notified_on + dt.timedelta(days=10),
                                      grounds=f"Đảng viên cho rằng hình thức kỷ luật quá nặng {LABEL}",
                                      acting_user=inspector)
        lighter = changed.form.code.rsplit(".", 1)[0] + (".warning" if changed.form.code.endswith("reprimand")
                                                         else ".reprimand")
        services.appeal_change(appeal_id=appeal.pk, new_form=lighter,
                               resolution=f"Thay đổi hình thức kỷ luật sau khi xem xét khiếu nại {LABEL}",
                               resolved_on=appeal.filed_on + dt.timedelta(days=25), acting_user=inspector)
        appeals += 1
    if len(decisions) > PENDING_APPEAL:
        pending = decisions[PENDING_APPEAL]
        services.appeal_file(decision_id=pending.pk, filed_on=min(today, pending.notified_on + dt.timedelta(days=12)),
                             grounds=f"Không đồng ý với kết luận vi phạm {LABEL}", acting_user=inspector)
        appeals += 1
    awaiting = 0
    for index in range(AWAITING):
        pool = _subjects(_commune(bodies, index, province), used)
        people = pool["member"] or pool["post"]
        if not people:
            continue
        person = people[0]
        used.add(person.pk)
        services.violation_record(unit_id=province.pk, subject_person_id=person.pk,
                                  occurred_on=today - dt.timedelta(days=rng.randint(30, 200)),
                                  description=f"{VIOLATIONS[(index + 2) % len(VIOLATIONS)]} {LABEL}",
                                  acting_user=inspector)
        awaiting += 1
    cases = cases_run(rng, bodies, inspector, today)
    context["counts"].update({"inspection_cases": cases, "discipline_decisions": len(decisions),
                              "discipline_appeals": appeals, "violations_awaiting": awaiting})


CASE_TITLES = [
    "Kiểm tra việc chấp hành Cương lĩnh, Điều lệ Đảng, nghị quyết, chỉ thị của Đảng",
    "Kiểm tra việc thực hiện Chỉ thị 05-CT/TW về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Giám sát việc thực hiện quy định về nêu gương của cán bộ, đảng viên",
    "Kiểm tra việc thu, nộp, quản lý và sử dụng đảng phí",
    "Giám sát việc kê khai tài sản, thu nhập",
    "Kiểm tra khi có dấu hiệu vi phạm trong quản lý đất đai",
]
CASES_PER_BODY = 15
# The fate of the n-th case of a body: planned, in progress or concluded, spread over the year.
FATES = ("planned", "in_progress", "concluded")


def _case_type(index: int) -> tuple[str, str]:
    types = [t for t in OversightType.objects.filter(kind__in=(OversightKind.INSPECTION, OversightKind.SUPERVISION))
             .order_by("position", "code")]
    chosen = types[index % len(types)]
    method = ("supervision_method.direct" if index % 2 else "supervision_method.indirect") \
        if chosen.kind == OversightKind.SUPERVISION else ""
    return chosen.code, method


def cases_run(rng: random.Random, bodies: list[Unit], inspector: Any, today: dt.date) -> int:
    """This year's programme of the provincial inspection commission and of the communes', and about
    sixty cases in every state, most of them in the programmes, some due soon or late."""
    count = 0
    for body in bodies:
        place = body.name.removeprefix("Đảng bộ ")
        programme = services.programme_create(
            unit_id=body.pk, year=today.year, acting_user=inspector,
            title=f"Chương trình kiểm tra, giám sát năm {today.year} của Ủy ban Kiểm tra {place} {LABEL}")
        pool = _subjects(body if body.depth else _commune(bodies, 0, body), set())
        subjects = [("unit", unit) for unit in pool["cell"][:6]] + [
            ("person", person) for person in (pool["member"] + pool["post"])[:6]]
        if not subjects:
            continue
        for index in range(CASES_PER_BODY):
            kind, subject = subjects[index % len(subjects)]
            fate = FATES[index % len(FATES)]
            type_code, method = _case_type(index + count)
            if fate == "planned":
                start = today + dt.timedelta(days=rng.randint(-5, 60))
            else:
                start = today - dt.timedelta(days=rng.randint(20, 200))
            start = min(max(start, dt.date(today.year, 1, 1)), dt.date(today.year, 12, 31))
            target = {"subject_unit_id": subject.pk} if kind == "unit" else {"subject_person_id": subject.pk}
            in_programme = index % 5 != 4  # one case in five comes outside the programme (a sign of violation)
            case = services.case_plan(unit_id=body.pk, type=type_code, method=method, acting_user=inspector,
                                      programme_id=programme.pk if in_programme else None,
                                      title=f"{CASE_TITLES[index % len(CASE_TITLES)]} {LABEL}", planned_start=start,
                                      planned_end=start + dt.timedelta(days=30), **target)
            count += 1
            if fate == "planned":
                continue
            ends_on = min(start + dt.timedelta(days=rng.randint(15, 45)), dt.date(today.year, 12, 31))
            services.case_start(case_id=case.pk, decision_number=f"{count:02d}-QĐ/UBKT {LABEL}", decision_date=start,
                                team=f"Đoàn kiểm tra gồm 3 đồng chí ủy viên Ủy ban Kiểm tra {LABEL}",
                                starts_on=start, ends_on=ends_on, acting_user=inspector)
            if fate == "in_progress":
                continue
            found = index % 2 == 0
            concluded_on = min(today, ends_on)
            services.case_conclude(
                case_id=case.pk, violation_found=found, concluded_on=concluded_on, acting_user=inspector,
                rules_breached=f"Quy định về những điều đảng viên không được làm {LABEL}" if found else "",
                conclusion=(f"Có vi phạm ở mức phải xem xét, xử lý {LABEL}" if found
                            else f"Chấp hành tốt, không phát hiện vi phạm {LABEL}"))
            recommendation = services.recommendation_add(
                case_id=case.pk, text=f"Khắc phục hạn chế, báo cáo kết quả với Ủy ban Kiểm tra {LABEL}",
                due_on=max(concluded_on, today + dt.timedelta(days=rng.randint(-10, 30))), acting_user=inspector)
            if index % 4 == 2:
                services.recommendation_complete(recommendation_id=recommendation.pk, acting_user=inspector,
                                                 follow_up=f"Đã khắc phục và báo cáo {LABEL}")
    return count
