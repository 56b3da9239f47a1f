"""VietQR: a dynamic NAPAS 247 QR code to the agency's collection account, confirmed by the bank statement.

``start`` gives the payload (amount, bill number = the attempt reference, memo = reference + dossier code) that
any banking app pays; there is no gateway to ask, so confirmation comes from reconciliation: a statement import
or a bank's signed push to ``/thanh-toan/vietqr/webhook/`` (format in ``views``), matched by reference + amount.
"""

import hashlib
import hmac
import json
import re
from collections.abc import Mapping

from django.utils.translation import gettext_lazy

from motcua.core.errors import DomainError

from ...base import Notice, PaymentProvider, SignatureInvalid, Start, StartContext, providers
from ...models import PaymentAttempt
from ...services.reconciliation import memo_references
from ...statements import CreditLine, credit_line
from .payload import VietQR, ascii_fold, encode, purpose_room

_MEMO_UNSAFE = re.compile(r"[^A-Za-z0-9 .-]+")  # banking apps drop or refuse other characters in a memo
SIGNATURE_HEADER = "X-Signature"


class WebhookInvalid(ValueError):
    """A push whose signature verifies but whose content is not a credit we can read (message in Vietnamese)."""


def transfer_memo(reference: str, dossier_code: str) -> str:
    """``GD… <dossier code>`` in the characters every banking app keeps, cut to fit field 62 of the code."""
    memo = " ".join(_MEMO_UNSAFE.sub(" ", ascii_fold(f"{reference} {dossier_code}")).split())
    return memo[: purpose_room(reference)].strip()


@providers.register("vietqr")
class VietQRProvider(PaymentProvider):
    key = "vietqr"
    label = gettext_lazy("Mã VietQR (quét bằng ứng dụng ngân hàng)")
    description = gettext_lazy(
        "Quét mã bằng ứng dụng của bất kỳ ngân hàng nào; số tiền và nội dung chuyển khoản đã điền sẵn."
    )
    online = True

    def check_config(self) -> list[str]:
        secret = str(self.config.get("WEBHOOK_SECRET") or "")
        if secret and len(secret) < 16:
            return ["WEBHOOK_SECRET (MOTCUA_VIETQR_WEBHOOK_SECRET) must be at least 16 characters"]
        return []  # without a secret, bank pushes are refused and statements are imported instead

    def start(self, *, attempt: PaymentAttempt, context: StartContext) -> Start:
        order = attempt.order
        account = order.account
        if account is None:
            raise DomainError(
                "Cơ quan chưa khai báo tài khoản thu phí, lệ phí; vui lòng liên hệ cơ quan.", code="account"
            )
        memo = transfer_memo(attempt.reference, order.dossier.code or "")
        try:
            payload = encode(
                VietQR(
                    bank_bin=account.bank_bin,
                    account=account.account_number,
                    amount=attempt.amount,
                    bill_number=attempt.reference,
                    purpose=memo,
                )
            )
        except ValueError:
            raise DomainError(
                "Tài khoản thu của cơ quan khai báo chưa đúng (mã BIN, số tài khoản); vui lòng liên hệ cơ quan.",
                code="account",
            ) from None
        return Start(
            qr_payload=payload,
            data={
                "bank_name": account.bank_name,
                "bank_bin": account.bank_bin,
                "account_number": account.account_number,
                "account_name": account.account_name,
                "amount": attempt.amount,
                "memo": memo,
            },
        )

    def credit_verify(self, *, body: bytes, signature: str) -> CreditLine:
        """The credit a bank pushed: SignatureInvalid unless ``signature`` is HMAC-SHA256(secret, body) in hex;
        WebhookInvalid when the (signed) body is not a readable credit."""
        secret = str(self.config.get("WEBHOOK_SECRET") or "")
        if not secret:
            raise SignatureInvalid("VietQR: chưa cấu hình khóa ký thông báo của ngân hàng (WEBHOOK_SECRET)")
        expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature.strip().lower()):
            raise SignatureInvalid("VietQR: chữ ký X-Signature không khớp")
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise WebhookInvalid("Nội dung không phải JSON UTF-8.") from None
        if not isinstance(data, dict):
            raise WebhookInvalid("Nội dung phải là một đối tượng JSON.")
        missing = [key for key in ("account_number", "bank_reference", "amount", "booked_at") if key not in data]
        if missing:
            raise WebhookInvalid("Thiếu trường: " + ", ".join(missing) + ".")
        if not isinstance(data.get("memo", ""), str) or not isinstance(data["booked_at"], str):
            raise WebhookInvalid("memo và booked_at phải là chuỗi.")
        try:
            return credit_line(data)
        except ValueError as error:
            raise WebhookInvalid(str(error).capitalize() + ".") from None

    def verify(self, *, params: Mapping[str, str], body: bytes = b"") -> Notice:
        """A push as a notice (reference read from the memo); reconciliation uses ``credit_verify`` directly."""
        try:
            credit = self.credit_verify(body=body, signature=params.get(SIGNATURE_HEADER, ""))
        except WebhookInvalid as error:
            raise SignatureInvalid(str(error)) from None
        references = memo_references(credit.memo)
        return Notice(
            reference=references[0] if references else "",
            amount=credit.amount,
            paid=True,
            code="00",
            message="Ngân hàng báo có",
            provider_transaction=credit.bank_reference,
        )
