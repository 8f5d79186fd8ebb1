"""The registry of audit action codes: which module each belongs to and its translated label.

Each app declares its actions in ``<app>/codebook.py``::

    register_module("reception", _("Citizen reception"))
    register_actions("reception", {"petition.received": _("Petition received")})

``audit.services.record`` refuses an action nobody registered (``UnregisteredCodeError``).
"""

from collections.abc import Mapping
from typing import Any

from neuguong.core.codes import UnregisteredCodeError, add_codes, registered_modules

__all__ = ["UnregisteredCodeError", "action_label", "action_module", "actions", "check_action",
           "is_registered", "modules", "register_actions"]

_ACTIONS: dict[str, tuple[str, Any]] = {}  # code -> (module, label)


def register_actions(module: str, codes: Mapping[str, Any]) -> None:
    """Declare the audit actions of ``module``: ``{code: gettext_lazy label}``."""
    add_codes(_ACTIONS, module, codes, "audit action")


def is_registered(code: str) -> bool:
    return code in _ACTIONS


def check_action(code: str) -> str:
    """``code`` itself if registered; ``UnregisteredCodeError`` otherwise."""
    if code not in _ACTIONS:
        raise UnregisteredCodeError(f"unregistered audit action {code!r}: declare it in its app's codebook.py")
    return code


def action_label(code: str) -> str:
    """The translated label of an action; the code itself for an event of a retired action."""
    return str(_ACTIONS[code][1]) if code in _ACTIONS else code


def action_module(code: str) -> str:
    """The module of an action; "" for an event of a retired action."""
    return _ACTIONS[code][0] if code in _ACTIONS else ""


def modules() -> dict[str, Any]:
    """Module code -> lazy label, of the modules that declare audit actions."""
    owners = {owner for owner, _label in _ACTIONS.values()}
    return {module: label for module, label in registered_modules().items() if module in owners}


def actions(module: str | None = None) -> dict[str, Any]:
    """Action code -> lazy label, of one module or of all, in the order they were declared."""
    return {code: label for code, (owner, label) in _ACTIONS.items() if module in (None, owner)}
