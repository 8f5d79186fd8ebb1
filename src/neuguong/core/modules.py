"""The module registry: each app says, in its own ``modules.py``, which navigation entries it adds,
what waits for a user in it (work items), which figures of the user's units it shows on the home
page and how it builds its demo data. ``web`` reads the registry; it never names an app.

``<app>/modules.py`` files are imported once, by ``WebConfig.ready``, with Django's
``autodiscover_modules("modules")``.
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from django.utils.functional import Promise

Label = str | Promise


class Urgency(IntEnum):
    """How soon a work item needs the user; lower sorts first."""

    OVERDUE = 0
    SOON = 1
    NORMAL = 2

    @property
    def css(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class NavEntry:
    """A link of the sidebar, shown to users holding any of ``permissions`` somewhere (and for whom
    ``shown_to``, when given, is true: an entry about the user's own records needs a linked person)."""

    label: Label
    url_name: str
    permissions: tuple[str, ...]
    order: int = 0
    exact: bool = False  # active only on its own URL (the home page), not on the pages below it
    shown_to: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class WorkItem:
    title: str
    url: str
    due_on: dt.date | None
    urgency: Urgency
    module: Label


@dataclass(frozen=True)
class Figure:
    label: Label
    value: int
    url: str = ""
    key: str = ""  # a stable name for tests and styling (data-testid)


@dataclass(frozen=True)
class DemoStep:
    """Builds one app's demo data. ``run(rng, context)`` reads what earlier steps left in ``context``
    (the demo accounts, the commune, …) and adds its own."""

    name: str
    run: Callable[[random.Random, dict[str, Any]], None]
    depends_on: tuple[str, ...] = ()


WorkItems = Callable[[Any], list[WorkItem]]
Figures = Callable[[Any, Any], list[Figure]]  # (user, the unit chosen in the picker)


@dataclass(frozen=True)
class ModuleEntry:
    app_label: str
    label: Label
    order: int
    nav: list[NavEntry] = field(default_factory=list)
    work_items: WorkItems | None = None
    figures: Figures | None = None
    demo: DemoStep | None = None


_MODULES: dict[str, ModuleEntry] = {}


def register_module(entry: ModuleEntry) -> ModuleEntry:
    """Add (or replace, when a module is reloaded) an app's entry."""
    _MODULES[entry.app_label] = entry
    return entry


def modules() -> list[ModuleEntry]:
    return sorted(_MODULES.values(), key=lambda entry: (entry.order, entry.app_label))


def nav_entries() -> list[NavEntry]:
    return sorted((nav for entry in modules() for nav in entry.nav), key=lambda nav: nav.order)


def work_items_for(user: Any) -> list[WorkItem]:
    """What waits for the user in every module: overdue first, then due soon, each by due date."""
    items = [item for entry in modules() if entry.work_items for item in entry.work_items(user)]
    return sorted(items, key=lambda item: (item.urgency, item.due_on or dt.date.max, str(item.title)))


def figures_for(user: Any, unit: Any) -> list[Figure]:
    return [figure for entry in modules() if entry.figures for figure in entry.figures(user, unit)]


def demo_steps() -> list[DemoStep]:
    """Every registered demo step, each after the steps it depends on."""
    steps = {entry.demo.name: entry.demo for entry in modules() if entry.demo}
    ordered: list[DemoStep] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if any(step.name == name for step in ordered):
            return
        if name in visiting:
            raise ValueError(f"demo steps depend on each other in a cycle through {name}")
        if name not in steps:
            raise ValueError(f"no demo step named {name}")
        visiting.add(name)
        for dependency in steps[name].depends_on:
            visit(dependency)
        ordered.append(steps[name])

    for name in steps:
        visit(name)
    return ordered


def urgency_of(due_on: dt.date | None, *, today: dt.date, soon_until: dt.date) -> Urgency:
    if due_on is None:
        return Urgency.NORMAL
    if due_on < today:
        return Urgency.OVERDUE
    return Urgency.SOON if due_on <= soon_until else Urgency.NORMAL

