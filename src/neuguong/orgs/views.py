"""Pages of the unit tree and of people: parse, call a selector or a service, render."""

import mimetypes
from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from neuguong.accounts.scoping import ensure_permission_on, has_permission
from neuguong.core.errors import ServiceError
from neuguong.core.throttle import ThrottledError
from neuguong.web.lists import ListPage
from neuguong.web.pages import form_page, paginate, refusal_page
from neuguong.web.permissions import require_permission
from neuguong.web.units import current_unit

from . import exports, selectors, services
from .forms import (
    FollowAssignForm,
    FollowEndForm,
    MembershipEndForm,
    MembershipForm,
    PeopleFilterForm,
    PersonForm,
    PostForm,
    UnitCreateForm,
    UnitDissolveForm,
    UnitEditForm,
    UnitFilterForm,
    UnitMergeForm,
    UnitMoveForm,
)
from .lists import PEOPLE, people_filter
from .models import Person, Unit
from .services.people import PHOTO_TYPES


def _managed_unit(request: HttpRequest, pk: int) -> Unit:
    """A unit the user sees (else 404) and manages (else 403)."""
    unit = selectors.unit_get(request.user, pk)
    ensure_permission_on(request.user, "units.manage", unit)
    return unit


def _managed_person(request: HttpRequest, pk: int) -> Person:
    person = selectors.person_get(request.user, pk)
    ensure_permission_on(request.user, "people.manage", person)
    return person


# --- Unit tree -------------------------------------------------------------------------------


@require_permission("units.view")
def unit_tree(request: HttpRequest) -> HttpResponse:
    form = UnitFilterForm(request.GET or None)
    context: dict[str, Any] = {"form": form}
    if form.is_bound and form.is_valid() and form.is_filtering():
        context["page"] = paginate(request, selectors.units_for(request.user, **form.selector_args())
                                   .select_related("parent"))
    else:
        context["tops"] = selectors.top_units_for(request.user)
    return render(request, "orgs/unit_tree.html", context)


@require_permission("units.view")
def unit_children(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_get(request.user, pk)
    return render(request, "orgs/_unit_children.html", {"children": selectors.unit_children(request.user, unit)})


@require_permission("units.view")
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    unit = selectors.unit_get(user, pk)
    crumbs = [(a, has_permission(user, "units.view", a.path)) for a in selectors.unit_ancestors(unit)]
    counts = selectors.subtree_counts(user, unit) if has_permission(user, "reports.view", unit.path) else None
    return render(request, "orgs/unit_detail.html", {
        "unit": unit,
        "crumbs": crumbs,
        "children": selectors.unit_children(user, unit, include_ended=True),
        "history": selectors.unit_history(user, unit),
        "counts": counts,
        "can_manage": has_permission(user, "units.manage", unit.path),
        "can_view_people": has_permission(user, "people.view", unit.path),
    })


def _unit_form_context(unit: Unit, title: str, submit: str) -> dict[str, Any]:
    return {"title": title, "subject": unit, "back_url": reverse("orgs:unit_detail", args=[unit.pk]),
            "submit_label": submit}


@require_permission("units.manage")
def unit_create(request: HttpRequest, pk: int) -> HttpResponse:
    parent = _managed_unit(request, pk)
    form = UnitCreateForm(request.POST or None)

    def save() -> tuple[str, str]:
        unit = services.unit_create(parent_id=parent.pk, acting_user=request.user, **form.cleaned_data)
        return _("%(unit)s was created.") % {"unit": unit.name}, reverse("orgs:unit_detail", args=[unit.pk])

    context = _unit_form_context(parent, _("New unit under %(unit)s") % {"unit": parent.name}, _("Create"))
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("units.manage")
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _managed_unit(request, pk)
    initial = {"name": unit.name, "short_name": unit.short_name, "kind": unit.kind}
    form = UnitEditForm(request.POST or None, initial=initial)

    def save() -> tuple[str, str]:
        data = form.cleaned_data
        services.unit_update(unit_id=unit.pk, acting_user=request.user, changes=form.changes(),
                             effective_on=data["effective_on"], decision=data["decision"])
        return _("The unit was saved."), reverse("orgs:unit_detail", args=[unit.pk])

    context = _unit_form_context(unit, _("Edit %(unit)s") % {"unit": unit.name}, _("Save"))
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("units.manage")
def unit_move(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _managed_unit(request, pk)
    form = UnitMoveForm(request.POST or None, units=selectors.units_for(request.user))

    def save() -> tuple[str, str]:
        data = form.cleaned_data
        services.unit_move(unit_id=unit.pk, new_parent_id=data["parent"].pk, acting_user=request.user,
                           effective_on=data["effective_on"], decision=data["decision"])
        return _("%(unit)s was moved.") % {"unit": unit.name}, reverse("orgs:unit_detail", args=[unit.pk])

    context = _unit_form_context(unit, _("Move %(unit)s") % {"unit": unit.name}, _("Move"))
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("units.manage")
def unit_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Two steps: choose the units, then confirm with what will move shown."""
    target = _managed_unit(request, pk)
    units = selectors.units_for(request.user)
    nearby = units.filter(Q(parent_id=target.parent_id) | Q(parent_id=target.pk)).exclude(pk=target.pk)
    form = UnitMergeForm(request.POST or None, units=units, offer=nearby)
    context = _unit_form_context(target, _("Merge units into %(unit)s") % {"unit": target.name}, _("Continue"))
    confirmed = request.POST.get("confirm") == "yes"
    if request.method == "POST" and form.is_valid() and not confirmed:
        return render(request, "orgs/unit_merge_confirm.html", {**context, "form": form})

    def save() -> tuple[str, str]:
        data = form.cleaned_data
        services.unit_merge(source_ids=[u.pk for u in data["sources"]], target_id=target.pk,
                            acting_user=request.user, effective_on=data["effective_on"], decision=data["decision"])
        return _("The units were merged into %(unit)s.") % {"unit": target.name}, reverse(
            "orgs:unit_detail", args=[target.pk])

    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("units.manage")
def unit_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _managed_unit(request, pk)
    form = UnitDissolveForm(request.POST or None)

    def save() -> tuple[str, str]:
        services.unit_dissolve(unit_id=unit.pk, acting_user=request.user, **form.cleaned_data)
        return _("%(unit)s was dissolved.") % {"unit": unit.name}, reverse("orgs:unit_detail", args=[unit.pk])

    context = _unit_form_context(unit, _("Dissolve %(unit)s") % {"unit": unit.name}, _("Dissolve"))
    context["danger"] = True
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("units.manage")
def unit_delete(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _managed_unit(request, pk)
    context = {
        "title": _("Delete %(unit)s") % {"unit": unit.name},
        "question": _("Delete this unit? Only a unit created by mistake, with no records, can be deleted."),
        "back_url": reverse("orgs:unit_detail", args=[unit.pk]),
    }
    if request.method == "POST":
        next_url = reverse("orgs:unit_detail", args=[unit.parent_id]) if unit.parent_id else reverse("orgs:unit_tree")
        try:
            services.unit_delete(unit_id=unit.pk, acting_user=request.user)
        except ServiceError as error:
            return refusal_page(request, "web/confirm_page.html", context, error)
        messages.success(request, _("%(unit)s was deleted.") % {"unit": unit.name})
        return redirect(next_url)
    return render(request, "web/confirm_page.html", context)


# --- People list and export ------------------------------------------------------------------


# What the people table shows (orgs/_people_table.html): the page loads these columns only.
PEOPLE_SHOWN = ("full_name", "birth_date", "gender", "unit__name")


def _filtered_people(request: HttpRequest, form: PeopleFilterForm) -> tuple[Any, str]:
    """The filtered people, or nobody and the reason when the user's citizen-ID lookups ran out."""
    try:
        return selectors.people_for(request.user, **form.selector_args()), ""
    except ThrottledError as error:
        return Person.objects.none(), str(error.message)


@require_permission("people.view")
def people(request: HttpRequest) -> HttpResponseBase:
    """The people of the user's units, filtered and sorted, with its Excel and CSV downloads."""
    form = people_filter(request.user, request.GET, current_unit(request))
    people, refusal = _filtered_people(request, form)
    listing = ListPage(request, people, name="people", form=form, sorts=PEOPLE.sorts, shows=PEOPLE_SHOWN,
                       source=PEOPLE,
                       export=None if refusal else exports.PEOPLE,  # a refused lookup never downloads
                       empty=_("No one matches these filters. Try fewer words or another unit."))
    context = {"can_manage": has_permission(request.user, "people.manage"), "refusal": refusal}
    return listing.response("orgs/people.html", "orgs/_people_table.html", context, status=429 if refusal else 200)


# --- One person ------------------------------------------------------------------------------


def _person_context(request: HttpRequest, person: Person) -> dict[str, Any]:
    user, path = request.user, person.unit.path
    return {
        "person": person,
        "can_manage": has_permission(user, "people.manage", path),
        "can_reveal": bool(person.citizen_id_hash) and has_permission(user, "people.view_sensitive", path),
        "can_create_account": has_permission(user, "accounts.manage", path),
    }


@require_permission("people.view")
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(request.user, pk)
    return render(request, "orgs/person_detail.html", _person_context(request, person))


@require_permission("people.view_sensitive")
@require_POST
def person_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the citizen ID once, to a holder of people.view_sensitive; the service audits it."""
    citizen_id = services.reveal_citizen_id(person_id=pk, acting_user=request.user)
    if request.htmx:  # type: ignore[attr-defined]
        response = render(request, "orgs/_citizen_id.html", {"citizen_id": citizen_id, "revealed": True})
    else:
        context = {**_person_context(request, selectors.person_get(request.user, pk)), "citizen_id": citizen_id,
                   "revealed": True}
        response = render(request, "orgs/person_detail.html", context)
    add_never_cache_headers(response)
    return response


def _photo_type(head: bytes) -> str:
    extension = next((ext for magic, ext in PHOTO_TYPES.items() if head.startswith(magic)), "")
    return mimetypes.types_map.get(extension, "application/octet-stream")


@require_permission("people.view")
def person_photo(request: HttpRequest, pk: int) -> FileResponse:
    """The photo, only to users who may see the person (uploads have no public URL)."""
    person = selectors.person_get(request.user, pk)
    if not person.photo:
        raise Http404(_("Not found."))
    handle = person.photo.open("rb")
    content_type = _photo_type(handle.read(8))
    handle.seek(0)
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=300"
    return response


def _person_url(person_id: int) -> str:
    return reverse("orgs:person_detail", args=[person_id])


def _person_form_context(title: str, back_url: str, submit: str, subject: Any = None) -> dict[str, Any]:
    return {"title": title, "back_url": back_url, "submit_label": submit, "subject": subject}


@require_permission("people.manage")
def person_create(request: HttpRequest) -> HttpResponse:
    working = current_unit(request)
    form = PersonForm(request.POST or None, request.FILES or None, units=selectors.units_for(request.user),
                      near=working, initial={"unit": working.pk if working else None})

    def save() -> tuple[str, str]:
        data = form.service_data()
        person = services.person_create(acting_user=request.user, unit_id=data.pop("unit_id"), data=data,
                                        photo=form.cleaned_data.get("photo"))
        return _("%(person)s was added.") % {"person": person.full_name}, _person_url(person.pk)

    context = _person_form_context(_("New person"), reverse("orgs:people"), _("Create"))
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("people.manage")
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _managed_person(request, pk)
    form = PersonForm(request.POST or None, request.FILES or None, units=selectors.units_for(request.user),
                      near=current_unit(request), person=person)

    def save() -> tuple[str, str]:
        services.person_update(person_id=person.pk, acting_user=request.user, changes=form.service_data(),
                               photo=form.cleaned_data.get("photo"))
        return _("The record was saved."), _person_url(person.pk)

    context = _person_form_context(_("Edit %(person)s") % {"person": person.full_name}, _person_url(person.pk),
                                   _("Save"), person)
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("people.manage")
def person_delete(request: HttpRequest, pk: int) -> HttpResponse:
    person = _managed_person(request, pk)
    context = {
        "title": _("Delete %(person)s") % {"person": person.full_name},
        "question": _("Delete this person's record? A person with memberships, posts or an account cannot be "
                      "deleted."),
        "back_url": _person_url(person.pk),
    }
    if request.method == "POST":
        try:
            services.person_delete(person_id=person.pk, acting_user=request.user)
        except ServiceError as error:
            return refusal_page(request, "web/confirm_page.html", context, error)
        messages.success(request, _("%(person)s was deleted.") % {"person": person.full_name})
        return redirect("orgs:people")
    return render(request, "web/confirm_page.html", context)


# --- Memberships, posts, follow assignments --------------------------------------------------


@require_permission("people.manage")
def membership_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = _managed_person(request, pk)
    form = MembershipForm(request.POST or None, units=selectors.units_for(request.user), near=current_unit(request))

    def save() -> tuple[str, str]:
        services.membership_create(person_id=person.pk, acting_user=request.user, data=form.service_data())
        return _("The party membership was recorded."), _person_url(person.pk)

    context = _person_form_context(_("New party membership"), _person_url(person.pk), _("Save"), person)
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("people.manage")
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get(request.user, pk)
    ensure_permission_on(request.user, "people.manage", membership)
    initial = {"cell": membership.cell_id, "card_number": membership.card_number, "joined_on": membership.joined_on,
               "full_member_on": membership.full_member_on}
    form = MembershipForm(request.POST or None, units=selectors.units_for(request.user), near=current_unit(request),
                          initial=initial, editing=True)

    def save() -> tuple[str, str]:
        services.membership_update(membership_id=membership.pk, acting_user=request.user,
                                   changes=form.service_data())
        return _("The party membership was saved."), _person_url(membership.person_id)

    context = _person_form_context(_("Edit party membership"), _person_url(membership.person_id), _("Save"),
                                   membership.person)
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("people.manage")
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get(request.user, pk)
    ensure_permission_on(request.user, "people.manage", membership)
    form = MembershipEndForm(request.POST or None)

    def save() -> tuple[str, str]:
        services.membership_end(membership_id=membership.pk, acting_user=request.user, **form.cleaned_data)
        return _("The party membership has ended."), _person_url(membership.person_id)

    context = _person_form_context(_("End party membership"), _person_url(membership.person_id), _("End"),
                                   membership.person)
    context["danger"] = True
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("people.manage")
def post_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = _managed_person(request, pk)
    form = PostForm(request.POST or None, units=selectors.units_for(request.user), near=current_unit(request))

    def save() -> tuple[str, str]:
        services.post_create(person_id=person.pk, acting_user=request.user, data=form.service_data())
        return _("The post was recorded."), _person_url(person.pk)

    context = _person_form_context(_("New post"), _person_url(person.pk), _("Save"), person)
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("people.manage")
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get(request.user, pk)
    ensure_permission_on(request.user, "people.manage", post)
    initial = {"unit": post.unit_id, "title": post.title, "management_level": post.management_level,
               "is_standing_committee": post.is_standing_committee, "started_on": post.started_on,
               "ended_on": post.ended_on}
    form = PostForm(request.POST or None, units=selectors.units_for(request.user), near=current_unit(request),
                    initial=initial, editing=True)

    def save() -> tuple[str, str]:
        services.post_update(post_id=post.pk, acting_user=request.user, changes=form.service_data())
        return _("The post was saved."), _person_url(post.person_id)

    context = _person_form_context(_("Edit post"), _person_url(post.person_id), _("Save"), post.person)
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("people.manage")
@require_POST
def post_delete(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get(request.user, pk)
    services.post_delete(post_id=post.pk, acting_user=request.user)
    messages.success(request, _("The post was deleted."))
    return redirect(_person_url(post.person_id))


@require_permission("people.manage")
def follow_assign(request: HttpRequest, pk: int) -> HttpResponse:
    person = _managed_person(request, pk)
    form = FollowAssignForm(request.POST or None, units=selectors.units_for(request.user), near=current_unit(request))

    def save() -> tuple[str, str]:
        data = form.cleaned_data
        services.follow_assign(person_id=person.pk, unit_id=data["unit"].pk, acting_user=request.user,
                               started_on=data["started_on"])
        return _("The follow assignment was recorded."), _person_url(person.pk)

    context = _person_form_context(_("Assign a unit to follow"), _person_url(person.pk), _("Assign"), person)
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("people.manage")
def follow_end(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.follow_assignment_get(request.user, pk)
    ensure_permission_on(request.user, "people.manage", assignment)
    form = FollowEndForm(request.POST or None)

    def save() -> tuple[str, str]:
        services.follow_end(assignment_id=assignment.pk, acting_user=request.user, **form.cleaned_data)
        return _("The follow assignment has ended."), _person_url(assignment.person_id)

    context = _person_form_context(_("End follow assignment"), _person_url(assignment.person_id), _("End"),
                                   assignment.person)
    return form_page(request, form, "web/form_page.html", context, save=save)
