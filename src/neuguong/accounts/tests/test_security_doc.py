"""docs/security.md shows the role × permission table; it must say exactly what the code grants,
and mark as restricted exactly the permissions the code restricts."""

import re
from pathlib import Path

from django.conf import settings

from neuguong.accounts.permissions import PERMISSIONS, RESTRICTED_PERMISSIONS, ROLE_PERMISSIONS

DOC = Path(settings.PROJECT_DIR) / "docs" / "security.md"
CODE = re.compile(r"^`([^`]+)`$")
RESTRICTED_MARK = " (restricted)"


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _table_rows() -> tuple[list[str], list[list[str]]]:
    """The roles heading the table whose header starts with "permission", and its rows."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| permission |") and "`" in line)
    roles = [CODE.match(cell).group(1) for cell in _cells(lines[start])[1:]]
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append(_cells(line))
    return roles, rows


def _permission(cell: str) -> str:
    return CODE.match(cell.removesuffix(RESTRICTED_MARK)).group(1)


def documented_matrix() -> dict[str, set[str]]:
    """role -> permissions, as the table shows them."""
    roles, rows = _table_rows()
    matrix: dict[str, set[str]] = {role: set() for role in roles}
    for permission, *marks in rows:
        for role, mark in zip(roles, marks, strict=True):
            assert mark in ("✓", ""), f"unexpected mark {mark!r} for {permission} / {role}"
            if mark:
                matrix[role].add(_permission(permission))
    return matrix


def expected_table() -> str:
    """The table as it should read, to paste into docs/security.md after changing permissions.py."""
    roles = list(ROLE_PERMISSIONS)
    lines = ["| permission | " + " | ".join(f"`{role}`" for role in roles) + " |",
             "| --- |" + " :---: |" * len(roles)]
    for permission in PERMISSIONS:
        marks = " | ".join("✓" if permission in ROLE_PERMISSIONS[role] else "" for role in roles)
        mark = RESTRICTED_MARK if permission in RESTRICTED_PERMISSIONS else ""
        lines.append(f"| `{permission}`{mark} | {marks} |")
    return "\n".join(lines)


def test_the_security_doc_table_equals_the_role_permissions():
    matrix = documented_matrix()
    expected = {str(role): set(permissions) for role, permissions in ROLE_PERMISSIONS.items()}
    assert matrix == expected, f"docs/security.md is out of date; its table should read:\n{expected_table()}"


def test_the_security_doc_lists_every_permission_once_in_the_code_order():
    _roles, rows = _table_rows()
    listed = [_permission(row[0]) for row in rows]
    assert listed == list(PERMISSIONS), f"docs/security.md is out of date; its table should read:\n{expected_table()}"


def test_the_security_doc_marks_exactly_the_restricted_permissions():
    _roles, rows = _table_rows()
    marked = {_permission(row[0]) for row in rows if row[0].endswith(RESTRICTED_MARK)}
    assert marked == RESTRICTED_PERMISSIONS, f"docs/security.md is out of date; it should read:\n{expected_table()}"
