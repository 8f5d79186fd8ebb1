"""The library of directives: documents kept by a committee and read below and above it, files in
versions with their text, diacritic-free search (PostgreSQL full-text search or SQLite's LIKE, the
same tests on both), read marks and links from plans."""

import datetime as dt

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone, translation

from neuguong.accounts.models import User
from neuguong.accounts.permissions import Role
from neuguong.accounts.scoping import NotFound
from neuguong.audit.models import AuditEvent
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.orgs.tests.factories import grant
from neuguong.study import selectors, services
from neuguong.study.models import DocumentLink, DocumentRead, DocumentVersion, LibraryDocument

from .library_files import docx_upload, pdf_upload

pytestmark = pytest.mark.django_db


def enter(user, unit, *, number="05-CT/TW", title="Chỉ thị về đẩy mạnh học tập và làm theo tư tưởng Hồ Chí Minh",
          kind="directive", issuer="Bộ Chính trị", issued_on=dt.date(2016, 5, 15), upload=None, subject=""):
    return services.document_create(unit_id=unit.pk, number=number, issued_on=issued_on, issuer=issuer, kind=kind,
                                    title=title, subject=subject, upload=upload, acting_user=user)


@pytest.fixture
def directive(propagandist, province):
    return enter(propagandist, province, upload=docx_upload("chi-thi-05.docx", "Nêu gương đạo đức cách mạng",
                                                            "Đoàn kết, kỷ cương, trách nhiệm"))


def found(user, q, **filters):
    return list(selectors.documents_visible_to(user, q=q, **filters).values_list("number", flat=True))


def test_a_docx_becomes_version_one_and_its_text_is_searchable_without_diacritics(directive, member):
    version = directive.versions.get()
    assert version.number == 1 and "Nêu gương đạo đức" in version.text
    assert found(member, "neu guong dao duc") == ["05-CT/TW"]
    assert found(member, "Đoàn kết") == ["05-CT/TW"]
    assert found(member, "doan ket ky cuong") == ["05-CT/TW"]


def test_search_finds_the_number_and_symbol_in_any_writing(directive, member):
    assert found(member, "05-CT/TW") == ["05-CT/TW"]
    assert found(member, "05 ct tw") == ["05-CT/TW"]
    assert found(member, "chi thi 05") == ["05-CT/TW"]


def test_d_with_stroke_folds_to_d(propagandist, province, member):
    enter(propagandist, province, number="55-QĐ/TW", title="Quy định về trách nhiệm nêu gương", kind="regulation")
    assert found(member, "55-qd") == ["55-QĐ/TW"]
    assert found(member, "QUY ĐỊNH") == ["55-QĐ/TW"]
    assert found(member, "quy dinh trach nhiem") == ["55-QĐ/TW"]


def test_every_word_must_begin_a_word_of_the_document(directive, member):
    assert found(member, "guong") == ["05-CT/TW"]
    assert found(member, "uong") == []
    assert found(member, "neu guong tham nhung") == []


def test_a_pdf_gives_its_text_to_the_search(propagandist, province, member):
    enter(propagandist, province, number="01-HD/BTGTW", kind="guide", title="Hướng dẫn",
          upload=pdf_upload("huong-dan.pdf", "Hoc tap chuyen de toan khoa"))
    assert found(member, "chuyen de toan khoa") == ["01-HD/BTGTW"]


def test_search_combines_with_kind_issuer_and_year(directive, propagandist, province, member):
    enter(propagandist, province, number="55-QĐ/TW", title="Quy định nêu gương", kind="regulation")
    assert found(member, "neu guong", kind="regulation") == ["55-QĐ/TW"]
    assert found(member, "neu guong", year=2016) == ["55-QĐ/TW", "05-CT/TW"] or \
        sorted(found(member, "neu guong", year=2016)) == ["05-CT/TW", "55-QĐ/TW"]
    assert found(member, "", issuer="Bộ Chính trị", year=2015) == []


def test_a_query_without_letters_or_digits_finds_nothing(directive, member):
    assert found(member, "--//") == []


def test_a_new_version_becomes_current_and_the_older_stays(directive, propagandist, member):
    services.version_add(document_id=directive.pk, upload=docx_upload("ban-moi.docx", "Sửa đổi về thi đua khen thưởng"),
                         note="Bản sửa", acting_user=propagandist)
    document = selectors.document_get(member, directive.pk)
    versions = list(document.versions.all())
    assert [v.number for v in versions] == [2, 1]
    assert selectors.current_version(document).original_name == "ban-moi.docx"
    assert selectors.version_get(member, versions[1].pk).original_name == "chi-thi-05.docx"
    assert found(member, "thi dua khen thuong") == ["05-CT/TW"]
    assert found(member, "doan ket") == []  # the search reads the current version's text


def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_is_written(directive, propagandist):
    fake = SimpleUploadedFile("chi-thi.pdf", b"PK\x03\x04" + b"\x00" * 60)
    with pytest.raises(ServiceError) as refused:
        services.version_add(document_id=directive.pk, upload=fake, acting_user=propagandist)
    assert "file" in refused.value.field_errors
    broken = SimpleUploadedFile("chi-thi.docx", b"PK\x03\x04" + b"\x00" * 60)
    with pytest.raises(ServiceError, match="cannot be opened"):
        services.version_add(document_id=directive.pk, upload=broken, acting_user=propagandist)
    assert DocumentVersion.objects.filter(document=directive).count() == 1
    assert LibraryDocument.objects.get(pk=directive.pk).version_count == 1
    assert not AuditEvent.objects.filter(action="library_document.version_added", object_id=str(directive.pk + 1000))\
        .exists()


def test_an_unknown_kind_is_refused_and_nothing_is_written(propagandist, province):
    with pytest.raises(ServiceError) as refused:
        enter(propagandist, province, kind="memo")
    assert "kind" in refused.value.field_errors
    assert not LibraryDocument.objects.exists()
    assert not AuditEvent.objects.filter(action="library_document.created").exists()


def test_a_new_document_with_a_broken_file_writes_nothing(propagandist, province):
    with pytest.raises(ServiceError):
        enter(propagandist, province, upload=SimpleUploadedFile("a.docx", b"PK\x03\x04" + b"\x00" * 60))
    assert not LibraryDocument.objects.exists()


def test_a_document_in_the_future_is_refused(propagandist, province):
    with pytest.raises(ServiceError) as refused:
        enter(propagandist, province, issued_on=dt.date.today() + dt.timedelta(days=3))
    assert "issued_on" in refused.value.field_errors


def test_a_province_document_is_read_below_and_a_commune_document_not_by_its_sibling(
        directive, unit_admin, commune, member, outsider):
    own = enter(unit_admin, commune, number="12-KH/ĐU", title="Kế hoạch của xã", kind="plan")
    assert set(found(member, "")) == {"05-CT/TW", "12-KH/ĐU"}
    assert found(outsider, "") == ["05-CT/TW"]
    with pytest.raises(NotFound):
        selectors.document_get(outsider, own.pk)


def test_the_list_rows_give_the_kind_label_and_each_readers_own_read_mark(directive, unit_admin, commune, member,
                                                                          outsider):
    own = enter(unit_admin, commune, number="12-KH/ĐU", title="Kế hoạch của xã", kind="plan",
                issued_on=dt.date(2020, 1, 2))
    services.document_mark_read(document_id=directive.pk, acting_user=member)
    rows = list(selectors.documents_listed(member))
    with translation.override("vi"):
        assert [(row.pk, row.number, row.kind, row.kind_display, row.has_read) for row in rows] == [
            (own.pk, "12-KH/ĐU", "plan", "Kế hoạch", False), (directive.pk, "05-CT/TW", "directive", "Chỉ thị", True)]
        assert rows[0].kind_display == own.get_kind_display()
    assert rows[1][1:-1] == (directive.unit_id, "05-CT/TW", dt.date(2016, 5, 15), "Bộ Chính trị", "directive",
                             directive.title, 1)
    # The same reader again, searched and sorted otherwise; another reader, with their own marks and scope.
    assert [(row.number, row.has_read) for row in selectors.documents_listed(member, q="neu guong")] == [
        ("05-CT/TW", True)]
    assert [row.number for row in selectors.documents_listed(member).order_by("number", "pk")] == [
        "05-CT/TW", "12-KH/ĐU"]
    assert [(row.number, row.has_read) for row in selectors.documents_listed(outsider)] == [("05-CT/TW", False)]
    assert list(selectors.documents_listed(member, q="-- //")) == []


def test_a_new_grant_widens_the_list_on_the_next_request(directive, unit_admin, commune, outsider):
    enter(unit_admin, commune, number="12-KH/ĐU", title="Kế hoạch của xã", kind="plan")
    assert [row.number for row in selectors.documents_listed(outsider)] == ["05-CT/TW"]
    grant(outsider, Role.UNIT_ADMIN, commune)
    again = User.objects.get(pk=outsider.pk)  # as the next request loads its user
    assert {row.number for row in selectors.documents_listed(again)} == {"05-CT/TW", "12-KH/ĐU"}


def test_only_the_keeping_committee_changes_a_document(directive, unit_admin, member):
    with pytest.raises(PermissionDeniedError):
        services.document_update(document_id=directive.pk, number="X", issued_on=dt.date(2016, 5, 15),
                                 issuer="Bộ Chính trị", kind="directive", title="X", acting_user=unit_admin)
    with pytest.raises(PermissionDeniedError):
        services.version_add(document_id=directive.pk, upload=docx_upload(), acting_user=member)
    assert LibraryDocument.objects.get(pk=directive.pk).number == "05-CT/TW"


def test_changing_the_details_changes_what_is_found(directive, propagandist, member):
    services.document_update(document_id=directive.pk, number="05-CT/TW", issued_on=dt.date(2016, 5, 15),
                             issuer="Bộ Chính trị", kind="directive", title="Chỉ thị về làm theo Bác",
                             subject="Học tập suốt đời", acting_user=propagandist)
    assert found(member, "hoc tap suot doi") == ["05-CT/TW"]
    assert found(member, "neu guong") == ["05-CT/TW"]  # the file's text is still searched


def test_marking_read_twice_keeps_one_mark_and_managers_see_who_read(directive, member, propagandist, unit_admin):
    services.document_mark_read(document_id=directive.pk, acting_user=member)
    services.document_mark_read(document_id=directive.pk, acting_user=member)
    assert DocumentRead.objects.filter(document=directive).count() == 1
    assert AuditEvent.objects.filter(action="library_document.read").count() == 1
    document = selectors.document_get(member, directive.pk)
    assert document.read_count == 1 and selectors.has_read(member, document)
    assert [r.user for r in selectors.document_readers(propagandist, document)] == [member]
    assert not selectors.document_readers(unit_admin, document).exists()


def test_an_outsider_cannot_mark_a_document_it_does_not_read(unit_admin, commune, outsider):
    own = enter(unit_admin, commune, number="12-KH/ĐU", title="Kế hoạch của xã", kind="plan")
    with pytest.raises(NotFound):
        services.document_mark_read(document_id=own.pk, acting_user=outsider)
    assert not DocumentRead.objects.exists()


def test_a_plan_links_the_documents_it_implements(directive, plan, unit_admin, member):
    services.library_link(document=directive, target=plan, acting_user=unit_admin)
    services.library_link(document=directive.pk, target=plan, acting_user=unit_admin)
    assert DocumentLink.objects.count() == 1
    assert list(selectors.documents_linked_to(member, plan)) == [directive]
    services.library_unlink(document=directive, target=plan, acting_user=unit_admin)
    assert not selectors.documents_linked_to(member, plan).exists()
    assert AuditEvent.objects.filter(action__in=["library_document.linked", "library_document.unlinked"]).count() == 2


def test_only_a_manager_of_the_plan_links_and_only_registered_records(directive, plan, leader, outsider, theme,
                                                                      unit_admin):
    with pytest.raises(PermissionDeniedError):
        services.library_link(document=directive, target=plan, acting_user=leader)
    with pytest.raises(NotFound):
        services.library_link(document=directive, target=plan, acting_user=outsider)
    with pytest.raises(ServiceError, match="cannot be linked"):
        services.library_link(document=directive, target=theme, acting_user=unit_admin)
    assert not DocumentLink.objects.exists()


def test_a_plan_cannot_link_a_document_its_manager_does_not_read(plan, unit_admin, outsider, sibling):
    other = enter(outsider, sibling, number="3-KH/ĐU", title="Kế hoạch xã bên", kind="plan")
    with pytest.raises(ServiceError) as refused:
        services.library_link(document=other, target=plan, acting_user=unit_admin)
    assert "document_id" in refused.value.field_errors
    assert not DocumentLink.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the full-text vector is kept on PostgreSQL only")
def test_postgresql_keeps_the_full_text_vector_of_the_current_version(directive, propagandist, member):
    assert LibraryDocument.objects.filter(pk=directive.pk, search_vector__isnull=False).exists()
    services.version_add(document_id=directive.pk, upload=docx_upload("moi.docx", "Chuyển đổi số"),
                         acting_user=propagandist)
    query = SearchQuery("'chuyen':* & 'doi':*", config="simple", search_type="raw")
    assert LibraryDocument.objects.filter(pk=directive.pk, search_vector=query).exists()
    assert found(member, "chuyen doi so") == ["05-CT/TW"]


def test_the_search_words_fold_diacritics_case_and_punctuation():
    assert selectors.search_words("Quy định 55-QĐ/TW, ngày 19/12/2016") == "quy dinh 55 qd tw ngay 19 12 2016"
    assert selectors.search_words("ĐẢNG ủy_xã") == "dang uy xa"


def _own_registration(member):
    registration = services.registration_create(
        year=timezone.localdate().year, acting_user=member,
        items=[{"content": "Học và làm theo Chỉ thị 05", "expected_result": "Báo cáo mỗi quý"}])
    return services.registration_register(registration_id=registration.pk, acting_user=member)


def test_a_meeting_links_documents_until_its_minutes_are_approved(directive, discussed, secretary):
    services.library_link(document=directive, target=discussed, acting_user=secretary)
    services.meeting_approve(meeting_id=discussed.pk, acting_user=secretary)
    discussed.refresh_from_db()
    assert services.link_refusal(discussed, secretary).startswith("The minutes were approved")
    with pytest.raises(ServiceError) as refused:
        services.library_unlink(document=directive, target=discussed, acting_user=secretary)
    assert refused.value.code == "minutes_approved"
    assert list(selectors.documents_linked_to(secretary, discussed)) == [directive]


def test_a_member_links_documents_to_their_own_registration_and_a_leader_above_does_not(directive, member, leader):
    registration = _own_registration(member)
    services.library_link(document=directive, target=registration, acting_user=member)
    with pytest.raises(PermissionDeniedError):
        services.library_unlink(document=directive, target=registration, acting_user=leader)
    assert list(selectors.documents_linked_to(member, registration)) == [directive]


def test_the_secretary_links_a_document_from_the_meeting_page_and_a_member_may_not(directive, meeting, secretary,
                                                                                   member_client):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(secretary)
    assert 'data-action="library-link"' in client.get(f"/study/meetings/{meeting.pk}/").content.decode()
    response = client.post(f"/study/meetings/{meeting.pk}/library/link/", {"document": directive.pk})
    assert response.status_code == 302 and response["Location"] == f"/study/meetings/{meeting.pk}/"
    page = client.get(f"/study/meetings/{meeting.pk}/").content.decode()
    assert 'data-testid="linked-documents"' in page and "05-CT/TW" in page
    assert member_client.get(f"/study/meetings/{meeting.pk}/library/link/").status_code == 403
    assert member_client.post(f"/study/meetings/{meeting.pk}/library/{directive.pk}/unlink/").status_code == 403
    assert DocumentLink.objects.count() == 1


def test_a_member_links_a_document_to_their_registration_through_the_api(directive, member):
    registration = _own_registration(member)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(member)
    url = f"/api/v1/study-registrations/{registration.pk}/library-documents"
    created = client.post(url, {"document_id": directive.pk}, content_type="application/json")
    assert created.status_code == 201, created.content
    assert [d["number"] for d in client.get(url).json()] == ["05-CT/TW"]
    assert client.delete(f"{url}/{directive.pk}").status_code == 204
    assert not DocumentLink.objects.exists()
