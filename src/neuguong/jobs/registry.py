"""The kinds of background job: each app registers its own in its ``AppConfig.ready()``.

A runner takes the job and a ``Progress`` and returns the ``Result`` file to keep, or ``None``.
It runs in a worker (``manage.py db_worker``) without a transaction of its own, so that its
progress is seen while it runs; its writes go through services as usual.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Job
    from .progress import Progress


@dataclass(frozen=True)
class Result:
    name: str
    content_type: str
    data: bytes


Runner = Callable[["Job", "Progress"], Result | None]


@dataclass(frozen=True)
class JobKind:
    kind: str
    label: Any  # a lazy translation
    runner: Runner
    keep: dt.timedelta


_KINDS: dict[str, JobKind] = {}


def register_job(kind: str, label: Any, runner: Runner, *, keep: dt.timedelta = dt.timedelta(days=7)) -> None:
    """Declare a kind of job; ``keep`` is how long its result file stays downloadable."""
    _KINDS[kind] = JobKind(kind, label, runner, keep)


def job_kind(kind: str) -> JobKind:
    return _KINDS[kind]


def is_registered(kind: str) -> bool:
    return kind in _KINDS
