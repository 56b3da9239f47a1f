from django.contrib import admin

from .models import ExternalIdentity


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    list_display = ("provider", "subject", "user", "last_acr", "last_login_at")
    list_filter = ("provider", "last_acr")
    search_fields = ("subject", "user__username", "user__full_name", "user__citizen__id_number")
    list_select_related = ("user",)
    # Written only by sign-ins through the provider; the admin may look and unlink (delete), not edit.
    readonly_fields = ("provider", "subject", "user", "last_acr", "last_claims", "created_at", "last_login_at")

    def has_add_permission(self, request) -> bool:
        return False
