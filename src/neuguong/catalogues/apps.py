import logging
from functools import partial
from typing import Any

from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


def _entry_changed(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """A catalogue entry saved or deleted (by a service, the loader, the admin or a test's factory):
    its catalogue's cached rows are forgotten once the change is committed (a cache that cannot be
    reached then is logged, not raised to the caller whose change is already committed)."""
    from .selectors import forget_rows

    transaction.on_commit(partial(forget_rows, sender), using=using, robust=True)


def _migrated(**kwargs: Any) -> None:
    """After ``migrate`` (and a test database's flush), no cached rows of the catalogues survive; a
    cache that cannot be reached does not fail the migration (its rows expire within minutes)."""
    from .selectors import forget_rows

    try:
        forget_rows()
    except Exception:  # noqa: BLE001 (any backend's connection error)
        logger.warning("The catalogues' cached rows could not be forgotten after migrate.", exc_info=True)


class CataloguesConfig(AppConfig):
    name = "neuguong.catalogues"
    verbose_name = _("Catalogues")

    def ready(self) -> None:
        from .registry import CATALOGUES

        for catalogue in CATALOGUES:
            post_save.connect(_entry_changed, sender=catalogue.model, dispatch_uid=f"rows:{catalogue.label}:save")
            post_delete.connect(_entry_changed, sender=catalogue.model, dispatch_uid=f"rows:{catalogue.label}:delete")
        post_migrate.connect(_migrated, sender=self, dispatch_uid="rows:migrated")
