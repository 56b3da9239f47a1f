from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import CitizenProfile, CounterRegistration, EDataItem, Organisation, StaffMembership, User


class StaffMembershipInline(admin.TabularInline):
    """An officer's roles, one row per (agency, role); officers sign in on the back office only with one."""

    model = StaffMembership
    extra = 0
    autocomplete_fields = ("agency",)
    fields = ("agency", "role", "created_at")
    readonly_fields = ("created_at",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Hồ sơ", {"fields": ("kind", "full_name", "phone")}))
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Hồ sơ", {"classes": ("wide",), "fields": ("kind", "full_name", "email", "phone")}),
    )
    list_display = ("username", "full_name", "kind", "email", "phone", "is_staff", "is_active")
    list_filter = ("kind", "is_active", "is_staff", "memberships__role")
    search_fields = ("username", "full_name", "email", "phone")
    inlines = (StaffMembershipInline,)


@admin.register(CitizenProfile)
class CitizenProfileAdmin(admin.ModelAdmin):
    list_display = ("id_number", "user", "date_of_birth", "identity_level", "verified_by_vneid", "verified_at")
    list_filter = ("identity_level", "verified_by_vneid")
    search_fields = ("id_number", "user__username", "user__full_name", "user__phone")
    autocomplete_fields = ("user",)
    list_select_related = ("user",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("tax_code", "name", "representative", "user", "certificate_confirmed_at")
    list_filter = (("certificate_confirmed_at", admin.EmptyFieldListFilter),)
    search_fields = ("tax_code", "name", "user__username", "user__email")
    readonly_fields = ("certificate_confirmed_at", "certificate_subject")
    autocomplete_fields = ("user",)
    list_select_related = ("user",)


@admin.register(CounterRegistration)
class CounterRegistrationAdmin(admin.ModelAdmin):
    """Who opened which citizen account at which counter: a record, not editable."""

    list_display = ("citizen", "agency", "officer", "sms_to", "email_to", "created_at")
    list_filter = ("agency",)
    search_fields = ("citizen__username", "citizen__full_name", "officer__username", "officer__full_name")
    list_select_related = ("citizen", "agency", "officer")
    readonly_fields = ("citizen", "officer", "agency", "sms_to", "email_to", "created_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(EDataItem)
class EDataItemAdmin(admin.ModelAdmin):
    """The personal data store: the owner's to manage on the portal; here only to look up."""

    list_display = ("title", "owner", "source", "source_code", "size", "created_at")
    list_filter = ("source",)
    search_fields = ("owner__username", "title", "source_code", "sha256")
    list_select_related = ("owner",)
    readonly_fields = [f.name for f in EDataItem._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
