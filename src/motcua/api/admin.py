"""Partner systems in the Django admin: create one (its key is shown once), change its scopes, agency and expiry,
revoke it (untick "đang hoạt động"), replace its key."""

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.errors import DomainError

from .keys import SCOPES, api_client_check, api_client_key_assign, api_client_revoke, api_client_saved
from .models import ApiClient


class ApiClientForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Phạm vi quyền"),
        choices=[(scope, f"{scope} — {label}") for scope, label in SCOPES.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ApiClient
        fields = ["name", "scopes", "agency", "expires_at", "active"]

    def clean(self) -> dict:
        cleaned = super().clean()
        try:
            api_client_check(scopes=cleaned.get("scopes") or [], agency=cleaned.get("agency"))
        except DomainError as error:
            self.add_error("agency", error.message)
        return cleaned


def _show_key(request: HttpRequest, client: ApiClient, key: str) -> None:
    messages.warning(
        request,
        _("Khóa API của “%(name)s” (chỉ hiển thị lần này, hãy lưu lại ngay): %(key)s")
        % {"name": client.name, "key": key},
    )


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    form = ApiClientForm
    list_display = ("name", "prefix", "scopes", "agency", "active", "expires_at", "revoked_at", "last_used_at")
    list_filter = ("active",)
    list_select_related = ("agency",)
    search_fields = ("name", "prefix")
    autocomplete_fields = ("agency",)
    readonly_fields = ("prefix", "account", "created_at", "revoked_at", "last_used_at")
    actions = ["replace_keys", "revoke_keys"]

    def save_model(self, request: HttpRequest, obj: ApiClient, form: forms.ModelForm, change: bool) -> None:
        key = None if change else api_client_key_assign(client=obj)
        super().save_model(request, obj, form, change)
        api_client_saved(client=obj)
        if key is not None:
            _show_key(request, obj, key)

    @admin.action(description=gettext_lazy("Cấp khóa mới (khóa cũ hết hiệu lực ngay)"))
    def replace_keys(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        for client in queryset:
            _show_key(request, client, api_client_key_assign(client=client))

    @admin.action(description=gettext_lazy("Thu hồi khóa (ngừng truy cập ngay)"))
    def revoke_keys(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        for client in queryset:
            api_client_revoke(name=client.name)
        messages.success(request, _("Đã thu hồi %(count)s khóa API.") % {"count": len(queryset)})
