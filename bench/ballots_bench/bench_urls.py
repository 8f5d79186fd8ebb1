"""The product's URLs plus ``bench/bare-cast``: a view that spends a code and inserts one row with
a single SQL statement written the same way as the product's cast (``WITH spent AS (UPDATE ...)
INSERT ...``), behind the same middleware. It is the baseline the real cast is compared with."""

import hashlib
import json
import uuid

import psycopg
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

BARE_SQL = """
WITH spent AS (
    UPDATE ballots_ballotcode SET spent = TRUE
    WHERE digest = %s AND NOT spent AND NOT revoked
    RETURNING campaign_id
)
INSERT INTO bench_bare_row (id, campaign_id) SELECT %s, campaign_id FROM spent
RETURNING id
"""


@csrf_exempt
def bare_cast(request: HttpRequest) -> JsonResponse:
    code = json.loads(request.body)["code"].replace("-", "").upper()
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:  # as the product's cast: prepared, server-side params
        cursor.execute(BARE_SQL, [hashlib.sha256(code.encode()).hexdigest(), uuid.uuid4()], prepare=True)
        row = cursor.fetchone()
    if row is None:
        return JsonResponse({"code": "code_spent"}, status=409)
    return JsonResponse({"id": str(row[0])}, status=201)


# After the product's URLs, so that resolving it walks the same URLconf as the cast does.
urlpatterns = [
    path("", include("neuguong.urls")),
    path("bench/bare-cast", bare_cast),
]
