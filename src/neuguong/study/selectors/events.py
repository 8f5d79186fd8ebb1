"""Reads of the study year's events, scoped by the organising unit like every record."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.urls import reverse

from neuguong.accounts.scoping import NotFound, access, has_permission, scoped
from neuguong.honours import selectors as honours
from neuguong.orgs.models import Unit
from neuguong.portal import selectors as portal

from ..models import EventDocument, EventLink, StudyEvent

LINK_CHOICES = 200  # articles and rounds offered to link, the newest first


def events_visible_to(user: Any, *, year: int | None = None, unit: Unit | None = None, kind: str = "",
                      status: str = "") -> QuerySet[StudyEvent]:
    events = scoped(StudyEvent.objects.all(), user, "study.view")
    if year:
        events = events.filter(held_on__year=year)
    if unit is not None:
        events = events.filter(unit__path__startswith=unit.path)
    if kind:
        events = events.filter(kind=kind)
    if status:
        events = events.filter(status=status)
    return events.select_related("unit").annotate(document_count=Count("documents")).order_by("-held_on", "-pk")


def event_get(user: Any, event_id: Any) -> StudyEvent:
    documents = EventDocument.objects.order_by("uploaded_at", "pk")
    return access(StudyEvent.objects.select_related("unit").prefetch_related(Prefetch("documents", documents)),
                  user, event_id, view="study.view")


def event_document_get(user: Any, document_id: Any) -> EventDocument:
    return access(EventDocument.objects.select_related("event__unit"), user, document_id, view="study.view")


@dataclass(frozen=True)
class LinkShown:
    pk: int
    kind: str  # "article" or "round"
    title: str
    url: str


def event_links(user: Any, event: StudyEvent) -> list[LinkShown]:
    """The event's links that the user may follow: articles they read as staff (their page) or that are
    published (the public page), rounds they read in the honours module. Three queries at most."""
    links = list(EventLink.objects.filter(event=event).order_by("added_at", "pk"))
    article_ids = [link.article_id for link in links if link.article_id]
    round_ids = [link.round_id for link in links if link.round_id]
    staff = ({a.pk: a for a in portal.articles_visible_to(user).filter(pk__in=article_ids)}
             if article_ids and has_permission(user, portal.VIEW) else {})
    public = {a.pk: a for a in portal.public_articles().filter(pk__in=set(article_ids) - set(staff))}
    rounds = ({r.pk: r for r in honours.rounds_for(user).filter(pk__in=round_ids)}
              if round_ids and has_permission(user, "honours.view") else {})
    shown = []
    for link in links:
        if link.article_id in staff:
            shown.append(LinkShown(link.pk, "article", staff[link.article_id].title,
                                   reverse("portal:article_detail", args=[link.article_id])))
        elif link.article_id in public:
            shown.append(LinkShown(link.pk, "article", public[link.article_id].title,
                                   reverse("news:article", args=[link.article_id])))
        elif link.round_id in rounds:
            shown.append(LinkShown(link.pk, "round", rounds[link.round_id].title,
                                   reverse("honours:round_detail", args=[link.round_id])))
    return shown


def link_choices(user: Any) -> dict[str, list[tuple[int, str]]]:
    """What the user may link an event to: the newest articles and rounds they read."""
    articles = (portal.articles_visible_to(user).order_by("-created_at", "-pk").values_list("pk", "title")
                [:LINK_CHOICES] if has_permission(user, portal.VIEW) else [])
    rounds = (honours.rounds_for(user).order_by("-year", "-pk").values_list("pk", "title")[:LINK_CHOICES]
              if has_permission(user, "honours.view") else [])
    return {"articles": list(articles), "rounds": list(rounds)}


def event_link_get(user: Any, event_id: Any, link_id: Any) -> EventLink:
    """A link of an event the user reads (else 404)."""
    event = event_get(user, event_id)
    try:
        return EventLink.objects.get(event=event, pk=link_id)
    except (EventLink.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
