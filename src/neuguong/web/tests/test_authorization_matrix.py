"""The authorization matrix: every URL pattern of the project and every route of the JSON API,
called with the ids of commune A's records by the three standard actors and by an anonymous visitor.

- nobody makes the server fail (no 5xx);
- the member in commune A, the outsider administering the sibling commune B and the anonymous
  visitor change no row of the orgs or accounts tables, nor of the tables each app's
  ``<app>/tests/matrix.py`` names, with POST, PUT, PATCH or DELETE (an actor's own account row
  and API tokens excepted: see ``db_state``);
- the outsider and the anonymous visitor see none of commune A's data in any response, and a URL
  built from A's record ids never answers them 2xx (404, 403 or a redirect only);
- the administrator of commune A finds every record of A a page or API route names (no 404 on a
  GET; a 403 where the role lacks the permission, a 405 where the route only takes writes);
- the anonymous visitor reaches nothing but the public routes listed in ``PUBLIC_ROUTES`` (the API
  answers 401), and what a public route shows is not checked for A's data;
- for every pair of roles, managing a user and granting a role succeed exactly when the actor holds
  every permission of the user's or granted role (``may_hand_out``); nobody grants to themselves or
  manages a user whose role lies outside their subtrees.

Routes are discovered when the tests are collected, from Django's URL resolver and from the API's
OpenAPI schema, so new pages and API routes are covered without touching this file; the tests are
grouped by URL namespace (pages) and by first path segment (API), every actor in turn within a
group's test, on records made once for it. A path parameter gets an id of
the record kind its name or the path segment before it names (``unit_id``, ``units/<pk>``), or ids
of two kinds when neither names one. Every request runs in a savepoint rolled back afterwards, so
each one meets the same records; the watched tables are compared only when a request sent a
statement other than a read (``WriteWatch``), as reading them all costs more than the request.

Each app registers its records in ``<app>/tests/matrix.py`` (found by ``MATRIX_MODULES``):
``records(**world)`` creates a record of each of its kinds in commune A and in its sibling B and
returns A's by kind, ``KIND_WORDS`` maps the path words naming those kinds, ``MARKERS`` are
strings only A's records contain and ``TABLES`` the app labels whose tables a denied request must
leave unchanged; ``OWN_ROWS`` (optional) names the rows an actor writes for themselves. A new
module registers its own the same way.
"""

import copy
import datetime as dt
import html
import importlib
import io
import itertools
import json
import re
import zipfile
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from django.utils.regex_helper import normalize

from neuguong.accounts import services as account_services
from neuguong.accounts.models import ApiToken, RoleGrant, User
from neuguong.accounts.permissions import RESTRICTED_PERMISSIONS, ROLE_PERMISSIONS, Role
from neuguong.api import api
from neuguong.audit.models import AuditEvent
from neuguong.core import crypto
from neuguong.core.actors import SYSTEM
from neuguong.orgs import services as org_services
from neuguong.orgs.models import Person, UnitKind
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory, PostFactory, UserFactory, grant, make_unit

# Routes anyone may call without an account. Each is listed with the reason it is safe.
PUBLIC_ROUTES = {
    "accounts:login": "the login form",
    "accounts:two_factor_verify": "the second login step; acts only on the login pending in the session",
    "set_language": "the language switch (i18n)",
    "javascript-catalog": "the rich-text editor's words in the active language (translations only)",
    "admin:login": "sends the visitor to the product's own login form",
    "api:api-root": "sends the visitor to the API documentation",
    "api:openapi-json": "the API description (openapi.json)",
    "api:openapi-view": "the API documentation page (docs)",
    "POST /api/v1/auth/token": "exchanges a username and password for a token",
    # The public portal's ballots (Quy định 827): casting with a one-time code and published results.
    "vote:start": "asks for a one-time ballot code",
    "vote:ballot": "the ballot of a valid one-time code",
    "vote:receipts": "receipts of a published campaign",
    "vote:results": "results of a published campaign",
    "POST /api/v1/ballots/ballot": "the ballot of a valid one-time code",
    "POST /api/v1/ballots/cast": "casts a ballot with a one-time code",
    "GET /api/v1/ballots/published/{public_id}/receipts": "receipts of a published campaign",
    "GET /api/v1/ballots/published/{public_id}/results": "results of a published campaign",
    # The public portal's petitions: a citizen submits one and follows it with its tracking code.
    "petitions_public:submit": "the petition form",
    "petitions_public:submitted": "the confirmation with the tracking code",
    "petitions_public:track": "the tracking form",
    "POST /api/v1/public/petitions": "submits a petition",
    "POST /api/v1/public/petitions/track": "a petition's progress for its tracking code",
    # The public news site: published articles only; feedback waits for moderation (rate-limited).
    "news:home": "the portal's front page",
    "news:search": "search in the published articles",
    "news:language": "the public site's language form (its cookies only when the visitor chooses)",
    "news:article": "a published article; feedback sent waits for moderation",
    "news:cover": "the cover of a published article (of any other for its staff only)",
    "news:category": "the published articles of a category",
    "news:category_feed": "the RSS of a category's published articles",
    "news:tag": "the published articles of a tag",
    "news:unit": "the published articles of a unit's subtree",
    "sitemap": "the sitemap of the published articles",
    # The public honour roll: approved models only (name, unit, title, story and photo), public by decision.
    "honour_roll:roll": "the approved models, filterable",
    "honour_roll:model": "an approved model",
    "honour_roll:photo": "the photo of an approved model",
}


# Routes public for a visitor only: what they show a signed-in actor is still checked.
PUBLIC_FOR_VISITORS = {"web:home": "the public portal's front page for a visitor (the work list once signed in)"}


def _matrix_modules() -> list[Any]:
    modules = []
    for config in apps.get_app_configs():
        if config.name.startswith("neuguong."):
            try:
                modules.append(importlib.import_module(f"{config.name}.tests.matrix"))
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.tests.matrix":
                    raise
    return modules


MATRIX_MODULES = _matrix_modules()
# Routes naming one of A's records that rightly answer its administrator 404, with the reason.
NOTHING_TO_FIND = {"orgs:person_photo": "the person has no photo",
                   "evaluation:follower_comment": "only the Standing Committee member following the unit comments"}
# Apps whose tables must not change when the member, the outsider or a visitor write.
SNAPSHOT_APPS = ("orgs", "accounts", *(label for module in MATRIX_MODULES for label in module.TABLES))
ACTORS = ("unit_admin", "member", "outsider")
WRITE_METHODS = ("post", "put", "patch", "delete")
# Statements that change no row: anything else a request sends makes its probe compare the tables.
READ_ONLY_STATEMENTS = ("SELECT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")
CITIZEN_ID = "042090001234"
PASSWORD = "Mot-mat-khau-dai-2026"
# The file a multipart API route is sent (``format: binary``): a PNG, which every upload of the product
# takes (scans, evidence, photos), so that the route's authorization is reached, not its file check.
UPLOAD_NAME = "ma-tran.png"
UPLOAD = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS"
          b"\xde\x00\x00\x00\x0cIDATx\x9cc```\x00\x00\x00\x04\x00\x01\xf6\x178U\x00\x00\x00\x00IEND\xaeB`\x82")
# Record kinds named by path parameters (``unit_id``) or by the path segment before them (``units/<pk>``).
KIND_WORDS = {
    "unit": "unit", "units": "unit", "parent": "unit", "cell": "unit", "under": "unit", "target": "unit",
    "source": "unit", "committee": "unit", "residence": "unit",
    "person": "person", "people": "person",
    "membership": "membership", "memberships": "membership",
    "post": "post", "posts": "post",
    "follow": "follow", "follow-assignments": "follow", "assignment": "follow",
    "user": "user", "users": "user",
    "grant": "grant", "grants": "grant",
    "token": "token", "tokens": "token",
    "event": "event", "events": "event", "audit": "event",
}
for _module in MATRIX_MODULES:
    KIND_WORDS.update(_module.KIND_WORDS)
GENERIC_VALUES = ["1", "a", "00000000-0000-0000-0000-000000000000", "a/b"]
MAX_URLS_PER_ROUTE = 4


# --- Discovery -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WebRoute:
    namespace: str
    name: str
    regex: str

    def __str__(self) -> str:
        return f"{self.name} /{normalize(self.regex)[0][0]}"


def _bare(regex: str) -> str:
    regex = regex.removeprefix("^")
    for end in ("\\Z", "$"):
        regex = regex.removesuffix(end)
    return regex


def _walk(patterns: list, prefix: str = "", namespace: str = "") -> list[WebRoute]:
    routes: list[WebRoute] = []
    for pattern in patterns:
        regex = prefix + _bare(pattern.pattern.regex.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            routes += _walk(pattern.url_patterns, regex, inner)
        else:
            routes.append(WebRoute(namespace.rstrip(":"), f"{namespace}{pattern.name or regex}", regex))
    return routes


ALL_URL_PATTERNS = _walk(get_resolver().url_patterns)
# The API's own URL patterns are exercised through the OpenAPI schema, which also knows their methods.
WEB_ROUTES = [route for route in ALL_URL_PATTERNS if not route.name.startswith(f"{api.urls_namespace}:")]
SCHEMA = api.get_openapi_schema()
API_PREFIX = api.get_root_path({})
API_OPERATIONS = sorted((method, path) for path, item in SCHEMA["paths"].items() for method in item)


def _is_public(route_key: str) -> bool:
    return route_key in PUBLIC_ROUTES


# --- Commune A's records ---------------------------------------------------------------------


@pytest.fixture
def world(unit_admin, member, outsider, commune, cell, person, sibling, sibling_cell, sibling_person, settings,
          tmp_path):
    """Records of every kind in commune A, their ids by kind, and the strings that give them away.
    Files the records or the requests store go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path
    Person.objects.filter(pk=person.pk).update(
        citizen_id_encrypted=crypto.encrypt(CITIZEN_ID), citizen_id_hash=crypto.keyed_hash(CITIZEN_ID)
    )
    other_cell = make_unit("Chi bộ thôn Bắc", UnitKind.CELL, commune)
    staff = UserFactory(username="staff_a", person=PersonFactory(full_name="Đoàn Văn Cán", unit=cell))
    grant(staff, Role.ORGANISATION_STAFF, cell)
    membership = MembershipFactory(person=person, cell=cell, card_number="THACHHA-0001")
    post = PostFactory(person=person, unit=commune, title="Phó Bí thư Đảng ủy xã Thạch Hà", is_standing_committee=True)
    follow = org_services.follow_assign(person_id=person.pk, unit_id=cell.pk, started_on=dt.date(2021, 1, 4),
                                        acting_user=SYSTEM)
    token, _raw = account_services.api_token_create(user=unit_admin, name="Thạch Hà token", acting_user=unit_admin)
    MembershipFactory(person=sibling_person, cell=sibling_cell)
    events = AuditEvent.objects.filter(unit_path__startswith=commune.path).order_by("seq")
    records = {
        "unit": [cell, other_cell, commune],
        "person": [person, member.person, unit_admin.person],
        "membership": [membership, member.person.memberships.get()],
        "post": [post],
        "follow": [follow],
        "user": [member, staff, unit_admin],
        "grant": list(RoleGrant.objects.filter(unit__path__startswith=commune.path).order_by("pk")),
        "token": [token],
        "event": list(events[:2]),
    }
    for module in MATRIX_MODULES:
        records.update(module.records(commune=commune, cell=cell, sibling=sibling, sibling_cell=sibling_cell,
                                      unit_admin=unit_admin, member=member, outsider=outsider))
    ids = {kind: [str(record.pk) for record in items] for kind, items in records.items()}
    markers = ["Đảng bộ xã Thạch Hà", "Chi bộ thôn Đông", "Chi bộ thôn Bắc", "Nguyễn Văn An", "Lê Văn Quản",
               "Phạm Thị Hoa", "Đoàn Văn Cán", "Phó Bí thư Đảng ủy xã Thạch Hà", "THACHHA-0001", "Thạch Hà token",
               "admin_a", "member_a", "staff_a", CITIZEN_ID,
               *(marker for module in MATRIX_MODULES for marker in module.MARKERS)]
    return SimpleNamespace(ids=ids, markers=markers, actors={"unit_admin": unit_admin, "member": member,
                                                             "outsider": outsider})


def _form_data(ids: dict[str, list[str]]) -> dict[str, Any]:
    """A form post naming commune A's records in the fields pages usually have."""
    today = dt.date.today().isoformat()
    unit, other_unit, person, user = ids["unit"][0], ids["unit"][1], ids["person"][0], ids["user"][0]
    return {
        "name": "Ma trận", "short_name": "MT", "full_name": "Ma Trận Thử", "kind": UnitKind.CELL, "gender": "male",
        "title": "Thử", "unit": unit, "unit_id": unit, "parent": unit, "new_parent": unit, "cell": unit,
        "target": unit, "sources": other_unit, "residence": unit, "person": person, "person_id": person,
        "user": user, "role": Role.ORGANISATION_STAFF, "username": "ma_tran", "password": PASSWORD,
        "password1": PASSWORD, "password2": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD,
        "joined_on": today, "started_on": today, "ended_on": today, "effective_on": today, "reason": "Thử",
        "decision": "Thử", "active": "on", "is_active": "on", "token": "000000", "q": "", "next": "/",
    }


# --- Building requests -----------------------------------------------------------------------


def _kind_of(param: str, segment_before: str) -> str | None:
    base = param.removesuffix("_ids").removesuffix("_id")
    if base in segment_before and segment_before in KIND_WORDS:
        # The segment names the kind more precisely: ``study-theme-documents/{document_id}``.
        return KIND_WORDS[segment_before]
    if base in KIND_WORDS:
        return KIND_WORDS[base]
    if param in ("pk", "id", "object_id"):
        return KIND_WORDS.get(segment_before)
    return None


def _segment_before(template: str, placeholder: str) -> str:
    return template.split(placeholder)[0].rstrip("/").rsplit("/", 1)[-1]


def _group_regexes(regex: str) -> dict[str, str]:
    """The sub-pattern of each named group, e.g. ``{"pk": "[0-9]+"}``."""
    groups = {}
    for match in re.finditer(r"\(\?P<(\w+)>", regex):
        depth, end = 1, match.end()
        while depth:
            if regex[end - 1] != "\\":
                depth += {"(": 1, ")": -1}.get(regex[end], 0)
            end += 1
        groups[match.group(1)] = regex[match.end():end - 1]
    return groups


def _candidates(kind: str | None, ids: dict[str, list[str]], group_regex: str | None = None) -> tuple[list[str], bool]:
    """Values for one parameter, and whether they are ids of A's records of the parameter's kind:
    an id of its kind, ids of two kinds when the kind is unknown, the listed alternatives of a
    group such as ``(auth|accounts)``, or a generic value when no id fits the group's pattern."""
    if group_regex and re.fullmatch(r"[\w-]+(\|[\w-]+)+", group_regex):
        return group_regex.split("|")[:3], False
    values = ids[kind][:1] if kind else list(dict.fromkeys(values[0] for values in ids.values() if values))[:2]
    if group_regex:
        values = [value for value in values if re.fullmatch(group_regex, value)]
        if not values:
            return [value for value in GENERIC_VALUES if re.fullmatch(group_regex, value)][:1], False
    return values, kind is not None


def _fill(template: str, params: dict[str, list[str]], placeholder: str) -> list[str]:
    names = list(params)
    urls = []
    for combination in itertools.islice(itertools.product(*params.values()), MAX_URLS_PER_ROUTE):
        url = template
        for name, value in zip(names, combination, strict=True):
            url = url.replace(placeholder.format(name), value)
        urls.append(url)
    return urls


def web_urls(route: WebRoute, ids: dict[str, list[str]]) -> tuple[list[str], bool]:
    """Concrete URLs for a pattern, and whether every parameter carries one of A's record ids."""
    template, names = normalize(route.regex)[0]
    groups = _group_regexes(route.regex)
    found = {name: _candidates(_kind_of(name, _segment_before(template, f"%({name})s")), ids, groups.get(name))
             for name in names}
    if any(not values for values, _of_a in found.values()):
        pytest.fail(f"No value fits a parameter of {route}: add one to GENERIC_VALUES")
    aimed_at_a = bool(names) and all(of_a for _values, of_a in found.values())
    params = {name: values for name, (values, _of_a) in found.items()}
    return ["/" + url for url in _fill(template, params, "%({})s")], aimed_at_a


def _deref(schema: dict) -> dict:
    while "$ref" in schema:
        schema = SCHEMA["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _sample(schema: dict, name: str, ids: dict[str, list[str]]) -> Any:
    """A plausible value for a schema, naming commune A's records in id fields."""
    schema = _deref(schema)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [_deref(option) for option in schema[key] if _deref(option).get("type") != "null"]
            return _sample(options[0], name, ids) if options else None
    if "enum" in schema or "const" in schema:
        return schema.get("enum", [schema.get("const")])[0]
    kind = _kind_of(name, "")
    kind_ids = ids[kind] if kind else ["1"]
    samples = {
        "object": lambda: {prop: _sample(sub, prop, ids) for prop, sub in schema.get("properties", {}).items()},
        "array": lambda: [_sample(schema.get("items", {}), name, ids)],
        "integer": lambda: int(kind_ids[min(1, len(kind_ids) - 1)]),
        "number": lambda: 1,
        "boolean": lambda: True,
    }
    if schema.get("type") in samples:
        return samples[schema["type"]]()
    string_formats = {"date": dt.date.today().isoformat(), "date-time": timezone.now().isoformat(),
                      "email": "ma.tran@example.org", "binary": UPLOAD}
    if schema.get("format") in string_formats:
        return string_formats[schema["format"]]
    return PASSWORD if "password" in name else "Ma trận"


def api_requests(method: str, path: str, ids: dict[str, list[str]]) -> list[tuple[str, dict, bool, bool]]:
    """(url, body or query, aimed at A, sent as JSON) for one API operation; a route taking files gets
    a multipart form with ``UPLOAD`` in each file field."""
    operation = SCHEMA["paths"][path][method]
    parameters = operation.get("parameters", [])
    names = [p["name"] for p in parameters if p["in"] == "path"]
    found = {name: _candidates(_kind_of(name, _segment_before(path, f"{{{name}}}")), ids) for name in names}
    urls = _fill(path, {name: values for name, (values, _of_a) in found.items()}, "{{{}}}")
    aimed_at_a = bool(names) and all(of_a for _values, of_a in found.values())
    if method == "get":
        query = {p["name"]: _sample(p["schema"], p["name"], ids) for p in parameters
                 if p["in"] == "query" and _kind_of(p["name"], "")}
        # Lists filtered by A's records (``?unit=<A's cell>``) may answer 404 or an empty page alike.
        return [(url, {}, aimed_at_a, True) for url in urls] + [(url, query, False, True) for url in urls if query]
    content = operation.get("requestBody", {}).get("content", {})
    as_json = "multipart/form-data" not in content
    body_schema = content.get("application/json" if as_json else "multipart/form-data", {}).get("schema")
    body = _sample(body_schema, "", ids) if body_schema else {}
    return [(url, body, aimed_at_a, as_json) for url in urls]


# --- Checking responses ----------------------------------------------------------------------


# Rows an actor may write for themselves (model label -> the column naming the actor), from the apps'
# ``OWN_ROWS`` in their matrix modules: a member marking a document read, for example.
OWN_ROWS = {label: column for module in MATRIX_MODULES for label, column in getattr(module, "OWN_ROWS", {}).items()}


def db_state(actor: User | None) -> dict[str, list[tuple]]:
    """Every row of the snapshot apps, less the rows an actor may change through self-service: their
    own account row (password, language), their own API tokens and the apps' ``OWN_ROWS``."""
    state = {}
    with connection.cursor() as cursor:
        for app_label in SNAPSHOT_APPS:
            for model in apps.get_app_config(app_label).get_models():
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"SELECT * FROM {table} ORDER BY 1")  # noqa: S608 (a model's own table name)
                columns = [column[0] for column in cursor.description]
                rows = cursor.fetchall()
                own = {User: "id", ApiToken: "user_id"}.get(model) or OWN_ROWS.get(model._meta.label)
                if own and actor is not None:
                    rows = [row for row in rows if row[columns.index(own)] != actor.pk]
                state[model._meta.label] = rows
    return state


class WriteWatch:
    """An execute wrapper noting whether any statement was other than a read or a savepoint's
    bookkeeping (``connection.execute_wrapper``: it sees ORM and raw SQL alike)."""

    def __init__(self) -> None:
        self.may_have_written = False

    def __call__(self, execute, sql, params, many, context):
        if not sql.lstrip().upper().startswith(READ_ONLY_STATEMENTS):
            self.may_have_written = True
        return execute(sql, params, many, context)


def response_text(response) -> str:
    """The response as readable text: JSON decoded, HTML entities resolved, office files unzipped."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            content = b"".join(archive.read(name) for name in archive.namelist())
    text = content.decode("utf-8", errors="ignore")
    if response.get("Content-Type", "").startswith("application/json"):
        try:
            return json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            return text
    return html.unescape(text)


def send(client: Client, method: str, url: str, data: dict, *, as_json: bool):
    if method == "get":
        return client.get(url, data)
    if as_json:
        return getattr(client, method)(url, json.dumps(data), content_type="application/json")
    if method == "post":  # a fresh file for each request: one read to its end by a route is spent
        files = {key: [SimpleUploadedFile(UPLOAD_NAME, item) for item in value] if isinstance(value, list)
                 and value and isinstance(value[0], bytes) else SimpleUploadedFile(UPLOAD_NAME, value)
                 if isinstance(value, bytes) else value for key, value in data.items()}
        return client.post(url, files)
    return getattr(client, method)(url, urlencode(data), content_type="application/x-www-form-urlencoded")


@dataclass
class Probe:
    """One actor calling routes; collects every broken rule instead of stopping at the first."""

    world: SimpleNamespace
    actor: str | None
    problems: list[str] = field(default_factory=list)
    route_key: str = ""

    def __post_init__(self) -> None:
        self.user = self.world.actors.get(self.actor)
        self.client = Client(raise_request_exception=False)
        if self.user is not None:
            self.client.force_login(self.user)
        self.cookies = copy.deepcopy(self.client.cookies)

    def call(self, method: str, url: str, data: dict, *, aimed_at_a: bool, as_json: bool, public: bool):
        """One request in a savepoint rolled back afterwards, so that every call meets the same records."""
        self.client.cookies = copy.deepcopy(self.cookies)  # a logout page must not end the session for the rest
        watched = method in WRITE_METHODS and self.actor != "unit_admin"
        with transaction.atomic():
            watch = WriteWatch()
            with connection.execute_wrapper(watch):
                response = send(self.client, method, url, data, as_json=as_json)
            # Reading every watched table costs far more than the request; it is done only when the
            # request sent a statement that may write, and the state before is read after the rollback.
            after = db_state(self.user) if watched and watch.may_have_written else None
            transaction.set_rollback(True)
        changed = after is not None and db_state(self.user) != after
        where = f"{self.actor or 'anonymous'}: {method.upper()} {url} -> {response.status_code}"
        self.judge(where, response, changed=changed, aimed_at_a=aimed_at_a, public=public)
        if (self.actor == "unit_admin" and method == "get" and aimed_at_a and response.status_code == 404
                and self.route_key not in NOTHING_TO_FIND):
            self.problems.append(f"{where}: the commune's administrator does not find the commune's record")
        return response

    def judge(self, where: str, response, *, changed: bool, aimed_at_a: bool, public: bool) -> None:
        status = response.status_code
        if status >= 500:
            self.problems.append(f"{where}: server error")
        if changed:
            self.problems.append(f"{where}: changed records")
        if public:  # what a public route shows is public by decision; it must still neither crash nor write
            return
        if self.actor in ("outsider", None) and aimed_at_a and 200 <= status < 300:
            self.problems.append(f"{where}: answered a request for commune A's record")
        if self.actor is None and 200 <= status < 300:
            self.problems.append(f"{where}: reached without an account (a public route belongs in PUBLIC_ROUTES)")
        if self.actor in ("outsider", None):
            leaked = [marker for marker in self.world.markers if marker in response_text(response)]
            if leaked:
                self.problems.append(f"{where}: shows commune A's data {leaked}")

    def web_route(self, route: WebRoute) -> None:
        urls, aimed_at_a = web_urls(route, self.world.ids)
        self.route_key = route.name
        data = _form_data(self.world.ids)
        public = _is_public(route.name) or (self.actor is None and route.name in PUBLIC_FOR_VISITORS)
        options = {"as_json": False, "public": public}
        for url in urls:
            self.call("get", url, {}, aimed_at_a=aimed_at_a, **options)
            if not normalize(route.regex)[0][1]:  # list pages filtered by A's records: ?unit=<A's cell>
                self.call("get", url, data, aimed_at_a=False, **options)
            self.call("post", url, data, aimed_at_a=aimed_at_a, **options)
        for method in WRITE_METHODS[1:]:
            self.call(method, urls[0], data, aimed_at_a=aimed_at_a, **options)

    def api_operation(self, method: str, path: str) -> None:
        public = _is_public(f"{method.upper()} {path}")
        self.route_key = f"{method.upper()} {path}"
        for url, data, aimed_at_a, as_json in api_requests(method, path, self.world.ids):
            response = self.call(method, url, data, aimed_at_a=aimed_at_a, as_json=as_json, public=public)
            if self.actor is None and not public and response.status_code != 401:
                self.problems.append(f"anonymous: {method.upper()} {url} -> {response.status_code}, not 401")


def _web_group(route: WebRoute) -> str:
    return route.namespace or "(root)"


def _api_group(path: str) -> str:
    return path.removeprefix(API_PREFIX).strip("/").split("/", 1)[0]


WEB_GROUPS = sorted({_web_group(route) for route in WEB_ROUTES})
API_GROUPS = sorted({_api_group(path) for _method, path in API_OPERATIONS})


# --- The matrix ------------------------------------------------------------------------------


def _every_actor(world: SimpleNamespace, visit) -> None:
    """Each actor (and the anonymous visitor) in turn calls the group's routes on the same world;
    the problems of all of them are reported together. Rate-limit counters start from zero for
    each actor, as they would in a test of their own."""
    problems = []
    for actor in (*ACTORS, None):
        cache.clear()
        probe = Probe(world, actor)
        visit(probe)
        problems += probe.problems
    assert not problems, "\n".join(problems)


# The pages' rules are Python over the same ORM queries on both databases, and their views' own
# tests run on both; the matrix of pages, the slowest test, runs in the SQLite suite only (root
# conftest). The API routes, whose typed bodies PostgreSQL checks more strictly, run on both.
@pytest.mark.sqlite_suite
@pytest.mark.parametrize("group", WEB_GROUPS)
def test_web_pages(world, group):
    routes = [route for route in WEB_ROUTES if _web_group(route) == group]

    def visit(probe: Probe) -> None:
        for route in routes:
            probe.web_route(route)

    _every_actor(world, visit)


@pytest.mark.parametrize("group", API_GROUPS)
def test_api_routes(world, group):
    operations = [(method, path) for method, path in API_OPERATIONS if _api_group(path) == group]

    def visit(probe: Probe) -> None:
        for method, path in operations:
            probe.api_operation(method, path)

    _every_actor(world, visit)


def _probe_a_write(world, monkeypatch, write) -> list[str]:
    """The problems a member's probe reports for a POST whose handling runs ``write``."""
    from django.http import HttpResponseForbidden

    def send_and_write(*_args, **_kwargs):
        write()
        return HttpResponseForbidden()

    monkeypatch.setattr(f"{__name__}.send", send_and_write)
    probe = Probe(world, "member")
    probe.call("post", "/anywhere/", {}, aimed_at_a=False, as_json=False, public=False)
    return probe.problems


def test_a_probe_reports_a_write_made_through_the_orm(world, monkeypatch, cell):
    problems = _probe_a_write(world, monkeypatch, lambda: type(cell).objects.filter(pk=cell.pk).update(name="Đổi"))
    assert problems == ["member: POST /anywhere/ -> 403: changed records"]


def test_a_probe_reports_a_write_made_in_raw_sql(world, monkeypatch, cell):
    table = connection.ops.quote_name(type(cell)._meta.db_table)

    def write():
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET name = %s WHERE id = %s", ["Đổi", cell.pk])  # noqa: S608

    assert _probe_a_write(world, monkeypatch, write) == ["member: POST /anywhere/ -> 403: changed records"]


def test_a_probe_passes_a_request_that_only_reads(world, monkeypatch, cell):
    assert _probe_a_write(world, monkeypatch, lambda: list(type(cell).objects.all())) == []


def test_every_api_url_pattern_is_in_the_openapi_schema():
    """A route hidden from the schema would escape the matrix."""
    documented = {re.sub(r"\{(\w+)\}", r"%(\1)s", path) for path in SCHEMA["paths"]}
    for route in ALL_URL_PATTERNS:
        if route.name.startswith(f"{api.urls_namespace}:") and not _is_public(route.name):
            assert "/" + normalize(route.regex)[0][0] in documented, route


def test_served_openapi_json_is_the_schema_walked(client, db):
    response = client.get(f"{API_PREFIX}openapi.json")
    assert response.status_code == 200
    assert set(response.json()["paths"]) == set(SCHEMA["paths"])


def test_matrix_covers_the_known_routes():
    """Discovery works: the foundation's own pages and API routes are all in the matrix."""
    names = {route.name for route in WEB_ROUTES}
    assert {"web:home", "accounts:profile", "admin:index"} <= names
    assert ("get", f"{API_PREFIX}units/{{unit_id}}") in API_OPERATIONS
    assert ("post", f"{API_PREFIX}people/{{person_id}}/reveal-citizen-id") in API_OPERATIONS


# --- Privilege: managing a user and granting a role, for every pair of roles ---------------------


def may_hand_out(actor_role: str, target_role: str) -> bool:
    """The rule, stated from the role table alone: the actor holds ``accounts.manage`` and every
    permission of the target role on the unit; a system administrator is exempt for the restricted
    permissions, which nobody holds but the office they are granted to."""
    held = ROLE_PERMISSIONS[actor_role]
    exempt = RESTRICTED_PERMISSIONS if actor_role == Role.SYSTEM_ADMIN else frozenset()
    return "accounts.manage" in held and ROLE_PERMISSIONS[target_role] - exempt <= held


def _actor_client(role: str, unit) -> tuple[User, Client]:
    actor = UserFactory(username=f"actor_{role}", person=PersonFactory(full_name="Người Thử Quyền", unit=unit))
    grant(actor, role, unit)
    client = Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)
    client.force_login(actor)
    return actor, client


def _outcome(response, *, success: int, changed: bool) -> str | None:
    """'allowed', 'refused', or None when the answer is neither a clean success nor a clean refusal."""
    if response.status_code == success and changed:
        return "allowed"
    if response.status_code in (403, 404) and not changed:
        return "refused"
    return None


def _state() -> tuple[dict[str, list[tuple]], int]:
    return db_state(None), AuditEvent.objects.count()


@pytest.mark.parametrize("actor_role", list(Role))
def test_managing_a_user_is_allowed_exactly_when_the_actor_holds_the_users_roles(actor_role, commune, cell):
    """A password reset stands for every management action (they share one check)."""
    _actor, client = _actor_client(actor_role, commune)
    problems = []
    for target_role in Role:
        with transaction.atomic():
            target = UserFactory(username="cible", person=PersonFactory(unit=cell))
            grant(target, target_role, cell)
            before = _state()
            response = client.post(f"/accounts/users/{target.pk}/password/",
                                   {"password1": PASSWORD, "password2": PASSWORD})
            outcome = _outcome(response, success=302, changed=_state() != before)
            expected = "allowed" if may_hand_out(actor_role, target_role) else "refused"
            if outcome != expected:
                problems.append(f"{actor_role} resetting the password of {target_role}: "
                                f"{response.status_code}, expected {expected}")
            transaction.set_rollback(True)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("actor_role", list(Role))
def test_granting_a_role_is_allowed_exactly_when_the_actor_holds_its_permissions(actor_role, commune, cell):
    _actor, client = _actor_client(actor_role, commune)
    target = UserFactory(username="cible", person=PersonFactory(unit=cell))
    problems = []
    for target_role in Role:
        with transaction.atomic():
            before = _state()
            response = client.post(f"{API_PREFIX}grants", {"user_id": target.pk, "role": target_role,
                                                           "unit_id": cell.pk, "reason": "Quyết định phân công số 12"},
                                   content_type="application/json")
            outcome = _outcome(response, success=201, changed=_state() != before)
            expected = "allowed" if may_hand_out(actor_role, target_role) else "refused"
            if outcome != expected:
                problems.append(f"{actor_role} granting {target_role}: {response.status_code}, expected {expected}")
            transaction.set_rollback(True)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("actor_role", list(Role))
def test_nobody_grants_a_role_to_themselves_or_manages_a_user_beyond_their_subtrees(actor_role, commune, cell,
                                                                                     sibling):
    actor, client = _actor_client(actor_role, commune)
    problems = []
    for target_role in Role:
        with transaction.atomic():
            target = UserFactory(username="cible", person=PersonFactory(unit=cell))
            grant(target, target_role, sibling)  # the user's record is in the commune, the role elsewhere
            before = _state()
            attempts = [
                ("grant to oneself", client.post(f"{API_PREFIX}grants", {
                    "user_id": actor.pk, "role": target_role, "unit_id": cell.pk,
                    "reason": "Quyết định phân công số 12"}, content_type="application/json")),
                ("manage a user with a role outside the subtree", client.post(
                    f"/accounts/users/{target.pk}/password/", {"password1": PASSWORD, "password2": PASSWORD})),
            ]
            for what, response in attempts:
                if response.status_code not in (403, 404):
                    problems.append(f"{actor_role}, {what} ({target_role}): {response.status_code}")
            if _state() != before:
                problems.append(f"{actor_role} changed records ({target_role})")
            transaction.set_rollback(True)
    assert not problems, "\n".join(problems)
