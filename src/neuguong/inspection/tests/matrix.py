"""The inspection module's records for the authorization matrix (``web/tests/test_authorization_matrix.py``):
a violation of a member of commune A decided by A's inspection commission, with an appeal pending, and
the same in its sibling B; and the tables a denied request must leave unchanged.

Commune A's administrator holds no inspection permission: the discipline pages answer them 403."""

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from neuguong.catalogues import services as catalogue_services
from neuguong.core.actors import SYSTEM
from neuguong.inspection import services
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory

TABLES = ("inspection",)
KIND_WORDS = {
    "violation": "violation", "violations": "violation", "discipline-violations": "violation",
    "decision": "discipline_decision", "decisions": "discipline_decision",
    "discipline-decisions": "discipline_decision", "discipline_decision": "discipline_decision",
    "appeal": "appeal", "appeals": "appeal", "discipline-appeals": "appeal",
    "case": "case", "cases": "case", "inspection-cases": "case", "programme": "programme", "programmes": "programme",
    "inspection-programmes": "programme",
    "recommendation": "recommendation", "recommendations": "recommendation",
    "inspection-recommendations": "recommendation",
    "document": "case_document", "documents": "case_document", "inspection-documents": "case_document",
    "explanation": "explanation", "explanations": "explanation", "inspection-explanations": "explanation",
}
MARKERS = ["Vi phạm ma trận Thạch Hà", "77-QĐ/UBKT Thạch Hà", "Khiếu nại ma trận Thạch Hà",
           "Kiểm tra ma trận Thạch Hà", "Kiến nghị ma trận Thạch Hà", "Chương trình ma trận Thạch Hà",
           "Biên bản ma trận Thạch Hà", "Giải trình ma trận Thạch Hà"]


def _records(unit: Any, cell: Any, place: str) -> dict[str, list[Any]]:
    person = PersonFactory(full_name=f"Đảng viên ma trận {place}", unit=cell)
    MembershipFactory(person=person, cell=cell)
    violation = services.violation_record(unit_id=unit.pk, subject_person_id=person.pk, occurred_on=dt.date(2024, 5, 2),
                                          description=f"Vi phạm ma trận {place}", acting_user=SYSTEM)
    decision = services.decision_make(violation_id=violation.pk, form="full_member.reprimand",
                                      number=f"77-QĐ/UBKT {place}", decided_on=dt.date.today(),
                                      grounds="Căn cứ kết luận", acting_user=SYSTEM)
    appeal = services.appeal_file(decision_id=decision.pk, filed_on=dt.date.today(),
                                  grounds=f"Khiếu nại ma trận {place}", acting_user=SYSTEM)
    today = dt.date.today()
    programme = services.programme_create(unit_id=unit.pk, year=today.year, title=f"Chương trình ma trận {place}",
                                          acting_user=SYSTEM)
    case = services.case_plan(unit_id=unit.pk, programme_id=programme.pk, type="inspection.compliance",
                              title=f"Kiểm tra ma trận {place}",
                              subject_unit_id=cell.pk, planned_start=today, planned_end=today, acting_user=SYSTEM)
    services.case_start(case_id=case.pk, decision_number="5-QĐ", decision_date=today, team="Đoàn", starts_on=today,
                        ends_on=today, acting_user=SYSTEM)
    services.case_conclude(case_id=case.pk, violation_found=False, conclusion="Chấp hành tốt", acting_user=SYSTEM)
    recommendation = services.recommendation_add(case_id=case.pk, text=f"Kiến nghị ma trận {place}", due_on=today,
                                                 acting_user=SYSTEM)
    document = services.document_add(case_id=case.pk, title=f"Biên bản ma trận {place}", acting_user=SYSTEM,
                                     file=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%"))
    running = services.case_plan(unit_id=unit.pk, type="inspection.compliance", title=f"Kiểm tra đang làm {place}",
                                 subject_person_id=person.pk, planned_start=today, planned_end=today,
                                 acting_user=SYSTEM)
    services.case_start(case_id=running.pk, decision_number="6-QĐ", decision_date=today, team="Đoàn",
                        starts_on=today, ends_on=today, acting_user=SYSTEM)
    explanation = services.explanation_record(case_id=running.pk, text=f"Giải trình ma trận {place}", given_on=today,
                                              acting_user=SYSTEM,
                                              file=SimpleUploadedFile("giai-trinh.pdf", b"%PDF-1.4\n%"))
    return {"violation": [violation], "discipline_decision": [decision], "appeal": [appeal], "case": [case, running],
            "recommendation": [recommendation], "programme": [programme], "case_document": [document],
            "explanation": [explanation]}


def records(*, commune: Any, cell: Any, sibling: Any, sibling_cell: Any, **_world: Any) -> dict[str, list[Any]]:
    """A's records by kind; B gets the same kinds (never aimed at)."""
    catalogue_services.catalogues_load(acting_user=SYSTEM)
    _records(sibling, sibling_cell, "Xã Bên")
    return _records(commune, cell, "Thạch Hà")
