"""The sandbox bank: reads a signed VNPay pay request, records the payer's decision, signs what it sends back.

It knows nothing of our fee orders — like a real gateway, it knows only what the pay request carried — and it
speaks VNPay 2.1.0 through ``vnpay.protocol`` with its own terminal code and secret
(``settings.MOTCUA_PAYMENT["sandbox"]``).
"""

import datetime as dt
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.core.errors import DomainError

from ..vnpay import protocol
from .models import SandboxTransaction

Outcome = SandboxTransaction.Outcome
IpnMode = SandboxTransaction.IpnMode

# (vnp_ResponseCode, vnp_TransactionStatus) of each outcome the tester may choose.
CODES = {
    Outcome.SUCCESS: ("00", "00"),
    Outcome.CANCELLED: ("24", "02"),
    Outcome.INSUFFICIENT: ("51", "02"),
    Outcome.EXPIRED: ("11", "02"),
}
STALE_FAILURE = ("99", "02")  # the earlier failed try the out-of-order mode sends before the success
# Banks and wallets offered on the bank page (codes as VNPay names them; names from protocols.md §3).
BANKS = (
    ("VIETCOMBANK", "Vietcombank"),
    ("VIETINBANK", "VietinBank"),
    ("BIDV", "BIDV"),
    ("AGRIBANK", "Agribank"),
    ("TECHCOMBANK", "Techcombank"),
    ("MBBANK", "MB"),
    ("NCB", "NCB"),
    ("VITHUNGHIEM", "Ví điện tử thử nghiệm"),
)
IPN_DELAY_MAX = 600


def config() -> tuple[str, str]:
    conf = settings.MOTCUA_PAYMENT.get("sandbox", {})
    return str(conf.get("TMN_CODE") or ""), str(conf.get("HASH_SECRET") or "")


@dataclass(frozen=True)
class PayRequest:
    """A verified ``vnp_Command=pay`` request, as the bank page shows it."""

    txn_ref: str
    amount: int
    order_info: str
    create_date: str
    expires_at: dt.datetime
    bank_code: str
    return_url: str


def pay_request_read(params: Mapping[str, str], *, now: dt.datetime | None = None) -> PayRequest:
    """Verify a pay request; DomainError with what the payer sees when it is not one the bank accepts."""
    tmn_code, secret = config()
    if not protocol.verify(params, secret) or params.get("vnp_TmnCode") != tmn_code:
        raise DomainError(
            "Yêu cầu thanh toán không hợp lệ: sai chữ ký hoặc thông tin giao dịch đã bị sửa đổi. "
            "Không có khoản tiền nào bị trừ.",
            code="signature",
        )
    txn_ref = params.get("vnp_TxnRef", "")
    try:
        if params.get("vnp_Version") != protocol.VERSION or params.get("vnp_Command") != "pay":
            raise protocol.Malformed("vnp_Version / vnp_Command")
        if not txn_ref or len(txn_ref) > 100 or params.get("vnp_CurrCode") != "VND":
            raise protocol.Malformed("vnp_TxnRef / vnp_CurrCode")
        amount = protocol.amount_decode(params.get("vnp_Amount", ""))
        protocol.vn_time_parse(params.get("vnp_CreateDate", ""))
        expires_at = protocol.vn_time_parse(params.get("vnp_ExpireDate", ""))
    except ValueError:
        raise DomainError("Yêu cầu thanh toán thiếu thông tin hoặc sai định dạng.", code="malformed") from None
    if amount <= 0:
        raise DomainError("Số tiền thanh toán không hợp lệ.", code="malformed")
    if expires_at <= (now or timezone.now()):
        raise DomainError("Giao dịch đã hết hạn chờ thanh toán. Vui lòng quay lại Cổng Dịch vụ công và thanh toán lại.",
                          code="expired")  # fmt: skip
    return PayRequest(
        txn_ref=txn_ref,
        amount=amount,
        order_info=params.get("vnp_OrderInfo", "")[:255],
        create_date=params["vnp_CreateDate"],
        expires_at=expires_at,
        bank_code=params.get("vnp_BankCode", ""),
        return_url=params.get("vnp_ReturnUrl", ""),
    )


def _transaction_no() -> str:
    return str(10_000_000 + secrets.randbelow(90_000_000))


def sandbox_transaction_decide(
    *, request: PayRequest, bank_code: str, outcome: str, ipn_mode: str, ipn_delay: int = 0
) -> SandboxTransaction:
    """The payer pressed a button on the bank page: record it once, schedule the IPNs after commit."""
    if outcome not in CODES or ipn_mode not in IpnMode.values or bank_code not in dict(BANKS):
        raise DomainError("Lựa chọn không hợp lệ, vui lòng chọn lại.", code="invalid")
    response_code, status = CODES[Outcome(outcome)]
    now = timezone.now()
    try:
        with transaction.atomic():
            record = SandboxTransaction.objects.create(
                txn_ref=request.txn_ref, tmn_code=config()[0], amount=request.amount, order_info=request.order_info,
                create_date=request.create_date, bank_code=bank_code, outcome=outcome, response_code=response_code,
                transaction_status=status, transaction_no=_transaction_no(), pay_date=protocol.vn_time(now),
                ipn_mode=ipn_mode, ipn_delay=min(max(ipn_delay, 0), IPN_DELAY_MAX), decided_at=now,
            )  # fmt: skip
            transaction.on_commit(lambda: ipn_schedule(record))
    except IntegrityError:
        raise DomainError(
            "Giao dịch này đã được xử lý. Vui lòng quay lại Cổng Dịch vụ công để xem kết quả.", code="decided"
        ) from None
    return record


def ipn_plan(record: SandboxTransaction) -> list[tuple[str, int]]:
    """The IPNs the bank sends for ``record``: (variant, seconds from now)."""
    if record.ipn_mode == IpnMode.NONE:
        return []
    if record.ipn_mode == IpnMode.LATE:
        return [("final", record.ipn_delay)]
    if record.ipn_mode == IpnMode.DUPLICATE:
        return [("final", 0)] * 3
    if record.ipn_mode == IpnMode.OUT_OF_ORDER and record.outcome == Outcome.SUCCESS:
        return [("stale", 0), ("final", 2)]
    return [("final", 0)]


def ipn_schedule(record: SandboxTransaction) -> None:
    from .tasks import sandbox_ipn_task  # tasks import this module

    for variant, delay in ipn_plan(record):
        task = sandbox_ipn_task
        if delay and task.get_backend().supports_defer:
            task = task.using(run_after=timezone.now() + dt.timedelta(seconds=delay))
        task.enqueue(record.pk, variant)


def ipn_params(record: SandboxTransaction, variant: str = "final") -> dict[str, str]:
    """The signed return / IPN fields of ``record`` (``stale``: an earlier failure for the same TxnRef)."""
    tmn_code, secret = config()
    response_code, status = STALE_FAILURE if variant == "stale" else (record.response_code, record.transaction_status)
    fields = {
        "vnp_Amount": protocol.amount_encode(record.amount),
        "vnp_BankCode": record.bank_code,
        "vnp_CardType": "QRCODE" if record.bank_code == "VITHUNGHIEM" else "ATM",
        "vnp_OrderInfo": record.order_info,
        "vnp_PayDate": record.pay_date,
        "vnp_ResponseCode": response_code,
        "vnp_TmnCode": tmn_code,
        "vnp_TransactionNo": record.transaction_no if variant != "stale" else "0",
        "vnp_TransactionStatus": status,
        "vnp_TxnRef": record.txn_ref,
    }
    if status == "00":
        fields["vnp_BankTranNo"] = f"SBX{record.transaction_no}"
    return protocol.signed_params(fields, secret)


# --- the bank's API (querydr, refund), answered in-process for SandboxProvider ---------------------------------
def api_answer(body: Mapping[str, str]) -> dict[str, object]:
    """What VNPay's merchant API would answer to ``body`` (a querydr or refund request), signed."""
    tmn_code, secret = config()
    command = body.get("vnp_Command")
    fields = protocol.QUERYDR_FIELDS if command == "querydr" else protocol.REFUND_FIELDS
    answer_fields = protocol.QUERYDR_ANSWER_FIELDS if command == "querydr" else protocol.REFUND_ANSWER_FIELDS
    answer: dict[str, object] = {
        "vnp_ResponseId": secrets.token_hex(16), "vnp_Command": command, "vnp_TmnCode": tmn_code,
        "vnp_TxnRef": body.get("vnp_TxnRef", ""),
    }  # fmt: skip
    given = str(body.get("vnp_SecureHash", ""))
    if command not in ("querydr", "refund") or given != protocol.checksum(body, fields, secret):
        return protocol.answer_sign(answer | {"vnp_ResponseCode": "97", "vnp_Message": "Invalid checksum"},
                                    answer_fields, secret)  # fmt: skip
    if command == "querydr":
        record = SandboxTransaction.objects.filter(txn_ref=body.get("vnp_TxnRef", "")).first()
    else:
        record = _refund(body)
    if record is None:
        return protocol.answer_sign(answer | {"vnp_ResponseCode": "91", "vnp_Message": "Transaction not found"},
                                    answer_fields, secret)  # fmt: skip
    answer |= {
        "vnp_ResponseCode": "00", "vnp_Message": "Success", "vnp_Amount": protocol.amount_encode(record.amount),
        "vnp_BankCode": record.bank_code, "vnp_PayDate": record.pay_date, "vnp_TransactionNo": record.transaction_no,
        "vnp_TransactionType": "01" if command == "querydr" else body.get("vnp_TransactionType", ""),
        "vnp_TransactionStatus": record.transaction_status if command == "querydr" else "05",
        "vnp_OrderInfo": record.order_info, "vnp_PromotionCode": "", "vnp_PromotionAmount": "",
    }  # fmt: skip
    if command == "refund":
        answer = {key: value for key, value in answer.items() if not key.startswith("vnp_Promotion")}
    return protocol.answer_sign(answer, answer_fields, secret)


def _refund(body: Mapping[str, str]) -> SandboxTransaction | None:
    try:
        amount = protocol.amount_decode(str(body.get("vnp_Amount", "")))
    except protocol.Malformed:
        return None
    with transaction.atomic():
        record = SandboxTransaction.objects.select_for_update().filter(txn_ref=body.get("vnp_TxnRef", "")).first()
        if record is None or record.outcome != Outcome.SUCCESS or record.refunded + amount > record.amount:
            return None
        record.refunded += amount
        record.save(update_fields=["refunded"])
    return record
