"""Payments: fee orders, attempts, the ledger, callbacks, statements, reconciliation, receipts, land obligations."""

from .land import TaxNotice
from .orders import (
    AttemptState,
    CollectionAccount,
    FeeLine,
    FeeOrder,
    LedgerEntry,
    OrderKind,
    OrderState,
    PaymentAttempt,
    Refund,
    Stage,
    Via,
)
from .receipts import Receipt, ReceiptCounter
from .records import CallbackRecord, Discrepancy, StatementImport, StatementLine

__all__ = [
    "AttemptState",
    "CallbackRecord",
    "CollectionAccount",
    "Discrepancy",
    "FeeLine",
    "FeeOrder",
    "LedgerEntry",
    "OrderKind",
    "OrderState",
    "PaymentAttempt",
    "Receipt",
    "ReceiptCounter",
    "Refund",
    "Stage",
    "StatementImport",
    "StatementLine",
    "TaxNotice",
    "Via",
]
