"""The honours JSON API: the web's reads and steps (propose, council vote, approve, refuse), scoped the
same way (out of the caller's units: the same 404 as a missing record), each refused with 403 to a
caller without its permission, nothing written; the uploads of a nomination's photo and evidence (multipart,
checked by content and size like the forms'); and the counts by year and unit with their drill-down."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from neuguong.accounts.permissions import Role
from neuguong.audit.models import AuditEvent
from neuguong.honours.models import Award, Evidence, Nomination, NominationStatus
from neuguong.orgs.tests.factories import PersonFactory, UserFactory, grant

from .conftest import TODAY, approve, client_for, open_round, propose, vote

pytestmark = pytest.mark.django_db
API = "/api/v1/honours"


def post(client: Client, url: str, data: dict | None = None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def staff(username: str, role: str, unit):
    user = UserFactory(username=username, person=PersonFactory(full_name=f"Cán bộ {username}", unit=unit))
    grant(user, role, unit)
    return user


VOTE = {"members": 9, "present": 8, "votes_for": 7, "votes_against": 1, "votes_abstain": 0,
        "voted_on": TODAY.isoformat()}
DECISION = {"body": "Chủ tịch UBND xã Thạch Hà", "decision_number": "21-QĐ/UBND", "decided_on": TODAY.isoformat()}


def test_a_nomination_goes_from_proposal_to_award_through_the_api(unit_admin, round_, member):
    client = client_for(unit_admin)
    created = post(client, f"{API}/rounds/{round_.pk}/nominations", {
        "subject_person_id": member.person.pk, "award": "title.advanced_worker", "field": "economy",
        "achievements": "Hoàn thành xuất sắc nhiệm vụ", "story": "Ba năm liền dẫn đầu phong trào."})
    assert created.status_code == 201, created.content
    nomination = created.json()
    assert nomination["status"] == "proposed" and nomination["subject_name"] == member.person.full_name
    assert "pass" in nomination["allowed_actions"]

    voted = post(client, f"{API}/nominations/{nomination['id']}/vote", VOTE)
    assert voted.status_code == 200, voted.content
    assert voted.json()["status"] == "passed" and voted.json()["votes_for"] == 7

    awarded = post(client, f"{API}/nominations/{nomination['id']}/approve", DECISION)
    assert awarded.status_code == 201, awarded.content
    award = Award.objects.get()
    assert awarded.json()["id"] == award.pk and awarded.json()["decision_number"] == "21-QĐ/UBND"
    assert client.get(f"{API}/nominations/{nomination['id']}").json()["award_id"] == award.pk
    assert client.get(f"{API}/awards/{award.pk}").json()["recipient_name"] == member.person.full_name


def test_a_second_approval_is_refused_with_409_and_writes_nothing(unit_admin, nomination):
    vote(unit_admin, nomination)
    approve(unit_admin, Nomination.objects.get(pk=nomination.pk))
    events = AuditEvent.objects.count()
    response = post(client_for(unit_admin), f"{API}/nominations/{nomination.pk}/approve", DECISION)
    assert response.status_code == 409
    assert Award.objects.count() == 1 and AuditEvent.objects.count() == events


def test_a_vote_without_quorum_is_refused_and_the_nomination_stays_proposed(unit_admin, nomination):
    response = post(client_for(unit_admin), f"{API}/nominations/{nomination.pk}/vote",
                    {**VOTE, "present": 3, "votes_for": 3, "votes_against": 0})
    assert response.status_code in (409, 422) and response.json()["code"] == "quorum_not_met"
    assert Nomination.objects.get(pk=nomination.pk).status == NominationStatus.PROPOSED


def test_the_competent_body_refuses_with_a_reason(unit_admin, nomination):
    vote(unit_admin, nomination)
    response = post(client_for(unit_admin), f"{API}/nominations/{nomination.pk}/refuse",
                    {"reason": "Chưa đủ thời gian công tác"})
    assert response.status_code == 200 and response.json()["status"] == "refused"


def test_a_nominee_outside_the_subtree_is_refused_with_its_reason(unit_admin, round_, sibling_person):
    response = post(client_for(unit_admin), f"{API}/rounds/{round_.pk}/nominations", {
        "subject_person_id": sibling_person.pk, "award": "title.advanced_worker", "achievements": "Tốt"})
    assert response.status_code == 422 and response.json()["code"] == "nominee_outside_subtree"
    assert not Nomination.objects.exists()


def test_lists_and_details_are_scoped_and_out_of_scope_is_the_same_404_as_missing(unit_admin, outsider, sibling,
                                                                                   round_, nomination):
    own = client_for(unit_admin)
    assert [row["id"] for row in own.get(f"{API}/rounds").json()["items"]] == [round_.pk]
    assert [row["id"] for row in own.get(f"{API}/nominations", {"round_id": round_.pk}).json()["items"]] == [
        nomination.pk]
    detail = own.get(f"{API}/rounds/{round_.pk}").json()
    assert detail["nomination_count"] == 1 and detail["nominations_by_status"] == {"proposed": 1}

    other = client_for(outsider)
    open_round(outsider, sibling, title="Đợt của xã bên")
    assert [row["title"] for row in other.get(f"{API}/rounds").json()["items"]] == ["Đợt của xã bên"]
    assert other.get(f"{API}/nominations").json()["items"] == []
    for url in (f"{API}/rounds/{round_.pk}", f"{API}/nominations/{nomination.pk}"):
        hidden, missing = other.get(url), other.get(url.rsplit("/", 1)[0] + "/999999")
        assert hidden.status_code == missing.status_code == 404
        assert hidden.json() == missing.json()
    assert other.get(f"{API}/nominations", {"round_id": round_.pk}).status_code == 404


@pytest.mark.parametrize(("step", "body"), [("vote", VOTE), ("approve", DECISION),
                                             ("refuse", {"reason": "Không"})])
def test_the_outsider_gets_404_on_each_step_and_nothing_changes(outsider, unit_admin, nomination, step, body):
    if step != "vote":
        vote(unit_admin, nomination)
    before = Nomination.objects.get(pk=nomination.pk).status
    events = AuditEvent.objects.count()
    assert post(client_for(outsider), f"{API}/nominations/{nomination.pk}/{step}", body).status_code == 404
    assert Nomination.objects.get(pk=nomination.pk).status == before
    assert AuditEvent.objects.count() == events and not Award.objects.exists()


def test_each_step_declares_and_checks_its_permission(commune, round_, unit_admin, member, person):
    """A member holds no honours permission (403 everywhere); organisation staff vote but do not
    approve; a leader approves but neither proposes nor votes. Nothing is written by a refusal."""
    organiser, leader = staff("to_chuc", Role.ORGANISATION_STAFF, commune), staff("lanh_dao", Role.LEADER, commune)
    nomination = propose(unit_admin, round_, person=person)
    refused = [
        (member, "get", f"{API}/rounds", None),
        (member, "post", f"{API}/rounds/{round_.pk}/nominations",
         {"subject_person_id": person.pk, "award": "title.grassroots_emulation_fighter", "achievements": "x"}),
        (leader, "post", f"{API}/rounds/{round_.pk}/nominations",
         {"subject_person_id": person.pk, "award": "title.grassroots_emulation_fighter", "achievements": "x"}),
        (leader, "post", f"{API}/nominations/{nomination.pk}/vote", VOTE),
        (member, "post", f"{API}/nominations/{nomination.pk}/vote", VOTE),
    ]
    for user, method, url, body in refused:
        client = client_for(user)
        response = client.get(url) if method == "get" else post(client, url, body)
        assert response.status_code == 403, (user, url, response.content)
    assert Nomination.objects.count() == 1 and Nomination.objects.get().status == NominationStatus.PROPOSED

    assert post(client_for(organiser), f"{API}/nominations/{nomination.pk}/vote", VOTE).status_code == 200
    assert post(client_for(organiser), f"{API}/nominations/{nomination.pk}/approve", DECISION).status_code == 403
    assert not Award.objects.exists()
    assert post(client_for(leader), f"{API}/nominations/{nomination.pk}/approve", DECISION).status_code == 201

    schema = client_for(unit_admin).get("/api/v1/openapi.json").json()["paths"]
    for path, permission in [("/api/v1/honours/rounds", "honours.view"),
                             ("/api/v1/honours/rounds/{round_id}/nominations", "honours.manage"),
                             ("/api/v1/honours/nominations/{nomination_id}/approve", "honours.approve"),
                             ("/api/v1/honours/nominations/{nomination_id}/photo", "honours.manage"),
                             ("/api/v1/honours/nominations/{nomination_id}/evidence", "honours.manage"),
                             ("/api/v1/honours/awards/{award_id}/article", "portal.publish")]:
        operation = schema[path].get("post") or schema[path]["get"]
        assert f"`{permission}`" in operation["description"]


def test_counts_by_year_and_unit_drill_down_to_the_units_below_and_to_their_awards(unit_admin, commune, cell,
                                                                                   member, person):
    commune_round = open_round(unit_admin, commune)
    cell_round = open_round(unit_admin, cell, title="Bình xét của chi bộ")
    for round_, subject in ((commune_round, {"person": person}), (commune_round, {"unit": cell}),
                            (cell_round, {"person": member.person})):
        award = "title.advanced_collective" if "unit" in subject else "title.advanced_worker"
        nomination = propose(unit_admin, round_, award=award, **subject)
        vote(unit_admin, nomination)
        approve(unit_admin, Nomination.objects.get(pk=nomination.pk), number=f"{nomination.pk}-QĐ")
    client = client_for(unit_admin)
    counts = client.get(f"{API}/counts", {"unit_id": commune.pk}).json()
    assert (counts["collectives"], counts["individuals"]) == (1, 2)
    rows = {row["unit_id"]: row for row in counts["rows"]}
    assert (rows[commune.pk]["collectives"], rows[commune.pk]["individuals"]) == (1, 1)
    assert (rows[cell.pk]["collectives"], rows[cell.pk]["individuals"]) == (0, 1)

    below = client.get(rows[cell.pk]["drill_down"]).json()
    assert [(row["unit_id"], row["year"]) for row in below["rows"]] == [(cell.pk, TODAY.year)]
    behind = client.get(rows[cell.pk]["awards"]).json()["items"]
    assert [row["recipient_name"] for row in behind] == [member.person.full_name]


def test_counts_of_a_unit_out_of_scope_are_404(outsider, commune):
    assert client_for(outsider).get(f"{API}/counts", {"unit_id": commune.pk}).status_code == 404


def test_the_award_list_answers_in_a_bounded_number_of_queries(unit_admin, commune, django_assert_max_num_queries):
    round_ = open_round(unit_admin, commune)
    for number in range(8):
        nomination = propose(unit_admin, round_, person=PersonFactory(full_name=f"Người {number}", unit=commune))
        vote(unit_admin, nomination)
        approve(unit_admin, Nomination.objects.get(pk=nomination.pk), number=f"{number}-QĐ")
    client = client_for(unit_admin)
    client.get(f"{API}/awards")
    with django_assert_max_num_queries(12):
        response = client.get(f"{API}/awards")
    assert response.json()["count"] == 8


# --- Uploads: the nomination's photo and its evidence, as multipart forms ----------------------------------


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 0, 0)).save(buffer, format="PNG")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


def upload(client: Client, url: str, **data):
    return client.post(url, data)  # the test client sends a dict holding files as multipart/form-data


def nothing_written(nomination, *, events: int, evidence: int = 0) -> bool:
    nomination = Nomination.objects.get(pk=nomination.pk)
    return (not nomination.photo and nomination.photo_type == "" and AuditEvent.objects.count() == events
            and Evidence.objects.count() == evidence)


def test_a_proposed_nominations_photo_is_uploaded_and_audited(unit_admin, nomination):
    response = upload(client_for(unit_admin), f"{API}/nominations/{nomination.pk}/photo",
                      photo=SimpleUploadedFile("chan-dung.png", png_bytes(), content_type="image/png"))
    assert response.status_code == 200, response.content
    assert response.json()["has_photo"] is True and response.json()["id"] == nomination.pk
    stored = Nomination.objects.get(pk=nomination.pk)
    assert stored.photo_type == "image/png" and stored.photo.read() == png_bytes()
    event = AuditEvent.objects.get(action="honours_nomination.photo_set")
    assert event.object_id == str(nomination.pk) and event.actor_id == unit_admin.pk


def test_a_second_photo_replaces_the_first_and_its_file_is_removed(unit_admin, nomination,
                                                                   django_capture_on_commit_callbacks):
    client = client_for(unit_admin)
    url = f"{API}/nominations/{nomination.pk}/photo"
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, url, photo=SimpleUploadedFile("a.png", png_bytes()))
    first = Nomination.objects.get(pk=nomination.pk).photo
    jpeg = io.BytesIO()
    Image.new("RGB", (8, 8)).save(jpeg, format="JPEG")
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(client, url, photo=SimpleUploadedFile("b.jpg", jpeg.getvalue())).status_code == 200
    second = Nomination.objects.get(pk=nomination.pk)
    assert second.photo_type == "image/jpeg" and second.photo.name != first.name
    assert not first.storage.exists(first.name) and second.photo.storage.exists(second.photo.name)


def test_evidence_is_uploaded_through_the_api_checked_by_content_and_audited(unit_admin, nomination):
    client = client_for(unit_admin)
    response = upload(client, f"{API}/nominations/{nomination.pk}/evidence", title="Giấy xác nhận của xã",
                      file=SimpleUploadedFile("xac-nhan.pdf", PDF, content_type="application/pdf"))
    assert response.status_code == 201, response.content
    evidence = Evidence.objects.get()
    body = response.json()
    assert body["id"] == evidence.pk and body["nomination_id"] == nomination.pk
    assert (body["content_type"], body["size"], body["original_name"]) == ("application/pdf", len(PDF), "xac-nhan.pdf")
    assert evidence.file.read() == PDF and evidence.title == "Giấy xác nhận của xã"
    assert AuditEvent.objects.filter(action="honours_evidence.added").count() == 1
    assert client.get(f"{API}/nominations/{nomination.pk}").json()["evidence_count"] == 1


@pytest.mark.parametrize(("route", "field", "name", "content"), [
    ("photo", "photo", "anh.png", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
    ("photo", "photo", "anh.png", PDF),  # a PDF is evidence, not a photo
    ("photo", "photo", "anh.jpg", None),  # a PNG named as a JPEG
    ("evidence", "file", "minh-chung.pdf", b"<html><script>alert(1)</script></html>"),
    ("evidence", "file", "minh-chung.pdf", b""),
])
def test_a_file_disguised_as_another_is_refused_with_its_field_and_nothing_is_written(
        unit_admin, nomination, route, field, name, content):
    events = AuditEvent.objects.count()
    data = {field: SimpleUploadedFile(name, png_bytes() if content is None else content)}
    if route == "evidence":
        data["title"] = "Minh chứng"
    response = upload(client_for(unit_admin), f"{API}/nominations/{nomination.pk}/{route}", **data)
    assert response.status_code == 422, response.content
    assert list(response.json()["errors"]) == [field]
    assert nothing_written(nomination, events=events)


@pytest.mark.parametrize(("route", "field", "name", "head", "limit"), [
    ("photo", "photo", "anh.png", b"\x89PNG\r\n\x1a\n", 5 * 1024 * 1024),
    ("evidence", "file", "minh-chung.pdf", b"%PDF-1.4\n", 20 * 1024 * 1024),
])
def test_a_file_over_its_size_limit_is_refused_and_nothing_is_written(unit_admin, nomination, route, field, name,
                                                                      head, limit):
    events = AuditEvent.objects.count()
    data = {field: SimpleUploadedFile(name, head + b"\0" * (limit + 1 - len(head))), "title": "Minh chứng"}
    response = upload(client_for(unit_admin), f"{API}/nominations/{nomination.pk}/{route}", **data)
    assert response.status_code == 422, response.content
    assert "larger than" in response.json()["errors"][field][0]
    assert nothing_written(nomination, events=events)


def test_evidence_without_a_title_is_refused_with_its_field(unit_admin, nomination):
    events = AuditEvent.objects.count()
    response = upload(client_for(unit_admin), f"{API}/nominations/{nomination.pk}/evidence", title="  ",
                      file=SimpleUploadedFile("xac-nhan.pdf", PDF))
    assert response.status_code == 422 and list(response.json()["errors"]) == ["title"]
    assert nothing_written(nomination, events=events)


@pytest.mark.parametrize(("route", "field"), [("photo", "photo"), ("evidence", "file")])
def test_uploads_to_a_nomination_the_council_voted_on_are_refused_with_409(unit_admin, nomination, route, field):
    vote(unit_admin, nomination)
    events = AuditEvent.objects.count()
    content = png_bytes()
    response = upload(client_for(unit_admin), f"{API}/nominations/{nomination.pk}/{route}", title="Muộn",
                      **{field: SimpleUploadedFile("anh.png", content)})
    assert response.status_code == 409 and response.json()["code"] == "transition_not_allowed"
    assert nothing_written(nomination, events=events)


@pytest.mark.parametrize(("route", "field"), [("photo", "photo"), ("evidence", "file")])
def test_uploads_out_of_scope_are_the_same_404_as_missing_and_without_the_permission_403(
        outsider, member, commune, unit_admin, nomination, route, field):
    leader = staff("lanh_dao", Role.LEADER, commune)  # reads honours, may not manage them
    events = AuditEvent.objects.count()

    def send(user, pk):
        return upload(client_for(user), f"{API}/nominations/{pk}/{route}", title="Minh chứng",
                      **{field: SimpleUploadedFile("anh.png", png_bytes())})

    hidden, missing = send(outsider, nomination.pk), send(outsider, 999999)
    assert hidden.status_code == missing.status_code == 404 and hidden.json() == missing.json()
    assert send(member, nomination.pk).status_code == 403
    assert send(leader, nomination.pk).status_code == 403
    assert nothing_written(nomination, events=events)
