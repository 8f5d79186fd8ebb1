"""JSON API of the study module. Thin doors: schemas in, a service or selector, schemas out,
scoped like the pages (a record out of the caller's scope answers 404 like a missing one)."""

from ninja import Router

from . import events, library, meetings, plans, registrations

router = Router(tags=["study"])
# Each part's routes are added in this order; the parts carry no tags of their own.
for part in (plans, registrations, meetings, library, events):
    router.add_router("", part.router)
