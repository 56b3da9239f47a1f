"""The audit log in the Django admin: look, never touch. Entries are written only by ``services.audit_record``."""

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEntry, AuditHead


class ReadOnlyAdmin(admin.ModelAdmin):
    """No add, change or delete, for anyone (superusers included): the triggers would refuse it anyway."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("id", "at", "subject_type", "subject_id", "action", "from_state", "to_state", "actor_label")
    list_filter = ("subject_type", "action")
    search_fields = ("=subject_id", "actor_label")
    fields = (
        "id",
        "at",
        "actor",
        "actor_label",
        "subject_type",
        "subject_id",
        "action",
        "from_state",
        "to_state",
        "note",
        "data",
        "prev_hash",
        "hash",
    )
    readonly_fields = fields
    # The log only grows: counting it on every page would get slower with it.
    show_full_result_count = False


@admin.register(AuditHead)
class AuditHeadAdmin(ReadOnlyAdmin):
    list_display = ("last_id", "last_hash")
