"""The 27-manifestation records are sensitive data (political views, Nghị định 13/2023): every
page, download and API route of the study module that names a meeting, and every list, is called by
each role on commune A. The cell's conclusion shows only to the cell's committee (``study.manage``),
its secretary (``study.approve``) and ``study.view_sensitive``; the member concerned reads their own
record and nobody else's; no role without the right finds it anywhere."""

import io
import json
import zipfile

import pytest
from django.urls import URLPattern

from neuguong.accounts.permissions import ROLE_PERMISSIONS, Role
from neuguong.api import api
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory, UserFactory, grant
from neuguong.study import services
from neuguong.study import urls as study_urls

from .conftest import CONCLUSION, client_for, upload

MEMBER_OWN = "Đồng chí cần tự giác học lý luận"
READERS = {"study.manage", "study.approve", "study.view_sensitive"}
# Roles that read meetings of the cell (study.view) when granted on the commune.
ROLES = [role for role in Role.values if "study.view" in ROLE_PERMISSIONS[role]]


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
                           if name.endswith(".xml"))
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(json.loads(body), ensure_ascii=False)
    return body.decode("utf-8", "replace")


def _urls(meeting, document) -> list[str]:
    urls = []
    for pattern in study_urls.urlpatterns:
        if not isinstance(pattern, URLPattern):
            continue
        route = str(pattern.pattern)
        if "<int:pk>" not in route:
            urls.append(f"/study/{route}")
        elif route.startswith(("meetings/", "meeting-documents/")):
            pk = document.pk if route.startswith("meeting-documents/") else meeting.pk
            urls.append(f"/study/{route.replace('<int:pk>', str(pk))}")
    urls += ["/study/meetings/?export=xlsx", "/study/meeting-attendance/?export=xlsx"]
    prefix = api.get_root_path({})
    for path, item in api.get_openapi_schema()["paths"].items():
        if "get" in item and path.startswith(f"{prefix}study-meeting"):
            urls.append(path.replace("{meeting_id}", str(meeting.pk)) + "?year=2026&month=2026-01")
    return urls


@pytest.fixture
def document(discussed, secretary):
    return services.meeting_document_add(meeting_id=discussed.pk, title="Giấy mời", acting_user=secretary,
                                         upload=upload())


@pytest.mark.parametrize("role", ROLES)
def test_the_manifestations_discussed_show_only_to_those_allowed(role, discussed, document, commune, cell):
    user = UserFactory(username=f"reader_{role}", person=PersonFactory(full_name="Người Đọc", unit=cell))
    MembershipFactory(person=user.person, cell=cell)
    grant(user, role, commune)
    allowed = bool(READERS & ROLE_PERMISSIONS[role])
    client = client_for(user)
    seen = []
    for url in _urls(discussed, document):
        response = client.get(url)
        assert response.status_code < 500, url
        text = _text(response)
        if CONCLUSION in text or MEMBER_OWN in text:
            seen.append(url)
    if allowed:
        assert f"/study/meetings/{discussed.pk}/" in seen
        assert f"/study/meetings/{discussed.pk}/minutes.docx" in seen
        assert any(url.startswith(f"/api/v1/study-meetings/{discussed.pk}") for url in seen)
    else:
        assert seen == []


def test_the_member_concerned_reads_their_own_record_only(discussed, document, member):
    client = client_for(member)
    found = {url: _text(client.get(url)) for url in _urls(discussed, document)}
    assert all(CONCLUSION not in text for text in found.values())
    assert MEMBER_OWN in found[f"/study/meetings/{discussed.pk}/"]
    detail = client.get(f"/api/v1/study-meetings/{discussed.pk}").json()
    assert [m["code"] for m in detail["manifestations"]] == ["G1.3"]
    assert detail["manifestations_complete"] is False
