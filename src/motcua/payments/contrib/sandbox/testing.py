"""Helpers for tests (ours and the portal's): start an attempt, forge what a VNPay-speaking bank would send."""

from motcua.accounts.models import User

from ...base import Start, StartContext, provider_get
from ...models import FeeOrder, PaymentAttempt
from ...services.attempts import payment_start
from ..vnpay import protocol

CONTEXT = StartContext(return_url="", ipn_url="", client_ip="127.0.0.1")


def attempt_start(*, order: FeeOrder, payer: User, provider_key: str = "sandbox") -> tuple[PaymentAttempt, Start]:
    return payment_start(order=order, provider_key=provider_key, context=CONTEXT, payer=payer)


def ipn_fields(
    *,
    reference: str,
    amount: int,
    response_code: str = "00",
    status: str = "00",
    transaction_no: str = "14422574",
    provider_key: str = "sandbox",
    secret: str | None = None,
) -> dict[str, str]:
    """The signed fields of a return / IPN for attempt ``reference`` (``secret``: sign with another key)."""
    provider = provider_get(provider_key)
    fields = {
        "vnp_Amount": protocol.amount_encode(amount),
        "vnp_BankCode": "NCB",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": f"Thanh toan {reference}",
        "vnp_PayDate": "20260115091806",
        "vnp_ResponseCode": response_code,
        "vnp_TmnCode": provider.tmn_code,  # type: ignore[attr-defined]
        "vnp_TransactionNo": transaction_no,
        "vnp_TransactionStatus": status,
        "vnp_TxnRef": reference,
    }
    return protocol.signed_params(fields, provider.secret if secret is None else secret)  # type: ignore[attr-defined]
