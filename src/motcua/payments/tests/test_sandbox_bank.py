"""The sandbox bank end to end through the test client: start → bank page → decision → return → IPN."""

import datetime as dt
from urllib.parse import parse_qsl, urlsplit

import pytest

from motcua.payments.contrib.sandbox.bank import ipn_params, ipn_plan
from motcua.payments.contrib.sandbox.models import SandboxTransaction
from motcua.payments.contrib.sandbox.testing import attempt_start
from motcua.payments.contrib.vnpay import protocol
from motcua.payments.models import AttemptState, CallbackRecord, LedgerEntry, OrderState, Receipt
from motcua.payments.services.attempts import attempts_expire

pytestmark = pytest.mark.django_db
CHOICE = {"bank": "VIETINBANK", "outcome": "success", "ipn_mode": "normal", "ipn_delay": "10"}


@pytest.fixture
def bank_url(order, applicant):
    _attempt, start = attempt_start(order=order, payer=applicant)
    assert start.redirect_url.startswith("/thanh-toan/sandbox/ngan-hang/?")
    return start.redirect_url


def decide(client, url, **choice):
    return client.post(url, CHOICE | choice)


def test_the_pay_request_is_signed_vnpay_2_1_0(bank_url, order, settings):
    params = dict(parse_qsl(urlsplit(bank_url).query))
    attempt = order.attempts.get()
    assert params["vnp_TxnRef"] == attempt.reference and params["vnp_Amount"] == "7000000"
    assert params["vnp_Version"] == "2.1.0" and params["vnp_Command"] == "pay" and params["vnp_TmnCode"] == "MOTCUA01"
    assert params["vnp_ReturnUrl"] == f"{settings.MOTCUA_PUBLIC_URL}/thanh-toan/sandbox/return/"
    assert params["vnp_OrderInfo"].startswith("Thanh toan phi le phi ho so ")
    assert "vnp_SecureHashType" not in params
    assert protocol.verify(params, settings.MOTCUA_PAYMENT["sandbox"]["HASH_SECRET"])
    assert attempt.instructions["data"]["create_date"] == params["vnp_CreateDate"]


def test_the_bank_page_shows_the_order_in_vietnamese(client, bank_url, order):
    page = client.get(bank_url).content.decode()
    assert "Ngân hàng thử nghiệm" in page and "70.000 đ" in page and "Bảy mươi nghìn đồng" in page
    assert order.attempts.get().reference in page
    for label in ("Vietcombank", "Ví điện tử thử nghiệm", "Thanh toán thành công", "Hủy giao dịch", "Không đủ số dư"):
        assert label in page
    assert "<script" not in page.split("</header>")[-1] and "style=" not in page


def test_success_returns_to_the_result_page_and_the_ipn_pays(
    client, bank_url, order, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, bank_url)
    assert response.status_code == 303
    back = urlsplit(response["Location"])
    assert back.path == "/thanh-toan/sandbox/return/"
    attempt = order.attempts.get()
    shown = client.get(response["Location"])
    assert shown.status_code == 303 and shown["Location"] == f"/ket-qua-thanh-toan/{attempt.reference}/"
    order.refresh_from_db()
    assert order.state == OrderState.OPEN  # the browser return only displays
    record = SandboxTransaction.objects.get()
    assert record.outcome == "success" and record.txn_ref == attempt.reference and record.amount == 70_000
    answer = client.get("/thanh-toan/sandbox/ipn/", ipn_params(record)).json()  # what the task delivers
    assert answer["RspCode"] == "00"
    order.refresh_from_db()
    assert order.state == OrderState.PAID and Receipt.objects.filter(order=order).exists()
    assert CallbackRecord.objects.filter(channel="return", outcome="displayed").count() == 1


@pytest.mark.parametrize(
    ("outcome", "code", "state"),
    [("cancelled", "24", AttemptState.CANCELLED), ("insufficient", "51", AttemptState.FAILED),
     ("expired", "11", AttemptState.FAILED)],
)  # fmt: skip
def test_each_failure_outcome_is_signed_with_its_code(client, bank_url, order, outcome, code, state):
    decide(client, bank_url, outcome=outcome)
    params = ipn_params(SandboxTransaction.objects.get())
    assert params["vnp_ResponseCode"] == code and params["vnp_TransactionStatus"] == "02"
    assert client.get("/thanh-toan/sandbox/ipn/", params).json()["RspCode"] == "00"
    attempt = order.attempts.get()
    assert attempt.state == state
    order.refresh_from_db()
    assert order.state == OrderState.OPEN


@pytest.mark.parametrize(
    ("mode", "plan"),
    [("normal", [("final", 0)]), ("late", [("final", 30)]), ("duplicate", [("final", 0)] * 3),
     ("out_of_order", [("stale", 0), ("final", 2)]), ("none", [])],
)  # fmt: skip
def test_the_tester_chooses_how_the_ipn_arrives(client, bank_url, mode, plan):
    decide(client, bank_url, ipn_mode=mode, ipn_delay="30")
    assert ipn_plan(SandboxTransaction.objects.get()) == plan


def test_the_decision_enqueues_the_ipn_task(client, bank_url, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        decide(client, bank_url, ipn_mode="duplicate")
    assert DBTaskResult.objects.filter(task_path__endswith="sandbox_ipn_task").count() == 3


def test_out_of_order_ipns_end_paid(client, bank_url, order):
    decide(client, bank_url, ipn_mode="out_of_order")
    record = SandboxTransaction.objects.get()
    for variant, _delay in ipn_plan(record):
        assert client.get("/thanh-toan/sandbox/ipn/", ipn_params(record, variant)).json()["RspCode"] == "00"
    order.refresh_from_db()
    assert order.state == OrderState.PAID and LedgerEntry.objects.count() == 1


def test_without_an_ipn_the_sweep_settles_it_by_querydr(client, bank_url, order):
    decide(client, bank_url, ipn_mode="none")
    attempt = order.attempts.get()
    attempts_expire(now=attempt.expires_at + dt.timedelta(seconds=1))
    order.refresh_from_db()
    attempt.refresh_from_db()
    assert order.state == OrderState.PAID and attempt.state == AttemptState.SUCCEEDED
    assert attempt.provider_transaction == SandboxTransaction.objects.get().transaction_no


def test_a_payer_who_never_decided_is_expired_by_the_sweep(bank_url, order):
    attempt = order.attempts.get()
    attempts_expire(now=attempt.expires_at + dt.timedelta(seconds=1))
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.EXPIRED


@pytest.mark.parametrize(
    "change", [{"vnp_Amount": "100"}, {"vnp_TxnRef": "GD000000000000"}, {"vnp_SecureHash": "0" * 128}, {}]
)
def test_a_tampered_pay_request_is_refused_and_nothing_is_paid(client, bank_url, change):
    params = dict(parse_qsl(urlsplit(bank_url).query))
    if not change:
        params.pop("vnp_SecureHash")
    tampered = params | change
    for response in (client.get("/thanh-toan/sandbox/ngan-hang/", tampered),
                     client.post("/thanh-toan/sandbox/ngan-hang/?" + "&".join(f"{k}={v}" for k, v in tampered.items()),
                                 CHOICE)):  # fmt: skip
        assert response.status_code == 400
        assert "sai chữ ký hoặc thông tin giao dịch đã bị sửa đổi" in response.content.decode()
    assert not SandboxTransaction.objects.exists()


def test_an_expired_pay_request_is_refused(client, bank_url, order):
    attempt = order.attempts.get()
    params = dict(parse_qsl(urlsplit(bank_url).query))
    from motcua.payments.contrib.sandbox import bank

    with pytest.raises(bank.DomainError, match="hết hạn"):
        bank.pay_request_read(params, now=attempt.expires_at + dt.timedelta(seconds=1))


@pytest.mark.parametrize(
    ("choice", "message"),
    [({"outcome": "steal"}, "Hãy chọn một kết quả giao dịch"), ({"bank": "NOPE"}, "Hãy chọn một ngân hàng"),
     ({"ipn_mode": "x"}, "Hãy chọn một cách gửi IPN"), ({"ipn_delay": "abc"}, "Độ trễ phải là một số nguyên"),
     ({"ipn_delay": "-5"}, "Độ trễ không được âm"), ({"outcome": ""}, "Hãy chọn một kết quả giao dịch")],
)  # fmt: skip
def test_bad_choices_are_explained_and_nothing_is_decided(client, bank_url, choice, message):
    response = decide(client, bank_url, **choice)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "error-summary" in page
    assert not SandboxTransaction.objects.exists()


def test_deciding_twice_is_refused(client, bank_url):
    assert decide(client, bank_url).status_code == 303
    again = decide(client, bank_url, outcome="cancelled")
    assert again.status_code == 400 and "Giao dịch này đã được xử lý" in again.content.decode()
    assert SandboxTransaction.objects.get().outcome == "success"


def test_the_bank_is_closed_when_the_sandbox_is_off(client, bank_url, settings):
    settings.MOTCUA_PAYMENT_SANDBOX = False
    assert client.get(bank_url).status_code == 404


def test_a_forged_return_says_the_link_is_invalid(client, bank_url):
    response = client.get("/thanh-toan/sandbox/return/?vnp_TxnRef=GD1&vnp_SecureHash=abc")
    assert response.status_code == 400
    assert "Đường dẫn không hợp lệ" in response.content.decode()
    assert CallbackRecord.objects.get().outcome == "bad_signature"
