"""Catalogue administration for system administrators (Django admin)."""

from django.contrib import admin

from .models import (
    Agency,
    Channel,
    ComponentRequirement,
    FeeItem,
    Field,
    LegalBasis,
    Procedure,
    ProcedureCase,
    ProcedureStep,
    SupportContact,
)
from .services import procedure_refresh_search, procedures_refresh_search


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent", "phone", "counter", "is_active")
    list_filter = ("level", "is_active")
    search_fields = ("code", "name", "short_name")
    autocomplete_fields = ("parent",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:  # procedures are found by their agency's name
            procedures_refresh_search(agency=obj)


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            procedures_refresh_search(field=obj)


class CaseInline(admin.TabularInline):
    model = ProcedureCase
    extra = 0
    show_change_link = True


class LegalBasisInline(admin.TabularInline):
    model = LegalBasis
    extra = 0


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "agency", "online_level", "is_active", "updated_at")
    list_filter = ("online_level", "is_active", "agency", "fields")
    search_fields = ("code", "local_code", "name", "keywords")
    autocomplete_fields = ("agency",)
    filter_horizontal = ("fields",)
    inlines = (CaseInline, LegalBasisInline)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "code",
                    "local_code",
                    "name",
                    "kind",
                    "agency",
                    "fields",
                    "online_level",
                    "required_identity_level",
                )
            },
        ),
        (
            "Thực hiện",
            {
                "fields": (
                    "implementing_levels",
                    "competent_authority",
                    "reception_address",
                    "target_subjects",
                    "results",
                    "conditions",
                    "description",
                    "keywords",
                )
            },
        ),
        (
            "Công bố và hiệu lực",
            {"fields": ("decision_number", "decision_date", "is_active", "effective_from", "effective_to")},
        ),
    )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        procedure_refresh_search(procedure=form.instance)


class ChannelInline(admin.StackedInline):
    model = Channel
    extra = 0
    show_change_link = True


class ComponentInline(admin.StackedInline):
    model = ComponentRequirement
    extra = 0


class StepInline(admin.TabularInline):
    model = ProcedureStep
    extra = 0


@admin.register(ProcedureCase)
class ProcedureCaseAdmin(admin.ModelAdmin):
    list_display = ("__str__", "procedure")
    search_fields = ("name", "procedure__name", "procedure__code")
    autocomplete_fields = ("procedure",)
    inlines = (ChannelInline, ComponentInline, StepInline)


class FeeItemInline(admin.TabularInline):
    model = FeeItem
    extra = 0


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ("__str__", "case", "duration_value", "duration_unit")
    inlines = (FeeItemInline,)


@admin.register(SupportContact)
class SupportContactAdmin(admin.ModelAdmin):
    list_display = ("label", "phone", "agency", "in_footer", "position")
    list_editable = ("in_footer", "position")
