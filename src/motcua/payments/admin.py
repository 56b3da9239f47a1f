"""Payments in the Django admin: collection accounts are edited here; money records are read-only
(they change only through ``services``: an edited ledger would no longer balance)."""

from django.contrib import admin
from django.http import HttpRequest

from motcua.audit.admin import ReadOnlyAdmin

from .models import (
    CallbackRecord,
    CollectionAccount,
    Discrepancy,
    FeeOrder,
    LedgerEntry,
    PaymentAttempt,
    Receipt,
    Refund,
    StatementLine,
    TaxNotice,
)


@admin.register(CollectionAccount)
class CollectionAccountAdmin(admin.ModelAdmin):
    list_display = ("collector_name", "agency", "account_number", "bank_name", "receipt_template", "receipt_letters")
    search_fields = ("collector_name", "account_number", "collector_tax_code")
    autocomplete_fields = ("agency",)

    def has_delete_permission(self, request: HttpRequest, obj: CollectionAccount | None = None) -> bool:
        return obj is None or not obj.orders.exists()


@admin.register(FeeOrder)
class FeeOrderAdmin(ReadOnlyAdmin):
    list_display = ("reference", "dossier", "kind", "stage", "amount", "state", "paid_amount", "refunded_amount")
    list_filter = ("state", "kind", "stage")
    search_fields = ("=reference", "=dossier__code")


@admin.register(PaymentAttempt)
class PaymentAttemptAdmin(ReadOnlyAdmin):
    list_display = ("reference", "order", "provider", "via", "amount", "state", "created_at", "result_code")
    list_filter = ("state", "provider", "via")
    search_fields = ("=reference", "=order__reference", "provider_transaction")


@admin.register(CallbackRecord)
class CallbackRecordAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "provider", "channel", "reference", "outcome", "remote_addr")
    list_filter = ("provider", "channel", "outcome")
    search_fields = ("=reference",)


for model in (LedgerEntry, Refund, Receipt, StatementLine, Discrepancy, TaxNotice):
    admin.site.register(model, ReadOnlyAdmin)
