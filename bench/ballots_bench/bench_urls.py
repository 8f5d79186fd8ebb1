"""The product's URLs plus two baselines that spend a code and insert one row with a single
prepared SQL statement written the same way as the product's cast (``WITH spent AS (UPDATE ...)
INSERT ...``), behind the same middleware and after the product's URLconf:

- ``bench/bare-cast``: a plain Django view (json.loads of the body, then the statement);
- ``bench/api/bare-cast``: the same as a django-ninja endpoint with a body schema, like the
  product's API, so that the framework's share of the cast's cost shows separately.
"""

import hashlib
import json
import uuid

import psycopg
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from pydantic import BaseModel

BARE_SQL = """
WITH spent AS (
    UPDATE ballots_ballotcode SET spent = TRUE
    WHERE digest = %s AND NOT spent AND NOT revoked
    RETURNING campaign_id
)
INSERT INTO bench_bare_row (id, campaign_id) SELECT %s, campaign_id FROM spent
RETURNING id
"""


def spend_and_insert(code: str) -> tuple | None:
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:  # as the product's cast: prepared, server-side params
        cursor.execute(BARE_SQL, [hashlib.sha256(code.replace("-", "").upper().encode()).hexdigest(), uuid.uuid4()],
                       prepare=True)
        return cursor.fetchone()


@csrf_exempt
def bare_cast(request: HttpRequest) -> JsonResponse:
    row = spend_and_insert(json.loads(request.body)["code"])
    if row is None:
        return JsonResponse({"code": "code_spent"}, status=409)
    return JsonResponse({"id": str(row[0])}, status=201)


class BareIn(BaseModel):
    code: str


bench_api = NinjaAPI(urls_namespace="bench", docs_url=None, openapi_url=None)


@bench_api.post("/bare-cast", auth=None)
def bare_cast_ninja(request: HttpRequest, body: BareIn):
    row = spend_and_insert(body.code)
    if row is None:
        return JsonResponse({"code": "code_spent"}, status=409)
    return JsonResponse({"id": str(row[0])}, status=201)


# After the product's URLs, so that resolving them walks the same URLconf as the cast does.
urlpatterns = [
    path("", include("neuguong.urls")),
    path("bench/bare-cast", bare_cast),
    path("bench/api/", bench_api.urls),
]
