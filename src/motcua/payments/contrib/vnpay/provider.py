"""VNPay 2.1.0: redirect to the gateway, verify its return and IPN, query (querydr) and refund over its API.

Configuration (``settings.MOTCUA_PAYMENT["vnpay"]``, from ``MOTCUA_VNPAY_*``): ``URL`` (the gateway's
``vpcpay.html``), ``API_URL`` (querydr / refund), ``TMN_CODE`` (8 characters) and ``HASH_SECRET``.

Endpoints served by this plug-in (``urls.py``):
- ``{MOTCUA_PUBLIC_URL}/thanh-toan/vnpay/return/`` — sent as ``vnp_ReturnUrl``; display only.
- ``{MOTCUA_PUBLIC_URL}/thanh-toan/vnpay/ipn/`` — VNPay's server-to-server confirmation. VNPay does not take it
  from the request: register this exact URL with VNPay for the terminal (merchant portal or onboarding e-mail).
"""

import secrets
from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

import requests
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy

from motcua.core.errors import DomainError

from ...base import Notice, PaymentProvider, SignatureInvalid, Start, StartContext, providers
from . import protocol

if TYPE_CHECKING:
    from ...models import PaymentAttempt

PAID = "00"
PENDING_STATUS = "01"  # vnp_TransactionStatus: "Giao dịch chưa hoàn tất"
QUERY_NOT_FOUND = "91"


@providers.register("vnpay")
class VnpayProvider(PaymentProvider):
    key: ClassVar[str] = "vnpay"
    label: ClassVar[str] = gettext_lazy("VNPay")
    description: ClassVar[str] = gettext_lazy(
        "Thẻ ATM nội địa, Internet Banking, thẻ quốc tế, ứng dụng ngân hàng (VNPAY-QR)."
    )

    # --- configuration ---------------------------------------------------------------------------------
    @property
    def tmn_code(self) -> str:
        return str(self.config.get("TMN_CODE") or "")

    @property
    def secret(self) -> str:
        return str(self.config.get("HASH_SECRET") or "")

    def check_config(self) -> list[str]:
        problems = []
        if len(self.tmn_code) != 8:
            problems.append("TMN_CODE (MOTCUA_VNPAY_TMN_CODE) must be the 8-character terminal code issued by VNPay")
        if not self.secret:
            problems.append("HASH_SECRET (MOTCUA_VNPAY_HASH_SECRET) is missing")
        for name in ("URL", "API_URL"):
            if not str(self.config.get(name) or "").startswith("https://"):
                problems.append(f"{name} (MOTCUA_VNPAY_{name}) must be an https:// address")
        return problems

    def endpoint_url(self, name: str) -> str:
        """Our own protocol endpoint ``name`` ("return", "ipn"), as VNPay reaches it."""
        return f"{settings.MOTCUA_PUBLIC_URL}/thanh-toan/{self.key}/{name}/"

    def gateway_url(self) -> str:
        return str(self.config.get("URL") or "")

    # --- start -----------------------------------------------------------------------------------------
    def pay_fields(self, *, attempt: "PaymentAttempt", context: StartContext) -> dict[str, str]:
        order = attempt.order
        info = protocol.safe_text(f"Thanh toan phi le phi ho so {order.dossier.code} ma {order.reference}")
        fields = {
            "vnp_Version": protocol.VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": protocol.amount_encode(attempt.amount),
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": attempt.reference,
            "vnp_OrderInfo": info,
            "vnp_OrderType": "other",
            "vnp_Locale": "en" if context.locale == "en" else "vn",
            "vnp_ReturnUrl": self.endpoint_url("return"),
            "vnp_IpAddr": context.client_ip or "127.0.0.1",
            "vnp_CreateDate": protocol.vn_time(attempt.created_at or timezone.now()),
            "vnp_ExpireDate": protocol.vn_time(attempt.expires_at),
        }
        if context.bank_code:
            fields["vnp_BankCode"] = protocol.safe_text(context.bank_code, limit=20).replace(" ", "")
        return fields

    def start(self, *, attempt: "PaymentAttempt", context: StartContext) -> Start:
        fields = self.pay_fields(attempt=attempt, context=context)
        return Start(
            redirect_url=protocol.pay_url(self.gateway_url(), fields, self.secret),
            data={"create_date": fields["vnp_CreateDate"], "order_info": fields["vnp_OrderInfo"]},
        )

    # --- verify (return, IPN) --------------------------------------------------------------------------
    def verify(self, *, params: Mapping[str, str], body: bytes = b"") -> Notice:
        """The notice in a return or an IPN. SignatureInvalid if not ours; ``protocol.Malformed`` if unreadable."""
        if not protocol.verify(params, self.secret):
            raise SignatureInvalid("vnp_SecureHash không khớp (thiếu, sai hoặc tham số đã bị sửa)")
        if params.get("vnp_TmnCode") != self.tmn_code:
            raise SignatureInvalid("vnp_TmnCode không phải mã website của cơ quan")
        reference = str(params.get("vnp_TxnRef", ""))
        if not reference:
            raise protocol.Malformed("thiếu vnp_TxnRef")
        response = str(params.get("vnp_ResponseCode", ""))
        status = str(params.get("vnp_TransactionStatus", ""))
        paid = response == PAID and status == PAID
        return Notice(
            reference=reference,
            amount=protocol.amount_decode(str(params.get("vnp_Amount", ""))),
            paid=paid,
            code=response if response != PAID else status,
            message=protocol.RESPONSE_MESSAGES.get(response, ""),
            pending=response == PAID and status == PENDING_STATUS,
            provider_transaction=str(params.get("vnp_TransactionNo", ""))[:64],
            bank_code=str(params.get("vnp_BankCode", ""))[:20],
        )

    # --- the API: querydr, refund -------------------------------------------------------------------------
    def api_call(self, body: dict[str, str]) -> object:
        """POST ``body`` to VNPay's API; DomainError if VNPay cannot be reached or answers nonsense."""
        try:
            response = requests.post(
                str(self.config.get("API_URL") or ""), json=body, timeout=settings.MOTCUA_PAYMENT_TIMEOUT_SECONDS
            )
            response.raise_for_status()
            return response.json()
        except (requests.RequestException, ValueError) as error:
            raise DomainError(
                "Không kết nối được cổng thanh toán VNPay, vui lòng thử lại sau.", code="provider_unreachable"
            ) from error

    def _answer(self, body: dict[str, str], order: tuple[str, ...]) -> dict[str, str]:
        try:
            return protocol.answer_verify(self.api_call(body), order, self.secret)
        except protocol.Malformed as error:
            raise DomainError("Cổng thanh toán trả lời không hợp lệ.", code="provider_answer") from error

    def _original(self, attempt: "PaymentAttempt") -> tuple[str, str]:
        data = (attempt.instructions or {}).get("data") or {}
        create_date = str(data.get("create_date") or protocol.vn_time(attempt.created_at))
        return create_date, str(data.get("order_info") or attempt.reference)

    def query(self, *, attempt: "PaymentAttempt") -> Notice | None:
        transaction_date, order_info = self._original(attempt)
        answer = self._answer(
            protocol.querydr_body(
                secret=self.secret, request_id=secrets.token_hex(16), tmn_code=self.tmn_code,
                txn_ref=attempt.reference, transaction_date=transaction_date,
                create_date=protocol.vn_time(timezone.now()), ip_addr="127.0.0.1",
                order_info=protocol.safe_text(f"Truy van {order_info}"),
            ),
            protocol.QUERYDR_ANSWER_FIELDS,
        )  # fmt: skip
        code = answer.get("vnp_ResponseCode", "")
        if code == QUERY_NOT_FOUND:
            return None  # the payer never reached the gateway
        if code != PAID or answer.get("vnp_TxnRef") != attempt.reference:
            raise DomainError("Cổng thanh toán không trả lời được trạng thái giao dịch.", code="provider_answer")
        status = answer.get("vnp_TransactionStatus", "")
        try:
            amount = protocol.amount_decode(answer.get("vnp_Amount", ""))
        except protocol.Malformed as error:
            raise DomainError("Cổng thanh toán trả lời không hợp lệ.", code="provider_answer") from error
        return Notice(
            reference=attempt.reference,
            amount=amount,
            paid=status == PAID,
            code=status,
            message=answer.get("vnp_Message", "")[:300],
            pending=status == PENDING_STATUS,
            provider_transaction=answer.get("vnp_TransactionNo", "")[:64],
            bank_code=answer.get("vnp_BankCode", "")[:20],
        )

    def refund(self, *, attempt: "PaymentAttempt", amount: int, reason: str, officer_name: str) -> str:
        transaction_date, _ = self._original(attempt)
        answer = self._answer(
            protocol.refund_body(
                secret=self.secret, request_id=secrets.token_hex(16), tmn_code=self.tmn_code,
                txn_ref=attempt.reference, amount=amount, full=amount == attempt.amount,
                transaction_no=attempt.provider_transaction, transaction_date=transaction_date,
                create_by=protocol.safe_text(officer_name, limit=250) or "motcua",
                create_date=protocol.vn_time(timezone.now()), ip_addr="127.0.0.1",
                order_info=protocol.safe_text(f"Hoan tien {attempt.reference} {reason}"),
            ),
            protocol.REFUND_ANSWER_FIELDS,
        )  # fmt: skip
        if answer.get("vnp_ResponseCode") != PAID:
            message = answer.get("vnp_Message", "")[:200]
            raise DomainError(f"Cổng thanh toán từ chối hoàn tiền: {message}", code="refund_refused")
        return answer.get("vnp_TransactionNo") or answer.get("vnp_ResponseId", "")
