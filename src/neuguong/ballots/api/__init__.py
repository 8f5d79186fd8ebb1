"""JSON API for ballots: campaigns, candidates, questions, tellers, codes, casting, paper entry,
reconciliation and results. Casting and the published results need no account.

Each module registers its endpoints on ``router``; casting first, because Django tries URL
patterns in order and the public cast is by far the busiest route.
"""

from ninja import Router

router = Router(tags=["ballots"])

from . import casting, campaigns, codes, paper, results  # noqa: E402, F401, I001 (order matters)
