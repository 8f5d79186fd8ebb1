"""Public pages: casting a ballot with a one-time code (no account), the receipt, and the results
and counted receipts of published campaigns.

The code arrives by POST only (typed, or put in the form by the page's script from the URL
fragment of the QR code), so it never appears in a URL or an access log; pages holding it are
never cached.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from neuguong.core.errors import ServiceError
from neuguong.core.net import client_address
from neuguong.core.throttle import ThrottledError

from . import codes as code_format
from . import minutes, selectors, services
from .forms import CodeForm, ReceiptCheckForm
from .selectors import BallotForm
from .services.casting import parse_answers


def _choices(post: Any) -> tuple[dict[str, list[str]], dict[str, str]]:
    choices = {key[2:].replace("-", "."): post.getlist(key) for key in post if key.startswith("a-")}
    comments = {key[2:].replace("-", "."): post.get(key, "") for key in post if key.startswith("t-")}
    return choices, comments


def _ballot_rows(form: BallotForm, choices: dict[str, list[str]], comments: dict[str, str],
                 errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    rows = []
    for candidate in form.candidates:
        cells = []
        for question in form.questions:
            key = f"{candidate.position}.{question.position}"
            chosen = (choices.get(key) or [""])[0]
            cells.append({"question": question, "name": f"{candidate.position}-{question.position}",
                          "chosen": chosen, "chosen_label": dict(question.options).get(chosen, ""),
                          "comment": comments.get(key, ""), "errors": errors.get(key, [])})
        rows.append({"candidate": candidate, "cells": cells})
    return rows


def _ballot_page(request: HttpRequest, form: BallotForm, code: str, *, choices: dict | None = None,
                 comments: dict | None = None, errors: dict | None = None, message: str = "",
                 status: int = 200) -> HttpResponse:
    return render(request, "ballots/vote_ballot.html", {
        "form": form, "code": code, "rows": _ballot_rows(form, choices or {}, comments or {}, errors or {}),
        "message": message,
    }, status=status)


PUBLISHED_SHOWN = 10


def _code_page(request: HttpRequest, form: CodeForm, status: int = 200, refusal: str = "") -> HttpResponse:
    published = list(selectors.campaigns_published()[:PUBLISHED_SHOWN])
    return render(request, "ballots/vote_start.html", {"form": form, "refusal": refusal, "published": published},
                  status=status)


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def vote_start(request: HttpRequest) -> HttpResponse:
    """Type the code (or arrive from the QR code); a valid code opens the ballot."""
    form = CodeForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return _code_page(request, form, 422 if request.method == "POST" else 200)
    try:
        ballot = services.ballot_for_code(typed_code=form.cleaned_data["code"], client=client_address(request))
    except ThrottledError:
        raise  # answered by web.middleware.ThrottledMiddleware
    except ServiceError as error:
        form.add_error("code", str(error.message))
        return _code_page(request, form, 422)
    return _ballot_page(request, ballot, code_format.grouped(code_format.normalize(form.cleaned_data["code"])))


@never_cache
@sensitive_post_parameters("code")
@require_POST
def vote_ballot(request: HttpRequest) -> HttpResponse:
    """Fill in → review → cast. ``step`` says which button was pressed."""
    ballot = selectors.ballot_form(public_id=request.POST.get("campaign", ""))
    code = request.POST.get("code", "")
    if ballot is None:
        return _code_page(request, CodeForm(), 422)
    choices, comments = _choices(request.POST)
    step = request.POST.get("step", "review")
    if step == "edit":
        return _ballot_page(request, ballot, code, choices=choices, comments=comments)
    try:
        parse_answers(ballot, choices, comments)
    except ServiceError as error:
        return _ballot_page(request, ballot, code, choices=choices, comments=comments, errors=error.field_errors,
                            message=str(error.message), status=422)
    if step != "cast":
        return render(request, "ballots/vote_review.html", {
            "form": ballot, "code": code, "rows": _ballot_rows(ballot, choices, comments, {})})
    return _cast(request, ballot, code, choices, comments)


def _cast(request: HttpRequest, ballot: BallotForm, code: str, choices: dict, comments: dict) -> HttpResponse:
    try:
        cast = services.ballot_cast(campaign=ballot.public_id, typed_code=code, choices=choices, comments=comments,
                                    client=client_address(request))
    except ThrottledError:
        raise  # answered by web.middleware.ThrottledMiddleware
    except ServiceError as error:
        if error.field_errors.keys() - {"code"}:
            return _ballot_page(request, ballot, code, choices=choices, comments=comments,
                                errors=error.field_errors, message=str(error.message), status=422)
        return _code_page(request, CodeForm(), 409, str(error.message))
    return render(request, "ballots/vote_receipt.html", {"form": ballot,
                                                         "receipt": code_format.grouped(cast.receipt)}, status=201)


def vote_receipts(request: HttpRequest, public_id: str) -> HttpResponse:
    """The counted receipts of a published campaign, and a check of one receipt."""
    campaign = selectors.published_campaign(public_id)
    form = ReceiptCheckForm(request.GET or None)
    found = None
    if form.is_valid():
        found = selectors.receipt_counted(campaign, code_format.normalize(form.cleaned_data["receipt"]))
    receipts = [code_format.grouped(r) for r in selectors.receipts_of(campaign)]
    return render(request, "ballots/vote_receipts.html", {"campaign": campaign, "receipts": receipts,
                                                          "form": form, "found": found})


def vote_results(request: HttpRequest, public_id: str) -> HttpResponse:
    campaign = selectors.published_campaign(public_id)
    return render(request, "ballots/vote_results.html",
                  {"campaign": campaign, **minutes.results_context(minutes.minutes_data(campaign))})
