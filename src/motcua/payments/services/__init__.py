"""Writes on payments: ``orders`` (fee orders from the catalogue, exemptions) · ``attempts`` (start, expiry sweep)
· ``confirm`` (store raw callbacks, apply verified notices once) · ``receipts`` · ``refunds``."""

from .attempts import attempts_expire, payment_start
from .confirm import callback_reject, callback_store, notice_apply
from .orders import collection_account_for, fee_line_exempt, fee_order_open, officer_may_collect
from .receipts import receipt_issue
from .refunds import officer_may_refund, refund_create

__all__ = [
    "attempts_expire",
    "callback_reject",
    "callback_store",
    "collection_account_for",
    "fee_line_exempt",
    "fee_order_open",
    "notice_apply",
    "officer_may_collect",
    "officer_may_refund",
    "payment_start",
    "receipt_issue",
    "refund_create",
]
