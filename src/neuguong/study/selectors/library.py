"""Reads of the library of directives, scoped like the study themes: a document is read in the
subtree of the committee that keeps it and by the committees above it.

Search is insensitive to diacritics and to punctuation: the query and each document's
``search_text`` are reduced to the same lower-case ASCII words (``search_words``: "Chỉ thị
05-CT/TW" → "chi thi 05 ct tw", đ → d), and a document matches when every word of the query
begins one of its words. PostgreSQL answers with its full-text index on the stored vector
(``search_vector @@ 'chi':* & 'thi':*``); SQLite, the embedded database, with the same words
through LIKE.
"""

import re
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection
from django.db.models import BooleanField, Count, Exists, Func, Model, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL

from neuguong.accounts.scoping import NotFound, has_permission, unit_paths_with
from neuguong.core.text import search_key

from ..models import DocumentLink, DocumentRead, DocumentVersion, LibraryDocument
from .plans import _ancestor_paths

_NOT_WORD = re.compile(r"[\W_]+")
MAX_QUERY_WORDS = 12


def search_words(value: str) -> str:
    """The diacritic-free lower-case words of ``value``, one space apart: "Quy định 55-QĐ/TW" → "quy dinh 55 qd tw"."""
    return " ".join(_NOT_WORD.sub(" ", search_key(value or "")).split())


class Words(Func):
    """Words as PostgreSQL's full-text vector (``simple`` configuration: no stemming, no stop
    words), as the services store it in ``search_vector``."""

    template = "to_tsvector('simple'::regconfig, %(expressions)s)"
    output_field = SearchVectorField()


def _visible_condition(user: Any, prefix: str = "") -> Q | None:
    paths = unit_paths_with(user, "study.view")
    if not paths:
        return None
    field = f"{prefix}unit__path"
    # The committees above: each path is already in its own subtree's condition, so only the
    # strict ancestors are listed (none for a province: its condition is one LIKE).
    above = {ancestor for path in paths for ancestor in _ancestor_paths(path)[:-1]}
    above = {ancestor for ancestor in above if not any(ancestor.startswith(path) for path in paths)}
    condition = Q(**{f"{field}__startswith": paths[0]})
    for path in paths[1:]:
        condition |= Q(**{f"{field}__startswith": path})
    return condition | Q(**{f"{field}__in": sorted(above)}) if above else condition


def matching(documents: QuerySet[LibraryDocument], q: str) -> QuerySet[LibraryDocument]:
    """The documents whose words begin with every word of ``q`` (none when ``q`` has no word)."""
    words = search_words(q).split()[:MAX_QUERY_WORDS]
    if not words:
        return documents.none()
    if connection.vendor == "postgresql":
        query = SearchQuery(" & ".join(f"'{word}':*" for word in words), config="simple", search_type="raw")
        return documents.filter(search_vector=query)
    for word in words:
        documents = documents.filter(search_text__contains=f" {word}")
    return documents


def documents_visible_to(user: Any, *, q: str = "", kind: str = "", issuer: str = "",
                         year: int | None = None, only: tuple[str, ...] = ()) -> QuerySet[LibraryDocument]:
    """The library as the user reads it, newest first, filtered and searched (with ``only``, those
    columns only and the unit not joined)."""
    condition = _visible_condition(user)
    if condition is None:
        return LibraryDocument.objects.none()
    documents = LibraryDocument.objects.only(*only).filter(condition) if only else \
        LibraryDocument.objects.select_related("unit").filter(condition)
    if kind:
        documents = documents.filter(kind=kind)
    if issuer:
        documents = documents.filter(issuer=issuer)
    if year:
        documents = documents.filter(issued_on__year=year)
    if q.strip():
        documents = matching(documents, q)
    return documents.order_by("-issued_on", "-pk")


# The columns the list page and its download show: no other column is read for them.
LIST_FIELDS = ("number", "issued_on", "issuer", "kind", "title", "version_count")


# Whether a user has read the row's document: the same condition as
# ``Exists(DocumentRead.objects.filter(document=OuterRef("pk"), user=user))``, written once as SQL
# rather than built and compiled as a subquery for every page (about half of what the ORM added
# to the library page's query, see docs/study.md "Benchmark"). Table and column names come from
# the models; the user is a parameter.
_HAS_READ_SQL = "EXISTS (SELECT 1 FROM {reads} r WHERE r.{document} = {documents}.{id} AND r.{user} = %s)"


def _has_read(user: Any) -> RawSQL:
    quote = connection.ops.quote_name
    reads, documents = DocumentRead._meta, LibraryDocument._meta
    condition = _HAS_READ_SQL.format(
        reads=quote(reads.db_table), document=quote(reads.get_field("document").column),
        documents=quote(documents.db_table), id=quote(documents.pk.column or "id"),
        user=quote(reads.get_field("user").column))
    return RawSQL(condition, (getattr(user, "pk", None) or 0,), output_field=BooleanField())  # noqa: S611 (see above)


def documents_listed(user: Any, **filters: Any) -> QuerySet[LibraryDocument]:
    """The list page's rows (``LIST_FIELDS`` only), with whether the user has read each one."""
    return documents_visible_to(user, only=LIST_FIELDS, **filters).annotate(has_read=_has_read(user))


def issuers_of(user: Any) -> list[str]:
    """The issuers of the documents the user reads, for the filter."""
    return sorted(set(documents_visible_to(user).values_list("issuer", flat=True).order_by()[:500]))


def document_get(user: Any, document_id: Any) -> LibraryDocument:
    versions = DocumentVersion.objects.select_related("uploaded_by").defer("text").order_by("-number")
    try:
        return (documents_visible_to(user).defer("search_text", "search_vector")
                .prefetch_related(Prefetch("versions", versions)).annotate(read_count=Count("reads"))
                .get(pk=document_id))
    except (LibraryDocument.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def version_get(user: Any, version_id: Any) -> DocumentVersion:
    try:
        version = DocumentVersion.objects.defer("text").select_related("document").get(pk=version_id)
    except (DocumentVersion.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
    if not documents_visible_to(user).filter(pk=version.document_id).exists():
        raise NotFound()
    return version


def current_version(document: LibraryDocument) -> DocumentVersion | None:
    """The latest version of a document got with ``document_get`` (its versions prefetched, newest first)."""
    versions = list(document.versions.all())
    return versions[0] if versions else None


def has_read(user: Any, document: LibraryDocument) -> bool:
    return DocumentRead.objects.filter(document=document, user_id=getattr(user, "pk", None) or 0).exists()


def may_manage(user: Any, document: LibraryDocument) -> bool:
    return has_permission(user, "study.manage", document.unit.path)


def document_readers(user: Any, document: LibraryDocument) -> QuerySet[DocumentRead]:
    """Who has read the document, newest first: for those who manage it only (else nobody)."""
    if not may_manage(user, document):
        return DocumentRead.objects.none()
    return DocumentRead.objects.filter(document=document).select_related("user__person").order_by("-read_at", "pk")


def documents_linked_to(user: Any, target: Model) -> QuerySet[LibraryDocument]:
    """The documents the user reads that ``target`` (a plan, a meeting...) implements."""
    links = DocumentLink.objects.filter(document=OuterRef("pk"), target_type=ContentType.objects.get_for_model(target),
                                        target_id=target.pk)
    return documents_visible_to(user).filter(Exists(links)).defer("search_text", "search_vector")
