"""Timing helpers: warm up, run interleaved, report median and p95 in milliseconds."""

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass


@dataclass
class Stats:
    median_ms: float
    p95_ms: float
    mean_ms: float
    iterations: int

    def as_dict(self) -> dict[str, float]:
        return {key: round(value, 3) if isinstance(value, float) else value for key, value in asdict(self).items()}


def stats(samples: list[float]) -> Stats:
    ordered = sorted(samples)
    p95 = ordered[math.ceil(0.95 * len(ordered)) - 1]  # nearest rank
    return Stats(median_ms=statistics.median(ordered) * 1000, p95_ms=p95 * 1000,
                 mean_ms=statistics.fmean(ordered) * 1000, iterations=len(ordered))


def _once(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def compare(first: Callable[[], object], second: Callable[[], object], *, iterations: int,
            warmup: int) -> tuple[Stats, Stats]:
    """Time two functions alternately so that drift in the machine's load hits both alike."""
    for _ in range(warmup):
        first()
        second()
    a, b = [], []
    for _ in range(iterations):
        a.append(_once(first))
        b.append(_once(second))
    return stats(a), stats(b)


def measure(fn: Callable[[], object], *, iterations: int, warmup: int) -> Stats:
    for _ in range(warmup):
        fn()
    return stats([_once(fn) for _ in range(iterations)])
