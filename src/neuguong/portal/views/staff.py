"""Staff pages of the portal: the articles of the user's subtrees, the editor, an article's page with
its workflow steps and revisions, the diff of two revisions and the feedback moderation queue."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from neuguong.accounts.scoping import has_permission, scoped
from neuguong.core.errors import ServiceError
from neuguong.core.lifecycle import allowed_transitions, history_of
from neuguong.orgs.models import Unit, UnitStatus
from neuguong.web.forms import add_service_error
from neuguong.web.lists import ListPage
from neuguong.web.pages import form_page, paginate
from neuguong.web.permissions import require_permission
from neuguong.web.units import current_unit

from .. import exports, forms, selectors, services
from ..lists import ARTICLES
from ..models import ArticleStatus, FeedbackStatus

WRITE, PUBLISH = "portal.write", "portal.publish"
STEP_NEEDS = {"return": "reason", "unpublish": "reason", "schedule": "publish_at"}


def article_url(pk: int) -> str:
    return reverse("portal:article_detail", args=[pk])


@require_permission(WRITE)
def articles(request: HttpRequest) -> HttpResponseBase:
    form, rows = ARTICLES.build(request.user, request.GET, current_unit(request))
    listing = ListPage(request, rows, name="portal_article", form=form, sorts=ARTICLES.sorts, export=exports.ARTICLES,
                       source=ARTICLES, empty=_("No article matches these filters."))
    return listing.response("portal/articles.html", "portal/_article_table.html",
                            {"can_moderate": has_permission(request.user, PUBLISH)})


def _article_form(request: HttpRequest, initial: dict[str, Any] | None = None) -> forms.ArticleForm:
    units = scoped(Unit.objects.filter(status=UnitStatus.ACTIVE), request.user, WRITE)
    return forms.ArticleForm(request.POST or None, request.FILES or None, units=units, near=current_unit(request),
                             initial=initial)


@require_permission(WRITE)
def article_create(request: HttpRequest) -> HttpResponse:
    working = current_unit(request)
    form = _article_form(request, {"unit": working.pk if working else None})

    def save() -> tuple[str, str]:
        article = services.article_create(unit_id=form.cleaned_data["unit"].pk, acting_user=request.user,
                                          **form.service_kwargs())
        return _("The draft was saved."), article_url(article.pk)

    context = {"title": _("Write an article"), "back_url": reverse("portal:articles"), "submit_label": _("Save")}
    return form_page(request, form, "web/form_page.html", context, save=save,
                     aliases={"unit_id": "unit", "category_id": "category"})


@require_permission(WRITE)
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_get(request.user, pk)
    form = _article_form(request, {
        "unit": article.unit_id, "category": article.category_id, "title": article.title, "summary": article.summary,
        "body": article.body, "tags": ", ".join(tag.name for tag in article.tags.all()),
        "cover_alt": article.cover_alt, "cover_focus": article.cover_focus, "expire_at": article.expire_at})
    form.fields["unit"].disabled = True

    def save() -> tuple[str, str]:
        services.article_update(article_id=article.pk, acting_user=request.user, **form.service_kwargs())
        return _("The article was saved as a new revision."), article_url(article.pk)

    context = {"title": _("Edit the article"), "subject": article.title, "back_url": article_url(article.pk),
               "submit_label": _("Save")}
    return form_page(request, form, "web/form_page.html", context, save=save, aliases={"category_id": "category"})


@require_permission(WRITE)
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_get(request.user, pk)
    steps = [step for step in allowed_transitions(article, request.user)
             if step.name not in services.articles.WORKER_STEPS]
    return render(request, "portal/article_detail.html", {
        "article": article, "steps": [{"name": s.name, "label": s.label, "needs": STEP_NEEDS.get(s.name, "")}
                                      for s in steps],
        "revisions": selectors.revisions_of(article)[:50], "history": _history(article),
        "views": selectors.view_totals(article), "step_form": forms.StepForm(),
    })


def _history(article: Any) -> list[Any]:
    labels = dict(ArticleStatus.choices)
    changes = list(history_of(article))
    for change in changes:
        change.from_label = labels.get(change.from_state, change.from_state)  # type: ignore[attr-defined]
        change.to_label = labels.get(change.to_state, change.to_state)  # type: ignore[attr-defined]
    return changes


@require_permission(WRITE)
@require_POST
def article_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    article = selectors.article_get(request.user, pk)
    form = forms.StepForm(request.POST)
    if form.is_valid():
        try:
            services.article_step(article_id=article.pk, step=step, acting_user=request.user,
                                  reason=form.cleaned_data["reason"], publish_at=form.cleaned_data["publish_at"])
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Done."))
            return redirect(article_url(article.pk))
    return render(request, "portal/step_refused.html", {"article": article, "form": form}, status=422)


@require_permission(WRITE)
def revision_diff(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_get(request.user, pk)
    newest = article.revision_count
    new_number = request.GET.get("b") or str(newest)
    old_number = request.GET.get("a") or str(max(int(new_number) - 1, 1) if new_number.isdigit() else 1)
    old, new = selectors.revision_get(article, old_number), selectors.revision_get(article, new_number)
    return render(request, "portal/revision_diff.html", {
        "article": article, "old": old, "new": new, "lines": selectors.revision_diff(old, new),
        "revisions": selectors.revisions_of(article)[:50]})


@require_permission(PUBLISH)
def feedback_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or FeedbackStatus.PENDING
    if status not in FeedbackStatus.values:
        status = FeedbackStatus.PENDING
    page = paginate(request, selectors.feedback_queue(request.user, status=status))
    for feedback in page.object_list:
        feedback.contact_shown = services.contact_of(feedback)
    return render(request, "portal/feedback_queue.html", {"page": page, "status": status,
                                                          "statuses": FeedbackStatus.choices})


@require_permission(PUBLISH)
@require_POST
def feedback_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = selectors.feedback_get(request.user, pk)
    try:
        services.feedback_moderate(feedback_id=feedback.pk, approve=request.POST.get("decision") == "approve",
                                   acting_user=request.user)
    except ServiceError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The feedback was approved.") if request.POST.get("decision") == "approve"
                         else _("The feedback was rejected."))
    return redirect("portal:feedback")
