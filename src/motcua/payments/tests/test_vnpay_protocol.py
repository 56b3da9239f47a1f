"""VNPay 2.1.0 signing, byte for byte against protocols.md §1, and sign/verify round trips."""

import datetime as dt
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.payments.contrib.vnpay import protocol

SECRET = "test_secret"
RETURN_PRE_IMAGE = (
    "vnp_Amount=1000000&vnp_BankCode=NCB&vnp_BankTranNo=VNP14422574&vnp_CardType=ATM"
    "&vnp_OrderInfo=Thanh+toan+don+hang+2024-05-21T02%3A17%3A31.249Z&vnp_PayDate=20240521091806"
    "&vnp_ResponseCode=00&vnp_TmnCode=TEST_TMN_CODE&vnp_TransactionNo=14422574&vnp_TransactionStatus=00"
    "&vnp_TxnRef=1716257871703"
)
RETURN_HASH = (
    "649982421beb422556a1374713c74e58e716ecbd05007c0c0e1f7effdfaf361dbf146889ca446139afe11b9954c4d5c486e99e3b86fcfab"
    "6957f29eb0be72895"
)
CREATE_FIELDS = {
    "vnp_Amount": "1000000",
    "vnp_Command": "pay",
    "vnp_CreateDate": "20240521091500",
    "vnp_CurrCode": "VND",
    "vnp_ExpireDate": "20240521093000",
    "vnp_IpAddr": "127.0.0.1",
    "vnp_Locale": "vn",
    "vnp_OrderInfo": "Thanh toan le phi ho so HS-2024-0001",
    "vnp_OrderType": "other",
    "vnp_ReturnUrl": "https://example.gov.vn/payment/vnpay/return",
    "vnp_TmnCode": "TEST_TMN_CODE",
    "vnp_TxnRef": "HS20240001",
    "vnp_Version": "2.1.0",
}
CREATE_HASH = (
    "c2580ada4378a845a174f6672a4bfaf3c3aa365425a9d15b244844d803e8074d557832a57284ae326a319c0f06239cd81321e5b69103b4"
    "bdca03eccd7c87c12a"
)


def test_return_vector_pre_image_and_hash_are_byte_for_byte():
    params = dict(parse_qsl(RETURN_PRE_IMAGE))
    assert protocol.pre_image(params) == RETURN_PRE_IMAGE
    assert protocol.sign(params, SECRET) == RETURN_HASH
    assert protocol.verify(params | {"vnp_SecureHash": RETURN_HASH, "vnp_SecureHashType": "HmacSHA512"}, SECRET)
    assert protocol.verify(params | {"vnp_SecureHash": RETURN_HASH.upper()}, SECRET)  # hex case is not meaningful


def test_create_url_vector_is_byte_for_byte_and_sends_no_hash_type():
    url = protocol.pay_url("https://sandbox.vnpayment.vn/paymentv2/vpcpay.html", CREATE_FIELDS, SECRET)
    query = urlsplit(url).query
    assert query.endswith(f"&vnp_SecureHash={CREATE_HASH}")
    assert "vnp_SecureHashType" not in query
    assert "vnp_OrderInfo=Thanh+toan+le+phi+ho+so+HS-2024-0001" in query
    assert "vnp_ReturnUrl=https%3A%2F%2Fexample.gov.vn%2Fpayment%2Fvnpay%2Freturn" in query


def test_hashing_raw_values_is_the_wrong_variant():
    raw = "&".join(f"{k}={v}" for k, v in sorted(CREATE_FIELDS.items()))
    assert protocol.hmac_sha512(SECRET, raw) != CREATE_HASH


def test_empty_fields_and_other_prefixes_are_not_signed():
    signed = protocol.sign(CREATE_FIELDS | {"vnp_BankCode": "", "utm_source": "x"}, SECRET)
    assert signed == CREATE_HASH


@pytest.mark.parametrize(
    "change",
    [
        {"vnp_Amount": "1000100"},
        {"vnp_TxnRef": "HS20240002"},
        {"vnp_SecureHash": CREATE_HASH[:-1] + "b"},
        {"vnp_SecureHash": ""},
        {"vnp_SecureHash": "x" * 10_000},
    ],
)
def test_any_change_fails_verification(change):
    assert not protocol.verify(CREATE_FIELDS | {"vnp_SecureHash": CREATE_HASH} | change, SECRET)


def test_no_secret_verifies_nothing():
    assert not protocol.verify(CREATE_FIELDS | {"vnp_SecureHash": protocol.sign(CREATE_FIELDS, "")}, "")


refs = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", min_size=1, max_size=40)
anything = st.text(max_size=300)


@given(amount=st.integers(min_value=1, max_value=10**12), ref=refs, info=anything, secret=st.text(min_size=1))
def test_sign_then_verify_round_trips(amount, ref, info, secret):
    fields = {"vnp_Amount": protocol.amount_encode(amount), "vnp_TxnRef": ref, "vnp_OrderInfo": info}
    params = protocol.signed_params(fields, secret)
    assert protocol.verify(params, secret)
    assert protocol.amount_decode(params["vnp_Amount"]) == amount
    query = dict(parse_qsl(protocol.signed_query(fields, secret), keep_blank_values=True))
    assert protocol.verify(query, secret)  # what the gateway's server decodes verifies too


@given(amount=st.integers(min_value=1, max_value=10**12), other=st.integers(min_value=1, max_value=10**12))
def test_a_different_amount_never_verifies(amount, other):
    params = protocol.signed_params({"vnp_Amount": protocol.amount_encode(amount), "vnp_TxnRef": "GD1"}, "s")
    assert protocol.verify(params | {"vnp_Amount": protocol.amount_encode(other)}, "s") == (amount == other)


@given(info=anything)
def test_order_info_is_kept_to_the_safe_alphabet(info):
    safe = protocol.safe_text(info)
    assert all(ch.isascii() and (ch.isalnum() or ch in " ._-") for ch in safe)
    assert len(safe) <= 255
    assert safe == safe.strip()


def test_order_info_folds_vietnamese():
    text = "Thanh toán lệ phí hồ sơ Đất đai #000.00.16.H34-260115-0001 (mã PT12)"
    assert protocol.safe_text(text) == "Thanh toan le phi ho so Dat dai 000.00.16.H34-260115-0001 ma PT12"


@pytest.mark.parametrize("text", ["", "abc", "1000050", "-100", "1e500", "１０００", "9" * 16, " 100"])
def test_amounts_that_are_not_whole_dong_in_digits_are_refused(text):
    with pytest.raises(protocol.Malformed):
        protocol.amount_decode(text)


def test_dates_are_gmt_plus_7():
    moment = dt.datetime(2026, 1, 14, 20, 30, 5, tzinfo=dt.UTC)
    assert protocol.vn_time(moment) == "20260115033005"
    assert protocol.vn_time_parse("20260115033005") == moment
    with pytest.raises(ValueError):
        protocol.vn_time_parse("2026-01-15")


def test_querydr_checksum_is_pipe_joined_in_the_fixed_order():
    body = protocol.querydr_body(
        secret=SECRET, request_id="R1", tmn_code="TEST_TMN", txn_ref="GD1", transaction_date="20260115090000",
        create_date="20260115091000", ip_addr="127.0.0.1", order_info="Truy van GD1",
    )  # fmt: skip
    raw = "R1|2.1.0|querydr|TEST_TMN|GD1|20260115090000|20260115091000|127.0.0.1|Truy van GD1"
    assert body["vnp_SecureHash"] == protocol.hmac_sha512(SECRET, raw)


def test_refund_checksum_is_pipe_joined_in_the_fixed_order():
    body = protocol.refund_body(
        secret=SECRET, request_id="R2", tmn_code="TEST_TMN", txn_ref="GD1", amount=70_000, full=False,
        transaction_no="14422574", transaction_date="20260115090000", create_by="Nguyen Van A",
        create_date="20260116080000", ip_addr="127.0.0.1", order_info="Hoan tien",
    )  # fmt: skip
    raw = (
        "R2|2.1.0|refund|TEST_TMN|03|GD1|7000000|14422574|20260115090000|Nguyen Van A|20260116080000|127.0.0.1"
        "|Hoan tien"
    )
    assert body["vnp_SecureHash"] == protocol.hmac_sha512(SECRET, raw)


def test_answers_are_verified_by_their_checksum():
    answer = protocol.answer_sign(
        {"vnp_ResponseCode": "00", "vnp_TxnRef": "GD1"}, protocol.QUERYDR_ANSWER_FIELDS, SECRET
    )
    assert protocol.answer_verify(answer, protocol.QUERYDR_ANSWER_FIELDS, SECRET)["vnp_TxnRef"] == "GD1"
    with pytest.raises(protocol.Malformed):
        protocol.answer_verify(answer | {"vnp_TxnRef": "GD2"}, protocol.QUERYDR_ANSWER_FIELDS, SECRET)
    with pytest.raises(protocol.Malformed):
        protocol.answer_verify(["not", "a", "dict"], protocol.QUERYDR_ANSWER_FIELDS, SECRET)
