"""VNPay 2.1.0 (protocols.md §1): the signed pay URL, return/IPN verification, querydr and refund bodies.

Pure functions over strings and mappings — no Django, no network — shared by the real gateway (``provider.py``)
and by the sandbox bank inside this server (``contrib/sandbox``), which speaks exactly this protocol.

- Pay URL / return / IPN: the non-empty ``vnp_*`` fields except the hash fields, sorted by key, joined as
  ``key=value`` with ``&``, each value form-URL-encoded (``quote_plus``: space → ``+``, UTF-8 percent-encoding);
  HMAC-SHA512 with the secret, lowercase hex. No ``vnp_SecureHashType`` in 2.1.0.
- querydr / refund (POST JSON): HMAC-SHA512 over the ``|``-joined values in a fixed order, not encoded.
"""

import datetime as dt
import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable, Mapping
from urllib.parse import quote_plus
from zoneinfo import ZoneInfo

VERSION = "2.1.0"
HASH_FIELDS = frozenset({"vnp_SecureHash", "vnp_SecureHashType"})
VN_TIME = ZoneInfo("Asia/Ho_Chi_Minh")  # VNPay's dates are GMT+7
DATE_FORMAT = "%Y%m%d%H%M%S"

QUERYDR_FIELDS = (
    "vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef", "vnp_TransactionDate",
    "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo",
)  # fmt: skip
QUERYDR_ANSWER_FIELDS = (
    "vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode", "vnp_TxnRef", "vnp_Amount",
    "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo", "vnp_TransactionType", "vnp_TransactionStatus",
    "vnp_OrderInfo", "vnp_PromotionCode", "vnp_PromotionAmount",
)  # fmt: skip
REFUND_FIELDS = (
    "vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TransactionType", "vnp_TxnRef", "vnp_Amount",
    "vnp_TransactionNo", "vnp_TransactionDate", "vnp_CreateBy", "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo",
)  # fmt: skip
REFUND_ANSWER_FIELDS = (
    "vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode", "vnp_TxnRef", "vnp_Amount",
    "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo", "vnp_TransactionType", "vnp_TransactionStatus",
    "vnp_OrderInfo",
)  # fmt: skip

# vnp_ResponseCode of a payment (return / IPN), as VNPay documents them; shown to the payer and kept on the attempt.
RESPONSE_MESSAGES = {
    "00": "Giao dịch thành công",
    "07": "Trừ tiền thành công, giao dịch bị nghi ngờ",
    "09": "Thẻ/Tài khoản chưa đăng ký dịch vụ Internet Banking",
    "10": "Xác thực thông tin thẻ/tài khoản không đúng quá 3 lần",
    "11": "Đã hết hạn chờ thanh toán",
    "12": "Thẻ/Tài khoản bị khóa",
    "13": "Nhập sai mật khẩu xác thực giao dịch (OTP)",
    "24": "Khách hàng hủy giao dịch",
    "51": "Tài khoản không đủ số dư để thực hiện giao dịch",
    "65": "Tài khoản đã vượt quá hạn mức giao dịch trong ngày",
    "75": "Ngân hàng thanh toán đang bảo trì",
    "79": "Nhập sai mật khẩu thanh toán quá số lần quy định",
    "99": "Lỗi không xác định",
}

_SAFE = re.compile(r"[^A-Za-z0-9 ._-]+")
_SPACES = re.compile(r" {2,}")
_D = str.maketrans({"đ": "d", "Đ": "D"})
AMOUNT_DIGITS_MAX = 15  # ×100 of a bigint of đồng, with room: anything longer is not an amount


class Malformed(ValueError):
    """Signed correctly but not a message we can read (a field missing or not a number)."""


def hmac_sha512(secret: str, data: str) -> str:
    return hmac.new(secret.encode(), data.encode("utf-8"), hashlib.sha512).hexdigest()


def safe_text(text: str, *, limit: int = 255) -> str:
    """ASCII without diacritics, limited to ``[A-Za-z0-9 ._-]`` (what every VNPay implementation signs alike)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_D))
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", _SAFE.sub(" ", ascii_text)).strip()[:limit].strip()


def vn_time(moment: dt.datetime) -> str:
    """``yyyyMMddHHmmss`` in GMT+7 of an aware datetime."""
    return moment.astimezone(VN_TIME).strftime(DATE_FORMAT)


def vn_time_parse(text: str) -> dt.datetime:
    """The aware datetime of a VNPay ``yyyyMMddHHmmss`` (GMT+7); ValueError if it is not one."""
    if len(text) != 14 or not text.isdigit():
        raise ValueError(text)
    return dt.datetime.strptime(text, DATE_FORMAT).replace(tzinfo=VN_TIME)


def amount_encode(dong: int) -> str:
    return str(dong * 100)


def amount_decode(text: str) -> int:
    """đồng from ``vnp_Amount`` (đồng × 100); Malformed unless a whole number of đồng in plain digits."""
    if not text or len(text) > AMOUNT_DIGITS_MAX or not text.isascii() or not text.isdigit() or not text.endswith("00"):
        raise Malformed(f"vnp_Amount không hợp lệ: {text[:40]!r}")
    return int(text) // 100


def _signed_items(fields: Mapping[str, str]) -> list[tuple[str, str]]:
    return sorted(
        (key, str(value))
        for key, value in fields.items()
        if key.startswith("vnp_") and key not in HASH_FIELDS and value not in ("", None)
    )


def pre_image(fields: Mapping[str, str]) -> str:
    """What is signed: sorted non-empty ``vnp_*`` fields (hash fields excluded), values form-URL-encoded."""
    return "&".join(f"{key}={quote_plus(value)}" for key, value in _signed_items(fields))


def sign(fields: Mapping[str, str], secret: str) -> str:
    return hmac_sha512(secret, pre_image(fields))


def signed_query(fields: Mapping[str, str], secret: str) -> str:
    """The query string of a pay URL (or of a return/IPN): the signed fields then ``vnp_SecureHash``."""
    data = pre_image(fields)
    return f"{data}&vnp_SecureHash={hmac_sha512(secret, data)}"


def signed_params(fields: Mapping[str, str], secret: str) -> dict[str, str]:
    """The same as a dict (for a test client, or an HTTP library that encodes it again)."""
    return dict(_signed_items(fields)) | {"vnp_SecureHash": sign(fields, secret)}


def pay_url(base_url: str, fields: Mapping[str, str], secret: str) -> str:
    return f"{base_url}?{signed_query(fields, secret)}"


def verify(params: Mapping[str, str], secret: str) -> bool:
    """True when ``vnp_SecureHash`` is the signature of the other ``vnp_*`` fields (constant-time compare)."""
    given = str(params.get("vnp_SecureHash", "") or "")
    if not secret or not given or len(given) > 256:
        return False
    return hmac.compare_digest(sign(params, secret).encode(), given.lower().encode())


def checksum(values: Mapping[str, object], order: Iterable[str], secret: str) -> str:
    """querydr / refund checksum: values in the fixed ``order``, ``|``-joined, not encoded."""
    return hmac_sha512(secret, "|".join(str(values.get(key, "") or "") for key in order))


def querydr_body(
    *, secret: str, request_id: str, tmn_code: str, txn_ref: str, transaction_date: str, create_date: str,
    ip_addr: str, order_info: str,
) -> dict[str, str]:  # fmt: skip
    body = {
        "vnp_RequestId": request_id,
        "vnp_Version": VERSION,
        "vnp_Command": "querydr",
        "vnp_TmnCode": tmn_code,
        "vnp_TxnRef": txn_ref,
        "vnp_OrderInfo": order_info,
        "vnp_TransactionDate": transaction_date,
        "vnp_CreateDate": create_date,
        "vnp_IpAddr": ip_addr,
    }
    return body | {"vnp_SecureHash": checksum(body, QUERYDR_FIELDS, secret)}


def refund_body(
    *, secret: str, request_id: str, tmn_code: str, txn_ref: str, amount: int, full: bool, transaction_no: str,
    transaction_date: str, create_by: str, create_date: str, ip_addr: str, order_info: str,
) -> dict[str, str]:  # fmt: skip
    body = {
        "vnp_RequestId": request_id,
        "vnp_Version": VERSION,
        "vnp_Command": "refund",
        "vnp_TmnCode": tmn_code,
        "vnp_TransactionType": "02" if full else "03",  # 02 full refund, 03 partial
        "vnp_TxnRef": txn_ref,
        "vnp_Amount": amount_encode(amount),
        "vnp_OrderInfo": order_info,
        "vnp_TransactionNo": transaction_no,
        "vnp_TransactionDate": transaction_date,
        "vnp_CreateBy": create_by,
        "vnp_CreateDate": create_date,
        "vnp_IpAddr": ip_addr,
    }
    return body | {"vnp_SecureHash": checksum(body, REFUND_FIELDS, secret)}


def answer_sign(answer: Mapping[str, object], order: Iterable[str], secret: str) -> dict[str, object]:
    """An API answer as the gateway signs it (used by the sandbox bank and by tests emulating VNPay)."""
    return dict(answer) | {"vnp_SecureHash": checksum(answer, order, secret)}


def answer_verify(answer: object, order: Iterable[str], secret: str) -> dict[str, str]:
    """The fields of a querydr/refund answer whose checksum verifies; Malformed otherwise."""
    if not isinstance(answer, dict):
        raise Malformed("câu trả lời không phải một đối tượng JSON")
    given = str(answer.get("vnp_SecureHash", "") or "")
    expected = checksum(answer, order, secret)
    if not given or not hmac.compare_digest(expected.encode(), given.lower().encode()):
        raise Malformed("câu trả lời sai chữ ký")
    return {key: str(value) for key, value in answer.items() if value is not None}
