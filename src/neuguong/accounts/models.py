from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .permissions import Role


class User(AbstractUser):
    person = models.OneToOneField(
        "orgs.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="user", verbose_name=_("person")
    )
    failed_logins = models.PositiveSmallIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)
    preferred_language = models.CharField(_("language"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def audit_unit(self):
        return self.person.unit if self.person_id else None


class RoleGrant(models.Model):
    """A role held on a unit's whole subtree."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="grants", verbose_name=_("unit"))
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Why the role was granted; required when it carries a restricted permission.
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["role", "unit__path"]
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit"], condition=models.Q(revoked_at__isnull=True), name="grant_unique_active"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"

    @property
    def audit_unit(self):
        return self.unit


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Minted after the second factor was verified in that login; roles that require two-factor
    # authenticate only with such tokens.
    two_factor_verified = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def audit_unit(self):
        return self.user.audit_unit
