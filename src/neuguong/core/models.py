"""Tables of the shared kernel."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
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


class StateChange(models.Model):
    """One step of a record's lifecycle (``core.lifecycle``): which record, from which state to which,
    by which transition, who did it, when, and the data it was given (a reason, a date)."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    from_state = models.CharField(max_length=30, blank=True)
    to_state = models.CharField(max_length=30, blank=True)
    transition = models.CharField(max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_label = models.CharField(max_length=150)
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="core_state_change_object_idx")]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} {self.transition}"
