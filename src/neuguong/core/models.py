"""Tables of the shared kernel."""

from django.db import models
from django.utils import timezone


class IdempotencyKey(models.Model):
    """A client's ``Idempotency-Key`` and the response of the write it made, so that a retry with
    the same key answers the stored response instead of writing again.

    The row is inserted before the route runs and completed before the route's transaction
    commits: it exists exactly when the write does. The response body is encrypted (it may hold
    personal data) and the request fingerprint is a keyed hash (the body may hold anything)."""

    owner = models.CharField(max_length=40)  # "user:<id>", or "anonymous" for public routes
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)  # keyed SHA-256 of method, path and body
    status = models.PositiveSmallIntegerField(null=True)  # only ever null inside the writing transaction
    content_type = models.CharField(max_length=100, blank=True)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="core_idempotency_key_once_per_owner")]

    def __str__(self) -> str:
        return f"{self.owner} {self.key}"
