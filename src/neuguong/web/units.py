"""The unit the user is working in, chosen with the unit picker and kept in the session."""

from django.db.models import Q
from django.http import HttpRequest

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
    return list(Unit.objects.filter(condition, status=UnitStatus.ACTIVE).order_by("path")[:300])


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
