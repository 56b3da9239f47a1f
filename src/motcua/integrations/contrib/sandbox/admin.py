from django.contrib import admin

from motcua.audit.admin import ReadOnlyAdmin

from .models import ReceivedMessage


@admin.register(ReceivedMessage)
class ReceivedMessageAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "dossier_code", "sequence", "status_code")
    search_fields = ("=dossier_code",)
