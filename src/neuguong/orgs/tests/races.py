"""Helpers for tests that race transactions on PostgreSQL, each call in its own thread and
connection. Shared by the apps whose writes must serialise with the unit tree's."""

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.utils import translation

# How long a paused call waits for the other side before it goes on anyway. When the fix holds a
# row lock, the other side cannot finish while the paused call waits, so the pause runs out.
PAUSE_SECONDS = 1.5


def run_together(*calls: Callable[[], Any]) -> list[Any]:
    """Start the calls at the same moment, in the caller's language; each one's result, or the
    exception it raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    language = translation.get_language()

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            with translation.override(language):
                results[index] = call()
        except Exception as error:  # the test looks at what each call raised
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def meet_before(monkeypatch: Any, module: Any, name: str, parties: int = 2) -> None:
    """Make every call of ``module.name`` wait until ``parties`` calls have reached it, so what the
    callers read before it is read by all of them before any of them writes."""
    original = getattr(module, name)
    barrier = threading.Barrier(parties)

    def met(*args: Any, **kwargs: Any) -> Any:
        with contextlib.suppress(threading.BrokenBarrierError):  # a caller that never came: go on alone
            barrier.wait(timeout=PAUSE_SECONDS)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, met)


def between_read_and_write(monkeypatch: Any, module: Any, name: str, read: Callable[[], Any],
                           meddle: Callable[[], Any]) -> list[Any]:
    """Run ``read`` (which calls ``module.name`` to read a record, then writes) and ``meddle`` so
    that ``meddle`` runs and commits after that read and before the write, as far as the code lets
    it: with a row lock taken by the read, ``meddle`` waits for ``read`` to commit instead."""
    original = getattr(module, name)
    reached, meddled = threading.Event(), threading.Event()

    def paused(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        reached.set()
        meddled.wait(timeout=PAUSE_SECONDS)
        return result

    def after_the_read() -> Any:
        reached.wait(timeout=PAUSE_SECONDS * 4)
        try:
            return meddle()
        finally:
            meddled.set()

    monkeypatch.setattr(module, name, paused)
    return run_together(read, after_the_read)
