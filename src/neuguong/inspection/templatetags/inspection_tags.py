"""Template helpers of the inspection pages."""

from typing import Any

from django import template

from ..selectors import course_of, decision_of

register = template.Library()


@register.filter(name="decision")
def decision_filter(violation: Any) -> Any:
    """The violation's decision, from what the list prefetched."""
    return decision_of(violation)


@register.filter(name="tr")
def translated(entry: Any, name: str) -> Any:
    """A catalogue entry's field in the active language."""
    return entry.tr(name) if entry is not None else ""


@register.filter(name="course")
def course_filter(decision: Any) -> Any:
    """Where a decision stands against the period after which its effect ends (None: annulled or under appeal)."""
    return course_of(decision) if decision is not None else None
