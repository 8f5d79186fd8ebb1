"""How a runner reports its progress: cheaply, at most once per percent and per second."""

import time

from .models import Job, JobStatus


class Progress:
    def __init__(self, job_id: int, *, min_interval: float = 1.0):
        self.job_id = job_id
        self.total = 0
        self.done = 0
        self._saved = -1
        self._saved_at = 0.0
        self.min_interval = min_interval

    def start(self, total: int) -> None:
        """Say how many steps the work has; the bar starts from zero."""
        self.total, self.done = max(total, 0), 0
        Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(total=self.total, done=0)
        self._saved, self._saved_at = 0, time.monotonic()

    def advance(self, steps: int = 1) -> None:
        self.done = min(self.done + steps, self.total)
        if self._percent(self.done) == self._percent(self._saved):
            return
        if time.monotonic() - self._saved_at < self.min_interval and self.done < self.total:
            return
        # Conditional: a late writer never moves the bar back nor touches a finished job.
        Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING, done__lt=self.done).update(done=self.done)
        self._saved, self._saved_at = self.done, time.monotonic()

    def _percent(self, done: int) -> int:
        return done * 100 // self.total if self.total else 100
