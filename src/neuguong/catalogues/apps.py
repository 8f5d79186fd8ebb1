from functools import partial
from typing import Any

from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _entry_changed(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """A catalogue entry saved or deleted (by a service, the loader, the admin or a test's factory):
    its catalogue's cached rows are forgotten once the change is committed."""
    from .selectors import forget_rows

    transaction.on_commit(partial(forget_rows, sender), using=using)


def _migrated(**kwargs: Any) -> None:
    """After ``migrate`` (and a test database's flush), no cached rows of the catalogues survive."""
    from .selectors import forget_rows

    forget_rows()


class CataloguesConfig(AppConfig):
    name = "neuguong.catalogues"
    verbose_name = _("Catalogues")

    def ready(self) -> None:
        from .registry import CATALOGUES

        for catalogue in CATALOGUES:
            post_save.connect(_entry_changed, sender=catalogue.model, dispatch_uid=f"rows:{catalogue.label}:save")
            post_delete.connect(_entry_changed, sender=catalogue.model, dispatch_uid=f"rows:{catalogue.label}:delete")
        post_migrate.connect(_migrated, sender=self, dispatch_uid="rows:migrated")
