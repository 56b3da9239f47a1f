"""The NAPAS 247 / EMVCo payload: CRC check value, the spec's vectors byte for byte, limits, and a round trip."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.payments.contrib.vietqr.payload import (
    SERVICE_CARD,
    VietQR,
    ascii_fold,
    crc_hex,
    encode,
    parse,
    tlv_split,
)

DYNAMIC = (
    "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN"
    "62340107NPS68690819thanh toan don hang63042E2E"
)
STATIC_CARD = "00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC53037045802VN63044F52"


def test_crc_check_value_is_29b1():
    assert crc_hex("123456789") == "29B1"


def test_dynamic_vector_to_an_account_byte_for_byte():
    qr = VietQR(
        bank_bin="970403", account="0011012345678", amount=180000, bill_number="NPS6869", purpose="thanh toan don hang"
    )
    assert encode(qr) == DYNAMIC


def test_static_vector_to_a_card_byte_for_byte():
    assert encode(VietQR(bank_bin="970403", account="9704031101234567", service=SERVICE_CARD)) == STATIC_CARD


def test_well_formed_6_1_1_example_ends_with_its_crc():
    payload = encode(VietQR(bank_bin="970403", account="0011012345678"))
    assert payload.endswith("53037045802VN63049E6F")
    assert payload.startswith("000201010211")


def test_parse_reads_the_vectors_back():
    qr = parse(DYNAMIC)
    assert (qr.bank_bin, qr.account, qr.amount, qr.bill_number, qr.purpose) == (
        "970403",
        "0011012345678",
        180000,
        "NPS6869",
        "thanh toan don hang",
    )
    assert parse(STATIC_CARD).amount is None and parse(STATIC_CARD).service == SERVICE_CARD


def test_parse_refuses_a_changed_byte():
    with pytest.raises(ValueError, match="CRC"):
        parse(DYNAMIC.replace("180000", "100000"))


def test_parse_refuses_a_truncated_field():
    with pytest.raises(ValueError, match="cắt cụt"):
        tlv_split("0002010103")


def test_vietnamese_text_is_folded_to_ascii():
    assert ascii_fold("Nộp lệ phí  Đăng ký đất đai") == "Nop le phi Dang ky dat dai"
    qr = parse(encode(VietQR(bank_bin="970415", account="113000123456", amount=1, purpose="Lệ phí đất đai")))
    assert qr.purpose == "Le phi dat dai"


@pytest.mark.parametrize(
    ("qr", "message"),
    [
        (VietQR(bank_bin="97040", account="1"), "BIN"),
        (VietQR(bank_bin="970403", account="1" * 20), "số tài khoản"),
        (VietQR(bank_bin="970403", account="12 34"), "số tài khoản"),
        (VietQR(bank_bin="970403", account="1", amount=0), "số tiền"),
        (VietQR(bank_bin="970403", account="1", amount=10**13), "13"),
        (VietQR(bank_bin="970403", account="1", purpose="x" * 96), "tối đa 95"),
        (VietQR(bank_bin="970403", account="1", bill_number="B" * 20, purpose="x" * 80), "tối đa 99"),
        (VietQR(bank_bin="970403", account="1", merchant_name="x" * 26), "tối đa 25"),
        (VietQR(bank_bin="970403", account="1", service="QRPUSH"), "dịch vụ"),
    ],
)
def test_values_that_do_not_fit_raise_a_clear_error(qr, message):
    with pytest.raises(ValueError, match=message):
        encode(qr)


@given(
    bank_bin=st.from_regex(r"[0-9]{6}", fullmatch=True),
    account=st.from_regex(r"[0-9]{1,19}", fullmatch=True),
    amount=st.none() | st.integers(min_value=1, max_value=10**13 - 1),
    bill=st.from_regex(r"[A-Z0-9]{0,14}", fullmatch=True),
    purpose=st.from_regex(r"[A-Za-z0-9]{0,60}", fullmatch=True),
    name=st.from_regex(r"[A-Z]{0,25}", fullmatch=True),
)
def test_encode_then_parse_gives_the_same_code(bank_bin, account, amount, bill, purpose, name):
    qr = VietQR(
        bank_bin=bank_bin, account=account, amount=amount, bill_number=bill, purpose=purpose, merchant_name=name
    )
    payload = encode(qr)
    assert parse(payload) == qr
    assert payload.startswith("000201") and payload[-8:-4] == "6304"
    assert payload[-4:] == crc_hex(payload[:-4])
