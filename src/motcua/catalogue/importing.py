"""Reading the national procedure format (CSDL TTHC JSON) into plain, validated records.

Nothing here touches the database: ``parse_record`` turns one JSON object into a ``ProcedureRecord`` or
raises ``RecordError`` naming the key and the reason in Vietnamese. ``services.procedures_import`` writes.
Keys (as the national database publishes them): MaTTHC, TENTTHC, LOAITTHC, CAPTHUCHIEN[].TENCAP,
LINHVUCTHUCHIEN[].{MALINHVUC,TENLINHVUC}, COQUANTHUCHIEN[].{MADONVI,TENDONVI}, COQUANCOTHAMQUYEN,
DIACHITIEPNHAN, MucDo, MOTA, TUKHOA, YEUCAU, DOITUONGTHUCHIEN[].TENDOITUONG, KETQUATHUCHIEN[].TENKETQUA,
CANCUPHAPLY[].{SOVANBAN,TENVANBAN,NGAYBANHANH}, IDQUYETDINHCONGBO, NGAYQUYETDINH,
TRINHTUTHUCHIEN[].{TRUONGHOP,TRINHTU[].TENTRINHTU},
CACHTHUCTHUCHIEN[].{KENH,THOIGIAN[].{TRUONGHOP,THOIGIANGIAIQUYET,DONVITINH,MOTA,PHILEPHI[].{MAPHILEPHI,SOTIEN,MOTA}}},
THANHPHANHOSO[].{TRUONGHOP,GIAYTO[].{TENGIAYTO,SOBANCHINH,SOBANSAO,MAUDON,BATBUOC}}; optional MaTTHCDiaPhuong
and MucDoDinhDanh (the province's own key: 1 or 2, the e-ID level needed to submit online; default 1).
"""

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from .models import Channel, FeeItem, OnlineLevel

CHANNEL_KINDS = {1: Channel.Kind.IN_PERSON, 2: Channel.Kind.ONLINE, 3: Channel.Kind.POST}
DURATION_UNITS = {
    "ngày làm việc": Channel.DurationUnit.WORKING_DAYS,
    "ngày": Channel.DurationUnit.DAYS,
    "giờ làm việc": Channel.DurationUnit.WORKING_HOURS,
    "giờ": Channel.DurationUnit.WORKING_HOURS,
}
FEE_KINDS = {"PHI": FeeItem.Kind.CHARGE, "LEPHI": FeeItem.Kind.FEE, "LE_PHI": FeeItem.Kind.FEE}
ONLINE_LEVELS = {
    "TOANTRINH": OnlineLevel.FULL,
    "4": OnlineLevel.FULL,
    "MOTPHAN": OnlineLevel.PARTIAL,
    "3": OnlineLevel.PARTIAL,
    "KHONG": OnlineLevel.NONE,
    "2": OnlineLevel.NONE,
    "1": OnlineLevel.NONE,
    "": OnlineLevel.NONE,
}
CODE_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-_]{0,39}$")


class RecordError(ValueError):
    pass


@dataclass
class Fee:
    kind: str
    amount: int
    description: str


@dataclass
class ChannelRecord:
    kind: str
    duration_value: Decimal | None
    duration_unit: str
    note: str
    fees: list[Fee]


@dataclass
class ComponentRecord:
    name: str
    originals: int
    copies: int
    template_name: str
    required: bool


@dataclass
class CaseRecord:
    name: str
    channels: list[ChannelRecord] = field(default_factory=list)
    components: list[ComponentRecord] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)


@dataclass
class LegalRecord:
    number: str
    title: str
    issued_on: dt.date | None


@dataclass
class ProcedureRecord:
    code: str
    local_code: str
    name: str
    kind: str
    implementing_levels: str
    agency_code: str
    agency_name: str
    competent_authority: str
    reception_address: str
    fields: list[tuple[str, str]]
    online_level: str
    required_identity_level: int
    description: str
    target_subjects: str
    results: str
    conditions: str
    keywords: str
    decision_number: str
    decision_date: dt.date | None
    legal_bases: list[LegalRecord]
    cases: list[CaseRecord]
    source_hash: str


def _text(obj: dict[str, Any], key: str, where: str, *, max_length: int = 0, required: bool = False) -> str:
    value = obj.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise RecordError(f"{where}{key}: phải là chuỗi ký tự")
    value = str(value).strip()
    if required and not value:
        raise RecordError(f"{where}{key}: bắt buộc, không được để trống")
    if max_length and len(value) > max_length:
        raise RecordError(f"{where}{key}: dài quá {max_length} ký tự")
    return value


def _list(obj: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    value = obj.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise RecordError(f"{where}{key}: phải là danh sách các đối tượng")
    return value


def _int(obj: dict[str, Any], key: str, where: str, *, default: int = 0) -> int:
    value = obj.get(key, default)
    if value in (None, ""):
        return default
    if isinstance(value, str):
        value = value.replace(".", "").replace(",", "").strip()
        if not value.isdigit():
            raise RecordError(f"{where}{key}: “{obj.get(key)}” không phải số nguyên không âm")
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise RecordError(f"{where}{key}: “{obj.get(key)}” không phải số nguyên không âm")
    return value


def _date(obj: dict[str, Any], key: str, where: str) -> dt.date | None:
    value = _text(obj, key, where)
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise RecordError(f"{where}{key}: ngày “{value}” không đúng dạng YYYY-MM-DD hoặc DD/MM/YYYY")


def _names(obj: dict[str, Any], key: str, item_key: str, where: str) -> str:
    return "; ".join(_text(item, item_key, f"{where}{key}[{i}].") for i, item in enumerate(_list(obj, key, where)))


def _case(cases: dict[str, CaseRecord], name: str) -> CaseRecord:
    return cases.setdefault(name, CaseRecord(name=name))


def _channels(raw: dict[str, Any], cases: dict[str, CaseRecord]) -> list[tuple[str, ChannelRecord]]:
    found: list[tuple[str, ChannelRecord]] = []
    for i, channel in enumerate(_list(raw, "CACHTHUCTHUCHIEN", "")):
        where = f"CACHTHUCTHUCHIEN[{i}]."
        kenh = _int(channel, "KENH", where, default=-1)
        if kenh not in CHANNEL_KINDS:
            raise RecordError(f"{where}KENH: phải là 1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính)")
        for j, timing in enumerate(_list(channel, "THOIGIAN", where)):
            at = f"{where}THOIGIAN[{j}]."
            raw_value = timing.get("THOIGIANGIAIQUYET")
            try:
                value = None if raw_value in (None, "") else Decimal(str(raw_value).replace(",", "."))
            except InvalidOperation:
                raise RecordError(f"{at}THOIGIANGIAIQUYET: “{raw_value}” không phải là số") from None
            if value is not None and (value < 0 or value >= 100000 or value != value.quantize(Decimal("0.1"))):
                raise RecordError(f"{at}THOIGIANGIAIQUYET: “{raw_value}” không hợp lệ")
            unit_label = _text(timing, "DONVITINH", at).lower() or "ngày làm việc"
            if unit_label not in DURATION_UNITS:
                raise RecordError(f"{at}DONVITINH: “{unit_label}” không phải ngày làm việc, ngày hoặc giờ làm việc")
            fees = []
            for k, fee in enumerate(_list(timing, "PHILEPHI", at)):
                fat = f"{at}PHILEPHI[{k}]."
                kind = _text(fee, "MAPHILEPHI", fat).upper() or "LEPHI"
                if kind not in FEE_KINDS:
                    raise RecordError(f"{fat}MAPHILEPHI: “{kind}” phải là PHI hoặc LEPHI")
                fees.append(Fee(FEE_KINDS[kind], _int(fee, "SOTIEN", fat), _text(fee, "MOTA", fat, max_length=500)))
            record = ChannelRecord(
                CHANNEL_KINDS[kenh], value, DURATION_UNITS[unit_label], _text(timing, "MOTA", at), fees
            )
            found.append((_text(timing, "TRUONGHOP", at, max_length=500), record))
    return found


def parse_record(raw: Any) -> ProcedureRecord:
    if not isinstance(raw, dict):
        raise RecordError("bản ghi phải là một đối tượng JSON")
    code = _text(raw, "MaTTHC", "", required=True)
    if not CODE_RE.match(code):
        raise RecordError(f"MaTTHC: “{code[:50]}” không phải mã thủ tục hợp lệ")
    agencies = _list(raw, "COQUANTHUCHIEN", "")
    if not agencies:
        raise RecordError("COQUANTHUCHIEN: phải có ít nhất một cơ quan thực hiện")
    agency_code = _text(agencies[0], "MADONVI", "COQUANTHUCHIEN[0].", required=True, max_length=40)
    level = _text(raw, "MucDo", "").upper()
    if level not in ONLINE_LEVELS:
        raise RecordError(f"MucDo: “{level}” phải là TOANTRINH, MOTPHAN, KHONG (hoặc 3, 4 theo cách cũ)")
    identity_level = _int(raw, "MucDoDinhDanh", "", default=1)
    if identity_level not in (1, 2):
        raise RecordError(f"MucDoDinhDanh: “{identity_level}” phải là 1 hoặc 2")

    cases: dict[str, CaseRecord] = {}
    for i, part in enumerate(_list(raw, "THANHPHANHOSO", "")):
        case = _case(cases, _text(part, "TRUONGHOP", f"THANHPHANHOSO[{i}].", max_length=500))
        for j, paper in enumerate(_list(part, "GIAYTO", f"THANHPHANHOSO[{i}].")):
            at = f"THANHPHANHOSO[{i}].GIAYTO[{j}]."
            required = paper.get("BATBUOC", True)
            if not isinstance(required, bool):
                raise RecordError(f"{at}BATBUOC: phải là true hoặc false")
            case.components.append(
                ComponentRecord(
                    _text(paper, "TENGIAYTO", at, required=True),
                    _int(paper, "SOBANCHINH", at),
                    _int(paper, "SOBANSAO", at),
                    _text(paper, "MAUDON", at, max_length=255),
                    required,
                )
            )
    for i, part in enumerate(_list(raw, "TRINHTUTHUCHIEN", "")):
        case = _case(cases, _text(part, "TRUONGHOP", f"TRINHTUTHUCHIEN[{i}].", max_length=500))
        for j, step in enumerate(_list(part, "TRINHTU", f"TRINHTUTHUCHIEN[{i}].")):
            case.steps.append(_text(step, "TENTRINHTU", f"TRINHTUTHUCHIEN[{i}].TRINHTU[{j}].", required=True))
    channels = _channels(raw, cases)
    for case_name, channel in channels:
        if case_name:
            _case(cases, case_name).channels.append(channel)
    if not cases:
        _case(cases, "")
    for case_name, channel in channels:
        if not case_name:  # a channel without a case applies to every case
            for case in cases.values():
                case.channels.append(channel)

    fields = []
    for i, item in enumerate(_list(raw, "LINHVUCTHUCHIEN", "")):
        at = f"LINHVUCTHUCHIEN[{i}]."
        fields.append(
            (
                _text(item, "MALINHVUC", at, required=True, max_length=40),
                _text(item, "TENLINHVUC", at, required=True, max_length=255),
            )
        )
    legal = []
    for i, item in enumerate(_list(raw, "CANCUPHAPLY", "")):
        at = f"CANCUPHAPLY[{i}]."
        legal.append(
            LegalRecord(
                _text(item, "SOVANBAN", at, required=True, max_length=120),
                _text(item, "TENVANBAN", at, max_length=500),
                _date(item, "NGAYBANHANH", at),
            )
        )

    return ProcedureRecord(
        code=code,
        local_code=_text(raw, "MaTTHCDiaPhuong", "", max_length=60),
        name=_text(raw, "TENTTHC", "", required=True, max_length=500),
        kind=_text(raw, "LOAITTHC", "", max_length=200),
        implementing_levels=_names(raw, "CAPTHUCHIEN", "TENCAP", "")[:100],
        agency_code=agency_code,
        agency_name=_text(agencies[0], "TENDONVI", "COQUANTHUCHIEN[0].", required=True, max_length=255),
        competent_authority=_text(raw, "COQUANCOTHAMQUYEN", "", max_length=500),
        reception_address=_text(raw, "DIACHITIEPNHAN", ""),
        fields=fields,
        online_level=ONLINE_LEVELS[level],
        required_identity_level=identity_level,
        description=_text(raw, "MOTA", ""),
        target_subjects=_names(raw, "DOITUONGTHUCHIEN", "TENDOITUONG", ""),
        results=_names(raw, "KETQUATHUCHIEN", "TENKETQUA", ""),
        conditions=_text(raw, "YEUCAU", ""),
        keywords=_text(raw, "TUKHOA", "", max_length=500),
        decision_number=_text(raw, "IDQUYETDINHCONGBO", "", max_length=300),
        decision_date=_date(raw, "NGAYQUYETDINH", ""),
        legal_bases=legal,
        cases=list(cases.values()),
        source_hash=hashlib.sha256(json.dumps(raw, sort_keys=True, ensure_ascii=False).encode()).hexdigest(),
    )
