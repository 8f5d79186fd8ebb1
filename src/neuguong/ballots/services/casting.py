"""Casting an online ballot with a one-time code: the hot path.

On PostgreSQL the code is spent and the ballot and its receipt stored by ONE statement::

    WITH spent AS (UPDATE code SET spent WHERE digest = .. AND NOT spent AND NOT revoked
                   AND the campaign is open RETURNING campaign_id),
         stored AS (INSERT INTO ballot SELECT .. FROM spent RETURNING campaign_id)
    INSERT INTO receipt SELECT .. FROM stored RETURNING number

The conditional UPDATE is what makes concurrent submissions of one code safe: the row lock lets
exactly one of them see ``NOT spent``; the others update nothing and therefore insert nothing.
Other databases run the same three steps in one transaction (SQLite serialises writers).

Nothing here logs, stores or returns the code; wrong codes from one address are limited
(``throttle.py``): each lookup counts, a code that exists is given back.

No audit event per cast (unless ``settings.BALLOTS_AUDIT_EACH_CAST``): an event goes through the
audit chain's single head row, locked until commit, so every cast in the whole product would
queue behind every other write; measured on this machine it cut casting to about a fifth of the
bare spend-and-insert rate (bench/README.md). A per-cast event would also be a timestamped,
ordered trail of casts, which is what the ballot row is built not to have. Casts are accounted
for instead by the audited campaign steps: ``campaign.closed`` records the codes spent and the
ballots stored (which must be equal), ``campaign.counted`` the totals.
"""

import json
import uuid
from dataclasses import dataclass
from typing import Any

import psycopg
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from neuguong.audit import services as audit
from neuguong.core import throttle
from neuguong.core.errors import ServiceError

from .. import codes
from ..models import Ballot, BallotCode, Campaign, CampaignStatus, Receipt
from ..selectors import BallotForm, accepts_ballots, ballot_form
from .throttle import WRONG_CODES

MAX_COMMENT = 1000
RECEIPT_ATTEMPTS = 3


@dataclass(frozen=True)
class Cast:
    receipt: str
    campaign: BallotForm


def _code_error(code: str, message: str) -> ServiceError:
    return ServiceError(code, message, field_errors={"code": [message]})


def _well_formed(typed: str) -> str:
    """A mistyped code (bad check character) is refused before the lookup: it is not a guess."""
    code = codes.normalize(typed)
    if not code:
        raise _code_error("code_missing", _("Enter the code printed on your slip."))
    if not codes.is_well_formed(code):
        raise _code_error("code_mistyped", _("This code has a typing mistake. Check each group of four characters."))
    return code


def _refusal(digest: str, campaign_id: int | None, client: str) -> ServiceError:
    """Why a code cannot be used (only computed on the failure path). Only an unknown code keeps
    the attempt counted."""
    row = BallotCode.objects.filter(digest=digest).values("campaign_id", "spent", "revoked").first()
    if row is None or (campaign_id is not None and row["campaign_id"] != campaign_id):
        return _code_error("code_unknown", _("This code is not valid. Check it against your slip."))
    throttle.refund(WRONG_CODES, client)
    if row["spent"]:
        return _code_error("code_spent", _("This code has already been used: each code casts one ballot."))
    if row["revoked"]:
        return _code_error("code_revoked", _("This code was withdrawn. Ask the counting board for a new slip."))
    campaign = Campaign.objects.only("status", "closes_at").get(pk=row["campaign_id"])
    if campaign.status == CampaignStatus.DRAFT:
        return _code_error("campaign_not_open", _("Voting has not started yet."))
    if campaign.closes_at is not None and campaign.closes_at <= timezone.now():
        closed_on = date_format(timezone.localtime(campaign.closes_at), "SHORT_DATETIME_FORMAT")
        return _code_error("code_expired", _("This code has expired: voting closed at %(time)s.") % {"time": closed_on})
    return _code_error("code_expired", _("This code has expired: voting is closed."))


def ballot_for_code(*, typed_code: str, client: str) -> BallotForm:
    """The ballot a code opens, if the code can still be used."""
    code = _well_formed(typed_code)
    digest = codes.digest(code)
    throttle.hit(WRONG_CODES, client)
    row = BallotCode.objects.filter(digest=digest, spent=False, revoked=False).values("campaign_id").first()
    if row is not None and accepts_ballots(row["campaign_id"]):
        form = ballot_form(campaign_id=row["campaign_id"])
        if form is not None:
            throttle.refund(WRONG_CODES, client)
            return form
    raise _refusal(digest, row["campaign_id"] if row else None, client)


def parse_answers(form: BallotForm, choices: dict[str, list[str]], comments: dict[str, str]) -> tuple[str, dict]:
    """Check one answer per candidate and choice question; returns the compact answers and comments.

    ``choices`` maps ``"<candidate>.<question>"`` (positions) to the chosen option codes; a key
    with two codes is two answers for one line."""
    errors: dict[str, list[str]] = {}
    cells: list[str] = []
    for candidate in form.candidates:
        for question in form.choice_questions:
            key = f"{candidate.position}.{question.position}"
            given = [code for code in choices.get(key, []) if code]
            if len(given) > 1:
                errors[key] = [_("Give one answer only for %(name)s.") % {"name": candidate.full_name}]
            elif not given:
                if question.required:
                    errors[key] = [_("Choose an answer for %(name)s.") % {"name": candidate.full_name}]
                cells.append("-")
            elif given[0] not in question.option_index:
                errors[key] = [_("Choose one of the answers offered.")]
            else:
                cells.append(question.answer_char(given[0]))
    # An answer for a line the ballot does not have is a forged or stale ballot: refuse it whole.
    lines = {f"{c.position}.{q.position}" for c in form.candidates for q in form.choice_questions}
    for key in sorted(key for key, given in choices.items() if key not in lines and any(given)):
        errors[key] = [_("This answer does not belong to the ballot.")]
    kept: dict[str, str] = {}
    allowed = {f"{c.position}.{q.position}" for c in form.candidates for q in form.text_questions}
    for key, text in comments.items():
        text = (text or "").strip()
        if not text:
            continue
        if key not in allowed:
            errors[key] = [_("This comment does not belong to the ballot.")]
        elif len(text) > MAX_COMMENT:
            errors[key] = [_("Keep comments under %(n)d characters.") % {"n": MAX_COMMENT}]
        else:
            kept[key] = text
    if errors:
        raise ServiceError("invalid", _("Some answers are missing or not valid."), field_errors=errors)
    return "".join(cells), kept


_TABLES = {
    "code": BallotCode._meta.db_table,
    "campaign": Campaign._meta.db_table,
    "ballot": Ballot._meta.db_table,
    "receipt": Receipt._meta.db_table,
}
CAST_SQL = """
WITH spent AS (
    UPDATE {code} AS c SET spent = TRUE
    FROM {campaign} AS k
    WHERE c.digest = %s AND c.campaign_id = %s AND NOT c.spent AND NOT c.revoked
      AND k.id = c.campaign_id AND k.status = 'open' AND (k.closes_at IS NULL OR k.closes_at > now())
    RETURNING c.campaign_id
), stored AS (
    INSERT INTO {ballot} (id, campaign_id, answers, comments)
    SELECT %s, campaign_id, %s, %s::jsonb FROM spent
    RETURNING campaign_id
)
INSERT INTO {receipt} (campaign_id, number) SELECT campaign_id, %s FROM stored
RETURNING number
""".format(**_TABLES)  # noqa: S608 (table names from the models, values are parameters)


def _spend_and_store_pg(digest: str, campaign_id: int, answers: str, comments: dict) -> str | None:
    """One prepared statement with server-side parameters: no SQL text is rendered per cast, and
    each pooled connection plans it once."""
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(CAST_SQL, [digest, campaign_id, uuid.uuid4(), answers,
                                  json.dumps(comments) if comments else None, codes.new_receipt()], prepare=True)
        row = cursor.fetchone()
    return row[0] if row else None


def _spend_and_store_orm(digest: str, campaign_id: int, answers: str, comments: dict) -> str | None:
    now = timezone.now()
    with transaction.atomic():
        spent = (
            BallotCode.objects.filter(digest=digest, campaign_id=campaign_id, spent=False, revoked=False,
                                      campaign__status=CampaignStatus.OPEN)
            .filter(Q(campaign__closes_at__isnull=True) | Q(campaign__closes_at__gt=now))
            .update(spent=True)
        )
        if not spent:
            return None
        Ballot.objects.create(campaign_id=campaign_id, answers=answers, comments=comments or None)
        receipt = codes.new_receipt()
        Receipt.objects.create(campaign_id=campaign_id, number=receipt)
    return receipt


def _spend_and_store(form: BallotForm, digest: str, answers: str, comments: dict) -> str | None:
    store = _spend_and_store_pg if connection.vendor == "postgresql" else _spend_and_store_orm
    if not getattr(settings, "BALLOTS_AUDIT_EACH_CAST", False):
        return store(digest, form.campaign_id, answers, comments)
    with transaction.atomic():
        receipt = store(digest, form.campaign_id, answers, comments)
        if receipt is not None:
            audit.record(None, "ballot.cast", form.campaign)
        return receipt


def ballot_cast(*, campaign: Any, typed_code: str, choices: dict[str, list[str]], comments: dict[str, str],
                client: str) -> Cast:
    """Spend the code and store the ballot in one transaction; answer the receipt number.

    ``campaign`` is the campaign's public id, as carried by the ballot page."""
    code = _well_formed(typed_code)
    form = ballot_form(public_id=campaign)
    if form is None:
        raise _code_error("code_unknown", _("This code is not valid. Check it against your slip."))
    answers, kept = parse_answers(form, choices, comments)
    digest = codes.digest(code)
    throttle.hit(WRONG_CODES, client)
    for _attempt in range(RECEIPT_ATTEMPTS):
        try:
            receipt = _spend_and_store(form, digest, answers, kept)
        except IntegrityError:  # a receipt number drawn twice: nothing was written, draw again
            continue
        if receipt is None:
            raise _refusal(digest, form.campaign_id, client)
        throttle.refund(WRONG_CODES, client)
        return Cast(receipt=receipt, campaign=form)
    throttle.refund(WRONG_CODES, client)
    raise ServiceError("busy", _("The ballot could not be stored. Please submit it again."))
