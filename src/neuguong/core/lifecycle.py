"""One lifecycle engine for every record that moves between states.

A model declares its states' transitions once: from which states, to which state, the permission
the actor must hold on the record's unit, the audit action code, an optional guard and the data
the step requires (a reason). ``Lifecycle.transition`` then locks the row, checks all of it, sets
the state with a conditional update, and writes one ``StateChange`` and the audit event in the
same transaction; a refused step raises ``TransitionRefused`` and writes nothing.
``allowed_transitions`` answers which steps a user can take now: pages show those buttons only.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from neuguong.accounts.scoping import access, ensure_permission_on, has_permission, path_of
from neuguong.audit import services as audit

from .errors import ServiceError
from .models import StateChange
from .text import normalize_spaces

# guard(obj, user, data) -> why the step cannot be taken now, or None.
Guard = Callable[[Any, Any, dict[str, Any]], str | None]
# apply(obj, user, data) -> details of the step for its history and audit (it may refuse with a ServiceError).
Apply = Callable[[Any, Any, dict[str, Any]], dict[str, Any] | None]


class TransitionRefused(ServiceError):
    """The record's state (or a guard) does not allow the step now. Answered as 409."""

    def __init__(self, message: Any):
        super().__init__("transition_not_allowed", message)


@dataclass(frozen=True)
class Transition:
    name: str
    label: Any
    sources: frozenset[str]
    target: str | None  # None: the state stays (a step recorded in the history only)
    permission: str
    action: str
    guard: Guard | None = None
    required: tuple[str, ...] = ()
    apply: Apply | None = None
    messages: dict[str, Any] = field(default_factory=dict)  # a required field's message when it is missing


class Lifecycle:
    """The transitions of ``model`` over ``state_field``; records are read with ``view`` (404 out of scope)."""

    def __init__(self, model: type[Model], state_field: str, transitions: Sequence[Transition], *, view: str,
                 related: Sequence[str] = ()):
        self.model = model
        self.state_field = state_field
        self.view = view
        self.related = tuple(related)
        self.transitions = {step.name: step for step in transitions}
        _LIFECYCLES[model] = self

    def __getitem__(self, name: str) -> Transition:
        return self.transitions[name]

    def state(self, obj: Model) -> str:
        return getattr(obj, self.state_field)

    def _locked(self, obj_or_id: Any, user: Any) -> Any:
        pk = obj_or_id.pk if isinstance(obj_or_id, Model) else obj_or_id
        queryset: QuerySet[Any] = self.model._default_manager.select_related(*self.related)
        return access(queryset.select_for_update(of=("self",), no_key=True), user, pk, view=self.view)

    def refusal(self, obj: Model, step: Transition, user: Any, data: dict[str, Any]) -> str | None:
        """Why ``step`` cannot be taken on ``obj`` now (its state or its guard), or None."""
        if self.state(obj) not in step.sources:
            return _("“%(action)s” is not possible while the status is “%(state)s”.") % {
                "action": step.label, "state": getattr(obj, f"get_{self.state_field}_display")()}
        return step.guard(obj, user, data) if step.guard is not None else None

    def allowed(self, obj: Model, user: Any) -> list[Transition]:
        """The steps the user can take on ``obj`` now: its state, the user's permission and the guards pass."""
        path = path_of(obj)
        return [step for step in self.transitions.values()
                if has_permission(user, step.permission, path) and self.refusal(obj, step, user, {}) is None]

    def bulk_step(self, name: str, *, acting_user: Any, on: Any) -> Transition:
        """The step ``name`` checked for a set-based write of many records at once, all held under
        ``on`` (a record or unit whose subtree holds them): the user's permission there. Refused for a
        step with a guard or required data, which are decided record by record. The caller then moves
        only the records in ``step.sources`` to ``step.target`` with a conditional update, does what
        ``step.apply`` does for each, writes each record's ``StateChange`` named ``step.name`` and one
        audit event summarising the records moved, in one transaction."""
        step = self.transitions[name]
        if step.guard is not None or step.required:
            raise ValueError(f"the step {name!r} is decided record by record: it has no bulk form")
        ensure_permission_on(acting_user, step.permission, on)
        return step

    def transition(self, obj_or_id: Any, name: str, *, acting_user: Any, **data: Any) -> Any:
        """Take the step ``name`` on the record (an instance or its id) and return it, updated."""
        step = self.transitions[name]
        with transaction.atomic():
            obj = self._locked(obj_or_id, acting_user)
            ensure_permission_on(acting_user, step.permission, obj)
            data = self._required(step, data)
            reason = self.refusal(obj, step, acting_user, data)
            if reason is not None:
                raise TransitionRefused(reason)
            before = self.state(obj)
            details = (step.apply(obj, acting_user, data) or {}) if step.apply is not None else {}
            target = step.target or before
            self._set_state(obj, before, target)
            self._record(obj, step, acting_user, before, target, {**data, **details})
        return obj

    def _required(self, step: Transition, data: dict[str, Any]) -> dict[str, Any]:
        cleaned = dict(data)
        errors: dict[str, list[str]] = {}
        for name in step.required:
            cleaned[name] = normalize_spaces(str(cleaned.get(name) or ""))
            if not cleaned[name]:
                errors[name] = [str(step.messages.get(name) or _("This field is required."))]
        if errors:
            raise ServiceError("invalid", next(iter(errors.values()))[0], field_errors=errors)
        return cleaned

    def _set_state(self, obj: Model, before: str, target: str) -> None:
        """The state moves only from the state that was checked: a step taken meanwhile makes this one refused.
        The record is written in one conditional update, the state with what the step set beside it, so a
        constraint tying the state to other fields (a closed record has a closing date) holds throughout."""
        setattr(obj, self.state_field, target)
        fields = [field for field in obj._meta.concrete_fields if not field.primary_key]
        values = {field.attname: field.pre_save(obj, False) for field in fields}
        changed = self.model._default_manager.filter(pk=obj.pk, **{self.state_field: before}).update(**values)
        if changed != 1:
            setattr(obj, self.state_field, before)
            raise TransitionRefused(_("Someone changed this record meanwhile: reload the page and try again."))

    def _record(self, obj: Model, step: Transition, user: Any, before: str, target: str,
                data: dict[str, Any]) -> None:
        record_history(obj, step.name, acting_user=user, from_state=before, to_state=target, data=data)
        audit.record(user, step.action, obj, before={self.state_field: before},
                     after={self.state_field: target, **data}, note=str(data.get("reason", "")))


_LIFECYCLES: dict[type[Model], Lifecycle] = {}


def record_history(obj: Model, name: str, *, acting_user: Any, from_state: str, to_state: str,
                   data: dict[str, Any] | None = None) -> StateChange:
    """Append one entry to the record's history. ``Lifecycle.transition`` writes its steps with it;
    a service calls it for an event that changes no state (a document attached, a note), so the
    record keeps one history. The caller holds the transaction and records the audit event."""
    from neuguong.accounts.models import User

    return StateChange.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk, from_state=from_state,
        to_state=to_state, transition=name, actor=acting_user if isinstance(acting_user, User) else None,
        actor_label=(acting_user.get_username() if isinstance(acting_user, User)
                     else str(acting_user or "system"))[:150],
        data=data or {})


def lifecycle_of(obj: Model) -> Lifecycle:
    return _LIFECYCLES[type(obj)]


def transition(obj: Model, name: str, *, acting_user: Any, **data: Any) -> Any:
    """Take the step ``name`` on ``obj`` through its model's lifecycle."""
    return lifecycle_of(obj).transition(obj, name, acting_user=acting_user, **data)


def allowed_transitions(obj: Model, user: Any) -> list[Transition]:
    return lifecycle_of(obj).allowed(obj, user)


def allowed_names(obj: Model, user: Any) -> list[str]:
    """What API detail schemas answer as ``allowed_actions``."""
    return [step.name for step in allowed_transitions(obj, user)]


def history_of(obj: Model) -> QuerySet[StateChange]:
    return StateChange.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)),
                                      object_id=obj.pk).select_related("actor")


def histories_of(objs: Iterable[Model]) -> dict[Any, list[StateChange]]:
    """The histories of many records of one model in one query, by primary key."""
    objs = list(objs)
    found: dict[Any, list[StateChange]] = defaultdict(list)
    if not objs:
        return found
    changes = StateChange.objects.filter(content_type=ContentType.objects.get_for_model(type(objs[0])),
                                         object_id__in=[obj.pk for obj in objs]).select_related("actor")
    for change in changes:
        found[change.object_id].append(change)
    return found
