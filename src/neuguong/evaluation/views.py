"""Pages of the evaluation module: the periods with their progress and quota, a review with what
reviewers read beside the scores and the steps the user can take now, the member's self-assessment
(phone first), the secretary's collective review, the superior's assessment and the one-button steps."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neuguong.accounts.scoping import NotFound, has_permission, scoped
from neuguong.catalogues import selectors as catalogue
from neuguong.catalogues.models import EvaluationSubject
from neuguong.core import exports as core_exports
from neuguong.core.errors import ServiceError
from neuguong.core.lifecycle import allowed_transitions
from neuguong.orgs.models import PARTY_KINDS, Unit, UnitStatus
from neuguong.study import selectors as study_selectors
from neuguong.web.lists import ListPage
from neuguong.web.pages import form_page
from neuguong.web.permissions import require_permission
from neuguong.web.units import current_unit

from . import documents, exports, forms, lists, rules, selectors, services
from .models import Review, ReviewStatus

VIEW = "evaluation.view"
PAGE_SIZE = 200
TO_HOLD_SHOWN = 10  # on the member's page; the whole list on its own page
MEETINGS_SHOWN = 50  # the period's latest collective review meetings, each with its minutes


def review_url(pk: int) -> str:
    return reverse("evaluation:review_detail", args=[pk])


@require_permission(VIEW)
def periods(request: HttpRequest) -> HttpResponseBase:
    """The periods of the user's subtrees with their filters, sorts and download."""
    form, rows = lists.PERIODS.build(request.user, request.GET, current_unit(request))
    listing = ListPage(request, rows, name=lists.PERIODS.name, form=form, sorts=lists.PERIODS.sorts,
                       export=exports.PERIODS, source=lists.PERIODS, empty=_("No review period matches these filters."))
    return listing.response("evaluation/periods.html", "evaluation/_period_table.html",
                            {"can_manage": has_permission(request.user, "evaluation.manage")})


@require_permission(VIEW)
def period_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A period: its progress by step, the quota by group (who is over, and why) and its reviews (a
    list page: filters, sorts, downloads, long ones by job)."""
    user = request.user
    period = selectors.period_get(user, pk)
    # The list reads its period from the query string, as a worker rebuilding a long download does.
    query = request.GET.copy()
    query[lists.PERIOD_PARAM] = str(period.pk)
    request.GET = query  # type: ignore[assignment]  # what ListPage and a job read
    asked = query.get("export", "")
    if asked == "quota":
        return core_exports.response(exports.QUOTA, selectors.quota_groups(period), "xlsx",
                                     name=f"{exports.QUOTA.name} {period.title}")
    form, rows = lists.REVIEWS.build(user, query, current_unit(request))
    if asked == "reviews":  # the download link of the period's page before the list's own
        return core_exports.response(exports.REVIEWS, rows, "xlsx", name=f"{exports.REVIEWS.name} {period.title}")
    listing = ListPage(request, rows, name=lists.REVIEWS.name, form=form, sorts=lists.REVIEWS.sorts,
                       export=exports.REVIEWS, source=lists.REVIEWS, empty=_("No review matches these filters."))
    levels = selectors.level_names()
    if getattr(request, "htmx", False) or listing.export_format():  # the table alone, or the download
        return listing.response("evaluation/period_detail.html", "evaluation/_review_table.html",
                                {"levels": levels})
    progress = selectors.period_progress(period)
    return listing.response("evaluation/period_detail.html", "evaluation/_review_table.html", {
        "period": period, "progress": progress, "groups": selectors.quota_groups(period), "levels": levels,
        "meetings": selectors.period_meetings(user, period, limit=MEETINGS_SHOWN), "meetings_shown": MEETINGS_SHOWN,
        "can_classify": period.status == "open" and has_permission(user, "evaluation.manage", period.unit.path)
        and progress.by_status.get(ReviewStatus.SUPERIOR_ASSESSED, 0) > 0,
        "steps": [{"name": step.name, "label": step.label,
                   "url": reverse(f"evaluation:period_{step.name}", args=[period.pk])}
                  for step in allowed_transitions(period, user)],
    })


@require_permission("evaluation.manage")
def period_create(request: HttpRequest) -> HttpResponse:
    """A new period on a unit where the user holds ``evaluation.manage`` (as the API's), a draft or
    opened at once; written and audited by the services."""
    user, working = request.user, current_unit(request)
    units = scoped(Unit.objects.filter(status=UnitStatus.ACTIVE, kind__in=PARTY_KINDS), user, "evaluation.manage")
    today = timezone.localdate()
    near = working if working is not None and units.filter(pk=working.pk).exists() else None
    form = forms.PeriodForm(request.POST or None, units=units, near=near, initial={
        "unit": near.pk if near else None, "kind": "yearly", "year": today.year, "opens_on": today,
        "title": _("Review of %(year)s") % {"year": today.year}})

    def save() -> tuple[str, str]:
        if form.cleaned_data.get("open_now"):
            period = services.period_create_and_open(acting_user=user, **form.service_kwargs())
            done = _("The period was created and opened: its reviews are being created.")
        else:
            period = services.period_create(acting_user=user, **form.service_kwargs())
            done = _("The period was created as a draft: open it to create its reviews.")
        return done, reverse("evaluation:period_detail", args=[period.pk])

    context = {"title": _("New review period"), "back_url": reverse("evaluation:index"),
               "submit_label": _("Create")}
    return form_page(request, form, "web/form_page.html", context, save=save, aliases={"unit_id": "unit"})


PERIOD_STEPS: dict[str, dict[str, Any]] = {
    "open": {"done": gettext_lazy("The period is open: its reviews are being created."),
             "service": services.period_open},
    "close": {"done": gettext_lazy("The period is closed."), "service": services.period_close},
}


@require_permission("evaluation.manage")
def period_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    period = selectors.period_get(request.user, pk)
    back = reverse("evaluation:period_detail", args=[pk])
    refusal = services.PERIOD.refusal(period, services.PERIOD[step], request.user, {})
    if request.method != "POST" and refusal:
        messages.info(request, refusal)
        return redirect(back)
    form = forms.ConfirmForm(request.POST if request.method == "POST" else None)
    page = PERIOD_STEPS[step]

    def save() -> tuple[str, str]:
        page["service"](period_id=pk, acting_user=request.user)
        return str(page["done"]), back

    context = {"title": services.PERIOD[step].label, "subject": period.title, "back_url": back,
               "submit_label": services.PERIOD[step].label}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("self.view")
def mine(request: HttpRequest) -> HttpResponseBase:
    """The member's own reviews (a list page: never a peer's), the first collective reviews to hold, and for
    the Standing Committee member following a unit the reviews waiting for their comment."""
    form, rows = lists.OWN.build(request.user, request.GET, current_unit(request))
    listing = ListPage(request, rows, name=lists.OWN.name, form=form, sorts=lists.OWN.sorts, export=exports.OWN,
                       source=lists.OWN, empty=_("You have no review matching these filters."))
    to_hold = selectors.collective_reviews_to_hold(request.user, limit=TO_HOLD_SHOWN + 1)
    return listing.response("evaluation/mine.html", "evaluation/_own_table.html", {
        "to_hold": to_hold[:TO_HOLD_SHOWN], "more_to_hold": len(to_hold) > TO_HOLD_SHOWN,
        "to_comment": selectors.followed_reviews(request.user, limit=PAGE_SIZE)
        if has_permission(request.user, VIEW) else [],
        "levels": selectors.level_names()})


@require_permission("evaluation.review")
def to_hold(request: HttpRequest) -> HttpResponseBase:
    """The collective reviews the secretary has to hold, with their filters, sorts and download."""
    form, rows = lists.TO_HOLD.build(request.user, request.GET, current_unit(request))
    listing = ListPage(request, rows, name=lists.TO_HOLD.name, form=form, sorts=lists.TO_HOLD.sorts,
                       export=exports.TO_HOLD, source=lists.TO_HOLD,
                       empty=_("No collective review waits for you with these filters."))
    return listing.response("evaluation/to_hold.html", "evaluation/_to_hold_table.html")


def _review(request: HttpRequest, pk: int) -> Review:
    try:
        return selectors.review_get(request.user, pk)
    except NotFound as exc:
        raise Http404 from exc


STEP_URLS = {"self_assess": "evaluation:self_assess", "collective_review": "evaluation:collective_review",
             "superior_assess": "evaluation:superior_assess"}


def _steps(review: Review, user: Any) -> list[dict[str, Any]]:
    return [{"name": step.name, "label": step.label,
             "url": reverse(STEP_URLS.get(step.name, f"evaluation:review_{step.name}"), args=[review.pk])}
            for step in allowed_transitions(review, user)]


@require_permission("self.view")
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A review: the scores, the tasks, the report, the collective's and the superior's assessments,
    the classification with its triggers, and for reviewers what they read beside the scores."""
    user = request.user
    review = _review(request, pk)
    follower = selectors.follows(user, review)
    reviewer = follower or has_permission(user, VIEW, review.unit.path) or has_permission(
        user, "evaluation.review", review.unit.path)
    levels = selectors.level_names()
    return render(request, "evaluation/review_detail.html", {
        "review": review, "steps": _steps(review, user), "levels": levels,
        "level": levels.get(review.level, ""), "shares": rules.shares(review.tasks.all()),
        "beside": selectors.beside_scores(review) if reviewer else None,
        "manifestations": [check for check in selectors.manifestations_visible(user, review) if check.present],
        "sees_sensitive": selectors.sees_sensitive(user, review),
        "can_edit_tasks": review.status in ("open", "self_assessed", "collective_reviewed") and (
            services.is_subject(user, review) or has_permission(user, "evaluation.manage", review.unit.path)),
        "can_suggest": review.status == ReviewStatus.OPEN
        and has_permission(user, "evaluation.manage", review.unit.path),
        "can_comment": review.person_id is not None and review.status not in ("approved", "notified", "appealed")
        and has_permission(user, "evaluation.manage", review.unit.path),
        "can_comment_as_follower": follower and review.status in selectors.COMMENT_STATES,
    })


def _follow(review: Review) -> str:
    """The Chỉ thị 05 result shown at the criterion filled from it, for a person's review."""
    if review.person_id is None:
        return ""
    return forms.follow_text(study_selectors.follow_result(review.person_id, review.period.year))


@require_permission("self.view")
def self_assess(request: HttpRequest, pk: int) -> HttpResponse:
    """The self-assessment, one criterion and one manifestation after the other, for a phone."""
    review = _review(request, pk)
    # The person, or the unit's staff entering a paper form (the service checks the same).
    if not (services.is_subject(request.user, review)
            or has_permission(request.user, "evaluation.manage", review.unit.path)):
        raise Http404
    manifestations = list(catalogue.manifestations()) if review.person_id else []
    form = forms.SelfAssessmentForm(request.POST or None, criteria=list(review.template.criteria.all()),
                                    manifestations=manifestations, follow=_follow(review))

    def save() -> tuple[str, str]:
        data = form.cleaned_data
        services.self_assess(review_id=pk, scores=form.score_entries(), strengths=data["strengths"],
                             shortcomings=data["shortcomings"], remedies=data["remedies"], level=data["level"],
                             manifestations=form.manifestation_entries(), acting_user=request.user)
        return _("Your self-assessment was sent."), review_url(pk)

    context = {"title": _("Self-assessment"), "subject": review.subject_name, "back_url": review_url(pk),
               "submit_label": _("Send the self-assessment"), "review": review}
    return form_page(request, form, "evaluation/assess_form.html", context, save=save,
                     aliases={"scores": "strengths", "manifestations": "level"})


@require_permission("self.view")
def tasks(request: HttpRequest, pk: int) -> HttpResponse:
    """The task list by products: the person's (or the collective's by its secretary, or the staff's)."""
    user = request.user
    review = _review(request, pk)
    if not (services.is_subject(user, review) or has_permission(user, "evaluation.manage", review.unit.path)):
        raise Http404
    initial = [{"title": t.title, "product": t.product, "weight": t.weight, "due_on": t.due_on, "done_on": t.done_on,
                "evidence": t.evidence, "exceeded": t.exceeded} for t in review.tasks.all()]
    formset = forms.TaskFormSet(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and formset.is_valid():
        try:
            services.tasks_save(review_id=pk, tasks=forms.task_entries(formset), acting_user=user)
        except ServiceError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The task list was saved."))
            return redirect(review_url(pk))
    status = 422 if request.method == "POST" else 200
    return render(request, "evaluation/tasks_form.html", {
        "review": review, "formset": formset, "back_url": review_url(pk)}, status=status)


@require_permission("evaluation.manage")
def suggestion(request: HttpRequest, pk: int) -> HttpResponse:
    """The superior's suggestion of points to review (gợi ý kiểm điểm), before the self-assessment."""
    review = _review(request, pk)
    form = forms.SuggestionForm(request.POST or None)

    def save() -> tuple[str, str]:
        services.suggestion_add(review_id=pk, text=form.cleaned_data["text"], acting_user=request.user)
        return _("The suggestion was recorded."), review_url(pk)

    context = {"title": _("Suggest points to review"), "subject": review.subject_name, "back_url": review_url(pk),
               "submit_label": _("Record")}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("evaluation.manage")
def resident_comment(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    form = forms.ResidentCommentForm(request.POST or None)

    def save() -> tuple[str, str]:
        services.resident_comment_add(review_id=pk, acting_user=request.user, **form.cleaned_data)
        return _("The residents' comment was recorded."), review_url(pk)

    context = {"title": _("Residents' comment"), "subject": review.subject_name, "back_url": review_url(pk),
               "submit_label": _("Record")}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission(VIEW)
def follower_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """The comment of the Standing Committee member who follows the unit (the service checks the follow)."""
    review = _review(request, pk)
    if not selectors.follows(request.user, review):
        raise Http404
    form = forms.FollowerCommentForm(request.POST or None)

    def save() -> tuple[str, str]:
        services.follower_comment_add(review_id=pk, text=form.cleaned_data["text"], acting_user=request.user)
        return _("Your comment was recorded."), review_url(pk)

    context = {"title": _("Comment as the unit's follower"), "subject": review.subject_name,
               "back_url": review_url(pk), "submit_label": _("Record")}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("evaluation.review")
def collective_review(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    form = forms.CollectiveReviewForm(request.POST or None)

    def save() -> tuple[str, str]:
        services.collective_review(review_id=pk, comments=form.cleaned_data["comments"], votes=form.votes(),
                                   members_present=form.cleaned_data["members_present"], acting_user=request.user)
        return _("The collective review was recorded."), review_url(pk)

    context = {"title": _("Collective review"), "subject": review.subject_name, "back_url": review_url(pk),
               "submit_label": _("Record the collective review"), "review": review}
    return form_page(request, form, "evaluation/assess_form.html", context, save=save,
                     aliases={"votes": "comments"})


@require_permission("evaluation.review")
def superior_assess(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    subject = EvaluationSubject.COLLECTIVE if review.is_collective else EvaluationSubject.INDIVIDUAL
    findings = [t for t in catalogue.downgrade_triggers(subject)
                if t.code.split(".", 1)[-1] not in ("weak_criterion", "disciplined")]
    initial = {f"points_{s.criterion_id}": s.self_points for s in review.scores.all()}
    form = forms.SuperiorForm(request.POST or None, criteria=list(review.template.criteria.all()), findings=findings,
                              initial=initial, follow=_follow(review))

    def save() -> tuple[str, str]:
        data = form.cleaned_data
        services.superior_assess(review_id=pk, scores=form.score_entries(), comments=data["comments"],
                                 level=data["level"], findings=data["findings"], acting_user=request.user)
        return _("The superior's assessment was recorded."), review_url(pk)

    context = {"title": _("Superior's assessment"), "subject": review.subject_name, "back_url": review_url(pk),
               "submit_label": _("Record the assessment"), "review": review}
    return form_page(request, form, "evaluation/assess_form.html", context, save=save,
                     aliases={"scores": "comments", "findings": "findings"})


SIMPLE_STEPS: dict[str, dict[str, Any]] = {
    "classify": {"title": gettext_lazy("Classify the review"), "done": gettext_lazy("The review was classified."),
                 "form": forms.ConfirmForm, "service": services.classify},
    "approve": {"title": gettext_lazy("Approve the classification"),
                "done": gettext_lazy("The classification was approved."), "form": forms.ConfirmForm,
                "service": services.approve},
    "notify": {"title": gettext_lazy("Notify the person"), "done": gettext_lazy("The person was notified."),
               "form": forms.ConfirmForm, "service": services.notify},
    "appeal": {"title": gettext_lazy("Appeal against the classification"),
               "done": gettext_lazy("Your appeal was filed."), "form": forms.AppealForm,
               "service": services.appeal},
    "resolve_appeal": {"title": gettext_lazy("Resolve the appeal"), "done": gettext_lazy("The appeal was resolved."),
                       "form": forms.ResolveForm, "service": services.resolve_appeal},
}


@require_permission("self.view")
def review_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One step of the cycle that needs at most a text: the form, then the step through its lifecycle."""
    review = _review(request, pk)
    back = review_url(pk)
    refusal = services.REVIEW_LIFECYCLE.refusal(review, services.REVIEW_LIFECYCLE[step], request.user, {})
    if request.method != "POST" and refusal:
        messages.info(request, refusal)
        return redirect(back)
    page = SIMPLE_STEPS[step]
    form = page["form"](request.POST if request.method == "POST" else None)

    def save() -> tuple[str, str]:
        page["service"](review_id=pk, acting_user=request.user, **form.cleaned_data)
        return str(page["done"]), back

    context = {"title": page["title"], "subject": review.subject_name, "back_url": back,
               "submit_label": services.REVIEW_LIFECYCLE[step].label}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("evaluation.manage")
def period_classify(request: HttpRequest, pk: int) -> HttpResponse:
    """Classify the period: every review assessed by its superior at once, then the quota of every group."""
    period = selectors.period_get(request.user, pk)
    back = reverse("evaluation:period_detail", args=[pk])
    form = forms.ConfirmForm(request.POST if request.method == "POST" else None)

    def save() -> tuple[str, str]:
        result = services.period_classify(period_id=pk, acting_user=request.user)
        done = _("%(count)s reviews were classified.") % {"count": result.classified}
        if result.over_quota:
            done += " " + _("%(groups)s groups have more “Excellently completed tasks” than the quota allows: "
                            "see the quota below.") % {"groups": len(result.over_quota)}
        return done, back

    context = {"title": _("Classify the period"), "subject": period.title, "back_url": back,
               "submit_label": _("Classify the period")}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission(VIEW)
def period_summary(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The unit summary: the levels by subtree of the units below the chosen one, and the drill-down to
    the people and collectives of its subtree behind each figure (a list page: ``?level=``, ``?subject=``,
    a search, sorts and downloads, long ones by job)."""
    user = request.user
    summary = selectors.level_summary(user, pk, unit_id=request.GET.get("unit", "")[:12])
    # The drill-down reads its period and unit from the query string, as a worker rebuilding a download does.
    query = request.GET.copy()
    query[lists.PERIOD_PARAM], query["unit"] = str(summary.period.pk), str(summary.unit.pk)
    request.GET = query  # type: ignore[assignment]  # what ListPage and a job read
    asked = query.get("export", "")
    if asked == "summary":
        return core_exports.response(exports.SUMMARY, summary.rows, "xlsx",
                                     name=f"{exports.SUMMARY.name} {summary.period.title}")
    if asked == "summary_docx":
        return _word(documents.summary_file(user, pk, unit_id=summary.unit.pk))
    form, rows = lists.SUMMARY_REVIEWS.build(user, query, current_unit(request))
    if asked == "reviews":  # the drill-down's download link before the list's own
        return core_exports.response(exports.REVIEWS, rows, "xlsx", name=f"{exports.REVIEWS.name} {summary.unit.name}")
    listing = ListPage(request, rows, name=lists.SUMMARY_REVIEWS.name, form=form, sorts=lists.SUMMARY_REVIEWS.sorts,
                       export=exports.REVIEWS, source=lists.SUMMARY_REVIEWS, empty=_("No review matches."))
    levels = selectors.level_names()
    if getattr(request, "htmx", False) or listing.export_format():  # the table alone, or the download
        return listing.response("evaluation/summary.html", "evaluation/_review_table.html", {"levels": levels})
    ancestors = list(Unit.objects.filter(pk__in=[int(x) for x in summary.unit.path.strip("/").split("/")],
                                         path__startswith=summary.period.unit.path).order_by("depth"))
    return listing.response("evaluation/summary.html", "evaluation/_review_table.html", {
        "summary": summary, "period": summary.period, "ancestors": ancestors, "levels": levels,
        "level_codes": list(rules.LEVELS),
        "can_manage": has_permission(user, "evaluation.manage", summary.period.unit.path)})


def _word(found: documents.WordFile) -> HttpResponse:
    return core_exports.attachment(found.content, documents.DOCX, found.name)


@require_permission("self.view")
def review_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The review as a Word report (form 01, 2A, 2B or 2C); the manifestations only in the copy of
    those who may read them."""
    try:
        return _word(documents.review_file(request.user, pk))
    except NotFound as exc:
        raise Http404 from exc


@require_permission("self.view")
def review_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes of the collective review meeting that held this review (404 before it is held): the
    reviews of that day the user may read, the manifestations only for those who may read them."""
    try:
        return _word(documents.minutes_file(request.user, pk))
    except NotFound as exc:
        raise Http404 from exc


@require_permission("self.view")
def cadre_profile(request: HttpRequest, person_id: int) -> HttpResponse:
    """One person's classifications, scores and what sits beside them, year by year, for planning."""
    try:
        profile = selectors.cadre_profile(request.user, person_id)
    except NotFound as exc:
        raise Http404 from exc
    return render(request, "evaluation/cadre_profile.html", {"profile": profile})


@require_permission("self.view")
def cadre_profile_document(request: HttpRequest, person_id: int) -> HttpResponse:
    """The cadre profile in Word: what the page shows the user, from the same selector."""
    try:
        return _word(documents.profile_file(request.user, person_id))
    except NotFound as exc:
        raise Http404 from exc
