"""The VNPay provider: configuration, the signed redirect, verify, and querydr/refund against a local emulator."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest

from motcua.core.errors import DomainError
from motcua.payments.base import SignatureInvalid, provider_get
from motcua.payments.contrib.sandbox.testing import attempt_start, ipn_fields
from motcua.payments.contrib.vnpay import protocol
from motcua.payments.models import OrderState

SECRET = "vnpay-test-secret"
answers: list[dict] = []
received: list[dict] = []


class Emulator(BaseHTTPRequestHandler):
    """VNPay's merchant API on 127.0.0.1: records the request, answers the next prepared answer."""

    def do_POST(self):
        received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        body = json.dumps(answers.pop(0)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def api_url():
    server = HTTPServer(("127.0.0.1", 0), Emulator)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    answers.clear()
    received.clear()
    yield f"http://127.0.0.1:{server.server_port}/merchant_webapi/api/transaction"
    server.shutdown()
    server.server_close()


@pytest.fixture
def vnpay(settings, api_url):
    settings.MOTCUA_PAYMENT_PROVIDERS = ["vnpay"]
    settings.MOTCUA_PAYMENT = settings.MOTCUA_PAYMENT | {
        "vnpay": {"URL": "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html", "API_URL": api_url,
                  "TMN_CODE": "TMN12345", "HASH_SECRET": SECRET},
    }  # fmt: skip
    return provider_get("vnpay")


def test_check_config_names_what_is_missing(settings):
    problems = provider_get("vnpay").check_config()
    assert any("TMN_CODE" in p for p in problems) and any("HASH_SECRET" in p for p in problems)


def test_a_configured_vnpay_is_ready(vnpay):
    vnpay.config["API_URL"] = "https://sandbox.vnpayment.vn/merchant_webapi/api/transaction"
    assert vnpay.check_config() == []


@pytest.mark.django_db
def test_start_redirects_to_the_gateway_with_a_signed_request(vnpay, order, applicant, settings):
    attempt, start = attempt_start(order=order, payer=applicant, provider_key="vnpay")
    url = urlsplit(start.redirect_url)
    assert f"{url.scheme}://{url.netloc}{url.path}" == "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
    params = dict(parse_qsl(url.query))
    assert protocol.verify(params, SECRET)
    assert params["vnp_TxnRef"] == attempt.reference and params["vnp_Amount"] == "7000000"
    assert params["vnp_ReturnUrl"] == f"{settings.MOTCUA_PUBLIC_URL}/thanh-toan/vnpay/return/"
    assert params["vnp_IpAddr"] == "127.0.0.1" and params["vnp_CurrCode"] == "VND" and params["vnp_Locale"] == "vn"
    created = protocol.vn_time_parse(params["vnp_CreateDate"])
    expires = protocol.vn_time_parse(params["vnp_ExpireDate"])
    assert abs((created - attempt.created_at).total_seconds()) < 1
    assert abs((expires - attempt.expires_at).total_seconds()) < 1


@pytest.mark.django_db
def test_verify_reads_paid_cancelled_and_refuses_another_terminal(vnpay):
    paid = vnpay.verify(params=ipn_fields(reference="GD1", amount=70_000, provider_key="vnpay"))
    assert paid.paid and paid.amount == 70_000 and paid.code == "00" and paid.provider_transaction == "14422574"
    cancelled = vnpay.verify(params=ipn_fields(reference="GD1", amount=1, provider_key="vnpay", response_code="24",
                                               status="02"))  # fmt: skip
    assert not cancelled.paid and cancelled.code == "24" and cancelled.message == "Khách hàng hủy giao dịch"
    other = ipn_fields(reference="GD1", amount=1, provider_key="vnpay") | {"vnp_TmnCode": "OTHER123"}
    other["vnp_SecureHash"] = protocol.sign(other, SECRET)
    with pytest.raises(SignatureInvalid):
        vnpay.verify(params=other)


def _answer(**fields):
    base = {"vnp_ResponseId": "r", "vnp_Command": "querydr", "vnp_ResponseCode": "00", "vnp_Message": "ok",
            "vnp_TmnCode": "TMN12345", "vnp_Amount": "7000000", "vnp_BankCode": "NCB", "vnp_PayDate": "20260115091806",
            "vnp_TransactionNo": "555", "vnp_TransactionType": "01", "vnp_TransactionStatus": "00"}  # fmt: skip
    return protocol.answer_sign(base | fields, protocol.QUERYDR_ANSWER_FIELDS, SECRET)


@pytest.mark.django_db
def test_query_asks_querydr_and_a_paid_answer_settles_the_sweep(vnpay, order, applicant):
    from motcua.payments.services.attempts import attempts_expire

    attempt, _ = attempt_start(order=order, payer=applicant, provider_key="vnpay")
    answers.append(_answer(vnp_TxnRef=attempt.reference))
    attempts_expire(now=attempt.expires_at.replace(year=attempt.expires_at.year + 1))
    request = received[0]
    assert request["vnp_Command"] == "querydr" and request["vnp_TxnRef"] == attempt.reference
    assert request["vnp_TransactionDate"] == attempt.instructions["data"]["create_date"]
    assert request["vnp_SecureHash"] == protocol.checksum(request, protocol.QUERYDR_FIELDS, SECRET)
    order.refresh_from_db()
    assert order.state == OrderState.PAID


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answer", "outcome"),
    [({"vnp_TransactionStatus": "01"}, "pending"), ({"vnp_TransactionStatus": "02"}, "failed"),
     ({"vnp_ResponseCode": "91"}, None)],
)  # fmt: skip
def test_query_answers(vnpay, order, applicant, answer, outcome):
    attempt, _ = attempt_start(order=order, payer=applicant, provider_key="vnpay")
    answers.append(_answer(vnp_TxnRef=attempt.reference, **answer))
    notice = vnpay.query(attempt=attempt)
    if outcome is None:
        assert notice is None
    else:
        assert notice.pending == (outcome == "pending") and not notice.paid


@pytest.mark.django_db
def test_a_forged_query_answer_is_refused(vnpay, order, applicant):
    attempt, _ = attempt_start(order=order, payer=applicant, provider_key="vnpay")
    answers.append(_answer(vnp_TxnRef=attempt.reference) | {"vnp_Amount": "100"})
    with pytest.raises(DomainError, match="không hợp lệ"):
        vnpay.query(attempt=attempt)


@pytest.mark.django_db
def test_an_unreachable_vnpay_raises_a_domain_error(vnpay, order, applicant):
    attempt, _ = attempt_start(order=order, payer=applicant, provider_key="vnpay")
    vnpay.config["API_URL"] = "http://127.0.0.1:9/nothing-listens-here"
    with pytest.raises(DomainError, match="Không kết nối được cổng thanh toán VNPay"):
        vnpay.query(attempt=attempt)


@pytest.mark.django_db
def test_refund_sends_a_signed_partial_refund(vnpay, order, applicant):
    attempt, _ = attempt_start(order=order, payer=applicant, provider_key="vnpay")
    attempt.provider_transaction = "555"
    ok = {"vnp_ResponseId": "r", "vnp_Command": "refund", "vnp_ResponseCode": "00", "vnp_Message": "ok",
          "vnp_TmnCode": "TMN12345", "vnp_TxnRef": attempt.reference, "vnp_Amount": "2000000",
          "vnp_TransactionNo": "777", "vnp_TransactionType": "03", "vnp_TransactionStatus": "05"}  # fmt: skip
    answers.append(protocol.answer_sign(ok, protocol.REFUND_ANSWER_FIELDS, SECRET))
    assert vnpay.refund(attempt=attempt, amount=20_000, reason="Nộp thừa", officer_name="Kế toán Hà") == "777"
    request = received[0]
    assert request["vnp_TransactionType"] == "03" and request["vnp_Amount"] == "2000000"
    assert request["vnp_CreateBy"] == "Ke toan Ha" and request["vnp_TransactionNo"] == "555"
    assert request["vnp_SecureHash"] == protocol.checksum(request, protocol.REFUND_FIELDS, SECRET)
    refused = ok | {"vnp_ResponseCode": "02", "vnp_Message": "Amount invalid"}
    answers.append(protocol.answer_sign(refused, protocol.REFUND_ANSWER_FIELDS, SECRET))
    with pytest.raises(DomainError, match="từ chối hoàn tiền"):
        vnpay.refund(attempt=attempt, amount=90_000, reason="x", officer_name="y")


@pytest.mark.django_db
def test_the_vnpay_return_displays_and_a_forged_one_is_refused(client, vnpay, order, applicant):
    attempt, _ = attempt_start(order=order, payer=applicant, provider_key="vnpay")
    good = client.get("/thanh-toan/vnpay/return/", ipn_fields(reference=attempt.reference, amount=70_000,
                                                                provider_key="vnpay"))  # fmt: skip
    assert good.status_code == 303 and good["Location"] == f"/ket-qua-thanh-toan/{attempt.reference}/"
    order.refresh_from_db()
    assert order.state == OrderState.OPEN  # display only: the IPN pays
    forged = client.get("/thanh-toan/vnpay/return/", {"vnp_TxnRef": attempt.reference, "vnp_Amount": "abc"})
    assert forged.status_code == 400 and "Đường dẫn không hợp lệ" in forged.content.decode()
    assert client.post("/thanh-toan/vnpay/return/").status_code == 405


@pytest.mark.django_db
def test_the_vnpay_ipn_pays(client, vnpay, order, applicant):
    attempt, _ = attempt_start(order=order, payer=applicant, provider_key="vnpay")
    fields = ipn_fields(reference=attempt.reference, amount=70_000, provider_key="vnpay")
    assert client.get("/thanh-toan/vnpay/ipn/", fields).json() == {"RspCode": "00", "Message": "Confirm Success"}
    assert client.get("/thanh-toan/vnpay/ipn/", fields).json()["RspCode"] == "02"
    order.refresh_from_db()
    assert order.state == OrderState.PAID
