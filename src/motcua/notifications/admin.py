from django.contrib import admin

from .models import InboxMessage, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "channel", "recipient", "subject", "status", "attempts")
    list_filter = ("channel", "status")
    search_fields = ("recipient", "subject")
    readonly_fields = [f.name for f in Notification._meta.fields]


@admin.register(InboxMessage)
class InboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "subject", "read_at")
    search_fields = ("user__username", "subject")
    list_select_related = ("user",)
    readonly_fields = [f.name for f in InboxMessage._meta.fields]
