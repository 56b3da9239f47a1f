"""MoMo v2 signatures reproduce protocols.md §2 byte for byte, and ``verify`` reads each result code right."""

import hashlib
import hmac
import json

import pytest

from motcua.payments.base import SignatureInvalid, provider_get, providers
from motcua.payments.contrib.momo import protocol
from motcua.payments.contrib.momo.provider import MomoProvider

DEMO = {"ENDPOINT": "https://test-payment.momo.vn", "PARTNER_CODE": "MOMO", "ACCESS_KEY": "F8BBA842ECF85",
        "SECRET_KEY": "K951B6PE1waDMi640xX08PD3vg6EkVlz", "REQUEST_TYPE": "captureWallet"}  # fmt: skip
KEYS = protocol.Keys(partner_code="MOMO", access_key="F8BBA842ECF85", secret_key="K951B6PE1waDMi640xX08PD3vg6EkVlz")
VECTOR_RAW = (
    "accessKey=F8BBA842ECF85&amount=50000&extraData=&ipnUrl=https://example.gov.vn/payment/momo/ipn"
    "&orderId=HS20240001&orderInfo=Thanh toan le phi HS20240001&partnerCode=MOMO"
    "&redirectUrl=https://example.gov.vn/payment/momo/return&requestId=REQ20240001&requestType=captureWallet"
)
VECTOR_SIGNATURE = "070a98ebceceef8982f50eeccb7271d036a51be905e2cf682e64cdbf2e89fc93"


def ipn_fields(**overrides) -> dict:
    """An IPN as MoMo sends it (JSON numbers for amount, resultCode, transId, responseTime), signed."""
    fields = {
        "partnerCode": "MOMO", "orderId": "GD0000000001", "requestId": "GD0000000001-1a2b3c4d", "amount": 70000,
        "orderInfo": "Thanh toán phí, lệ phí & hồ sơ 000.00.16.H34", "orderType": "momo_wallet",
        "transId": 4088878653, "resultCode": 0, "message": "Thành công.", "payType": "qr",
        "responseTime": 1716257886000, "extraData": "",
    }  # fmt: skip
    fields.update(overrides)
    raw = "&".join(f"{key}={({**fields, 'accessKey': KEYS.access_key})[key]}" for key in sorted(protocol.IPN_KEYS))
    fields["signature"] = hmac.new(KEYS.secret_key.encode(), raw.encode(), hashlib.sha256).hexdigest()
    return fields


def test_create_signature_reproduces_the_published_vector_byte_for_byte():
    body = protocol.create_body(
        KEYS, order_id="HS20240001", request="REQ20240001", amount=50000, order_info="Thanh toan le phi HS20240001",
        redirect_url="https://example.gov.vn/payment/momo/return", ipn_url="https://example.gov.vn/payment/momo/ipn",
        request_type="captureWallet", lang="vi",
    )  # fmt: skip
    assert protocol.raw_signature({**body, "accessKey": KEYS.access_key}, protocol.CREATE_KEYS) == VECTOR_RAW
    assert body["signature"] == VECTOR_SIGNATURE
    assert "accessKey" not in body  # signed, never sent


def test_values_are_signed_unencoded_in_alphabetical_key_order():
    raw = protocol.raw_signature({"orderInfo": "Lệ phí & phí", "amount": 1000, "accessKey": "A"}, ("orderInfo",
                                 "amount", "accessKey"))  # fmt: skip
    assert raw == "accessKey=A&amount=1000&orderInfo=Lệ phí & phí"


def test_query_and_refund_sign_their_own_key_lists():
    query = protocol.query_body(KEYS, order_id="GD1", request="R1")
    raw = "accessKey=F8BBA842ECF85&orderId=GD1&partnerCode=MOMO&requestId=R1"
    assert query["signature"] == protocol.sign(KEYS.secret_key, raw)
    refund = protocol.refund_body(KEYS, order_id="GD1R1", request="R1", amount=5000, trans_id=42, description="Hoan")
    raw = "accessKey=F8BBA842ECF85&amount=5000&description=Hoan&orderId=GD1R1&partnerCode=MOMO&requestId=R1&transId=42"
    assert refund["signature"] == protocol.sign(KEYS.secret_key, raw)
    assert "accessKey" not in query and "accessKey" not in refund


def test_the_order_id_pattern_accepts_our_references_only():
    assert protocol.ORDER_ID.fullmatch("GD0A1B2C3D4E5F")
    assert protocol.ORDER_ID.fullmatch("HS-2024_0001.2")
    for bad in ("", "-GD1", "GD1-", "GD 1", "GD#1", "GD1--"):
        assert not protocol.ORDER_ID.fullmatch(bad), bad


def test_momo_is_registered_with_its_label():
    assert "momo" in providers
    assert str(MomoProvider.label) == "Ví MoMo"


def test_check_config_lists_everything_missing():
    problems = MomoProvider({"ENDPOINT": "ftp://x"}).check_config()
    assert any("PARTNER_CODE" in problem for problem in problems)
    assert any("ACCESS_KEY" in problem for problem in problems)
    assert any("SECRET_KEY" in problem for problem in problems)
    assert any("http(s)" in problem for problem in problems)
    assert MomoProvider(DEMO).check_config() == []


def _verify(fields: dict) -> object:
    return MomoProvider(DEMO).verify(params={}, body=json.dumps(fields).encode())


def test_a_signed_success_ipn_is_a_paid_notice():
    notice = _verify(ipn_fields())
    assert (notice.reference, notice.amount, notice.paid, notice.pending) == ("GD0000000001", 70000, True, False)
    assert notice.code == "0" and notice.provider_transaction == "4088878653" and notice.bank_code == "qr"


@pytest.mark.parametrize("code", [9000, 1000, 7000, 7002, 8000])
def test_authorised_and_processing_codes_are_pending(code):
    notice = _verify(ipn_fields(resultCode=code))
    assert notice.pending and not notice.paid


def test_user_cancelled_maps_to_the_core_cancel_code():
    notice = _verify(ipn_fields(resultCode=1006, transId=0))
    assert notice.code == "24" and not notice.paid and not notice.pending and notice.provider_transaction == ""


@pytest.mark.parametrize("code", [1001, 1002, 1005, 49, 99])
def test_other_codes_are_failures(code):
    notice = _verify(ipn_fields(resultCode=code))
    assert not notice.paid and not notice.pending and notice.code == str(code)


def test_the_browser_return_is_verified_from_its_query_parameters():
    params = {key: str(value) for key, value in ipn_fields().items()}
    notice = MomoProvider(DEMO).verify(params=params, body=b"")
    assert notice.paid and notice.amount == 70000


@pytest.mark.parametrize(
    "tamper",
    [
        lambda fields: fields.update(amount=1000),
        lambda fields: fields.update(orderId="GD0000000002"),
        lambda fields: fields.update(resultCode=0 if fields["resultCode"] else 1006),
        lambda fields: fields.update(signature="0" * 64),
        lambda fields: fields.pop("signature"),
        lambda fields: fields.update(signature=None),
    ],
)
def test_any_tampering_breaks_the_signature(tamper):
    fields = ipn_fields()
    tamper(fields)
    with pytest.raises(SignatureInvalid):
        _verify(fields)


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[1, 2]", b'"text"', b"\xff\xfe\x00garbage", b"[" * 100_000, b'{"signature": 5}', b"null"],
)
def test_garbage_is_refused_as_unsigned(body):
    with pytest.raises(SignatureInvalid):
        MomoProvider(DEMO).verify(params={}, body=body)


def test_a_signed_ipn_with_a_boolean_amount_or_another_partner_is_refused():
    with pytest.raises(SignatureInvalid):
        _verify(ipn_fields(amount=True))
    other = ipn_fields(partnerCode="OTHER")
    with pytest.raises(SignatureInvalid):
        _verify(other)


def test_provider_get_reads_the_settings(settings):
    settings.MOTCUA_PAYMENT = {**settings.MOTCUA_PAYMENT, "momo": DEMO}
    assert provider_get("momo").keys == KEYS
