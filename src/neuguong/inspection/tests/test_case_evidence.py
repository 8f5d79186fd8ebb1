"""What a case gathers while it runs: documents and evidence (PDF, DOCX, JPEG, PNG checked by their
content, downloads scoped and audited) and the subject's explanation on a case in progress."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from neuguong.audit.models import AuditEvent
from neuguong.core.errors import ServiceError
from neuguong.inspection import services
from neuguong.inspection.models import CaseDocument, Explanation

from .conftest import client_for
from .test_case_services import TODAY, plan, start

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name="bien-ban.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def case(inspector, province, cell):
    return start(inspector, plan(inspector, province, unit=cell))


def test_a_document_of_a_started_case_is_kept_and_its_download_audited(inspector, case):
    document = services.document_add(case_id=case.pk, kind="evidence", title="Biên bản làm việc", file=pdf(),
                                     acting_user=inspector)
    assert document.content_type == "application/pdf" and document.original_name == "bien-ban.pdf"
    response = client_for(inspector).get(f"/inspection/documents/{document.pk}/download/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"
    assert AuditEvent.objects.filter(action="inspection_document.downloaded", actor=inspector).count() == 1


@pytest.mark.parametrize(("name", "content"), [("bao-cao.pdf", b"MZ\x90\x00 not a pdf"), ("anh.png", PDF),
                                               ("ghi-chu.txt", b"plain text")])
def test_a_file_whose_content_or_name_is_not_accepted_is_refused_and_nothing_kept(inspector, case, name, content):
    with pytest.raises(ServiceError) as refused:
        services.document_add(case_id=case.pk, title="Tài liệu", file=pdf(name, content), acting_user=inspector)
    assert refused.value.field_errors.get("file") and CaseDocument.objects.count() == 0


def test_a_planned_case_takes_no_document(inspector, province, cell):
    planned = plan(inspector, province, unit=cell)
    with pytest.raises(ServiceError):
        services.document_add(case_id=planned.pk, title="Tài liệu", file=pdf(), acting_user=inspector)
    assert CaseDocument.objects.count() == 0


def test_the_subject_explains_on_a_case_in_progress_with_an_optional_file(inspector, case):
    plain = services.explanation_record(case_id=case.pk, text="Tôi xin giải trình", given_on=TODAY,
                                        acting_user=inspector)
    assert not plain.file
    signed = services.explanation_record(case_id=case.pk, text="Bản ký", given_on=TODAY, acting_user=inspector,
                                         file=SimpleUploadedFile("giai-trinh.png", PNG))
    assert signed.content_type == "image/png"
    client = client_for(inspector)
    assert client.get(f"/inspection/explanations/{signed.pk}/download/").status_code == 200
    assert client.get(f"/inspection/explanations/{plain.pk}/download/").status_code == 404
    page = client.get(f"/inspection/cases/{case.pk}/").content.decode()
    assert "Tôi xin giải trình" in page and "giai-trinh.png" in page


def test_an_explanation_is_refused_outside_a_case_in_progress_or_in_the_future(inspector, province, cell, case):
    import datetime as dt
    planned = plan(inspector, province, unit=cell)
    with pytest.raises(ServiceError):
        services.explanation_record(case_id=planned.pk, text="Giải trình", given_on=TODAY, acting_user=inspector)
    with pytest.raises(ServiceError) as refused:
        services.explanation_record(case_id=case.pk, text="Giải trình", given_on=TODAY + dt.timedelta(days=1),
                                    acting_user=inspector)
    assert "given_on" in refused.value.field_errors and Explanation.objects.count() == 0


@pytest.mark.parametrize("actor", ["unit_admin", "member", "outsider", "sibling_inspector"])
def test_others_add_nothing_and_download_nothing(request, actor, inspector, case):
    document = services.document_add(case_id=case.pk, title="Biên bản", file=pdf(), acting_user=inspector)
    user = request.getfixturevalue(actor)
    before = AuditEvent.objects.count()
    with pytest.raises(Exception):  # noqa: B017 (403 or 404 depending on the actor)
        services.document_add(case_id=case.pk, title="Khác", file=pdf(), acting_user=user)
    with pytest.raises(Exception):  # noqa: B017
        services.explanation_record(case_id=case.pk, text="Khác", given_on=TODAY, acting_user=user)
    client = client_for(user)
    assert client.get(f"/inspection/documents/{document.pk}/download/").status_code in (403, 404)
    assert client.post(f"/inspection/cases/{case.pk}/documents/new/",
                       {"kind": "document", "title": "Khác", "file": pdf()}).status_code in (403, 404)
    assert CaseDocument.objects.count() == 1 and Explanation.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_the_pages_and_api_add_documents_and_explanations(inspector, case):
    client = client_for(inspector)
    assert client.post(f"/inspection/cases/{case.pk}/documents/new/",
                       {"kind": "evidence", "title": "Ảnh hiện trường", "file": pdf()}).status_code == 302
    refused = client.post(f"/inspection/cases/{case.pk}/documents/new/",
                          {"kind": "document", "title": "Giả", "file": pdf("gia.pdf", b"GIF89a....")})
    assert refused.status_code == 422 and CaseDocument.objects.count() == 1
    assert client.post(f"/inspection/cases/{case.pk}/explanations/new/", {
        "given_on": TODAY.strftime("%d/%m/%Y"), "text": "Giải trình của đảng viên"}).status_code == 302
    api = client.post(f"/api/v1/inspection-cases/{case.pk}/documents", {"title": "Quyết định", "file": pdf()})
    assert api.status_code == 201 and api.json()["content_type"] == "application/pdf"
    explained = client.post(f"/api/v1/inspection-cases/{case.pk}/explanations",
                            {"given_on": TODAY.isoformat(), "text": "Giải trình qua API"})
    assert explained.status_code == 201
    detail = client.get(f"/api/v1/inspection-cases/{case.pk}").json()
    assert len(detail["documents"]) == 2 and len(detail["explanations"]) == 2
    download = client.get(f"/api/v1/inspection-documents/{api.json()['id']}")
    assert download.status_code == 200
