"""The national hub's messages: one module names the fields; SHA-256 over ``|``-joined values + secret round-trips."""

import hashlib
import json

import pytest

from motcua.payments.base import SignatureInvalid, providers
from motcua.payments.contrib.paygov import protocol
from motcua.payments.contrib.paygov.provider import PaygovProvider

CONFIG = {"INIT_URL": "https://hub.example/init", "QUERY_URL": "https://hub.example/query", "PARTNER_CODE": "KONTUM",
          "SECRET": "hub-shared-secret"}  # fmt: skip
SECRET = CONFIG["SECRET"]
CALLBACK_ORDER = ("MaDoiTac", "MaGiaoDich", "MaThamChieu", "SoTien", "MaLoi", "MoTa", "MaNganHang", "ThoiGianThanhToan",
                  "UrlBienLai")  # fmt: skip


def callback_fields(**overrides) -> dict:
    """A callback as the hub sends it, signed the way the test reads protocols.md §4 (independently of ours)."""
    fields = {
        "MaDoiTac": "KONTUM", "MaGiaoDich": "GD0000000001", "MaThamChieu": "PG20240521000123", "SoTien": 70000,
        "MaLoi": "00", "MoTa": "Giao dịch thành công", "MaNganHang": "VCB", "ThoiGianThanhToan": "20240521091806",
        "UrlBienLai": "https://hub.example/bien-lai/PG20240521000123.pdf",
    }  # fmt: skip
    fields.update(overrides)
    text = "|".join([*(str(fields.get(name, "")) for name in CALLBACK_ORDER), SECRET])
    fields["ChuKy"] = hashlib.sha256(text.encode()).hexdigest()
    return fields


def test_the_checksum_is_sha256_over_pipe_joined_values_then_the_secret():
    values = {"A": "1", "B": 70000, "C": "Lệ phí"}
    expected = hashlib.sha256("1|70000|Lệ phí|s3cret".encode()).hexdigest()
    assert protocol.checksum("s3cret", values, ["A", "B", "C"]) == expected
    assert protocol.checksum("s3cret", values, ["C", "B", "A"]) != expected  # the order is part of the spec


def test_a_signed_message_round_trips_and_any_change_breaks_it():
    message = protocol.query_message(partner_code="KONTUM", reference="GD1", requested_at="20240521091500",
                                     secret=SECRET)  # fmt: skip
    names = list(protocol.FIELDS_QUERY.values())
    assert protocol.checksum_valid(SECRET, message, names)
    assert message == {"MaDoiTac": "KONTUM", "MaGiaoDich": "GD1", "ThoiGianYeuCau": "20240521091500",
                       "ChuKy": hashlib.sha256(b"KONTUM|GD1|20240521091500|hub-shared-secret").hexdigest()}  # fmt: skip
    assert not protocol.checksum_valid(SECRET, {**message, "MaGiaoDich": "GD2"}, names)
    assert not protocol.checksum_valid("another", message, names)
    assert not protocol.checksum_valid(SECRET, {k: v for k, v in message.items() if k != "ChuKy"}, names)


def test_fee_lines_are_signed_as_their_compact_json():
    init = protocol.Init(
        partner_code="KONTUM", reference="GD1", dossier_code="000.00.16.H34-240521-0001", procedure_code="1.001",
        payer_name="Nguyễn Văn An", payer_id_number="062090001234", amount=70000,
        lines=(protocol.Line("phi", "Phí thẩm định", 20000), protocol.Line("le_phi", "Lệ phí cấp giấy", 50000)),
        account_number="113000123456", account_name="SO NN", bank_code="970415", bank_name="VietinBank",
        collector_name="Sở NN&PTNT", collector_tax_code="6100123456", description="Thanh toan",
        return_url="https://dvc/r", notify_url="https://dvc/n", created_at="20240521091500",
        expires_at="20240521093000",
    )  # fmt: skip
    message = protocol.init_message(init, SECRET)
    assert message["DanhSachKhoanNop"] == [
        {"LoaiKhoanNop": "phi", "NoiDung": "Phí thẩm định", "SoTien": 20000},
        {"LoaiKhoanNop": "le_phi", "NoiDung": "Lệ phí cấp giấy", "SoTien": 50000},
    ]
    lines = json.dumps(message["DanhSachKhoanNop"], ensure_ascii=False, separators=(",", ":"))
    text = "|".join([
        "KONTUM", "GD1", "000.00.16.H34-240521-0001", "1.001", "Nguyễn Văn An", "062090001234", "70000", lines,
        "113000123456", "SO NN", "970415", "VietinBank", "Sở NN&PTNT", "6100123456", "Thanh toan", "https://dvc/r",
        "https://dvc/n", "20240521091500", "20240521093000", SECRET,
    ])  # fmt: skip
    assert message["ChuKy"] == hashlib.sha256(text.encode()).hexdigest()
    assert list(message)[:-1] == list(protocol.FIELDS_INIT.values())  # every name comes from the one table


def test_the_answers_follow_the_outcomes():
    assert protocol.answer("confirmed")["MaLoi"] == "00"
    assert protocol.answer("not_found")["MaLoi"] == "01"
    assert protocol.answer("replay")["MaLoi"] == "02"
    assert protocol.answer("bad_amount")["MaLoi"] == "04"
    assert protocol.answer("bad_signature")["MaLoi"] == "97"
    assert protocol.answer("anything else")["MaLoi"] == "99"


def test_paygov_is_registered_and_checks_its_configuration():
    assert "paygov" in providers
    problems = PaygovProvider({"INIT_URL": "hub.example/init"}).check_config()
    assert {p.split()[0] for p in problems} >= {"QUERY_URL", "PARTNER_CODE", "SECRET", "INIT_URL"}
    assert PaygovProvider(CONFIG).check_config() == []


def _verify(fields: dict | None = None, *, params: dict | None = None):
    body = json.dumps(fields).encode() if fields is not None else b""
    return PaygovProvider(CONFIG).verify(params=params or {}, body=body)


def test_a_signed_success_is_a_paid_notice():
    notice = _verify(callback_fields())
    assert (notice.reference, notice.amount, notice.paid, notice.code) == ("GD0000000001", 70000, True, "00")
    assert notice.provider_transaction == "PG20240521000123" and notice.bank_code == "VCB"


def test_the_same_fields_as_form_or_query_parameters_verify_too():
    params = {key: str(value) for key, value in callback_fields().items()}
    assert _verify(params=params).paid


def test_pending_cancelled_and_failed_codes():
    assert _verify(callback_fields(MaLoi="01")).pending
    cancelled = _verify(callback_fields(MaLoi="02"))
    assert cancelled.code == "24" and not cancelled.paid and not cancelled.pending
    failed = _verify(callback_fields(MaLoi="51"))
    assert not failed.paid and not failed.pending and failed.code == "51"


@pytest.mark.parametrize(
    "fields",
    [
        {**callback_fields(), "SoTien": 1000},
        {**callback_fields(), "ChuKy": "0" * 64},
        {k: v for k, v in callback_fields().items() if k != "ChuKy"},
        callback_fields(MaDoiTac="OTHER"),
        callback_fields(SoTien="70.000"),
        callback_fields(SoTien=True),
        callback_fields(MaLoi=""),
    ],
)
def test_tampered_or_malformed_callbacks_are_refused(fields):
    with pytest.raises(SignatureInvalid):
        _verify(fields)


@pytest.mark.parametrize("body", [b"{bad json", b"[1]", b"[" * 100_000, b"plain text", b"\xff\xfe"])
def test_garbage_is_refused(body):
    with pytest.raises(SignatureInvalid):
        PaygovProvider(CONFIG).verify(params={}, body=body)
