"""Calendar administration: extra days off, make-up working days and agencies' office hours."""

from django.contrib import admin

from .models import CalendarOverride, OfficeHours


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "agency", "reason")
    list_filter = ("kind", "agency")
    search_fields = ("reason", "agency__name")
    date_hierarchy = "date"
    autocomplete_fields = ("agency",)


@admin.register(OfficeHours)
class OfficeHoursAdmin(admin.ModelAdmin):
    list_display = (
        "agency",
        "morning_opens",
        "morning_closes",
        "afternoon_opens",
        "afternoon_closes",
        "works_saturday",
    )
    search_fields = ("agency__name",)
    autocomplete_fields = ("agency",)
