"""The national payment hub's messages — THE module a province adapts to the specification it is given.

Government fees usually go through the national hub (the National Public Service Portal's payment platform,
protocols.md §4): INIT → ``UrlThanhToan`` redirect → the payer picks a bank or e-wallet on the hub → signed
callback (``MaLoi = "00"`` success) → QUERY for pending ones → an e-receipt link. The hub's specification is
handed to each province at onboarding and is not public, so this module *models* it, and is the only place
that names a field:

- ``FIELDS_INIT``, ``FIELDS_INIT_ANSWER``, ``FIELDS_CALLBACK``, ``FIELDS_QUERY``, ``FIELDS_QUERY_ANSWER``: the
  field names of each message, **in signing order**; ``FIELDS_LINE``: the fields of one fee line.
- ``CHECKSUM``: the name of the signature field; ``checksum()``: SHA-256 (lowercase hex) over the values joined
  with ``|`` followed by ``|`` and the shared secret. A list (the fee lines) is signed as its compact JSON text.
- ``SUCCESS``, ``PENDING``, ``CANCELLED``, ``UNKNOWN``: the hub's result codes (``MaLoi``); ``ANSWERS``: what
  our callback endpoint answers for each outcome (modelled on VNPay's ``RspCode``).

Plugging in the real specification is a change to these constants (and, if the hub signs another way, to
``checksum``); the provider maps our data to the *roles* below (``Init``), never to the hub's names.
"""

import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

CHECKSUM = "ChuKy"

# INIT (partner → hub), one field per role of ``Init``, in signing order.
FIELDS_INIT = {
    "partner_code": "MaDoiTac",
    "reference": "MaGiaoDich",  # our attempt reference: unique, the hub echoes it
    "dossier_code": "MaHoSo",
    "procedure_code": "MaThuTuc",
    "payer_name": "HoTenNguoiNop",
    "payer_id_number": "SoGiayToNguoiNop",
    "amount": "SoTien",  # integer đồng
    "lines": "DanhSachKhoanNop",  # list of FIELDS_LINE
    "account_number": "SoTaiKhoanThuHuong",  # the receiving treasury / bank account
    "account_name": "TenTaiKhoanThuHuong",
    "bank_code": "MaNganHangThuHuong",
    "bank_name": "TenNganHangThuHuong",
    "collector_name": "TenDonViThu",
    "collector_tax_code": "MaSoThueDonViThu",
    "description": "NoiDungThanhToan",
    "return_url": "UrlQuayVe",  # the payer's browser comes back here (display only)
    "notify_url": "UrlThongBao",  # the hub's server confirms here
    "created_at": "ThoiGianTao",  # yyyyMMddHHmmss, Asia/Ho_Chi_Minh
    "expires_at": "ThoiGianHetHan",
}
FIELDS_LINE = {"kind": "LoaiKhoanNop", "description": "NoiDung", "amount": "SoTien"}
FIELDS_INIT_ANSWER = {
    "code": "MaLoi",
    "reference": "MaGiaoDich",
    "hub_reference": "MaThamChieu",
    "pay_url": "UrlThanhToan",
}
# The callback and the answer to QUERY carry the same fields.
FIELDS_CALLBACK = {
    "partner_code": "MaDoiTac",
    "reference": "MaGiaoDich",
    "hub_reference": "MaThamChieu",
    "amount": "SoTien",
    "code": "MaLoi",
    "message": "MoTa",
    "bank_code": "MaNganHang",
    "paid_at": "ThoiGianThanhToan",
    "receipt_url": "UrlBienLai",  # the hub's e-receipt, when it issues one
}
FIELDS_QUERY = {"partner_code": "MaDoiTac", "reference": "MaGiaoDich", "requested_at": "ThoiGianYeuCau"}
FIELDS_QUERY_ANSWER = FIELDS_CALLBACK
MESSAGE = "MoTa"  # the free-text description in any answer

SUCCESS = "00"
PENDING = frozenset({"01"})  # the hub does not know the outcome yet
CANCELLED = frozenset({"02"})  # the payer cancelled on the hub
UNKNOWN = frozenset({"03"})  # QUERY: the hub has no such transaction (never started)
ANSWERS = {  # our callback's answer per CallbackRecord.Outcome: (MaLoi, MoTa)
    "confirmed": ("00", "Xac nhan thanh cong"),
    "received": ("00", "Da nhan"),
    "not_found": ("01", "Khong tim thay giao dich"),
    "replay": ("02", "Giao dich da duoc xac nhan truoc do"),
    "bad_amount": ("04", "So tien khong hop le"),
    "bad_signature": ("97", "Chu ky khong hop le"),
}
ANSWER_ERROR = ("99", "Loi khong xac dinh")


@dataclass(frozen=True)
class Line:
    kind: str
    description: str
    amount: int


@dataclass(frozen=True)
class Init:
    """What we tell the hub, by role; ``init_message`` names the fields."""

    partner_code: str
    reference: str
    dossier_code: str
    procedure_code: str
    payer_name: str
    payer_id_number: str
    amount: int
    lines: tuple[Line, ...]
    account_number: str
    account_name: str
    bank_code: str
    bank_name: str
    collector_name: str
    collector_tax_code: str
    description: str
    return_url: str
    notify_url: str
    created_at: str
    expires_at: str


def _text(value: object) -> str:
    if isinstance(value, bool):
        raise ValueError("boolean value")
    if isinstance(value, int | str):
        return str(value)
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    raise ValueError(f"unexpected {type(value).__name__} value")


def checksum(secret: str, values: Mapping[str, object], names: Sequence[str]) -> str:
    """SHA-256 hex over the values of ``names`` (in that order) joined with ``|``, then ``|`` + the secret."""
    text = "|".join([*(_text(values.get(name, "")) for name in names), secret])
    return hashlib.sha256(text.encode()).hexdigest()


def checksum_valid(secret: str, values: Mapping[str, object], names: Sequence[str]) -> bool:
    given = values.get(CHECKSUM)
    if not isinstance(given, str) or not given:
        return False
    return hmac.compare_digest(checksum(secret, values, names), given.strip().lower())


def signed(secret: str, message: dict, names: Sequence[str]) -> dict:
    return {**message, CHECKSUM: checksum(secret, message, names)}


def init_message(init: Init, secret: str) -> dict:
    roles = asdict(init)
    roles["lines"] = [{FIELDS_LINE[role]: value for role, value in line.items()} for line in roles["lines"]]
    return signed(secret, {name: roles[role] for role, name in FIELDS_INIT.items()}, list(FIELDS_INIT.values()))


def query_message(*, partner_code: str, reference: str, requested_at: str, secret: str) -> dict:
    roles = {"partner_code": partner_code, "reference": reference, "requested_at": requested_at}
    return signed(secret, {name: roles[role] for role, name in FIELDS_QUERY.items()}, list(FIELDS_QUERY.values()))


def by_role(values: Mapping[str, object], fields: Mapping[str, str]) -> dict[str, object]:
    """A received message's values under our role names (absent fields are absent)."""
    return {role: values[name] for role, name in fields.items() if name in values}


def answer(outcome: str) -> dict[str, str]:
    code, message = ANSWERS.get(outcome, ANSWER_ERROR)
    return {"MaLoi": code, MESSAGE: message}


def received_values(params: Mapping[str, str], body: bytes) -> dict[str, object]:
    """A callback's fields: a JSON object in the body, else form or query parameters. ValueError if garbage."""
    if body.strip()[:1] in (b"{", b"["):
        try:
            values = json.loads(body)
        except RecursionError:
            raise ValueError("nested too deep") from None
        if not isinstance(values, dict):
            raise ValueError("not a JSON object")
        return values
    if body.strip() and not params:
        raise ValueError("neither JSON nor form fields")
    return dict(params)
