"""Django admin for the catalogues, for system administrators (``catalogues.manage``).

Every change goes through the services, so it is validated, audited and kept across reloads of
the data files. Entries come from the data files: they are corrected here, never added or deleted.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from neuguong.accounts.scoping import has_permission

from . import calendar, services
from .models import CalendarOverride
from .registry import CATALOGUES, Catalogue


def _manages(request: HttpRequest) -> bool:
    return has_permission(request.user, "catalogues.manage")


class ManagerOnlyAdmin(admin.ModelAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return _manages(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return _manages(request)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return _manages(request)


class CatalogueEntryAdmin(ManagerOnlyAdmin):
    catalogue: Catalogue
    list_filter = ("status", "edited_by_admin")
    search_fields = ("code",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: forms.ModelForm, change: bool) -> None:
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        services.catalogue_entry_update(
            model_label=self.catalogue.label, entry_id=obj.pk, data=data, acting_user=request.user
        )
        obj.refresh_from_db()


def _entry_admin(catalogue: Catalogue) -> type[CatalogueEntryAdmin]:
    attributes = {
        "catalogue": catalogue,
        "fields": ("code", *catalogue.editable, "edited_by_admin", "updated_at"),
        "readonly_fields": ("code", "edited_by_admin", "updated_at"),
        "list_display": ("code", catalogue.fields[0], "status", "edited_by_admin"),
    }
    return type(f"{catalogue.model.__name__}Admin", (CatalogueEntryAdmin,), attributes)


for _catalogue in CATALOGUES:
    admin.site.register(_catalogue.model, _entry_admin(_catalogue))


class CalendarOverrideForm(forms.ModelForm):
    class Meta:
        model = CalendarOverride
        fields = ["day", "kind", "name"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        day, kind = self.cleaned_data.get("day") or self.instance.day, self.cleaned_data.get("kind")
        if day and kind and (problem := calendar.override_problem(day, kind)):
            self.add_error("kind", problem)
        return self.cleaned_data


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(ManagerOnlyAdmin):
    form = CalendarOverrideForm
    list_display = ("day", "kind", "name", "updated_at")
    list_filter = ("kind",)
    date_hierarchy = "day"

    def get_readonly_fields(self, request: HttpRequest, obj: CalendarOverride | None = None) -> tuple[str, ...]:
        return ("day",) if obj is not None else ()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _manages(request)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return _manages(request)

    def save_model(self, request: HttpRequest, obj: CalendarOverride, form: forms.ModelForm, change: bool) -> None:
        saved = services.calendar_override_set(
            day=obj.day, kind=form.cleaned_data["kind"], name=form.cleaned_data["name"], acting_user=request.user
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: CalendarOverride) -> None:
        services.calendar_override_remove(override_id=obj.pk, acting_user=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarOverride]) -> None:
        for override in queryset:
            services.calendar_override_remove(override_id=override.pk, acting_user=request.user)
