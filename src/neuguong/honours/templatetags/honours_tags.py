"""Labels of the honours catalogue in templates, and the awards sections of the person and unit pages."""

from typing import Any

from django import template

from .. import rules, selectors

register = template.Library()


@register.filter
def award_label(code: str) -> str:
    return rules.label_of(rules.awards(), code)


@register.filter
def field_label(code: str) -> str:
    return rules.label_of(rules.fields(), code) if code else ""


@register.filter
def round_kind_label(code: str) -> str:
    return rules.label_of(rules.round_kinds(), code)


@register.inclusion_tag("honours/_person_awards.html", takes_context=True)
def person_awards(context: Any, person: Any) -> dict[str, Any]:
    """The awards of ``person`` the user may read, for the person page of the orgs module."""
    user = context["request"].user
    return {"awards": list(selectors.awards_of(user, [person.pk])), "shown": selectors.can_view(user)}


@register.inclusion_tag("honours/_unit_awards.html", takes_context=True)
def unit_awards(context: Any, unit: Any) -> dict[str, Any]:
    """The awards of ``unit`` as a collective the user may read, for the unit page of the orgs module."""
    user = context["request"].user
    return {"awards": list(selectors.awards_for_unit(user, [unit.pk])), "shown": selectors.can_view(user)}
