"""NAPAS 247 merchant-presented QR (VietQR, EMVCo TLV) — encoder, parser and CRC (protocols.md §3).

A payload is a run of TLV fields: a 2-digit id, a 2-digit length, the value. ``00`` (format ``01``) comes first
and ``63`` (CRC) last. ``01`` is ``11`` for a static code (the payer types the amount) and ``12`` for a dynamic
one (amount and memo fixed). ``38`` is the NAPAS template: ``00`` GUID ``A000000727``, ``01`` the beneficiary
(nested ``00`` bank BIN, ``01`` account or card number) and ``02`` the service (``QRIBFTTA`` to an account,
``QRIBFTTC`` to a card). ``53`` = ``704`` (VND), ``54`` the amount in whole đồng, ``58`` = ``VN``, ``59``/``60``
the merchant's name and city, ``62`` additional data (``01`` bill number, ``08`` purpose = the memo banking apps
show; at most 99 characters in all). ``63`` is CRC-16/CCITT-FALSE over everything before it including the literal
``6304``, as 4 uppercase hex digits.

Text fields (ANS) are printable ASCII: Vietnamese diacritics are stripped (``đ`` → ``d``) by ``ascii_fold``;
a value that does not fit its field raises ``ValueError`` with a message saying which field and by how much.
"""

import re
import unicodedata
from dataclasses import dataclass

NAPAS_GUID = "A000000727"
SERVICE_ACCOUNT = "QRIBFTTA"
SERVICE_CARD = "QRIBFTTC"
CURRENCY_VND = "704"
COUNTRY_VN = "VN"

_D_TABLE = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})
_DIGITS = re.compile(r"[0-9]+")


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def crc_hex(text: str) -> str:
    return f"{crc16_ccitt_false(text.encode('ascii')):04X}"


def ascii_fold(text: str) -> str:
    """``text`` as printable ASCII: diacritics stripped, ``đ`` → ``d``, other characters dropped, spaces squeezed."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_D_TABLE))
    kept = "".join(ch for ch in decomposed if " " <= ch <= "~")
    return " ".join(kept.split())


def tlv(field_id: str, value: str, *, name: str = "") -> str:
    """One field: id, 2-digit length, value (ValueError when the value is empty, too long or not ASCII)."""
    label = name or f"trường {field_id}"
    if not value:
        raise ValueError(f"VietQR: {label} không được để trống.")
    if len(value) > 99:
        raise ValueError(f"VietQR: {label} dài {len(value)} ký tự, tối đa 99.")
    if not all(" " <= ch <= "~" for ch in value):
        raise ValueError(f"VietQR: {label} chỉ được chứa ký tự ASCII in được.")
    return f"{field_id}{len(value):02d}{value}"


def _limited(value: str, limit: int, label: str) -> str:
    value = ascii_fold(value)
    if len(value) > limit:
        raise ValueError(f"VietQR: {label} dài {len(value)} ký tự, tối đa {limit}.")
    return value


@dataclass(frozen=True)
class VietQR:
    """What a VietQR code says. ``amount`` None → a static code (the payer types the amount)."""

    bank_bin: str
    account: str
    amount: int | None = None
    bill_number: str = ""
    purpose: str = ""
    service: str = SERVICE_ACCOUNT
    merchant_name: str = ""
    merchant_city: str = ""

    @property
    def dynamic(self) -> bool:
        return self.amount is not None


def encode(qr: VietQR) -> str:
    """The payload string of ``qr``, CRC included (ValueError on anything that does not fit)."""
    if not re.fullmatch(r"[0-9]{6}", qr.bank_bin):
        raise ValueError("VietQR: mã BIN ngân hàng phải gồm đúng 6 chữ số.")
    if not re.fullmatch(r"[0-9A-Za-z]{1,19}", qr.account):
        raise ValueError("VietQR: số tài khoản/số thẻ phải gồm 1–19 chữ số hoặc chữ cái, không dấu cách.")
    if qr.service not in (SERVICE_ACCOUNT, SERVICE_CARD):
        raise ValueError(f"VietQR: mã dịch vụ {qr.service!r} không hợp lệ (QRIBFTTA hoặc QRIBFTTC).")
    beneficiary = tlv("00", qr.bank_bin) + tlv("01", qr.account)
    napas = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", qr.service)
    parts = [tlv("00", "01"), tlv("01", "12" if qr.dynamic else "11"), tlv("38", napas), tlv("53", CURRENCY_VND)]
    if qr.amount is not None:
        if isinstance(qr.amount, bool) or not isinstance(qr.amount, int) or qr.amount <= 0:
            raise ValueError("VietQR: số tiền phải là số nguyên dương (đồng).")
        if len(str(qr.amount)) > 13:
            raise ValueError("VietQR: số tiền dài quá 13 chữ số.")
        parts.append(tlv("54", str(qr.amount)))
    parts.append(tlv("58", COUNTRY_VN))
    if qr.merchant_name:
        parts.append(tlv("59", _limited(qr.merchant_name, 25, "tên đơn vị nhận (59)"), name="tên đơn vị nhận (59)"))
    if qr.merchant_city:
        parts.append(tlv("60", _limited(qr.merchant_city, 15, "thành phố (60)"), name="thành phố (60)"))
    extra = ""
    if qr.bill_number:
        extra += tlv("01", _limited(qr.bill_number, 25, "số hóa đơn (62-01)"), name="số hóa đơn (62-01)")
    if qr.purpose:
        extra += tlv("08", _limited(qr.purpose, 95, "nội dung (62-08)"), name="nội dung (62-08)")
    if extra:
        if len(extra) > 99:
            raise ValueError(f"VietQR: dữ liệu bổ sung (62) dài {len(extra)} ký tự, tối đa 99.")
        parts.append(tlv("62", extra))
    body = "".join(parts) + "6304"
    return body + crc_hex(body)


def purpose_room(bill_number: str) -> int:
    """How many characters the purpose (62-08) may have beside ``bill_number`` within the 99 of field 62."""
    used = 4 + len(ascii_fold(bill_number)) if bill_number else 0
    return 99 - used - 4


def tlv_split(text: str) -> dict[str, str]:
    """The fields of one TLV level, in order (ValueError on a truncated or malformed run, or a repeated id)."""
    fields: dict[str, str] = {}
    position = 0
    while position < len(text):
        head = text[position : position + 4]
        if len(head) < 4 or not head.isdigit():
            raise ValueError(f"VietQR: trường không hợp lệ tại vị trí {position}.")
        field_id, length = head[:2], int(head[2:])
        value = text[position + 4 : position + 4 + length]
        if len(value) != length:
            raise ValueError(f"VietQR: trường {field_id} bị cắt cụt (cần {length} ký tự).")
        if field_id in fields:
            raise ValueError(f"VietQR: trường {field_id} lặp lại.")
        fields[field_id] = value
        position += 4 + length
    return fields


def parse(payload: str) -> VietQR:
    """Read a payload back (ValueError when the CRC, the structure or a mandatory field is wrong)."""
    if len(payload) < 8 or not payload[-8:-4] == "6304":
        raise ValueError("VietQR: thiếu trường CRC (63) ở cuối.")
    if crc_hex(payload[:-4]) != payload[-4:].upper():
        raise ValueError("VietQR: sai mã kiểm tra CRC.")
    fields = tlv_split(payload)
    if next(iter(fields)) != "00" or fields["00"] != "01":
        raise ValueError("VietQR: trường 00 phải đứng đầu và bằng 01.")
    if fields.get("01") not in ("11", "12"):
        raise ValueError("VietQR: trường 01 phải là 11 (tĩnh) hoặc 12 (động).")
    napas = tlv_split(fields.get("38", ""))
    if napas.get("00") != NAPAS_GUID:
        raise ValueError("VietQR: thiếu mẫu NAPAS (38) với GUID A000000727.")
    beneficiary = tlv_split(napas.get("01", ""))
    if fields.get("53") != CURRENCY_VND or fields.get("58") != COUNTRY_VN:
        raise ValueError("VietQR: tiền tệ phải là 704 và quốc gia VN.")
    amount = fields.get("54")
    if amount is not None and not _DIGITS.fullmatch(amount):
        raise ValueError("VietQR: số tiền (54) phải là chữ số.")
    extra = tlv_split(fields.get("62", ""))
    return VietQR(
        bank_bin=beneficiary.get("00", ""),
        account=beneficiary.get("01", ""),
        amount=int(amount) if amount is not None else None,
        bill_number=extra.get("01", ""),
        purpose=extra.get("08", ""),
        service=napas.get("02", ""),
        merchant_name=fields.get("59", ""),
        merchant_city=fields.get("60", ""),
    )
