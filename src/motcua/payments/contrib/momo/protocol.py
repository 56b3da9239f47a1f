"""MoMo API v2 (protocols.md §2): what is signed, how, and what each result code means. No I/O here.

Every message is signed with HMAC-SHA256 (lowercase hex) over ``key=value`` pairs joined with ``&``, keys in
alphabetical order, values NOT encoded. ``accessKey`` is part of the signed string but never sent in a body.
The key list of each message is fixed below; the keys of MoMo's *responses* (create, query) follow MoMo's v2
documentation and are checked only when MoMo sends a ``signature`` with them.
"""

import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

PATH_CREATE = "/v2/gateway/api/create"
PATH_QUERY = "/v2/gateway/api/query"
PATH_REFUND = "/v2/gateway/api/refund"

CREATE_KEYS = (
    "accessKey", "amount", "extraData", "ipnUrl", "orderId", "orderInfo", "partnerCode", "redirectUrl", "requestId",
    "requestType",
)  # fmt: skip
IPN_KEYS = (
    "accessKey", "amount", "extraData", "message", "orderId", "orderInfo", "orderType", "partnerCode", "payType",
    "requestId", "responseTime", "resultCode", "transId",
)  # fmt: skip
QUERY_KEYS = ("accessKey", "orderId", "partnerCode", "requestId")
REFUND_KEYS = ("accessKey", "amount", "description", "orderId", "partnerCode", "requestId", "transId")
CREATE_RESPONSE_KEYS = (
    "accessKey", "amount", "message", "orderId", "partnerCode", "payUrl", "requestId", "responseTime", "resultCode",
)  # fmt: skip
QUERY_RESPONSE_KEYS = (
    "accessKey", "amount", "extraData", "message", "orderId", "partnerCode", "payType", "requestId", "responseTime",
    "resultCode", "transId",
)  # fmt: skip

ORDER_ID = re.compile(r"[0-9a-zA-Z]([-_.]*[0-9a-zA-Z]+)*")
# The wallet takes 1,000 – 50,000,000 đồng per payment.
AMOUNT_MIN, AMOUNT_MAX = 1_000, 50_000_000

SUCCESS = 0
AUTHORISED = 9000  # authorised, waiting for the partner's confirm/capture: not money yet
PENDING = frozenset({1000, 7000, 7002, 8000, AUTHORISED})
USER_CANCELLED = 1006
CANCEL_CODE = "24"  # the core's "payer cancelled" code (VNPay's 24): the attempt is marked cancelled


def raw_signature(values: Mapping[str, object], keys: tuple[str, ...]) -> str:
    """The string MoMo signs: ``key=value`` for each of ``keys`` in alphabetical order, values as is."""
    return "&".join(f"{key}={_text(values.get(key, ''))}" for key in sorted(keys))


def sign(secret_key: str, raw: str) -> str:
    return hmac.new(secret_key.encode(), raw.encode(), hashlib.sha256).hexdigest()


def signature_valid(secret_key: str, values: Mapping[str, object], keys: tuple[str, ...], signature: str) -> bool:
    expected = sign(secret_key, raw_signature(values, keys))
    return hmac.compare_digest(expected, str(signature).strip().lower())


def _text(value: object) -> str:
    """How a value appears in the signed string: JSON numbers as decimal digits, strings unchanged."""
    if isinstance(value, bool):  # bool is an int: refuse True/False where MoMo sends numbers
        raise ValueError("boolean value")
    if isinstance(value, int | str):
        return str(value)
    if value is None:
        return ""
    raise ValueError(f"unexpected {type(value).__name__} value")


def request_id(reference: str) -> str:
    """A fresh requestId per call (MoMo's idempotency key), traceable to the attempt."""
    return f"{reference}-{secrets.token_hex(4)}"


@dataclass(frozen=True)
class Keys:
    partner_code: str
    access_key: str
    secret_key: str


def create_body(
    keys: Keys,
    *,
    order_id: str,
    request: str,
    amount: int,
    order_info: str,
    redirect_url: str,
    ipn_url: str,
    request_type: str,
    lang: str,
    extra_data: str = "",
) -> dict:
    """The JSON body of ``/create`` with its signature (accessKey signed, not sent)."""
    body = {
        "partnerCode": keys.partner_code,
        "requestId": request,
        "amount": amount,
        "orderId": order_id,
        "orderInfo": order_info,
        "redirectUrl": redirect_url,
        "ipnUrl": ipn_url,
        "requestType": request_type,
        "extraData": extra_data,
        "lang": lang,
    }
    body["signature"] = sign(keys.secret_key, raw_signature({**body, "accessKey": keys.access_key}, CREATE_KEYS))
    return body


def query_body(keys: Keys, *, order_id: str, request: str, lang: str = "vi") -> dict:
    body = {"partnerCode": keys.partner_code, "requestId": request, "orderId": order_id, "lang": lang}
    body["signature"] = sign(keys.secret_key, raw_signature({**body, "accessKey": keys.access_key}, QUERY_KEYS))
    return body


def refund_body(
    keys: Keys, *, order_id: str, request: str, amount: int, trans_id: int, description: str, lang: str = "vi"
) -> dict:
    """``orderId`` of a refund is a new id of ours; ``transId`` is MoMo's number of the payment refunded."""
    body = {
        "partnerCode": keys.partner_code,
        "orderId": order_id,
        "requestId": request,
        "amount": amount,
        "transId": trans_id,
        "lang": lang,
        "description": description,
    }
    body["signature"] = sign(keys.secret_key, raw_signature({**body, "accessKey": keys.access_key}, REFUND_KEYS))
    return body


def response_signed_right(keys: Keys, response: Mapping[str, object], response_keys: tuple[str, ...]) -> bool:
    """A response is believed if it carries no signature, or a signature that verifies."""
    signature = response.get("signature")
    if not signature:
        return True
    try:
        return signature_valid(keys.secret_key, {**response, "accessKey": keys.access_key}, response_keys, signature)
    except ValueError:
        return False


def callback_values(params: Mapping[str, str], body: bytes) -> dict[str, object]:
    """What MoMo sent: the IPN's JSON body, else the browser return's query parameters. ValueError if garbage."""
    if body.strip():
        try:
            values = json.loads(body)
        except RecursionError:  # absurdly nested JSON: not from MoMo
            raise ValueError("nested too deep") from None
        if not isinstance(values, dict):
            raise ValueError("not a JSON object")
        return values
    return dict(params)


def as_int(value: object) -> int:
    """A JSON number or a string of digits (a browser return) as an int; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError("boolean")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,18}", value):
        return int(value)
    raise ValueError(f"not an integer: {str(value)[:40]!r}")
