"""Ví MoMo (API v2): create → the payer pays in the MoMo app or page → signed IPN (answered 204) → query.

Configuration ``settings.MOTCUA_PAYMENT["momo"]``: ENDPOINT (``https://test-payment.momo.vn`` for the test
environment, the production host given at onboarding), PARTNER_CODE, ACCESS_KEY, SECRET_KEY, REQUEST_TYPE
(``captureWallet`` by default; ``payWithATM``, ``payWithMethod`` …). Calls time out after
``MOTCUA_PAYMENT_TIMEOUT_SECONDS`` (30 s by default: MoMo asks for at least 30).
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.errors import DomainError
from motcua.core.money import format_dong
from motcua.payments.base import Notice, PaymentProvider, SignatureInvalid, Start, StartContext, providers

from . import protocol

if TYPE_CHECKING:
    from motcua.payments.models import PaymentAttempt

REQUIRED = ("ENDPOINT", "PARTNER_CODE", "ACCESS_KEY", "SECRET_KEY")


@providers.register("momo")
class MomoProvider(PaymentProvider):
    key = "momo"
    label = gettext_lazy("Ví MoMo")
    description = gettext_lazy("Thanh toán bằng ứng dụng Ví MoMo (quét mã hoặc đăng nhập ví).")

    def check_config(self) -> list[str]:
        problems = [f"{name} is not set (MOTCUA_MOMO_{name})" for name in REQUIRED if not self.config.get(name)]
        endpoint = str(self.config.get("ENDPOINT") or "")
        if endpoint and not endpoint.startswith(("https://", "http://")):
            problems.append("ENDPOINT must be an http(s) URL, e.g. https://test-payment.momo.vn")
        return problems

    # --- configuration --------------------------------------------------------------------------------------
    @property
    def keys(self) -> protocol.Keys:
        return protocol.Keys(
            partner_code=str(self.config.get("PARTNER_CODE") or ""),
            access_key=str(self.config.get("ACCESS_KEY") or ""),
            secret_key=str(self.config.get("SECRET_KEY") or ""),
        )

    def _ready(self) -> None:
        if self.check_config():
            raise DomainError(_("Kênh thanh toán Ví MoMo chưa được cấu hình; vui lòng chọn kênh khác."), code="config")

    def _post(self, path: str, body: dict) -> dict:
        """POST ``body`` to MoMo; its JSON answer (MoMo answers errors as JSON too). DomainError if unreachable."""
        url = str(self.config["ENDPOINT"]).rstrip("/") + path
        try:
            response = requests.post(url, json=body, timeout=settings.MOTCUA_PAYMENT_TIMEOUT_SECONDS)
            answer = response.json()
        except (requests.RequestException, ValueError):
            raise DomainError(_unreachable(), code="unreachable") from None
        if not isinstance(answer, dict):
            raise DomainError(_unreachable(), code="unreachable")
        return answer

    # --- the four methods -----------------------------------------------------------------------------------
    def start(self, *, attempt: "PaymentAttempt", context: StartContext) -> Start:
        self._ready()
        if not protocol.AMOUNT_MIN <= attempt.amount <= protocol.AMOUNT_MAX:
            raise DomainError(
                _("Ví MoMo chỉ nhận khoản thanh toán từ %(low)s đến %(high)s; vui lòng chọn kênh thanh toán khác.")
                % {"low": format_dong(protocol.AMOUNT_MIN), "high": format_dong(protocol.AMOUNT_MAX)},
                code="amount",
            )
        if not protocol.ORDER_ID.fullmatch(attempt.reference):
            raise DomainError(_("Mã giao dịch không hợp lệ với Ví MoMo."), code="reference")
        request = protocol.request_id(attempt.reference)
        body = protocol.create_body(
            self.keys,
            order_id=attempt.reference,
            request=request,
            amount=attempt.amount,
            order_info=_order_info(attempt),
            redirect_url=context.return_url,
            ipn_url=context.ipn_url,
            request_type=str(self.config.get("REQUEST_TYPE") or "captureWallet"),
            lang="en" if context.locale == "en" else "vi",
        )
        answer = self._post(protocol.PATH_CREATE, body)
        if not protocol.response_signed_right(self.keys, answer, protocol.CREATE_RESPONSE_KEYS):
            raise DomainError(
                _("Phản hồi từ Ví MoMo không hợp lệ (sai chữ ký). Vui lòng chọn kênh thanh toán khác."),
                code="signature",
            )
        pay_url = answer.get("payUrl")
        if answer.get("resultCode") != protocol.SUCCESS or not isinstance(pay_url, str):
            raise DomainError(_refused_message(answer.get("resultCode")), code="refused")
        if (
            not pay_url.startswith(("https://", "http://"))
            or answer.get("orderId", attempt.reference) != attempt.reference
        ):
            raise DomainError(
                _("Phản hồi từ Ví MoMo không hợp lệ. Vui lòng chọn kênh thanh toán khác."), code="refused"
            )
        data = {"request_id": request}
        for ours, theirs in (("deeplink", "deeplink"), ("qr_code_url", "qrCodeUrl")):
            if isinstance(answer.get(theirs), str):
                data[ours] = answer[theirs]
        return Start(redirect_url=pay_url, data=data)

    def verify(self, *, params: Mapping[str, str], body: bytes = b"") -> Notice:
        """The IPN (JSON body) or the browser return (query string): both carry the IPN's signed fields."""
        try:
            values = protocol.callback_values(params, body)
            signature = values.get("signature")
            if not isinstance(signature, str) or not signature:
                raise SignatureInvalid("MoMo: thiếu chữ ký")
            if not protocol.signature_valid(
                self.keys.secret_key, {**values, "accessKey": self.keys.access_key}, protocol.IPN_KEYS, signature
            ):
                raise SignatureInvalid("MoMo: chữ ký không hợp lệ")
            if values.get("partnerCode") != self.keys.partner_code:
                raise SignatureInvalid("MoMo: mã đối tác không khớp")
            return _notice(values)
        except ValueError as error:
            raise SignatureInvalid(f"MoMo: dữ liệu không hợp lệ ({error})") from None

    def query(self, *, attempt: "PaymentAttempt") -> Notice | None:
        """MoMo's current word on ``attempt`` (None when it cannot be believed); DomainError if unreachable."""
        self._ready()
        body = protocol.query_body(
            self.keys, order_id=attempt.reference, request=protocol.request_id(attempt.reference)
        )
        answer = self._post(protocol.PATH_QUERY, body)
        if answer.get("orderId") != attempt.reference or not protocol.response_signed_right(
            self.keys, answer, protocol.QUERY_RESPONSE_KEYS
        ):
            return None
        try:
            code = protocol.as_int(answer.get("resultCode"))
            amount = protocol.as_int(answer.get("amount", 0))
        except ValueError:
            return None
        if code != protocol.SUCCESS and amount == 0:
            amount = attempt.amount  # "no such payment": MoMo states no amount, there is nothing to compare
        return _notice({**answer, "resultCode": code, "amount": amount})

    def refund(self, *, attempt: "PaymentAttempt", amount: int, reason: str, officer_name: str) -> str:
        self._ready()
        if not attempt.provider_transaction.isdigit():
            raise DomainError(
                _("Không có mã giao dịch MoMo của khoản này nên không thể hoàn tiền qua ví."), code="refund"
            )
        if not protocol.AMOUNT_MIN <= amount <= attempt.amount:
            raise DomainError(
                _("Số tiền hoàn qua Ví MoMo phải từ %(low)s đến %(high)s.")
                % {"low": format_dong(protocol.AMOUNT_MIN), "high": format_dong(attempt.amount)},
                code="refund_amount",
            )
        request = protocol.request_id(attempt.reference)
        body = protocol.refund_body(
            self.keys,
            order_id=request.replace("-", "R"),  # a refund is a new order of ours at MoMo
            request=request,
            amount=amount,
            trans_id=int(attempt.provider_transaction),
            description=f"Hoan tra {attempt.reference}: {reason}"[:255],
        )
        answer = self._post(protocol.PATH_REFUND, body)
        if answer.get("resultCode") != protocol.SUCCESS:
            raise DomainError(
                _("Ví MoMo từ chối hoàn tiền (mã %(code)s): %(message)s")
                % {"code": str(answer.get("resultCode"))[:10], "message": str(answer.get("message") or "")[:200]},
                code="refund_refused",
            )
        return str(answer.get("transId") or body["orderId"])[:64]


def _order_info(attempt: "PaymentAttempt") -> str:
    order = attempt.order
    return f"Thanh toan phi, le phi ho so {order.dossier.code or order.reference} - {order.reference}"


def _refused_message(code: object) -> str:
    return _(
        "Ví MoMo không khởi tạo được giao dịch (mã %(code)s). "
        "Vui lòng thử lại sau ít phút hoặc chọn kênh thanh toán khác."
    ) % {"code": str(code)[:10]}


def _unreachable() -> str:
    return _("Không kết nối được với Ví MoMo. Vui lòng thử lại sau ít phút hoặc chọn kênh thanh toán khác.")


def _notice(values: Mapping[str, object]) -> Notice:
    """Turn MoMo's fields into a Notice: 0 paid; 9000/1000/7000/7002/8000 pending; 1006 cancelled; others failed."""
    reference = values.get("orderId")
    if not isinstance(reference, str) or not reference:
        raise ValueError("orderId")
    code = protocol.as_int(values.get("resultCode"))
    amount = protocol.as_int(values.get("amount"))
    trans_id = values.get("transId", "")
    return Notice(
        reference=reference,
        amount=amount,
        paid=code == protocol.SUCCESS,
        code=protocol.CANCEL_CODE if code == protocol.USER_CANCELLED else str(code),
        message=str(values.get("message") or "")[:300],
        pending=code in protocol.PENDING,
        provider_transaction=str(trans_id) if trans_id not in (None, 0, "0") else "",
        bank_code=str(values.get("payType") or "")[:20],
    )
