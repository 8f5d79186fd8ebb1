"""JSON API for ballots: campaigns, candidates, questions, tellers, codes, casting, paper entry,
reconciliation and results. Casting and the published results need no account.

Each module declares its endpoints on its own router, added here in order: casting first,
because Django tries URL patterns in order and the public cast is by far the busiest route.
"""

from ninja import Router

from . import campaigns, casting, codes, paper, results

router = Router(tags=["ballots"])
# Django tries URL patterns in order: each part's routes are added in this order; the parts
# carry no tags of their own, they take this router's.
for part in (casting, campaigns, codes, paper, results):
    router.add_router("", part.router)
