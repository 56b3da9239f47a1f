"""Webhook endpoints in the Django admin (their secret shown once, on creation or renewal); the delivery log and
the national sync queue read-only (they change only through ``services``)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from motcua.audit.admin import ReadOnlyAdmin
from motcua.core.errors import DomainError

from .addresses import url_check
from .models import EventType, NationalMessage, WebhookDelivery, WebhookEndpoint
from .services import webhook_endpoint_disable, webhook_endpoint_save, webhook_secret_renew


class EndpointForm(forms.ModelForm):
    event_types = forms.MultipleChoiceField(
        label="Loại sự kiện",
        choices=EventType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Không chọn loại nào: nhận mọi sự kiện.",
    )

    class Meta:
        model = WebhookEndpoint
        fields = ("name", "url", "agency", "event_types", "is_active")

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        try:
            url_check(url)
        except DomainError as error:
            raise ValidationError(error.message) from None
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = EndpointForm
    list_display = ("name", "url", "agency", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("name", "url")
    autocomplete_fields = ("agency",)
    actions = ("disable", "renew_secret")

    def has_delete_permission(self, request: HttpRequest, obj: WebhookEndpoint | None = None) -> bool:
        return False  # the delivery log refers to it: disable instead

    def save_model(self, request: HttpRequest, obj: WebhookEndpoint, form: forms.Form, change: bool) -> None:
        secret = webhook_endpoint_save(endpoint=obj, actor=request.user)
        if secret:
            messages.warning(
                request,
                f"Khóa bí mật của “{obj.name}” (chỉ hiển thị một lần, hãy chuyển cho hệ thống nhận ngay): {secret}",
            )

    @admin.action(description="Tắt các điểm nhận đã chọn")
    def disable(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        for endpoint in queryset:
            webhook_endpoint_disable(endpoint_id=endpoint.pk, actor=request.user)
        messages.success(request, f"Đã tắt {queryset.count()} điểm nhận.")

    @admin.action(description="Tạo khóa bí mật mới (khóa cũ hết hiệu lực ngay)")
    def renew_secret(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        for endpoint in queryset:
            secret = webhook_secret_renew(endpoint_id=endpoint.pk, actor=request.user)
            messages.warning(request, f"Khóa bí mật mới của “{endpoint.name}” (chỉ hiển thị một lần): {secret}")


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "endpoint", "event_type", "dossier", "state", "attempts", "last_status_code",
                    "next_try_at")  # fmt: skip
    list_filter = ("state", "event_type", "endpoint")
    search_fields = ("=event_id", "=dossier__code")
    list_select_related = ("endpoint", "dossier")
    exclude = ("locked_until",)


@admin.register(NationalMessage)
class NationalMessageAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "dossier", "sequence", "status_code", "state", "attempts", "next_try_at",
                    "accepted_at")  # fmt: skip
    list_filter = ("state", "status_code", "adapter")
    search_fields = ("=dossier__code", "=message_id")
    list_select_related = ("dossier",)
    exclude = ("locked_until",)
