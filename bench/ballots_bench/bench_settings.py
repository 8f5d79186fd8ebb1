"""The benchmark server's settings: the product's, with a URLconf that adds the bare view and the
per-cast audit event switched on when BENCH_AUDIT_EACH_CAST=1. Never part of the product."""

import os

from neuguong.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
BALLOTS_AUDIT_EACH_CAST = os.environ.get("BENCH_AUDIT_EACH_CAST") == "1"
