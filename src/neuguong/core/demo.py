"""``load_demo``: every app's registered demo step (``core.modules.DemoStep``), each after the steps
it depends on, in one transaction, then the demo accounts written for ``demo_accounts``.

A step reads what earlier steps left in the shared context (``users`` by username, ``commune``,
``province``, ``today``) and adds its counts to ``context["counts"]``. Each step gets its own
random generator derived from the seed, so adding a step never changes what the others build.
"""

import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from neuguong.audit import services as audit
from neuguong.core.actors import SYSTEM

from .modules import demo_steps


@dataclass
class DemoResult:
    counts: dict[str, int]
    accounts: list[dict[str, str]]
    accounts_file: Path


def accounts_path() -> Path:
    return Path(settings.VAR_DIR) / "demo-accounts.json"


def write_accounts(accounts: list[dict[str, str]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(accounts, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    path.chmod(0o600)


def read_accounts(path: Path | None = None) -> list[dict[str, Any]]:
    path = path or accounts_path()
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def load_demo(*, people: int, seed: int, accounts_file: Path | None = None,
              today: dt.date | None = None) -> DemoResult:
    """Run every demo step in dependency order in one transaction; record one audit event."""
    context: dict[str, Any] = {"people": people, "seed": seed, "today": today or timezone.localdate(),
                               "counts": {}, "accounts": []}
    with transaction.atomic():
        for step in demo_steps():
            step.run(random.Random(f"{seed}:{step.name}"), context)
        audit.record(SYSTEM, "demo.loaded", context["province"], after={**context["counts"], "seed": seed})
    path = accounts_file or accounts_path()
    write_accounts(context["accounts"], path)
    return DemoResult(counts=context["counts"], accounts=context["accounts"], accounts_file=path)
