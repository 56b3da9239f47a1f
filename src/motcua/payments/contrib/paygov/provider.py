"""Nền tảng thanh toán quốc gia (the national payment hub): INIT → redirect → signed callback → QUERY.

Configuration ``settings.MOTCUA_PAYMENT["paygov"]``: INIT_URL, QUERY_URL, PARTNER_CODE and SECRET, given at
onboarding (``MOTCUA_PAYGOV_*``). The hub's field names, signing order and codes live in ``protocol``: a province
adapts that one module to the specification it receives. Calls time out after ``MOTCUA_PAYMENT_TIMEOUT_SECONDS``.
"""

from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import requests
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.errors import DomainError
from motcua.payments.base import Notice, PaymentProvider, SignatureInvalid, Start, StartContext, providers
from motcua.payments.models import OrderKind

from . import protocol
from .services import attempt_receipt_link_record

if TYPE_CHECKING:
    from motcua.payments.models import FeeOrder, PaymentAttempt

REQUIRED = ("INIT_URL", "QUERY_URL", "PARTNER_CODE", "SECRET")
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _stamp(moment) -> str:
    return moment.astimezone(VN).strftime("%Y%m%d%H%M%S")


def web_address(value: object) -> bool:
    return isinstance(value, str) and value.startswith(("https://", "http://")) and len(value) <= 1000


@providers.register("paygov")
class PaygovProvider(PaymentProvider):
    key = "paygov"
    label = gettext_lazy("Nền tảng thanh toán quốc gia")
    description = gettext_lazy(
        "Chọn ngân hàng hoặc ví điện tử trên Nền tảng thanh toán của Cổng Dịch vụ công quốc gia."
    )

    def check_config(self) -> list[str]:
        problems = [f"{name} is not set (MOTCUA_PAYGOV_{name})" for name in REQUIRED if not self.config.get(name)]
        for name in ("INIT_URL", "QUERY_URL"):
            if self.config.get(name) and not web_address(self.config[name]):
                problems.append(f"{name} must be an http(s) URL")
        return problems

    @property
    def secret(self) -> str:
        return str(self.config.get("SECRET") or "")

    @property
    def partner_code(self) -> str:
        return str(self.config.get("PARTNER_CODE") or "")

    def _ready(self) -> None:
        if self.check_config():
            raise DomainError(
                _("Kênh Nền tảng thanh toán quốc gia chưa được cấu hình; vui lòng chọn kênh khác."), code="config"
            )

    def _post(self, url_setting: str, message: dict) -> dict:
        try:
            response = requests.post(
                str(self.config[url_setting]), json=message, timeout=settings.MOTCUA_PAYMENT_TIMEOUT_SECONDS
            )
            answer = response.json()
        except (requests.RequestException, ValueError):
            answer = None
        if not isinstance(answer, dict):
            raise DomainError(
                _(
                    "Không kết nối được với Nền tảng thanh toán quốc gia. "
                    "Vui lòng thử lại sau ít phút hoặc chọn kênh thanh toán khác."
                ),
                code="unreachable",
            )
        return answer

    # --- the four methods -----------------------------------------------------------------------------------
    def start(self, *, attempt: "PaymentAttempt", context: StartContext) -> Start:
        self._ready()
        message = protocol.init_message(self._init(attempt, context), self.secret)
        answer = self._post("INIT_URL", message)
        values = protocol.by_role(answer, protocol.FIELDS_INIT_ANSWER)
        signed_right = protocol.CHECKSUM not in answer or protocol.checksum_valid(
            self.secret, answer, list(protocol.FIELDS_INIT_ANSWER.values())
        )
        if not signed_right:
            raise DomainError(
                _("Phản hồi từ Nền tảng thanh toán quốc gia không hợp lệ (sai chữ ký). Vui lòng thử lại sau."),
                code="signature",
            )
        if values.get("code") != protocol.SUCCESS or not web_address(values.get("pay_url")):
            raise DomainError(
                _("Nền tảng thanh toán quốc gia không khởi tạo được giao dịch (mã %(code)s): %(message)s")
                % {"code": str(values.get("code"))[:10], "message": str(answer.get(protocol.MESSAGE) or "")[:200]},
                code="refused",
            )
        if values.get("reference", attempt.reference) != attempt.reference:
            raise DomainError(_("Phản hồi từ Nền tảng thanh toán quốc gia không khớp giao dịch."), code="refused")
        return Start(redirect_url=str(values["pay_url"]), data={"hub_reference": str(values.get("hub_reference", ""))})

    def _init(self, attempt: "PaymentAttempt", context: StartContext) -> protocol.Init:
        order = attempt.order
        dossier, account = order.dossier, order.account
        if account is None:
            raise DomainError(_("Cơ quan chưa khai báo tài khoản thu phí, lệ phí."), code="account")
        payer_name, payer_id = _payer(order)
        lines = tuple(
            protocol.Line(kind=line.kind, description=line.description[:200], amount=line.amount)
            for line in order.lines.all()
            if not line.exempt
        )
        return protocol.Init(
            partner_code=self.partner_code,
            reference=attempt.reference,
            dossier_code=dossier.code or "",
            procedure_code=dossier.procedure.code,
            payer_name=payer_name,
            payer_id_number=payer_id,
            amount=attempt.amount,
            lines=lines,
            account_number=account.account_number,
            account_name=account.account_name,
            bank_code=account.bank_bin,
            bank_name=account.bank_name,
            collector_name=account.collector_name,
            collector_tax_code=account.collector_tax_code,
            description=f"Thanh toan phi, le phi ho so {dossier.code or order.reference} - {order.reference}",
            return_url=context.return_url,
            notify_url=context.ipn_url,
            created_at=_stamp(attempt.created_at or timezone.now()),
            expires_at=_stamp(attempt.expires_at or timezone.now() + timedelta(minutes=15)),
        )

    def verify(self, *, params: Mapping[str, str], body: bytes = b"") -> Notice:
        try:
            values = protocol.received_values(params, body)
            if not protocol.checksum_valid(self.secret, values, list(protocol.FIELDS_CALLBACK.values())):
                raise SignatureInvalid("paygov: chữ ký không hợp lệ")
            roles = protocol.by_role(values, protocol.FIELDS_CALLBACK)
            if roles.get("partner_code") != self.partner_code:
                raise SignatureInvalid("paygov: mã đối tác không khớp")
            return _notice(roles)
        except ValueError as error:
            raise SignatureInvalid(f"paygov: dữ liệu không hợp lệ ({error})") from None

    def query(self, *, attempt: "PaymentAttempt") -> Notice | None:
        self._ready()
        message = protocol.query_message(
            partner_code=self.partner_code, reference=attempt.reference, requested_at=_stamp(timezone.now()),
            secret=self.secret,
        )  # fmt: skip
        answer = self._post("QUERY_URL", message)
        if not protocol.checksum_valid(self.secret, answer, list(protocol.FIELDS_QUERY_ANSWER.values())):
            return None  # not believed: the attempt expires, a late signed callback is still credited
        roles = protocol.by_role(answer, protocol.FIELDS_QUERY_ANSWER)
        if roles.get("reference") != attempt.reference or roles.get("code") in protocol.UNKNOWN:
            return None
        if roles.get("code") != protocol.SUCCESS and roles.get("amount") in (None, "", "0", 0):
            roles["amount"] = attempt.amount  # a failure with no amount stated: there is nothing to compare
        try:
            notice = _notice(roles)
        except ValueError:
            return None
        if notice.paid and notice.amount == attempt.amount and web_address(roles.get("receipt_url")):
            attempt_receipt_link_record(reference=attempt.reference, url=str(roles["receipt_url"]))
        return notice


def receipt_link(*, params: Mapping[str, str], body: bytes) -> str:
    """The hub's e-receipt address in a success callback already verified (empty when it gave none)."""
    try:
        roles = protocol.by_role(protocol.received_values(params, body), protocol.FIELDS_CALLBACK)
    except ValueError:
        return ""
    url = roles.get("receipt_url")
    return str(url) if roles.get("code") == protocol.SUCCESS and web_address(url) else ""


def _payer(order: "FeeOrder") -> tuple[str, str]:
    """Who pays: the taxpayer of a land obligation, else the dossier's applicant."""
    notice = getattr(order, "tax_notice", None) if order.kind == OrderKind.LAND else None
    if notice is not None:
        return notice.payer_name, notice.tax_id
    return order.dossier.applicant_name, order.dossier.applicant_id_number


def _notice(roles: Mapping[str, object]) -> Notice:
    reference, code = roles.get("reference"), roles.get("code")
    if not isinstance(reference, str) or not reference or not isinstance(code, str) or not code:
        raise ValueError("MaGiaoDich/MaLoi")
    amount = roles.get("amount")
    if isinstance(amount, str) and amount.isascii() and amount.isdigit() and len(amount) <= 18:
        amount = int(amount)
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
        raise ValueError("SoTien")
    return Notice(
        reference=reference,
        amount=amount,
        paid=code == protocol.SUCCESS,
        code="24" if code in protocol.CANCELLED else code,
        message=str(roles.get("message") or "")[:300],
        pending=code in protocol.PENDING,
        provider_transaction=str(roles.get("hub_reference") or "")[:64],
        bank_code=str(roles.get("bank_code") or "")[:20],
    )
