"""The library of directives (thư viện văn bản): directives, resolutions, regulations, guides and
themes with their number and symbol, date, issuer and subject, kept by a committee; their files in
versions (the latest is current); who has read each; and links from other records (plans,
meetings, registrations) to the documents they implement.

Tables, constraints and indexes only: every rule lives in ``services``. Search reads
``search_text``: the diacritic-free words of the document's metadata and of its current file's
text, kept by the services; on PostgreSQL also as ``search_vector``, searched with a GIN index
(see the migration).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from .common import upload_path


class DocumentKind(models.TextChoices):
    DIRECTIVE = "directive", _("Directive")
    RESOLUTION = "resolution", _("Resolution")
    REGULATION = "regulation", _("Regulation")
    CONCLUSION = "conclusion", _("Conclusion")
    INSTRUCTION = "instruction", _("Instruction")
    GUIDE = "guide", _("Guide")
    PLAN = "plan", _("Plan")
    THEME = "theme", _("Theme document")
    OTHER = "other", _("Other document")


class LibraryDocument(models.Model):
    """A directive, resolution, guide...: its identity, kept by the committee ``unit``."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("number and symbol"), max_length=60)
    issued_on = models.DateField(_("date"))
    issuer = models.CharField(_("issuer"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=300)
    subject = models.TextField(_("subject"), blank=True)
    search_text = models.TextField(editable=False, default="")
    # PostgreSQL only: ``search_text`` as a full-text vector, kept by the services (NULL on SQLite).
    search_vector = SearchVectorField(null=True, editable=False)
    version_count = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "pk"]
        indexes = [models.Index(fields=["-issued_on", "-id"], name="study_library_newest"),
                   models.Index(fields=["kind", "issued_on"], name="study_library_kind")]
        verbose_name = _("library document")
        verbose_name_plural = _("library documents")

    def __str__(self) -> str:
        return f"{self.number} · {self.title}" if self.number else self.title

    @property
    def audit_unit(self):
        return self.unit


class DocumentVersion(models.Model):
    """One file of a document (PDF or DOCX) with the text extracted from it; the latest is current."""

    document = models.ForeignKey(LibraryDocument, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(upload_to=upload_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    text = models.TextField(blank=True, default="")
    note = models.CharField(_("note"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="study_one_version_number")]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    @property
    def audit_unit(self):
        return self.document.unit


class DocumentRead(models.Model):
    """A user has read a document (once: marking it again changes nothing)."""

    document = models.ForeignKey(LibraryDocument, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-read_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["document", "user"], name="study_read_once_per_user")]
        verbose_name = _("document read")
        verbose_name_plural = _("documents read")

    def __str__(self) -> str:
        return f"{self.user_id} · {self.document_id}"

    @property
    def audit_unit(self):
        return self.document.unit


class DocumentLink(models.Model):
    """A record (a plan, a meeting, a registration...) that implements a library document. The
    record's model is one registered with ``services.library.register_link_target``."""

    document = models.ForeignKey(LibraryDocument, on_delete=models.PROTECT, related_name="links")
    target_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    # The target's unit path, so that links are scoped like the records they hang on.
    target_path = models.CharField(max_length=255)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["document", "target_type", "target_id"],
                                               name="study_link_once")]
        indexes = [models.Index(fields=["target_type", "target_id"], name="study_link_target")]
        verbose_name = _("document link")
        verbose_name_plural = _("document links")

    def __str__(self) -> str:
        return f"{self.document_id} ← {self.target_type_id}:{self.target_id}"

    @property
    def audit_unit(self):
        return self.document.unit
