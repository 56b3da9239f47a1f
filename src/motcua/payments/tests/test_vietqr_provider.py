"""The VietQR provider: the counter QR payload, its rendering, and the bank's signed webhook."""

import hashlib
import hmac
import json

import pytest

from motcua.payments.base import StartContext, provider_get, providers_online
from motcua.payments.contrib.vietqr.payload import parse
from motcua.payments.contrib.vietqr.provider import transfer_memo
from motcua.payments.contrib.vietqr.render import vietqr_png_data_uri, vietqr_svg
from motcua.payments.models import CallbackRecord, Discrepancy, OrderState, StatementLine
from motcua.payments.services.attempts import payment_start

SECRET = "test-webhook-secret-0123456789"
URL = "/thanh-toan/vietqr/webhook/"
CONTEXT = StartContext(return_url="", ipn_url="", client_ip="127.0.0.1")


@pytest.fixture(autouse=True)
def _secret(settings):
    settings.MOTCUA_PAYMENT = {**settings.MOTCUA_PAYMENT, "vietqr": {"WEBHOOK_SECRET": SECRET}}


@pytest.fixture
def started(order, officer):
    return payment_start(order=order, provider_key="vietqr", officer=officer, context=CONTEXT)


def push(client, data, *, secret: str = SECRET, body: bytes | None = None):
    raw = body if body is not None else json.dumps(data).encode()
    signature = hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    return client.post(URL, raw, content_type="application/json", headers={"X-Signature": signature})


def credit(reference: str, memo: str, amount: int = 70000) -> dict:
    return {
        "account_number": "113000123456",
        "bank_reference": reference,
        "amount": amount,
        "memo": memo,
        "booked_at": "2026-01-02T10:15:00+07:00",
    }


def test_counter_start_gives_a_dynamic_qr_to_the_agency_account(order, started):
    attempt, start = started
    qr = parse(start.qr_payload)
    assert (qr.bank_bin, qr.account, qr.amount, qr.bill_number) == ("970415", "113000123456", 70000, attempt.reference)
    assert qr.dynamic and qr.purpose == f"{attempt.reference} {order.dossier.code}"
    assert attempt.via == "counter" and start.data["memo"] == qr.purpose


def test_memo_is_ascii_and_fits_field_62():
    memo = transfer_memo("GD0123456789AB", "Hồ sơ/đất đai #" + "9" * 120)
    assert memo.startswith("GD0123456789AB Ho so dat dai 999") and len(memo) == 77


def test_the_code_renders_as_accessible_svg_and_png(started):
    payload = started[1].qr_payload
    svg = vietqr_svg(payload, title="Mã VietQR thanh toán 70.000 đồng")
    assert svg.startswith('<svg role="img"') and "<title>Mã VietQR thanh toán 70.000 đồng</title>" in svg
    assert "style=" not in svg
    assert vietqr_png_data_uri(payload).startswith("data:image/png;base64,")


def test_vietqr_is_offered_online_with_its_label():
    assert "Mã VietQR (quét bằng ứng dụng ngân hàng)" in [p.label for p in providers_online()]
    assert provider_get("vietqr").check_config() == []


def test_webhook_credit_pays_the_order(client, order, started):
    attempt, start = started
    response = push(client, credit("FT100", start.data["memo"]))
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    order.refresh_from_db()
    assert order.state == OrderState.PAID
    record = CallbackRecord.objects.get()
    assert (record.channel, record.outcome, record.attempt) == ("webhook", "confirmed", attempt)
    assert StatementLine.objects.get().state == StatementLine.State.MATCHED


def test_webhook_replay_is_a_duplicate_and_changes_nothing(client, order, started):
    data = credit("FT101", started[0].reference)
    assert push(client, data).json() == {"status": "ok"}
    for _ in range(3):
        assert push(client, data).json() == {"status": "duplicate"}
    assert StatementLine.objects.count() == 1 and not Discrepancy.objects.exists()
    assert CallbackRecord.objects.filter(outcome="replay").count() == 3


def test_webhook_unmatched_credit_is_queued(client, order, started):
    assert push(client, credit("FT102", "ung ho quy")).json() == {"status": "unmatched"}
    discrepancy = Discrepancy.objects.get()
    assert discrepancy.kind == Discrepancy.Kind.UNMATCHED_LINE and discrepancy.callback is not None
    assert CallbackRecord.objects.get().outcome == "not_found"


def test_webhook_wrong_amount_pays_nothing(client, order, started):
    assert push(client, credit("FT103", started[0].reference, amount=7000)).json() == {"status": "unmatched"}
    assert Discrepancy.objects.get().kind == Discrepancy.Kind.BAD_AMOUNT
    assert Discrepancy.objects.get().line == StatementLine.objects.get()
    order.refresh_from_db()
    assert order.state == OrderState.OPEN


def test_webhook_bad_signature_is_refused_and_flagged(client, order, started):
    response = push(client, credit("FT104", started[0].reference), secret="not-the-secret-at-all")
    assert response.status_code == 401 and response.json() == {"status": "bad_signature"}
    assert not StatementLine.objects.exists()
    assert Discrepancy.objects.get().kind == Discrepancy.Kind.BAD_SIGNATURE
    assert CallbackRecord.objects.get().outcome == "bad_signature"
    order.refresh_from_db()
    assert order.state == OrderState.OPEN


def test_webhook_unsigned_is_refused(client, started):
    response = client.post(URL, json.dumps(credit("FT105", "x")), content_type="application/json")
    assert response.status_code == 401 and not StatementLine.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"\xff\xfe garbage", "JSON"),
        (b"[1, 2]", "đối tượng"),
        (json.dumps({"account_number": "113000123456"}).encode(), "Thiếu trường"),
        (json.dumps({**credit("FT106", "x"), "amount": "bảy"}).encode(), "Số tiền"),
        (json.dumps({**credit("FT106", "x"), "booked_at": "hôm qua"}).encode(), "Ngày giao dịch"),
        (json.dumps({**credit("FT106", "x"), "memo": 5}).encode(), "chuỗi"),
    ],
)
def test_webhook_signed_garbage_is_a_400_and_stores_no_line(client, started, body, message):
    response = push(client, None, body=body)
    assert response.status_code == 400 and response.json()["status"] == "invalid"
    assert message in response.json()["message"]
    assert not StatementLine.objects.exists()
    assert CallbackRecord.objects.get().outcome == "error"


def test_webhook_answers_only_post(client):
    assert client.get(URL).status_code == 405


def test_webhook_refuses_every_push_when_no_secret_is_configured(client, settings, started):
    settings.MOTCUA_PAYMENT = {**settings.MOTCUA_PAYMENT, "vietqr": {"WEBHOOK_SECRET": ""}}
    response = push(client, credit("FT107", started[0].reference), secret="")
    assert response.status_code == 401 and not StatementLine.objects.exists()
