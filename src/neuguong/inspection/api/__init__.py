"""JSON API of the inspection module. Thin doors: schemas in, a service or selector, schemas out,
scoped like the pages (a record out of the caller's scope answers 404 like a missing one)."""

from ninja import Router

from . import cases, discipline

router = Router(tags=["inspection"])
# Each part's routes are added in this order; the parts carry no tags of their own.
for part in (discipline, cases):
    router.add_router("", part.router)
