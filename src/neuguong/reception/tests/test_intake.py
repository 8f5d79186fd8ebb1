"""Receiving petitions from every channel: one per kind, checked input, encrypted citizen IDs,
attachments checked by content, the online form's rate limit and tracking codes, and public
tracking that needs the code and the phone's last digits."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q

from neuguong.accounts.scoping import NotFound
from neuguong.audit.models import AuditEvent
from neuguong.core import crypto
from neuguong.core.errors import ServiceError
from neuguong.core.lifecycle import history_of
from neuguong.core.throttle import ThrottledError
from neuguong.reception import services
from neuguong.reception.models import Attachment, Channel, Petition, PetitionStatus

from .conftest import PETITIONER, days_ago, receive

PDF = b"%PDF-1.7\n" + b"0" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00" + b"\x00" * 64


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(settings) -> list:
    return [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()] if settings.MEDIA_ROOT.exists() else []


def counts():
    return Petition.objects.count(), Attachment.objects.count(), AuditEvent.objects.count()


def test_a_petition_by_post_is_recorded_with_a_code_deadline_history_and_audit(officer, commune):
    petition = receive(officer, commune)[0]
    assert petition.channel == Channel.POST and petition.status == PetitionStatus.RECEIVED
    assert len(petition.tracking_code) == 11 and petition.tracking_code[5] == "-"
    assert petition.unit == commune == petition.received_unit
    assert petition.due_on and petition.deadline_rule.code == "kn_accept"
    assert [change.transition for change in history_of(petition)] == ["received"]
    event = AuditEvent.objects.get(action="petition.received")
    assert event.after["tracking_code"] == petition.tracking_code
    assert "Nguyễn Thị Dân" not in str(event.after) and "042190001234" not in str(event.after)


def test_citizen_id_is_encrypted_at_rest_and_matched_only_exactly(officer, commune):
    petition = receive(officer, commune)[0]
    row = Petition.objects.filter(pk=petition.pk).values("citizen_id_encrypted", "citizen_id_hash").get()
    assert "042190001234" not in row["citizen_id_encrypted"]
    assert crypto.decrypt(row["citizen_id_encrypted"]) == "042190001234"
    assert row["citizen_id_hash"] == crypto.keyed_hash("042190001234")


def test_a_petition_mixing_kinds_becomes_one_per_kind(officer, commune):
    created = receive(officer, commune, kinds=["complaint", "denunciation", "proposal"])
    assert [p.kind.code for p in created] == ["complaint", "denunciation", "proposal"]
    assert len({p.tracking_code for p in created}) == 3
    assert created[1].split_from == created[0] == created[2].split_from
    assert all(p.protected_identity for p in created)  # one letter, one petitioner: the denouncer
    assert created[1].deadline_rule.code == "tc_initial"
    assert not created[0].links.exists()  # parts of one letter are not duplicates of each other


def test_split_later_adds_one_petition_per_other_kind(officer, commune):
    petition = receive(officer, commune)[0]
    services.attachment_add(petition_id=petition.pk, attachments=[upload("don.pdf", PDF)], acting_user=officer)
    created = services.petition_split(petition_id=petition.pk, kinds=["complaint", "feedback"],
                                      reason="Đơn có cả phản ánh", acting_user=officer)
    assert [p.kind.code for p in created] == ["feedback"]
    new = created[0]
    assert new.split_from == petition and new.citizen_id_hash == petition.citizen_id_hash
    assert new.attachments.get().file.name == petition.attachments.get().file.name
    assert history_of(petition).get(transition="split").data == {
        "kinds": ["complaint", "feedback"], "into": [new.tracking_code], "reason": "Đơn có cả phản ánh"}


def test_a_letter_found_to_denounce_later_protects_its_petitioner_everywhere(officer, commune):
    petition = receive(officer, commune, kinds=["complaint", "proposal"])[0]
    created = services.petition_split(petition_id=petition.pk, kinds=["denunciation"], reason="Có nội dung tố cáo",
                                      acting_user=officer)
    family = Petition.objects.filter(Q(pk=petition.pk) | Q(split_from=petition))
    assert created[0] in family and family.count() == 3 and all(p.protected_identity for p in family)
    assert AuditEvent.objects.filter(action="petition.identity_protected").count() == 2


@pytest.mark.parametrize(("field", "value"), [
    ("subject", ""), ("content", "   "), ("petitioner_name", ""), ("petitioner_address", ""),
    ("citizen_id", "12345"), ("petitioner_phone", "abc"), ("petitioner_email", "not-an-email"),
])
def test_missing_or_bad_fields_are_refused_and_nothing_written(officer, commune, field, value):
    before = counts()
    with pytest.raises(ServiceError) as error:
        receive(officer, commune, **{field: value})
    assert field in error.value.field_errors
    assert counts() == before


def test_all_field_problems_are_reported_together(officer, commune):
    with pytest.raises(ServiceError) as error:
        receive(officer, commune, subject="", petitioner_name="", citizen_id="1")
    assert {"subject", "petitioner_name", "citizen_id"} <= set(error.value.field_errors)


@pytest.mark.parametrize("kinds", [[], ["no_such_kind"]])
def test_kinds_must_come_from_the_catalogue(officer, commune, kinds):
    with pytest.raises(ServiceError) as error:
        receive(officer, commune, kinds=kinds)
    assert "kinds" in error.value.field_errors
    assert not Petition.objects.exists()


def test_a_receipt_date_in_the_future_is_refused(officer, commune):
    with pytest.raises(ServiceError) as error:
        receive(officer, commune, received_on=days_ago(-1))
    assert "received_on" in error.value.field_errors


def test_a_forwarded_petition_names_the_sender(officer, commune):
    with pytest.raises(ServiceError) as error:
        receive(officer, commune, channel="forwarded")
    assert "sender_body" in error.value.field_errors
    petition = receive(officer, commune, channel="forwarded", sender_body="Ban Tiếp công dân tỉnh",
                       sender_document="45/BTCD")[0]
    assert petition.sender_body == "Ban Tiếp công dân tỉnh"


def test_an_officer_cannot_receive_for_a_unit_outside_their_subtree(officer, sibling):
    with pytest.raises(NotFound):
        receive(officer, sibling)
    assert not Petition.objects.exists()


def test_a_leader_who_may_only_read_cannot_receive(leader, commune):
    from neuguong.core.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        receive(leader, commune)


# --- Attachments -----------------------------------------------------------------------------


def test_attachments_are_stored_under_media_root_with_a_random_name(officer, commune, settings):
    petition = receive(officer, commune)[0]
    stored = services.attachment_add(petition_id=petition.pk, attachments=[upload("Đơn khiếu nại.pdf", PDF)],
                                     acting_user=officer)[0]
    assert stored.original_name == "Đơn khiếu nại.pdf" and stored.content_type == "application/pdf"
    path = settings.MEDIA_ROOT / stored.file.name
    assert path.exists() and path.read_bytes() == PDF
    assert stored.file.name.startswith("reception/") and "Đơn" not in stored.file.name
    assert AuditEvent.objects.filter(action="petition.attachment_added").exists()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("virus.pdf", EXE, "is not a PDF"),
    ("anh.pdf", PNG, "named like another type"),
    ("scan.exe", PDF, "named like another type"),
    ("empty.pdf", b"", "empty"),
])
def test_disguised_or_empty_attachments_are_refused(officer, commune, name, content, message):
    petition = receive(officer, commune)[0]
    before = counts()
    with pytest.raises(ServiceError, match=message) as error:
        services.attachment_add(petition_id=petition.pk, attachments=[upload(name, content)], acting_user=officer)
    assert "attachments" in error.value.field_errors
    assert counts() == before


def test_oversized_attachments_are_refused(officer, commune, settings):
    settings.RECEPTION_ATTACHMENT_MAX_BYTES = 100
    petition = receive(officer, commune)[0]
    with pytest.raises(ServiceError, match="larger than"):
        services.attachment_add(petition_id=petition.pk, attachments=[upload("big.pdf", PDF)], acting_user=officer)
    assert not Attachment.objects.exists()
    assert not stored_files(settings)


def test_a_bad_file_among_good_ones_refuses_the_whole_petition(officer, commune, settings):
    before = counts()
    with pytest.raises(ServiceError):
        services.petition_receive(unit_id=commune.pk, kinds=["complaint"], channel="post", acting_user=officer,
                                  data={"subject": "Đất", "content": "Nội dung", **PETITIONER},
                                  attachments=[upload("a.pdf", PDF), upload("b.pdf", EXE)])
    assert counts() == before
    assert not stored_files(settings)


# --- Online submission and public tracking ---------------------------------------------------


def submit(unit, client="203.0.113.9", **data):
    values = {"subject": "Đường làng xuống cấp", "content": "Đề nghị sửa đường thôn Đông.", **PETITIONER, **data}
    kinds = values.pop("kinds", ["proposal"])
    return services.petition_submit_online(unit_id=unit.pk, kinds=kinds, data=values, client=client)


def test_online_petition_gets_tracking_codes_and_no_officer(commune, catalogues):
    created = submit(commune)
    assert created[0].channel == Channel.ONLINE and created[0].created_by is None
    event = AuditEvent.objects.get(action="petition.received")
    assert event.actor is None and event.actor_label == "public portal"


def test_online_petition_needs_a_phone_number(commune, catalogues):
    with pytest.raises(ServiceError) as error:
        submit(commune, petitioner_phone="")
    assert "petitioner_phone" in error.value.field_errors


def test_online_form_only_addresses_public_bodies(cell, catalogues):
    with pytest.raises(ServiceError) as error:
        submit(cell)
    assert "unit_id" in error.value.field_errors


def test_online_submissions_are_rate_limited_per_address(commune, catalogues, settings):
    settings.RECEPTION_SUBMIT_LIMIT = 2
    submit(commune)
    submit(commune)
    before = counts()
    with pytest.raises(ThrottledError):
        submit(commune)
    assert counts() == before
    assert submit(commune, client="198.51.100.7")  # another address is not held back


def test_tracking_needs_the_code_and_the_last_phone_digits(commune, catalogues):
    petition = submit(commune)[0]
    found = services.petition_track(code=petition.tracking_code.lower().replace("-", ""), phone_digits="5678",
                                    client="x")
    assert found == petition
    for code, digits in [(petition.tracking_code, "1111"), ("AAAAA-BBBBB", "5678"), ("", "5678")]:
        with pytest.raises(NotFound, match="No petition matches"):
            services.petition_track(code=code, phone_digits=digits, client="x")


def test_tracking_attempts_are_rate_limited(commune, catalogues, settings):
    settings.RECEPTION_TRACK_LIMIT = 3
    for _attempt in range(3):
        with pytest.raises(NotFound):
            services.petition_track(code="AAAAA-BBBBB", phone_digits="1234", client="guesser")
    with pytest.raises(ThrottledError):
        services.petition_track(code="AAAAA-BBBBB", phone_digits="1234", client="guesser")


def test_a_petition_without_phone_cannot_be_tracked(officer, commune):
    petition = receive(officer, commune, petitioner_phone="")[0]
    with pytest.raises(NotFound):
        services.petition_track(code=petition.tracking_code, phone_digits="0000", client="x")
