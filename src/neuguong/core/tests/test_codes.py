"""Every audit action and error code the source uses is registered, with a Vietnamese label."""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import translation

from neuguong.audit import registry
from neuguong.audit import services as audit
from neuguong.audit.models import AuditEvent
from neuguong.core import codes
from neuguong.core.errors import ServiceError
from neuguong.core.http import api_error, error_body

SOURCE = Path(codes.__file__).resolve().parent.parent
# Calls that produce an error code, and where the code is: a position or a keyword.
ERROR_PRODUCERS = {"ServiceError": 0, "ThrottledError": 0, "throttled": 0, "_code_error": 0, "error_body": 0,
                   "api_error": "code", "Rule": "code"}


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _argument(call: ast.Call, where: int | str) -> ast.expr | None:
    if isinstance(where, int):
        return call.args[where] if len(call.args) > where else None
    return next((keyword.value for keyword in call.keywords if keyword.arg == where), None)


def literal_codes(node: ast.expr | None) -> Iterator[str]:
    """The codes an argument can be: its string literals (both sides of ``a if x else b``); an
    f-string gives its literal start followed by ``*`` ("petition.*")."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.IfExp):
        yield from literal_codes(node.body)
        yield from literal_codes(node.orelse)
    elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        yield f"{node.values[0].value}*"


def used_codes(tree: ast.AST) -> Iterator[tuple[str, str, int]]:
    """("action" or "error", code, line) of every audit record, lifecycle step and error producer in ``tree``."""
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call):
            continue
        name = _name(call)
        if name == "record" and isinstance(call.func, ast.Attribute | ast.Name) and len(call.args) >= 2:
            for code in literal_codes(call.args[1]):
                yield "action", code, call.lineno
        if name == "Transition":  # a lifecycle step (core.lifecycle) records its action when taken
            for code in literal_codes(call.args[5] if len(call.args) > 5 else _argument(call, "action")):
                yield "action", code, call.lineno
        if name in ERROR_PRODUCERS:
            for code in literal_codes(_argument(call, ERROR_PRODUCERS[name])):
                yield "error", code, call.lineno


def _registered(kind: str, code: str) -> bool:
    known = registry.actions() if kind == "action" else codes.errors()
    if code.endswith("*"):
        return any(name.startswith(code[:-1]) for name in known)
    return code in known


def unregistered(source: str, path: str = "<source>") -> list[str]:
    return [f"{path}:{line}: {kind} code {code!r}" for kind, code, line in used_codes(ast.parse(source))
            if not _registered(kind, code)]


def project_files() -> list[Path]:
    return [path for path in sorted(SOURCE.rglob("*.py")) if not {"tests", "migrations"} & set(path.parts)]


def test_every_code_the_source_uses_is_registered():
    problems = [problem for path in project_files()
                for problem in unregistered(path.read_text(), str(path.relative_to(SOURCE)))]
    assert problems == []


def test_the_codes_of_bare_statuses_and_their_api_statuses_are_registered():
    from neuguong.api import STATUS_BY_CODE
    from neuguong.core.http import OTHER_CLIENT_ERROR, STATUS_ERRORS

    tabled = {code for code, _message in [*STATUS_ERRORS.values(), OTHER_CLIENT_ERROR]} | set(STATUS_BY_CODE)
    assert {code for code in tabled if not codes.is_error_registered(code)} == set()


def test_the_scan_finds_the_codes_of_every_app():
    found = {(kind, code) for path in project_files() for kind, code, _line in used_codes(ast.parse(path.read_text()))}
    assert {("action", "user.logged_in"), ("action", "petition.received"), ("action", "ballot.cast"),
            ("action", "petition.routed"), ("action", "campaign.opened"),
            ("error", "code_throttled"), ("error", "idempotency_key_reused")} <= found
    assert [code for _kind, code, _line in used_codes(ast.parse('audit.record(user, f"petition.{x}", obj)'))] == [
        "petition.*"]


def test_the_scan_reports_a_misspelt_code():
    source = """
audit.record(user, "user.loged_in", user)
audit.record(user, "role.granted" if granted else "role.revokd", grant)
raise ServiceError("transition_forbiden", _("No."))
api_error(422, code="invalid")
LIMIT = Rule(name="x", limit=1, window=60, message="", code="throttle_typo")
audit.record(user, f"parcel.{what}", parcel)
"""
    assert unregistered(source) == [
        "<source>:2: action code 'user.loged_in'", "<source>:3: action code 'role.revokd'",
        "<source>:4: error code 'transition_forbiden'", "<source>:6: error code 'throttle_typo'",
        "<source>:7: action code 'parcel.*'"]


def _labels() -> list[tuple[str, object]]:
    return [*registry.actions().items(), *codes.errors().items(), *codes.registered_modules().items()]


@pytest.mark.parametrize(("code", "label"), _labels(), ids=lambda value: str(value) if isinstance(value, str) else "")
def test_every_label_has_a_vietnamese_translation(code, label):
    with translation.override("en"):
        english = str(label)
    with translation.override("vi"):
        vietnamese = str(label)
    assert vietnamese != english, f"{code}: {english!r} has no Vietnamese translation"


def test_labels_follow_the_active_language():
    with translation.override("vi"):
        assert registry.action_label("user.logged_in") == "Đăng nhập"
        assert codes.module_label("reception") == "Tiếp công dân"
        assert codes.error_label("not_found") == "Không tìm thấy"
    with translation.override("en"):
        assert registry.action_label("user.logged_in") == "Logged in"
        assert registry.modules()["ballots"] == "Ballots"


def test_lookups_by_module():
    assert registry.action_module("petition.received") == "reception"
    assert "petition.received" in registry.actions("reception")
    assert "user.logged_in" not in registry.actions("reception")
    assert set(registry.actions()) == {code for module in registry.modules() for code in registry.actions(module)}
    assert registry.is_registered("unit.merged") and not registry.is_registered("unit.merged_twice")
    assert codes.is_error_registered("unit_not_empty") and codes.error_module("unit_not_empty") == "orgs"


def test_an_event_of_a_retired_action_shows_its_code():
    assert registry.action_label("petition.faxed") == "petition.faxed"
    assert registry.action_module("petition.faxed") == ""


@pytest.mark.django_db
def test_recording_an_unregistered_action_fails_and_writes_nothing():
    with pytest.raises(codes.UnregisteredCodeError, match="user.loged_in"), transaction.atomic():
        audit.record(None, "user.loged_in")
    assert not AuditEvent.objects.exists()


def test_raising_or_answering_an_unregistered_error_code_fails():
    with pytest.raises(codes.UnregisteredCodeError, match="transition_not_alowed"):
        ServiceError("transition_not_alowed", "No.")
    with pytest.raises(codes.UnregisteredCodeError):
        error_body("not_fund", "Not found.")
    with pytest.raises(codes.UnregisteredCodeError):
        api_error(422, code="invalidd")
    assert ServiceError("transition_not_allowed", "No.").code == "transition_not_allowed"


def test_a_code_belongs_to_one_module_and_a_module_is_declared_first():
    with pytest.raises(ValueError, match="already registered by module 'accounts'"):
        registry.register_actions("reception", {"user.logged_in": "Logged in again"})
    with pytest.raises(codes.UnregisteredCodeError, match="parcels"):
        codes.register_errors("parcels", {"parcel_lost": "Parcel lost"})
    with pytest.raises(ValueError, match="another label"):
        codes.register_module("reception", "Reception desk")
    assert registry.action_module("user.logged_in") == "accounts"
