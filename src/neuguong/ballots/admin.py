"""Campaigns are visible to system administrators in the admin, read-only: every change goes
through the services (and the audit trail). Codes, ballots and receipts are deliberately absent."""

from django.contrib import admin

from .models import Campaign


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("title", "unit", "kind", "period", "status", "created_at")
    list_filter = ("status", "kind")
    search_fields = ("title",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
