"""Template helpers of the inspection pages."""

from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

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


# The statistics tables: every figure links to the list behind it. Written in one pass in Python,
# like ``web.widgets``: as template loops, the links of a province's 30-odd rows took about a third
# of the page's time (docs/inspection.md "Benchmark"). The markup is the template's.


def _cell(value: Any, url: str | None) -> str:
    shown = value if type(value) is int else conditional_escape(value)  # a count needs no escaping
    if url is None:
        return f'<td class="num">{shown}</td>'
    return f'<td class="num"><a href="{conditional_escape(url)}">{shown}</a></td>'


def _row(label: Any, cells: list[tuple[Any, str | None]]) -> str:
    return (f'<tr><th scope="row">{conditional_escape(label)}</th>'
            + "".join(_cell(value, url) for value, url in cells) + "</tr>")


def _case_cells(row: Any, base: str) -> list[tuple[Any, str | None]]:
    return [(row.organisations, f"{base}&subject=organisation"), (row.members, f"{base}&subject=member"),
            (row.total, base), (row.concluded, f"{base}&status=concluded"), (row.violations, None)]


@register.simple_tag
def one_pass_fields(form: Any) -> str:
    """A form's fields as ``form.as_div`` writes them (label, help text, errors, widget in a
    ``<div>``), without a template per field: on the statistics page, ``as_div`` took a tenth
    of the request. The widgets are the one-pass ones (``quicken``, ``OnePassDateInput``)."""
    parts = []
    if form.non_field_errors():
        parts.append(str(form.non_field_errors()))
    for bound in form.visible_fields():
        label = conditional_escape(bound.label)
        suffix = bound.field.label_suffix if bound.field.label_suffix is not None else form.label_suffix
        if suffix and bound.label and bound.label[-1] not in ":?.!":
            label += conditional_escape(suffix)
        css = bound.css_classes()
        cell = [f'<div class="{conditional_escape(css)}">' if css else "<div>",
                f'<label for="{conditional_escape(bound.id_for_label)}">{label}</label>']
        if bound.help_text:
            cell.append(f'<div class="helptext" id="{conditional_escape(bound.auto_id)}_helptext">'
                        f"{bound.help_text}</div>")
        if bound.errors:
            cell.append(str(bound.errors))
        cell.append(str(bound))
        parts.append("\n".join(cell) + "\n</div>")
    parts.extend(str(bound) for bound in form.hidden_fields())
    return mark_safe("\n".join(parts))  # noqa: S308 (labels and ids escaped; help texts are the code's own, as in as_div)


@register.simple_tag
def case_statistics_rows(rows: Any, cases_url: str, scope: str) -> str:
    """The body of the cases table: one row per type, its figures opening the cases list."""
    return mark_safe("\n".join(  # noqa: S308 (every value is escaped above)
        _row(row.label, _case_cells(row, f"{cases_url}?{scope}&type={row.code}")) for row in rows))


@register.simple_tag
def case_statistics_totals(totals: dict[str, Any], cases_url: str, scope: str) -> str:
    """The foot of the cases table: all inspections, all supervisions."""
    labels = {"inspection": _("All inspections"), "supervision": _("All supervisions")}
    return mark_safe("\n".join(  # noqa: S308 (every value is escaped above)
        _row(labels[kind], _case_cells(row, f"{cases_url}?{scope}&kind={kind}")) for kind, row in totals.items()))


@register.simple_tag
def unit_statistics_rows(rows: Any, cases_url: str, discipline_url: str, period_query: str) -> str:
    """The body of the per-unit table: each child's subtree, then the unit's own records."""
    lines = []
    for row in rows:
        scope = f"?{period_query}&unit={row.unit.pk}" + ("&own=on" if row.own else "")
        base = cases_url + scope
        label = _("%(name)s itself") % {"name": row.unit.name} if row.own else row.unit.name
        lines.append(_row(label, [(row.inspections, f"{base}&kind=inspection"),
                                  (row.supervisions, f"{base}&kind=supervision"), (row.total, base),
                                  (row.concluded, f"{base}&status=concluded"),
                                  (row.decisions, discipline_url + scope)]))
    return mark_safe("\n".join(lines))  # noqa: S308 (every value is escaped above)
