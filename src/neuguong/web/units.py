"""The unit the user is working in, chosen with the unit picker and kept in the session."""

from django.db.models import Q
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from neuguong.accounts.scoping import scoped, unit_paths_with
from neuguong.orgs.models import Unit, UnitStatus

SESSION_KEY = "neuguong_unit_id"


def picker_units(request: HttpRequest) -> list[Unit]:
    """Tops of the user's subtrees and the level below them: what the picker offers."""
    tops = unit_paths_with(request.user, "units.view")
    if not tops:
        return []
    condition = Q()
    for path in tops:
        condition |= Q(path=path) | Q(path__startswith=path, depth__lte=path.count("/") - 1)
    return list(Unit.objects.filter(condition, status=UnitStatus.ACTIVE).order_by("path").only("name", "depth")[:300])


def picker_options(request: HttpRequest) -> SafeString:
    """The picker's ``<option>``s, the working unit selected (added when it lies deeper than the
    picker reaches), written in one pass: a template loop over a province's 80 units cost more
    than the rest of the page's shell."""
    units = picker_units(request)
    if not units:
        return SafeString("")
    current = current_unit(request)
    top = units[0].depth
    selected = mark_safe(" selected")  # noqa: S308 (a constant)
    options = [(u.pk, selected if current is not None and u.pk == current.pk else "",
                f"— {u.name}" if u.depth > top else u.name) for u in units]
    if current is not None and current not in units:
        options.append((current.pk, selected, current.name))
    return format_html_join("", '<option value="{}"{}>{}</option>', options)


def current_unit(request: HttpRequest) -> Unit | None:
    if hasattr(request, "_neuguong_unit"):
        return request._neuguong_unit  # type: ignore[attr-defined]
    units = scoped(Unit.objects.all(), request.user, "units.view")
    unit = None
    unit_id = request.session.get(SESSION_KEY)
    if unit_id:
        unit = units.filter(pk=unit_id).first()
    if unit is None:
        top = unit_paths_with(request.user, "units.view")
        unit = Unit.objects.filter(path=top[0]).first() if top else None
    request._neuguong_unit = unit  # type: ignore[attr-defined]
    return unit


def choose_unit(request: HttpRequest, unit: Unit) -> None:
    request.session[SESSION_KEY] = unit.pk
    request._neuguong_unit = unit  # type: ignore[attr-defined]
