"""``start``, ``query`` and ``refund`` against a local server that emulates MoMo (127.0.0.1, never the internet).

The emulator checks each signature with its own code (the key lists of protocols.md §2), so a signing mistake
in ours fails here too.
"""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from motcua.core.errors import DomainError
from motcua.payments.base import StartContext, provider_get
from motcua.payments.models import AttemptState, LedgerEntry, OrderState, PaymentAttempt
from motcua.payments.services.attempts import attempts_expire, payment_start

from .test_momo_protocol import DEMO

SECRET, ACCESS = DEMO["SECRET_KEY"], DEMO["ACCESS_KEY"]
SIGNED = {
    "/v2/gateway/api/create": "accessKey amount extraData ipnUrl orderId orderInfo partnerCode redirectUrl requestId "
    "requestType",
    "/v2/gateway/api/query": "accessKey orderId partnerCode requestId",
    "/v2/gateway/api/refund": "accessKey amount description orderId partnerCode requestId transId",
}
CONTEXT = StartContext(return_url="https://dvc.example/thanh-toan/momo/return/",
                       ipn_url="https://dvc.example/thanh-toan/momo/ipn/", client_ip="127.0.0.1")  # fmt: skip


def _sign(fields: dict, keys: str) -> str:
    raw = "&".join(f"{key}={({**fields, 'accessKey': ACCESS})[key]}" for key in sorted(keys.split()))
    return hmac.new(SECRET.encode(), raw.encode(), hashlib.sha256).hexdigest()


class MomoEmulator(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[tuple[str, dict]] = []
        self.answers: dict[str, dict] = {}  # path → fields to answer (merged over a default, then signed)
        self.tamper: dict[str, dict] = {}  # path → fields changed after signing
        self.silent = threading.Event()  # set: accept the connection, never answer
        self.release = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: MomoEmulator

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.received.append((self.path, body))
        if self.server.silent.is_set():
            self.server.release.wait(5)
            return
        if "accessKey" in body or body.get("signature") != _sign(body, SIGNED[self.path]):
            answer = {"resultCode": 11, "message": "Truy cập bị từ chối (sai chữ ký)"}
        elif self.path.endswith("/create"):
            answer = {"partnerCode": body["partnerCode"], "orderId": body["orderId"], "requestId": body["requestId"],
                      "amount": body["amount"], "responseTime": 1716257886000, "message": "Thành công.",
                      "resultCode": 0, "payUrl": f"{self.server.url}/pay?t={body['orderId']}",
                      "deeplink": "momo://app?t=1", "qrCodeUrl": "2|99|0|momo"}  # fmt: skip
            answer |= self.server.answers.get(self.path, {})
            answer["signature"] = _sign(answer, "accessKey amount message orderId partnerCode payUrl requestId "
                                                "responseTime resultCode")  # fmt: skip
            answer |= self.server.tamper.get(self.path, {})
        elif self.path.endswith("/query"):
            answer = {"partnerCode": body["partnerCode"], "orderId": body["orderId"], "requestId": body["requestId"],
                      "extraData": "", "amount": 70000, "transId": 4088878653, "payType": "qr", "resultCode": 0,
                      "message": "Thành công.", "responseTime": 1716257886000}  # fmt: skip
            answer |= self.server.answers.get(self.path, {})
        else:
            answer = {"orderId": body["orderId"], "requestId": body["requestId"], "amount": body["amount"],
                      "transId": 5000001, "resultCode": 0, "message": "Thành công."}  # fmt: skip
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def momo(settings):
    server = MomoEmulator()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    settings.MOTCUA_PAYMENT = {**settings.MOTCUA_PAYMENT, "momo": {**DEMO, "ENDPOINT": server.url}}
    settings.MOTCUA_PAYMENT_PROVIDERS = ["momo"]
    settings.MOTCUA_PAYMENT_TIMEOUT_SECONDS = 30
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


def _still_payable(order) -> None:
    order.refresh_from_db()
    assert order.state == OrderState.OPEN and order.payable


def test_start_sends_a_signed_create_and_redirects_to_the_pay_url(momo, order, applicant):
    attempt, start = payment_start(order=order, provider_key="momo", context=CONTEXT, payer=applicant)
    assert start.redirect_url == f"{momo.url}/pay?t={attempt.reference}"
    path, body = momo.received[0]
    assert path == "/v2/gateway/api/create" and "accessKey" not in body
    assert body["orderId"] == attempt.reference and body["amount"] == 70_000 and body["partnerCode"] == "MOMO"
    assert body["ipnUrl"] == CONTEXT.ipn_url and body["redirectUrl"] == CONTEXT.return_url
    assert body["requestType"] == "captureWallet" and body["lang"] == "vi"
    attempt.refresh_from_db()
    assert attempt.instructions["redirect_url"] == start.redirect_url
    assert attempt.instructions["data"]["request_id"] == body["requestId"]


def test_each_call_has_a_new_request_id(momo, order):
    attempt = PaymentAttempt.objects.create(order=order, provider="momo", amount=70_000, expires_at=order.created_at)
    provider = provider_get("momo")
    provider.start(attempt=attempt, context=CONTEXT)
    provider.start(attempt=attempt, context=CONTEXT)
    assert momo.received[0][1]["requestId"] != momo.received[1][1]["requestId"]


def test_a_refusal_is_a_vietnamese_error_and_the_order_stays_payable(momo, order, applicant):
    momo.answers["/v2/gateway/api/create"] = {"resultCode": 22, "message": "Số tiền không hợp lệ", "payUrl": ""}
    with pytest.raises(DomainError, match="Ví MoMo không khởi tạo được giao dịch"):
        payment_start(order=order, provider_key="momo", context=CONTEXT, payer=applicant)
    assert PaymentAttempt.objects.get(order=order).state == AttemptState.FAILED
    _still_payable(order)
    momo.answers.clear()
    attempt, start = payment_start(order=order, provider_key="momo", context=CONTEXT, payer=applicant)
    assert attempt.state == AttemptState.PENDING and start.redirect_url


def test_a_pay_url_changed_on_the_way_is_refused(momo, order, applicant):
    momo.tamper["/v2/gateway/api/create"] = {"payUrl": "https://evil.example/pay"}
    with pytest.raises(DomainError, match="sai chữ ký"):
        payment_start(order=order, provider_key="momo", context=CONTEXT, payer=applicant)
    assert PaymentAttempt.objects.get(order=order).state == AttemptState.FAILED
    _still_payable(order)


def test_a_pay_url_that_is_not_a_web_address_is_refused(momo, order, applicant):
    momo.answers["/v2/gateway/api/create"] = {"payUrl": "javascript:alert(1)"}
    with pytest.raises(DomainError, match="không hợp lệ"):
        payment_start(order=order, provider_key="momo", context=CONTEXT, payer=applicant)


def test_a_server_that_does_not_answer_fails_the_attempt_with_a_vietnamese_error(momo, settings, order, applicant):
    settings.MOTCUA_PAYMENT_TIMEOUT_SECONDS = 0.5
    momo.silent.set()
    with pytest.raises(DomainError, match="Không kết nối được với Ví MoMo"):
        payment_start(order=order, provider_key="momo", context=CONTEXT, payer=applicant)
    assert PaymentAttempt.objects.get(order=order).state == AttemptState.FAILED
    _still_payable(order)


def test_a_server_that_is_down_fails_the_attempt_with_a_vietnamese_error(momo, settings, order, applicant):
    momo.shutdown()
    momo.server_close()  # the port now refuses connections
    with pytest.raises(DomainError, match="Không kết nối được với Ví MoMo"):
        payment_start(order=order, provider_key="momo", context=CONTEXT, payer=applicant)
    _still_payable(order)


@pytest.mark.parametrize("amount", [999, 50_000_001])
def test_an_amount_outside_the_wallet_limits_is_refused_before_calling(momo, order, amount):
    attempt = PaymentAttempt.objects.create(order=order, provider="momo", amount=amount, expires_at=order.created_at)
    with pytest.raises(DomainError, match=r"Ví MoMo chỉ nhận khoản thanh toán từ 1\.000 đ đến 50\.000\.000 đ"):
        provider_get("momo").start(attempt=attempt, context=CONTEXT)
    assert momo.received == []


def test_an_unconfigured_momo_is_a_clear_error(settings, order):
    settings.MOTCUA_PAYMENT = {**settings.MOTCUA_PAYMENT, "momo": {"ENDPOINT": "https://test-payment.momo.vn"}}
    attempt = PaymentAttempt.objects.create(order=order, provider="momo", amount=70_000, expires_at=order.created_at)
    with pytest.raises(DomainError, match="chưa được cấu hình"):
        provider_get("momo").start(attempt=attempt, context=CONTEXT)


def test_query_reads_a_success(momo, order):
    attempt = PaymentAttempt.objects.create(order=order, provider="momo", amount=70_000, expires_at=order.created_at)
    notice = provider_get("momo").query(attempt=attempt)
    assert notice.paid and notice.amount == 70_000 and notice.reference == attempt.reference
    path, body = momo.received[0]
    assert path == "/v2/gateway/api/query" and body["orderId"] == attempt.reference


@pytest.mark.parametrize("code", [1000, 7000, 9000])
def test_query_reads_pending(momo, order, code):
    momo.answers["/v2/gateway/api/query"] = {"resultCode": code}
    attempt = PaymentAttempt.objects.create(order=order, provider="momo", amount=70_000, expires_at=order.created_at)
    assert provider_get("momo").query(attempt=attempt).pending


def test_query_of_an_unknown_payment_has_nothing_to_compare(momo, order):
    momo.answers["/v2/gateway/api/query"] = {"resultCode": 42, "amount": 0, "transId": 0}
    attempt = PaymentAttempt.objects.create(order=order, provider="momo", amount=70_000, expires_at=order.created_at)
    notice = provider_get("momo").query(attempt=attempt)
    assert not notice.paid and not notice.pending and notice.amount == 70_000


def test_query_with_a_bad_signature_is_not_believed(momo, order):
    momo.answers["/v2/gateway/api/query"] = {"signature": "0" * 64}
    attempt = PaymentAttempt.objects.create(order=order, provider="momo", amount=70_000, expires_at=order.created_at)
    assert provider_get("momo").query(attempt=attempt) is None


def test_the_expiry_sweep_credits_a_payment_momo_confirms(momo, order, applicant):
    attempt, _ = payment_start(order=order, provider_key="momo", context=CONTEXT, payer=applicant)
    PaymentAttempt.objects.filter(pk=attempt.pk).update(expires_at=attempt.created_at)
    assert attempts_expire() == 1
    order.refresh_from_db()
    assert order.state == OrderState.PAID and LedgerEntry.objects.filter(order=order).count() == 1


def test_the_expiry_sweep_expires_when_momo_is_unreachable(momo, settings, order, applicant):
    attempt, _ = payment_start(order=order, provider_key="momo", context=CONTEXT, payer=applicant)
    PaymentAttempt.objects.filter(pk=attempt.pk).update(expires_at=attempt.created_at)
    settings.MOTCUA_PAYMENT_TIMEOUT_SECONDS = 0.5
    momo.silent.set()
    assert attempts_expire() == 1
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.EXPIRED
    _still_payable(order)


def test_refund_sends_a_signed_request_for_momos_transaction(momo, order):
    attempt = PaymentAttempt.objects.create(order=order, provider="momo", amount=70_000, expires_at=order.created_at,
                                            provider_transaction="4088878653")  # fmt: skip
    assert provider_get("momo").refund(attempt=attempt, amount=20_000, reason="Nop thua", officer_name="Kế toán") == (
        "5000001"
    )
    path, body = momo.received[0]
    assert path == "/v2/gateway/api/refund" and body["transId"] == 4088878653 and body["amount"] == 20_000
    assert body["orderId"] != attempt.reference


def test_refund_without_momos_transaction_or_above_the_payment_is_refused(momo, order):
    attempt = PaymentAttempt.objects.create(order=order, provider="momo", amount=70_000, expires_at=order.created_at)
    with pytest.raises(DomainError, match="Không có mã giao dịch MoMo"):
        provider_get("momo").refund(attempt=attempt, amount=1_000, reason="x", officer_name="y")
    attempt.provider_transaction = "4088878653"
    with pytest.raises(DomainError, match="Số tiền hoàn qua Ví MoMo"):
        provider_get("momo").refund(attempt=attempt, amount=70_001, reason="x", officer_name="y")
    assert momo.received == []
