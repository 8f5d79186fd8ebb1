"""The registry of modules and of the error codes the services and the API answer with.

Each app declares its codes in ``<app>/codebook.py`` (loaded once by ``CoreConfig.ready``)::

    register_module("reception", _("Citizen reception"))
    register_errors("reception", {"not_extendable": _("Deadline not extendable")})

A code is stable (clients match on it) and unique across the project; its label, translated,
names it for people. Raising ``ServiceError`` or answering an error with a code nobody
registered raises ``UnregisteredCodeError``, so a typo fails the first test that reaches it.
"""

from collections.abc import Mapping
from typing import Any


class UnregisteredCodeError(LookupError):
    """A code (audit action, error, module) that no codebook registered."""


_MODULES: dict[str, Any] = {}
_ERRORS: dict[str, tuple[str, Any]] = {}  # code -> (module, label)


def register_module(module: str, label: Any) -> None:
    """Declare a module (usually an app) by its code and its translated label."""
    if _MODULES.get(module, label) != label:
        raise ValueError(f"module {module!r} is already registered with another label")
    _MODULES[module] = label


def module_label(module: str) -> str:
    if module not in _MODULES:
        raise UnregisteredCodeError(f"unregistered module {module!r}")
    return str(_MODULES[module])


def registered_modules() -> dict[str, Any]:
    """Module code -> lazy label, in the order they were registered."""
    return dict(_MODULES)


def add_codes(table: dict[str, tuple[str, Any]], module: str, codes: Mapping[str, Any], kind: str) -> None:
    """Add ``codes`` of ``module`` to a registry ``table``; a code belongs to one module only."""
    if module not in _MODULES:
        raise UnregisteredCodeError(f"register the module {module!r} before its {kind} codes")
    for code, label in codes.items():
        owner = table.get(code, (module, label))
        if owner != (module, label):
            raise ValueError(f"{kind} code {code!r} is already registered by module {owner[0]!r}")
    table.update({code: (module, label) for code, label in codes.items()})


def register_errors(module: str, codes: Mapping[str, Any]) -> None:
    """Declare the error codes of ``module``: ``{code: gettext_lazy label}``."""
    add_codes(_ERRORS, module, codes, "error")


def is_error_registered(code: str) -> bool:
    return code in _ERRORS


def check_error(code: str) -> str:
    """``code`` itself if registered; ``UnregisteredCodeError`` otherwise."""
    if code not in _ERRORS:
        raise UnregisteredCodeError(f"unregistered error code {code!r}: declare it in its app's codebook.py")
    return code


def error_label(code: str) -> str:
    """The translated label of an error code."""
    return str(_ERRORS[check_error(code)][1])


def error_module(code: str) -> str:
    return _ERRORS[check_error(code)][0]


def errors(module: str | None = None) -> dict[str, Any]:
    """Error code -> lazy label, of one module or of all."""
    return {code: label for code, (owner, label) in _ERRORS.items() if module in (None, owner)}
