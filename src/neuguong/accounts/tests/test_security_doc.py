"""docs/security.md shows the role × permission table; it must say exactly what the code grants."""

import re
from pathlib import Path

from django.conf import settings

from neuguong.accounts.permissions import PERMISSIONS, ROLE_PERMISSIONS

DOC = Path(settings.PROJECT_DIR) / "docs" / "security.md"
CODE = re.compile(r"^`([^`]+)`$")


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def documented_matrix() -> dict[str, set[str]]:
    """The table whose header starts with "permission" and names the roles: role -> permissions."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| permission |") and "`" in line)
    roles = [CODE.match(cell).group(1) for cell in _cells(lines[start])[1:]]
    matrix: dict[str, set[str]] = {role: set() for role in roles}
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        permission, *marks = _cells(line)
        for role, mark in zip(roles, marks, strict=True):
            assert mark in ("✓", ""), f"unexpected mark {mark!r} for {permission} / {role}"
            if mark:
                matrix[role].add(CODE.match(permission).group(1))
    return matrix


def expected_table() -> str:
    """The table as it should read, to paste into docs/security.md after changing permissions.py."""
    roles = list(ROLE_PERMISSIONS)
    lines = ["| permission | " + " | ".join(f"`{role}`" for role in roles) + " |",
             "| --- |" + " :---: |" * len(roles)]
    for permission in PERMISSIONS:
        marks = " | ".join("✓" if permission in ROLE_PERMISSIONS[role] else "" for role in roles)
        lines.append(f"| `{permission}` | {marks} |")
    return "\n".join(lines)


def test_the_security_doc_table_equals_the_role_permissions():
    matrix = documented_matrix()
    expected = {str(role): set(permissions) for role, permissions in ROLE_PERMISSIONS.items()}
    assert matrix == expected, f"docs/security.md is out of date; its table should read:\n{expected_table()}"


def test_the_security_doc_lists_every_permission_once_in_the_code_order():
    lines = DOC.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| permission |") and "`" in line)
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append(CODE.match(_cells(line)[0]).group(1))
    assert rows == list(PERMISSIONS), f"docs/security.md is out of date; its table should read:\n{expected_table()}"
