"""The system actor used by management commands (catalogue and demo loaders)."""


class SystemActor:
    """Acts with every permission everywhere; never reachable from a web request."""

    is_authenticated = True
    is_active = True
    is_system = True
    pk = None
    person_id = None

    def get_username(self) -> str:
        return "system"

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()
