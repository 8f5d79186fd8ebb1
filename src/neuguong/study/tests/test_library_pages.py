"""The library and event pages and API routes: search, versions, read marks, plan links, bad input,
downloads and query counts."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from neuguong.jobs.models import Job, JobStatus
from neuguong.study import services
from neuguong.study.models import DocumentLink, DocumentRead, DocumentVersion, LibraryDocument, StudyEvent

from .conftest import client_for
from .library_files import docx_bytes, docx_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(propagandist, province):
    return [services.document_create(unit_id=province.pk, number=f"{n}-CT/TW", issued_on=dt.date(2016, 5, n + 1),
                                     issuer="Bộ Chính trị", kind="directive", title=f"Chỉ thị số {n} về nêu gương",
                                     upload=docx_upload(f"ct-{n}.docx", f"Nội dung đoàn kết số {n}"),
                                     acting_user=propagandist) for n in range(1, 8)]


def test_the_library_page_searches_without_diacritics(library, member, django_assert_max_num_queries):
    client = client_for(member)
    with django_assert_max_num_queries(12):
        page = client.get("/study/library/", {"q": "chi thi so 3 neu guong"})
    assert page.status_code == 200
    assert "3-CT/TW" in page.text and "4-CT/TW" not in page.text


def test_the_list_its_download_and_the_api_give_the_same_rows_with_the_readers_mark(library, member):
    client = client_for(member)
    third = library[2]
    services.document_mark_read(document_id=third.pk, acting_user=member)
    page = client.get("/study/library/", {"q": "chi thi so 3"})
    assert "Directive · Bộ Chính trị" in page.text and '<span class="badge">Read</span>' in page.text
    assert "3-CT/TW" in page.text and "4-CT/TW" not in page.text
    download = client.get("/study/library/", {"q": "chi thi so 3", "export": "csv"})
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    assert "3-CT/TW" in text and "Chỉ thị số 3 về nêu gương" in text and ",Directive," in text and "4-CT/TW" not in text
    items = client.get("/api/v1/library-documents", {"q": "chi thi so 3"}).json()["items"]
    assert items == [{"id": third.pk, "unit_id": third.unit_id, "number": "3-CT/TW", "issued_on": "2016-05-04",
                      "issuer": "Bộ Chính trị", "kind": "directive", "title": "Chỉ thị số 3 về nêu gương",
                      "version_count": 1, "has_read": True}]
    assert client.get("/api/v1/library-documents", {"q": "so 4"}).json()["items"][0]["has_read"] is False


def test_a_long_library_download_becomes_a_job_with_the_rows_in_the_chosen_order(library, propagandist, settings,
                                                                                  tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT, settings.EXPORT_INLINE_ROWS = tmp_path, 3
    client = client_for(propagandist)
    response = client.get("/study/library/", {"q": "neu guong", "sort": "number", "export": "csv"})
    job = Job.objects.get(owner=propagandist)
    assert response.status_code == 302 and job.status == JobStatus.DONE and job.total == 7
    lines = client.get(reverse("jobs:download", args=[job.pk])).content.decode("utf-8-sig").splitlines()
    assert [line.split(",")[1] for line in lines[1:]] == [f"{n}-CT/TW" for n in range(1, 8)]
    assert all(",Directive," in line for line in lines[1:])


def test_a_search_without_words_says_so(library, member):
    page = client_for(member).get("/study/library/", {"q": "-- //"})
    assert page.status_code == 200 and 'data-testid="search-error"' in page.text


def test_the_detail_shows_versions_and_marks_read(library, member):
    client = client_for(member)
    document = library[0]
    page = client.get(f"/study/library/{document.pk}/")
    assert "ct-1.docx" in page.text and 'data-action="version-add"' not in page.text
    assert client.post(f"/study/library/{document.pk}/read/").status_code == 302
    assert DocumentRead.objects.filter(document=document, user=member).exists()
    version = document.versions.get()
    download = client.get(f"/study/library-versions/{version.pk}/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")


def test_a_manager_uploads_a_version_and_a_disguised_file_is_refused(library, propagandist):
    client = client_for(propagandist)
    document = library[0]
    bad = client.post(f"/study/library/{document.pk}/versions/new/",
                      {"file": SimpleUploadedFile("x.docx", b"%PDF-1.4\n%")})
    assert bad.status_code == 422
    assert DocumentVersion.objects.filter(document=document).count() == 1
    good = client.post(f"/study/library/{document.pk}/versions/new/",
                       {"file": SimpleUploadedFile("moi.docx", docx_bytes("Bản mới")), "note": "Sửa"})
    assert good.status_code == 302
    assert DocumentVersion.objects.filter(document=document).count() == 2


def test_the_plan_page_links_and_unlinks_documents(library, plan, unit_admin):
    client = client_for(unit_admin)
    assert client.post(f"/study/plans/{plan.pk}/library/link/", {"document": library[2].pk}).status_code == 302
    page = client.get(f"/study/plans/{plan.pk}/")
    assert "3-CT/TW" in page.text and 'data-action="library-unlink"' in page.text
    assert client.post(f"/study/plans/{plan.pk}/library/{library[2].pk}/unlink/").status_code == 302
    assert not DocumentLink.objects.exists()


def test_the_api_searches_uploads_and_refuses_bad_input(library, propagandist, member):
    api = client_for(propagandist)
    found = api.get("/api/v1/library-documents", {"q": "doan ket so 5"}).json()["items"]
    assert [d["number"] for d in found] == ["5-CT/TW"]
    assert api.get("/api/v1/library-documents", {"q": "  "}).status_code == 422
    assert api.get("/api/v1/library-documents", {"kind": "memo"}).status_code == 422
    upload = api.post(f"/api/v1/library-documents/{library[0].pk}/versions",
                      {"file": SimpleUploadedFile("b.docx", docx_bytes("Văn bản sửa đổi thi đua"))})
    assert upload.status_code == 201 and upload.json()["number"] == 2
    refused = api.post(f"/api/v1/library-documents/{library[0].pk}/versions",
                       {"file": SimpleUploadedFile("b.pdf", docx_bytes("x"))})
    assert refused.status_code == 422
    created = api.post("/api/v1/library-documents", {"unit_id": library[0].unit_id, "number": "1-HD", "kind": "chat",
                                                     "issued_on": "2020-01-01", "issuer": "X", "title": "Y"},
                       content_type="application/json")
    assert created.status_code == 422 and LibraryDocument.objects.count() == 7
    member_api = client_for(member)
    assert member_api.post(f"/api/v1/library-documents/{library[0].pk}/read").status_code == 200
    assert member_api.get(f"/api/v1/library-documents/{library[0].pk}/readers").json()["items"] == []


def test_the_events_pages_hold_an_event_and_export_the_list(unit_admin, commune, django_assert_max_num_queries):
    client = client_for(unit_admin)
    created = client.post("/study/study-events/new/", {
        "unit": commune.pk, "kind": "talk", "title": "Tọa đàm nêu gương", "held_on": timezone.localdate()
        .strftime("%d/%m/%Y"), "place": "Nhà văn hóa", "participant_count": 40})
    assert created.status_code == 302, created.text
    event = StudyEvent.objects.get()
    assert client.post(f"/study/study-events/{event.pk}/hold/", {"outcomes": ""}).status_code == 422
    assert client.post(f"/study/study-events/{event.pk}/hold/", {"outcomes": "Đạt"}).status_code == 302
    assert StudyEvent.objects.get().status == "held"
    with django_assert_max_num_queries(12):
        listing = client.get("/study/study-events/")
    assert "Tọa đàm nêu gương" in listing.text
    export = client.get("/study/study-events/", {"export": "xlsx"})
    assert export.status_code == 200 and "spreadsheet" in export["Content-Type"]
    api = client.get(f"/api/v1/study-events/{event.pk}").json()
    assert api["status"] == "held" and api["outcomes"] == "Đạt"


def test_the_api_enters_a_document_and_links_it_to_a_plan(propagandist, province, plan, unit_admin, member):
    api = client_for(propagandist)
    created = api.post("/api/v1/library-documents", {
        "unit_id": province.pk, "number": "55-QĐ/TW", "kind": "regulation", "issued_on": "2016-12-19",
        "issuer": "Bộ Chính trị", "title": "Quy định về việc cần làm ngay để tăng cường nêu gương"},
        content_type="application/json")
    assert created.status_code == 201, created.content
    document_id = created.json()["id"]
    linked = client_for(unit_admin).post(f"/api/v1/study-plans/{plan.pk}/library-documents",
                                         {"document_id": document_id}, content_type="application/json")
    assert linked.status_code == 201
    assert client_for(member).get(f"/api/v1/study-plans/{plan.pk}/library-documents").status_code == 404
    assert [d["number"] for d in client_for(unit_admin).get(f"/api/v1/study-plans/{plan.pk}/library-documents")
            .json()] == ["55-QĐ/TW"]
    assert client_for(unit_admin).delete(f"/api/v1/study-plans/{plan.pk}/library-documents/{document_id}") \
        .status_code == 204
    assert not DocumentLink.objects.exists()


def test_an_event_document_is_downloaded_by_readers_only(unit_admin, commune, outsider):
    event = services.event_create(unit_id=commune.pk, kind="honouring", title="Lễ tuyên dương",
                                  held_on=timezone.localdate(), place="Hội trường", acting_user=unit_admin)
    document = services.event_document_add(event_id=event.pk, title="Danh sách tuyên dương",
                                           upload=SimpleUploadedFile("ds.docx", docx_bytes("Danh sách")),
                                           acting_user=unit_admin)
    assert client_for(unit_admin).get(f"/study/event-documents/{document.pk}/").status_code == 200
    assert client_for(outsider).get(f"/study/event-documents/{document.pk}/").status_code == 404
