"""Fail when a user-visible string has no Vietnamese translation.

Re-extracts the messages from the code (Django's makemessages), counts the entries without a
Vietnamese translation or marked fuzzy, and puts the committed catalogue back as it was.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
EXTRACT = [sys.executable, "manage.py", "makemessages", "-l", "vi", "-v0",
           "--ignore=.venv", "--ignore=var", "--ignore=bench", "--ignore=e2e"]


def missing_translations() -> list[str]:
    with tempfile.TemporaryDirectory() as keep:
        saved = Path(keep) / "django.po"
        shutil.copy2(CATALOGUE, saved)
        try:
            subprocess.run(EXTRACT, cwd=ROOT, check=True)  # noqa: S603 (a fixed command)
            extracted = polib.pofile(str(CATALOGUE))
        finally:
            shutil.copy2(saved, CATALOGUE)
    return [entry.msgid for entry in extracted.untranslated_entries() + extracted.fuzzy_entries()]


def main() -> int:
    missing = missing_translations()
    for msgid in missing:
        print(f"no Vietnamese translation: {msgid!r}")
    if missing:
        print(f"{len(missing)} message(s) to translate: run `make messages`, translate, commit.")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
