from django.contrib import admin

from .models import SandboxClient, SandboxIdentity


@admin.register(SandboxIdentity)
class SandboxIdentityAdmin(admin.ModelAdmin):
    list_display = ["id_number", "full_name", "level", "phone", "created_at"]
    list_filter = ["level"]
    search_fields = ["id_number", "full_name", "phone"]
    # Passwords are set by sandbox_identity_create / the demo loader, never typed into the admin as a hash.
    readonly_fields = ["password", "tech_id", "created_at"]


@admin.register(SandboxClient)
class SandboxClientAdmin(admin.ModelAdmin):
    list_display = ["client_id", "name", "created_at"]
    readonly_fields = ["secret_hash", "created_at"]
