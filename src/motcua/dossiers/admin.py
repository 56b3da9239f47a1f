"""Dossiers in the Django admin: read-only. States change only through ``services`` (with their history)."""

from django.contrib import admin

from .models import (
    CaseWorkflow,
    Dossier,
    DossierCodeCounter,
    DossierEvent,
    DossierFile,
    SatisfactionSurvey,
    SupplementRequest,
    WorkflowStep,
)
from .services.processing import DEFAULT_WORKFLOW


class DossierEventInline(admin.TabularInline):
    model = DossierEvent
    extra = 0
    can_delete = False
    fields = ("at", "action", "from_state", "to_state", "actor_label", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class DossierFileInline(admin.TabularInline):
    model = DossierFile
    fk_name = "dossier"
    extra = 0
    can_delete = False
    fields = ("component_name", "original_name", "content_type", "size", "sha256", "supplement", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    list_display = ("code", "applicant_name", "procedure", "agency", "state", "submitted_at", "due_at")
    list_filter = ("state", "agency", "verified_by_vneid")
    search_fields = ("code", "applicant_name", "applicant_id_number")
    list_select_related = ("procedure", "agency")
    date_hierarchy = "created_at"
    inlines = [DossierEventInline, DossierFileInline]


@admin.register(DossierEvent)
class DossierEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "dossier", "action", "from_state", "to_state", "actor_label")
    list_filter = ("action",)
    search_fields = ("dossier__code", "actor_label")
    list_select_related = ("dossier",)


@admin.register(DossierCodeCounter)
class DossierCodeCounterAdmin(ReadOnlyAdmin):
    list_display = ("unit_code", "day", "last_number")
    search_fields = ("unit_code",)


@admin.register(SupplementRequest)
class SupplementRequestAdmin(ReadOnlyAdmin):
    list_display = ("dossier", "requested_at", "requested_by_label", "answered_at")
    search_fields = ("dossier__code",)
    list_select_related = ("dossier",)


@admin.register(SatisfactionSurvey)
class SatisfactionSurveyAdmin(ReadOnlyAdmin):
    list_display = ("dossier", "overall", "convenience", "created_at")
    list_filter = ("overall", "convenience")
    search_fields = ("dossier__code",)


class WorkflowStepInline(admin.TabularInline):
    model = WorkflowStep
    extra = 1
    fields = ("position", "name", "role", "agency", "budget_hours", "signs_result")
    autocomplete_fields = ("agency",)


@admin.register(CaseWorkflow)
class CaseWorkflowAdmin(admin.ModelAdmin):
    """ "Quy trình nội bộ": the approved steps of each case. A case without steps follows the default process
    (thẩm định → lãnh đạo phòng → lãnh đạo cơ quan ký), shown on the page as a reminder."""

    list_display = ("procedure_code", "procedure", "__str__", "step_count")
    search_fields = ("procedure__code", "procedure__name", "name")
    list_select_related = ("procedure",)
    fields = ("procedure", "name", "default_note")
    readonly_fields = fields
    inlines = (WorkflowStepInline,)

    def has_add_permission(self, request) -> bool:
        return False  # cases are created with their procedure (catalogue)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="mã thủ tục", ordering="procedure__code")
    def procedure_code(self, obj: CaseWorkflow) -> str:
        return obj.procedure.code

    @admin.display(description="số bước")
    def step_count(self, obj: CaseWorkflow) -> int:
        return obj.workflow_steps.count()

    @admin.display(description="quy trình mặc định")
    def default_note(self, obj: CaseWorkflow) -> str:
        steps = " → ".join(f"{spec.name} ({spec.budget_hours} giờ)" for spec in DEFAULT_WORKFLOW)
        return f"Khi chưa có bước nào, hồ sơ đi theo quy trình mặc định: {steps}."
