"""Row locks never block the foreign-key checks of inserts that reference the locked row."""

import ast

from .test_codes import project_files


def plain_row_locks(source: str, path: str = "<source>") -> list[str]:
    """Each ``select_for_update(...)`` call without ``no_key=True``, as ``path:line``."""
    found = []
    for node in ast.walk(ast.parse(source, path)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "select_for_update"):
            continue
        no_key = next((keyword.value for keyword in node.keywords if keyword.arg == "no_key"), None)
        if not (isinstance(no_key, ast.Constant) and no_key.value is True):
            found.append(f"{path}:{node.lineno}")
    return found


def test_every_row_lock_lets_inserts_referencing_the_row_go_on():
    plain = [hit for path in project_files() for hit in plain_row_locks(path.read_text(), str(path))]
    assert plain == []


def test_the_scan_reports_a_plain_lock_and_passes_a_no_key_lock():
    source = ("Unit.objects.select_for_update().get(pk=1)\n"
              "Unit.objects.select_for_update(of=('self',), no_key=True).get(pk=1)\n")
    assert plain_row_locks(source) == ["<source>:1"]


def test_the_scan_sees_every_app():
    scanned = {path.parts[path.parts.index("neuguong") + 1] for path in project_files()
               if "select_for_update" in path.read_text()}
    assert {"accounts", "reception", "ballots", "core"} <= scanned
