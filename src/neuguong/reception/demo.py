"""The reception's demo data, built through its services (so every record is valid and audited):
sessions held and coming, about 200 petitions in every state (some overdue, some due soon) and
dialogues with commitments. Petitioners are fictional; no citizen ID is stored."""

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from neuguong.orgs.models import Unit, UnitKind

from . import services
from .models import CommitmentStatus

LABEL = "(dữ liệu mẫu)"
PETITIONS = 200
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Thị Thu", "Đức", "Ngọc", "Minh"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Long", "Mai", "Nam", "Nga", "Sơn",
         "Tâm", "Thảo", "Tuấn", "Vân"]
# (kind, subject, content)
MATTERS = [
    ("complaint", "Khiếu nại quyết định thu hồi đất", "Đề nghị xem xét lại quyết định thu hồi đất nông nghiệp "
     "của gia đình tôi, mức bồi thường chưa thỏa đáng."),
    ("complaint", "Khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất", "Hồ sơ cấp giấy của gia đình tôi nộp "
     "đã quá hạn nhưng chưa được giải quyết."),
    ("denunciation", "Tố cáo việc xây dựng trái phép", "Một hộ trong thôn xây nhà lấn chiếm hành lang đường "
     "liên thôn, đã báo nhưng chưa được xử lý."),
    ("proposal", "Kiến nghị sửa chữa đường liên thôn", "Đường liên thôn xuống cấp nghiêm trọng, mùa mưa đi lại "
     "rất khó khăn, đề nghị sớm sửa chữa."),
    ("proposal", "Kiến nghị lắp đèn chiếu sáng công cộng", "Đoạn đường qua khu dân cư chưa có đèn chiếu sáng, "
     "đề nghị lắp đặt để bảo đảm an toàn."),
    ("feedback", "Phản ánh ô nhiễm môi trường", "Cơ sở chăn nuôi gần khu dân cư xả thải ra mương thoát nước, "
     "gây mùi hôi."),
    ("feedback", "Phản ánh tiếng ồn của xưởng cơ khí", "Xưởng cơ khí hoạt động cả ban đêm, ảnh hưởng sinh hoạt "
     "của các hộ xung quanh."),
]
# What happens to a petition after its receipt, with weights: still open ones dominate.
FATES = [("received", 6), ("accepted", 7), ("resolved", 4), ("returned", 1), ("forwarded", 1), ("filed", 1),
         ("withdrawn", 1)]
FILING_REASONS = ["duplicate", "already_resolved"]
# (topic, days ago, commitments as (text, due in days from today, status))
DIALOGUES = [
    ("Đối thoại về bồi thường, hỗ trợ tái định cư", 75, [
        ("Công khai phương án bồi thường tại nhà văn hóa thôn", -10, CommitmentStatus.OPEN),
        ("Rà soát lại diện tích đất của các hộ có ý kiến", 4, CommitmentStatus.IN_PROGRESS),
        ("Tổ chức họp dân lấy ý kiến về vị trí khu tái định cư", -30, CommitmentStatus.DONE),
    ]),
    ("Đối thoại về xây dựng nông thôn mới", 20, [
        ("Sửa chữa tuyến mương nội đồng", 40, CommitmentStatus.OPEN),
        ("Lắp đèn chiếu sáng đường trục thôn", -3, CommitmentStatus.OPEN),
        ("Công khai các khoản đóng góp xây dựng đường giao thông", 2, CommitmentStatus.IN_PROGRESS),
        ("Vận động các hộ hiến đất mở rộng đường", -15, CommitmentStatus.DONE),
    ]),
]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _receiving_units(context: dict[str, Any]) -> list[Unit]:
    """The commune of the demo accounts (most petitions), the province and two other communes."""
    commune, province = context["commune"], context["province"]
    others = list(Unit.objects.filter(parent=province, kind=UnitKind.SUBORDINATE_COMMITTEE,
                                      name__startswith="Đảng bộ xã").exclude(pk=commune.pk).order_by("pk")[:2])
    return [commune, commune, commune, province, *others]


def _receive(rng: random.Random, officer: Any, unit: Unit, today: dt.date) -> Any:
    kind, subject, content = rng.choice(MATTERS)
    received_on = today - dt.timedelta(days=rng.choice([rng.randint(0, 12), rng.randint(5, 60),
                                                        rng.randint(20, 150)]))
    data = {"subject": subject, "content": content, "petitioner_name": _name(rng),
            "petitioner_address": f"Thôn {rng.choice(GIVEN)}, {unit.name.removeprefix('Đảng bộ ')} {LABEL}",
            "petitioner_phone": f"09{rng.randint(10000000, 99999999)}"}
    channel = rng.choice(["post", "post", "forwarded"])
    if channel == "forwarded":
        data["sender_body"] = "Ban Tiếp công dân tỉnh"
    return services.petition_receive(unit_id=unit.pk, kinds=[kind], channel=channel, data=data,
                                     received_on=received_on, acting_user=officer)[0]


def _decided_on(rng: random.Random, petition: Any, today: dt.date) -> dt.date:
    return min(today, petition.received_on + dt.timedelta(days=rng.randint(1, 8)))


def _handle(rng: random.Random, officer: Any, petition: Any, fate: str, today: dt.date) -> None:
    """Take a received petition to ``fate`` the way an officer would."""
    if fate in ("received", "accepted", "resolved", "withdrawn"):
        services.petition_assign(petition_id=petition.pk, officer_id=officer.pk, acting_user=officer)
    day = _decided_on(rng, petition, today)
    if fate in ("accepted", "resolved"):
        petition = services.petition_decide(petition_id=petition.pk, outcome="accept", decided_on=day,
                                            acting_user=officer)
        if fate == "resolved":
            services.petition_resolve(petition_id=petition.pk, result="Đã giải quyết, trả lời bằng văn bản.",
                                      decision_number=f"{rng.randint(10, 300)}/QĐ-UBND",
                                      resolved_on=min(today, day + dt.timedelta(days=rng.randint(5, 40))),
                                      acting_user=officer)
    elif fate == "returned":
        services.petition_decide(petition_id=petition.pk, outcome="return_and_guide", decided_on=day,
                                 note="Hướng dẫn công dân gửi đơn đến Tòa án nhân dân khu vực.", acting_user=officer)
    elif fate == "forwarded":
        services.petition_decide(petition_id=petition.pk, outcome="forward", decided_on=day,
                                 forwarded_to="Ủy ban nhân dân tỉnh", forward_document=f"{rng.randint(1, 99)}/CV-TCD",
                                 acting_user=officer)
    elif fate == "filed":
        services.petition_decide(petition_id=petition.pk, outcome="file", decided_on=day,
                                 filing_reason=rng.choice(FILING_REASONS), acting_user=officer)
    elif fate == "withdrawn":
        services.petition_withdraw(petition_id=petition.pk, reason="Công dân có đơn xin rút.", withdrawn_on=day,
                                   acting_user=officer)


def _petitions(rng: random.Random, officer: Any, units: list[Unit], today: dt.date) -> int:
    fates, weights = zip(*FATES, strict=True)
    for _number in range(PETITIONS):
        petition = _receive(rng, officer, rng.choice(units), today)
        _handle(rng, officer, petition, rng.choices(fates, weights=weights)[0], today)
    return PETITIONS


def _sessions(officer: Any, units: list[Unit], today: dt.date) -> int:
    """Monthly sessions of the last three months (held) and two coming ones, in the first two units."""
    count = 0
    for unit in dict.fromkeys(units[:4]):
        place = unit.name.removeprefix("Đảng bộ ")
        for months_ago in (3, 2, 1):
            held_on = today - dt.timedelta(days=30 * months_ago)
            session = services.session_create(unit_id=unit.pk, title=f"Tiếp công dân định kỳ tháng {held_on.month}",
                                              held_on=held_on, location=f"Trụ sở {place}", acting_user=officer)
            services.session_record(session_id=session.pk, hosts=f"Bí thư {place}", acting_user=officer)
            count += 1
        for days_ahead in (5, 20):
            held_on = today + dt.timedelta(days=days_ahead)
            services.session_create(unit_id=unit.pk, title=f"Tiếp công dân định kỳ tháng {held_on.month}",
                                    held_on=held_on, location=f"Trụ sở {place}", hosts=f"Bí thư {place}",
                                    acting_user=officer)
            count += 1
    return count


def _dialogues(rng: random.Random, officer: Any, commune: Unit, today: dt.date) -> int:
    """Two dialogues of the commune's leaders with its people, with commitments open, in progress and done."""
    place = commune.name.removeprefix("Đảng bộ ")
    owner = Unit.objects.filter(parent=commune, kind=UnitKind.PEOPLES_COMMITTEE).first()
    count = 0
    for topic, days_ago, commitments in DIALOGUES:
        dialogue = services.dialogue_create(
            unit_id=commune.pk, topic=topic, held_on=today - dt.timedelta(days=days_ago),
            leaders=f"Bí thư Đảng ủy {place}; Chủ tịch Ủy ban nhân dân {place}",
            issues="Người dân nêu ý kiến về tiến độ, mức hỗ trợ và việc công khai thông tin.",
            participants="Đại diện các hộ dân, Mặt trận và các đoàn thể", participant_count=rng.randint(40, 120),
            location=f"Hội trường {place}", acting_user=officer)
        for text, due_in, status in commitments:
            commitment = services.commitment_add(
                dialogue_id=dialogue.pk, text=text, owner_name=f"Ủy ban nhân dân {place}",
                owner_unit_id=owner.pk if owner else None,
                due_on=max(dialogue.held_on, today + dt.timedelta(days=due_in)), acting_user=officer)
            if status != CommitmentStatus.OPEN:
                services.commitment_progress(commitment_id=commitment.pk, note="Đã báo cáo tại giao ban.",
                                             acting_user=officer)
            if status == CommitmentStatus.DONE:
                services.commitment_complete(commitment_id=commitment.pk, done_on=today, acting_user=officer,
                                             note="Đã hoàn thành, báo cáo Thường trực Đảng ủy.")
            count += 1
    return count


def run(rng: random.Random, context: dict[str, Any]) -> None:
    officer, today = context["users"]["tiepdan"], timezone.localdate()
    units = _receiving_units(context)
    context["counts"].update({
        "reception_sessions": _sessions(officer, units, today),
        "petitions": _petitions(rng, officer, units, today),
        "commitments": _dialogues(rng, officer, context["commune"], today),
    })
