"""JSON API of the reception: sessions, visitors and registers, dialogues and commitments,
petitions and every workflow step, reports and reminders, and the public portal's submission and
tracking. Thin doors: schemas in, a service or selector, schemas out, scoped like the pages.

A denouncer's identity never appears in a list; a petition's detail gives it only to holders of
``reception.view_denouncer`` on its unit. Public tracking answers status, unit and next deadline.
"""

from ninja import Router

router = Router(tags=["reception"])

from . import petitions, reports, sessions, dialogues, public  # noqa: E402, F401, I001 (each registers its routes, in this order)
