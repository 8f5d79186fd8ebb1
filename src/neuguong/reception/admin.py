"""Django admin of the reception: a read-only view for system administrators.

Every write goes through the services (validated, audited, scoped), so nothing is added, changed
or deleted here; petitioners' identities and attachments are not shown at all.
"""

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from neuguong.accounts.scoping import has_permission

from .models import Dialogue, Petition, ReceptionSession, SessionSchedule


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return has_permission(request.user, "catalogues.manage")

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return has_permission(request.user, "catalogues.manage")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(SessionSchedule)
class ScheduleAdmin(ReadOnlyAdmin):
    list_display = ("title", "unit", "day_of_month", "is_three_in_one", "active")
    list_filter = ("active", "is_three_in_one")
    list_select_related = ("unit",)


@admin.register(ReceptionSession)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ("title", "unit", "held_on", "kind", "status", "is_three_in_one")
    list_filter = ("status", "kind", "is_three_in_one")
    list_select_related = ("unit",)
    fields = ("unit", "title", "held_on", "kind", "status", "is_three_in_one", "secretary_present",
              "council_chair_present", "committee_chair_present", "location", "hosts")


@admin.register(Dialogue)
class DialogueAdmin(ReadOnlyAdmin):
    list_display = ("topic", "unit", "held_on")
    list_select_related = ("unit",)
    fields = ("unit", "topic", "held_on", "location", "leaders", "participant_count")


@admin.register(Petition)
class PetitionAdmin(ReadOnlyAdmin):
    list_display = ("tracking_code", "kind", "channel", "status", "unit", "received_on", "due_on")
    list_filter = ("status", "channel", "kind", "over_level")
    list_select_related = ("unit", "kind")
    search_fields = ("tracking_code",)
    fields = ("tracking_code", "kind", "channel", "status", "unit", "received_unit", "competent_unit",
              "received_on", "deadline_rule", "due_on", "extensions", "closed_on", "closed_late", "over_level",
              "raised_again")
