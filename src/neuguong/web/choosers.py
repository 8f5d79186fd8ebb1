"""Unit and person choosers: searchable, keyboard-usable autocompletes scoped to the user.

A chooser is a ``<select>`` holding only a few options (the chosen one, and for units the nearest
ones) that ``web/chooser.js`` turns into an ARIA combobox asking ``/choose/<source>/?q=`` for the
rest. Without JavaScript the select still works with what it offers. A source is a function
``(user, q, under) -> [(id, label, group)]`` already limited to the user's units; the form field
behind a chooser accepts only ids of its own scoped queryset, so a forged id is refused.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from neuguong.accounts.scoping import scoped
from neuguong.core.text import search_key
from neuguong.orgs import selectors as org_selectors
from neuguong.orgs.models import PARTY_KINDS, Person, Unit, UnitKind, UnitStatus

from .widgets import OnePassSelect

Option = tuple[int, str, str]
Source = Callable[[Any, str, Unit | None], Iterable[Option]]
RESULT_LIMIT = 20
QUERY_MAX_LENGTH = 100
_SOURCES: dict[str, Source] = {}

UNIT_OUT_OF_SCOPE = _("Choose a unit among the units you work with.")
PERSON_OUT_OF_SCOPE = _("Choose a person among the people of the units you work with.")


def register_source(name: str, source: Source) -> None:
    _SOURCES[name] = source


def source_options(name: str, user: Any, q: str, under_id: str = "") -> list[Option]:
    """The options of a source for a search, below ``under_id`` (a unit the user sees) if given.

    An unknown source or an unseen ``under`` unit answers ``Http404``, as a missing one would."""
    source = _SOURCES.get(name)
    if source is None:
        raise Http404
    under = org_selectors.unit_get(user, under_id) if under_id else None
    return list(source(user, q.strip()[:QUERY_MAX_LENGTH], under))[:RESULT_LIMIT]


def option_label(unit: Unit) -> str:
    """A unit's name with its parent's: many cells share a name ("Chi bộ Khu phố 1")."""
    parent = unit.parent.name if unit.parent_id and unit.parent else ""
    return f"{unit.name} · {parent}" if parent else unit.name


def unit_options(units: Any) -> list[Option]:
    rows = units.select_related("parent").order_by("depth", "path")[:RESULT_LIMIT]
    return [(u.pk, option_label(u), str(UnitKind(u.kind).label)) for u in rows]


def units_source(units_of: Callable[[Any], QuerySet[Unit]]) -> Source:
    """A source searching the units ``units_of(user)`` answers (a queryset already scoped)."""

    def source(user: Any, q: str, under: Unit | None) -> list[Option]:
        units = units_of(user)
        if under is not None:
            units = units.filter(path__startswith=under.path)
        if q:
            units = units.filter(search_name__contains=search_key(q))
        return unit_options(units)

    return source


def _party_units(user: Any) -> QuerySet[Unit]:
    return org_selectors.units_for(user).filter(kind__in=PARTY_KINDS)


def _ballot_units(user: Any) -> QuerySet[Unit]:
    return scoped(Unit.objects.filter(status=UnitStatus.ACTIVE), user, "ballots.manage")


def _people(user: Any, q: str, under: Unit | None) -> list[Option]:
    people = org_selectors.people_for(user, q=q, unit=under)[:RESULT_LIMIT]
    return [(p.pk, p.full_name, p.unit.name) for p in people]


register_source("units", units_source(org_selectors.units_for))
register_source("party_units", units_source(_party_units))
register_source("ballot_units", units_source(_ballot_units))
register_source("people", _people)


@login_required
@require_GET
def choose(request: HttpRequest, chooser: str) -> JsonResponse:
    """The options of the source named ``chooser`` (the path word is not ``source``: that names a unit)."""
    options = source_options(chooser, request.user, request.GET.get("q", ""), request.GET.get("under", ""))
    return JsonResponse({"results": [{"id": pk, "label": label, "group": group} for pk, label, group in options]})


class ChooserSelect(OnePassSelect):
    """A select enhanced into a combobox over ``source``. Bound to a model field's full queryset it
    renders only the empty and the chosen options, never the thousands the queryset may hold."""

    def __init__(self, *, source: str, under: Unit | None = None, attrs: dict[str, Any] | None = None):
        super().__init__(attrs=attrs)
        self.source = source
        self.under = under

    def build_attrs(self, base_attrs: dict[str, Any], extra_attrs: dict[str, Any] | None = None) -> dict[str, Any]:
        attrs = super().build_attrs(base_attrs, extra_attrs)
        url = reverse("web:choose", args=[self.source])
        if self.under is not None:
            url += f"?under={self.under.pk}"
        attrs.update({"data-chooser": url, "data-no-match": str(_("Nothing found")),
                      "data-placeholder": str(_("Type to search"))})
        return attrs

    def optgroups(self, name: str, value: list[Any], attrs: dict[str, Any] | None = None) -> list[Any]:
        if isinstance(self.choices, ModelChoiceIterator):
            field = self.choices.field
            chosen = [v for v in value if str(v).isdigit()]
            options: list[tuple[Any, str]] = [] if field.empty_label is None else [("", str(field.empty_label))]
            options += [(obj.pk, field.label_from_instance(obj)) for obj in field.queryset.filter(pk__in=chosen)]  # type: ignore[union-attr]
            self.choices = options
        return super().optgroups(name, value, attrs)


class ScopedChoiceField(forms.ModelChoiceField):
    """A unit or person chosen with a chooser, refused with a clear message outside its queryset."""

    def __init__(self, *, queryset: Any, source: str, out_of_scope: Any, **kwargs: Any):
        kwargs.setdefault("widget", ChooserSelect(source=source))
        super().__init__(queryset=queryset, error_messages={"invalid_choice": out_of_scope}, **kwargs)

    def set_scope(self, queryset: Any, *, under: Unit | None = None) -> None:
        self.queryset = queryset
        if isinstance(self.widget, ChooserSelect):
            self.widget.under = under


def unit_field(label: Any, *, required: bool = True, empty_label: Any = None,
               source: str = "units") -> ScopedChoiceField:
    """A unit chooser; ``ScopedUnitsForm`` sets its scoped queryset and the units it offers."""
    return ScopedChoiceField(queryset=Unit.objects.none(), source=source, out_of_scope=UNIT_OUT_OF_SCOPE,
                             label=label, required=required, empty_label=empty_label or _("Choose a unit"))


def person_field(label: Any, *, required: bool = True, empty_label: Any = None) -> ScopedChoiceField:
    """A person chooser; the form sets its scoped queryset with ``set_scope``."""
    return ScopedChoiceField(queryset=Person.objects.none(), source="people", out_of_scope=PERSON_OUT_OF_SCOPE,
                             label=label, required=required, empty_label=empty_label or _("Choose a person"))
