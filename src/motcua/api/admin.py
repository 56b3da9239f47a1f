"""Partner systems in the Django admin: create one (its key is shown once), change its scopes, replace its key."""

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .keys import SCOPES, api_client_key_assign
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
        fields = ["name", "scopes", "active"]


def _show_key(request: HttpRequest, client: ApiClient, key: str) -> None:
    messages.warning(
        request,
        _("Khóa API của “%(name)s” (chỉ hiển thị lần này, hãy lưu lại ngay): %(key)s")
        % {"name": client.name, "key": key},
    )


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    form = ApiClientForm
    list_display = ("name", "prefix", "scopes", "active", "created_at", "last_used_at")
    list_filter = ("active",)
    search_fields = ("name", "prefix")
    readonly_fields = ("prefix", "created_at", "last_used_at")
    actions = ["replace_keys"]

    def save_model(self, request: HttpRequest, obj: ApiClient, form: forms.ModelForm, change: bool) -> None:
        key = None if change else api_client_key_assign(client=obj)
        super().save_model(request, obj, form, change)
        if key is not None:
            _show_key(request, obj, key)

    @admin.action(description=gettext_lazy("Cấp khóa mới (khóa cũ hết hiệu lực ngay)"))
    def replace_keys(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        for client in queryset:
            _show_key(request, client, api_client_key_assign(client=client))
