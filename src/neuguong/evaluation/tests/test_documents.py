"""A review as a Word report on its form (01, 2A, 2B, 2C), filled from the records."""

import io

import pytest
from docx import Document

from neuguong.accounts.permissions import Role
from neuguong.evaluation import services
from neuguong.orgs.tests.factories import PersonFactory, UserFactory, grant

from .conftest import client_for, review_of, self_assess, to_classified

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    document = Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


def test_an_approved_review_is_reported_on_its_form_with_the_level_decided(period, member, secretary, leader,
                                                                            unit_admin):
    review = to_classified(review_of(period, member), subject=member, secretary=secretary, leader=leader,
                           unit_admin=unit_admin, total=92.5)
    services.approve(review_id=review.pk, acting_user=leader)
    response = client_for(member).get(f"/evaluation/reviews/{review.pk}/report.docx", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200 and ".docx" in response["Content-Disposition"]
    text = text_of(response)
    assert f"Mẫu {review.template.form}" in text and review.template.form
    assert "Gương mẫu" in text and "Còn chậm" in text and "Chi bộ nhất trí" in text
    assert "92,5" in text and "Dự thảo" not in text


def test_the_manifestations_are_only_in_the_copy_of_those_who_may_read_them(period, member, commune):
    review = review_of(period, member)
    self_assess(member, review, total=80)
    organiser = UserFactory(username="tochuc_a", person=PersonFactory(full_name="Đỗ Văn Tổ", unit=commune))
    grant(organiser, Role.ORGANISATION_STAFF, commune)
    own = text_of(client_for(member).get(f"/evaluation/reviews/{review.pk}/report.docx", HTTP_ACCEPT_LANGUAGE="en"))
    staff = text_of(client_for(organiser).get(f"/evaluation/reviews/{review.pk}/report.docx",
                                              HTTP_ACCEPT_LANGUAGE="en"))
    assert "0 of 27 manifestations found in oneself" in own and "Not shown in this copy" not in own
    assert "Not shown in this copy" in staff and "manifestations found in oneself" not in staff
    assert "Draft: the level is not decided yet." in staff


def test_a_collective_is_reported_on_form_01(period, cell, unit_admin):
    review = review_of(period, unit=cell)
    text = text_of(client_for(unit_admin).get(f"/evaluation/reviews/{review.pk}/report.docx",
                                              HTTP_ACCEPT_LANGUAGE="en"))
    assert "REVIEW REPORT OF THE COLLECTIVE" in text and "Form 01" in text
    assert "27 manifestations" not in text


def test_an_outsider_gets_not_found(period, member, outsider):
    review = review_of(period, member)
    assert client_for(outsider).get(f"/evaluation/reviews/{review.pk}/report.docx").status_code == 404
