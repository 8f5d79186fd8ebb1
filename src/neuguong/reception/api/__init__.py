"""JSON API of the reception: sessions, visitors and registers, dialogues and commitments,
petitions and every workflow step, reports and reminders, and the public portal's submission and
tracking. Thin doors: schemas in, a service or selector, schemas out, scoped like the pages.

A denouncer's identity never appears in a list; a petition's detail gives it only to holders of
``reception.view_denouncer`` on its unit. Public tracking answers status, unit and next deadline.
"""

from ninja import Router

from . import dialogues, petitions, public, reports, sessions

router = Router(tags=["reception"])
# Django tries URL patterns in order: each part's routes are added in this order; the parts
# carry no tags of their own, they take this router's.
for part in (petitions, reports, sessions, dialogues, public):
    router.add_router("", part.router)
