"""The study module's records for the authorization matrix (``web/tests/test_authorization_matrix.py``):
a theme with a guidance document, a plan, an item and a progress report with its file, and two cell
meetings (one scheduled with a document, one held with a manifestation discussed) in commune A
and in its sibling B, and the tables a denied request must leave unchanged."""

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from neuguong.accounts.permissions import Role
from neuguong.catalogues.services import catalogues_load
from neuguong.core.actors import SYSTEM
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory, PostFactory, UserFactory, grant
from neuguong.study import selectors, services

from .library_files import docx_bytes

TABLES = ("study",)
# A member marks a document read for themselves.
OWN_ROWS = {"study.DocumentRead": "user_id"}
KIND_WORDS = {
    "theme": "theme", "themes": "theme", "study-themes": "theme",
    "theme-documents": "theme_document", "theme_document": "theme_document", "study-theme-documents": "theme_document",
    "plan": "plan", "plans": "plan", "study-plans": "plan",
    "plan-items": "plan_item", "plan_item": "plan_item", "study-plan-items": "plan_item",
    "progress-reports": "progress_report", "progress_report": "progress_report",
    "registration": "registration", "registrations": "registration", "study-registrations": "registration",
    "quarter-reports": "quarter_report", "quarter_report": "quarter_report",
    "pledge": "pledge", "pledges": "pledge", "study-pledges": "pledge",
    "library": "library_document", "library_document": "library_document", "library-documents": "library_document",
    "document_pk": "library_document",
    "library-versions": "library_version", "library_version": "library_version",
    "study-events": "study_event", "study_event": "study_event",
    "event-documents": "event_document", "event_document": "event_document", "study-event-documents": "event_document",
    "meeting": "meeting", "meetings": "meeting", "study-meetings": "meeting",
    "meeting-documents": "meeting_document", "meeting_document": "meeting_document",
}
MARKERS = ["Chuyên đề ma trận Thạch Hà", "Kế hoạch ma trận Thạch Hà", "Nội dung ma trận Thạch Hà",
           "Việc làm theo ma trận Thạch Hà", "Cam kết ma trận Thạch Hà", "Chỉ thị ma trận Thạch Hà",
           "Hội thảo ma trận Thạch Hà", "Hội trường ma trận Thạch Hà", "Kết luận ma trận Thạch Hà"]


def _records(unit: Any, staff: Any, place: str) -> dict[str, list[Any]]:
    year = timezone.localdate().year
    theme = services.theme_create(unit_id=unit.pk, year=year, level="provincial", title=f"Chuyên đề ma trận {place}",
                                  acting_user=staff)
    document = services.theme_document_add(theme_id=theme.pk, title=f"Hướng dẫn ma trận {place}",
                                           upload=SimpleUploadedFile("huong-dan.pdf", b"%PDF-1.4\n%"),
                                           acting_user=staff)
    plan = services.plan_create(unit_id=unit.pk, theme_id=theme.pk, title=f"Kế hoạch ma trận {place}",
                                acting_user=staff)
    item = services.item_add(plan_id=plan.pk, content=f"Nội dung ma trận {place}", owner_name="Văn phòng",
                             due_on=timezone.localdate(), acting_user=staff)
    services.plan_approve(plan_id=plan.pk, acting_user=SYSTEM)
    report = services.report_add(item_id=item.pk, text="Đã làm", acting_user=staff,
                                 upload=SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4\n%"))
    library_document = services.document_create(
        unit_id=unit.pk, number="9-CT/ĐU", issued_on=timezone.localdate(), issuer="Đảng ủy", kind="directive",
        title=f"Chỉ thị ma trận {place}", acting_user=staff,
        upload=SimpleUploadedFile("chi-thi.docx", docx_bytes(f"Chỉ thị ma trận {place}")))
    services.library_link(document=library_document, target=plan, acting_user=staff)
    event = services.event_create(unit_id=unit.pk, kind="workshop", title=f"Hội thảo ma trận {place}",
                                  held_on=timezone.localdate(), place="Hội trường", acting_user=staff)
    event_document = services.event_document_add(event_id=event.pk, title="Chương trình",
                                                 upload=SimpleUploadedFile("ct.pdf", b"%PDF-1.4\n%"),
                                                 acting_user=staff)
    return {"theme": [theme], "theme_document": [document], "plan": [plan], "plan_item": [item],
            "progress_report": [report], "library_document": [library_document],
            "library_version": [library_document.versions.get()], "study_event": [event],
            "event_document": [event_document]}


def _follow_records(unit: Any, cell: Any, place: str, suffix: str) -> dict[str, list[Any]]:
    """A registered registration with a quarter's report (of a member other than the standard one, who
    may not change it), and a post holder's pledge, made and published."""
    year = timezone.localdate().year
    # People named, not left to the factory's sequence: a generated name can be one of A's markers.
    follower = UserFactory(username=f"matrix_follower_{suffix}",
                           person=PersonFactory(full_name=f"Đảng viên làm theo {suffix}", unit=cell))
    MembershipFactory(person=follower.person, cell=cell)
    grant(follower, Role.PARTY_MEMBER, cell)
    registration = services.registration_create(year=year, acting_user=follower, items=[
        {"content": f"Việc làm theo ma trận {place}", "expected_result": "Kết quả"}])
    services.registration_register(registration_id=registration.pk, acting_user=follower)
    report = services.quarter_report_add(registration_id=registration.pk, quarter=1, text="Đã làm",
                                         upload=SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n0000"),
                                         acting_user=follower)
    post = PostFactory(person=PersonFactory(full_name=f"Chủ tịch cam kết {suffix}", unit=unit), unit=unit,
                       title="Chủ tịch UBND")
    pledge = services.pledge_create(post_id=post.pk, year=year, items=[f"Cam kết ma trận {place}"],
                                    acting_user=SYSTEM)
    services.pledge_pledge(pledge_id=pledge.pk, acting_user=SYSTEM)
    services.pledge_publish(pledge_id=pledge.pk, published=True, acting_user=SYSTEM)
    return {"registration": [registration], "quarter_report": [report], "pledge": [pledge]}


def _meetings(cell: Any, secretary: Any, place: str) -> dict[str, list[Any]]:
    """A scheduled meeting with a document, and a held one with the manifestations discussed."""
    catalogues_load(acting_user=SYSTEM)
    starts_at = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(7, 30)))
    scheduled = services.meeting_schedule(cell_id=cell.pk, kind="regular", starts_at=starts_at,
                                          place=f"Hội trường ma trận {place}", acting_user=secretary)
    document = services.meeting_document_add(meeting_id=scheduled.pk, title=f"Giấy mời ma trận {place}",
                                             upload=SimpleUploadedFile("giay-moi.pdf", b"%PDF-1.4\n%"),
                                             acting_user=secretary)
    held = services.meeting_schedule(cell_id=cell.pk, kind="thematic", starts_at=starts_at,
                                     place=f"Hội trường ma trận {place}", acting_user=secretary)
    invitees = selectors.meeting_invitees(held)
    services.meeting_hold(meeting_id=held.pk, acting_user=secretary,
                          attendance=[{"person_id": p.pk, "status": "present"} for p in invitees])
    services.meeting_manifestations_record(meeting_id=held.pk, acting_user=secretary, entries=[
        {"manifestation": "G1.6", "conclusion": f"Kết luận ma trận {place}"}])
    return {"meeting": [held, scheduled], "meeting_document": [document]}


def records(*, commune: Any, sibling: Any, cell: Any, sibling_cell: Any, **_world: Any) -> dict[str, list[Any]]:
    """A's records by kind; B gets the same kinds (never aimed at)."""
    staff, secretaries = [], []
    for username, unit, unit_cell in (("matrix_study_a", commune, cell), ("matrix_study_b", sibling, sibling_cell)):
        user = UserFactory(username=username, person=PersonFactory(full_name=f"Cán bộ tuyên giáo {username}",
                                                                   unit=unit))
        grant(user, Role.PROPAGANDA_STAFF, unit)
        staff.append(user)
        secretary = UserFactory(username=f"{username}_secretary",
                                person=PersonFactory(full_name=f"Bí thư chi bộ {username}", unit=unit_cell))
        grant(secretary, Role.LEADER, unit_cell)
        secretaries.append(secretary)
    _records(sibling, staff[1], "Xã Bên")
    _follow_records(sibling, sibling_cell, "Xã Bên", "b")
    _meetings(sibling_cell, secretaries[1], "Xã Bên")
    return {**_records(commune, staff[0], "Thạch Hà"), **_follow_records(commune, cell, "Thạch Hà", "a"),
            **_meetings(cell, secretaries[0], "Thạch Hà")}
