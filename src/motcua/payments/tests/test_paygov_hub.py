"""INIT and QUERY against a local server that emulates the national hub (127.0.0.1, never the internet).

The emulator checks each checksum with its own code over the documented field order, so a signing mistake in
ours fails here too.
"""

import hashlib
import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from motcua.core.errors import DomainError
from motcua.payments.base import StartContext, provider_get
from motcua.payments.models import (
    AttemptState,
    FeeLine,
    FeeOrder,
    LedgerEntry,
    OrderKind,
    OrderState,
    PaymentAttempt,
    Stage,
    TaxNotice,
)
from motcua.payments.services.attempts import attempts_expire, payment_start

from .test_paygov_protocol import CALLBACK_ORDER, CONFIG, SECRET

INIT_ORDER = [
    "MaDoiTac",
    "MaGiaoDich",
    "MaHoSo",
    "MaThuTuc",
    "HoTenNguoiNop",
    "SoGiayToNguoiNop",
    "SoTien",
    "DanhSachKhoanNop",
    "SoTaiKhoanThuHuong",
    "TenTaiKhoanThuHuong",
    "MaNganHangThuHuong",
    "TenNganHangThuHuong",
    "TenDonViThu",
    "MaSoThueDonViThu",
    "NoiDungThanhToan",
    "UrlQuayVe",
    "UrlThongBao",
    "ThoiGianTao",
    "ThoiGianHetHan",
]
CONTEXT = StartContext(return_url="https://dvc.example/thanh-toan/paygov/return/",
                       ipn_url="https://dvc.example/thanh-toan/paygov/ipn/", client_ip="127.0.0.1")  # fmt: skip


def _checksum(fields: dict, names) -> str:
    def text(value):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")) if isinstance(value, list) else str(value)

    return hashlib.sha256("|".join([*(text(fields.get(n, "")) for n in names), SECRET]).encode()).hexdigest()


class HubEmulator(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[tuple[str, dict]] = []
        self.answers: dict[str, dict] = {}  # path → fields merged over the default answer, before signing
        self.silent = threading.Event()
        self.release = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: HubEmulator

    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.received.append((self.path, body))
        if self.server.silent.is_set():
            self.server.release.wait(5)
            return
        names = INIT_ORDER if self.path == "/init" else ["MaDoiTac", "MaGiaoDich", "ThoiGianYeuCau"]
        if body.get("ChuKy") != _checksum(body, names):
            answer = {"MaLoi": "97", "MoTa": "Sai chu ky"}
        elif self.path == "/init":
            answer = {"MaLoi": "00", "MaGiaoDich": body["MaGiaoDich"], "MaThamChieu": "PG0001",
                      "UrlThanhToan": f"{self.server.url}/pay/PG0001"}  # fmt: skip
            answer |= self.server.answers.get("/init", {})
            answer["ChuKy"] = _checksum(answer, ["MaLoi", "MaGiaoDich", "MaThamChieu", "UrlThanhToan"])
            answer |= self.server.answers.get("/init-after-signing", {})
        else:
            answer = {"MaDoiTac": "KONTUM", "MaGiaoDich": body["MaGiaoDich"], "MaThamChieu": "PG0001", "SoTien": 70000,
                      "MaLoi": "00", "MoTa": "Thanh cong", "MaNganHang": "VCB", "ThoiGianThanhToan": "20240521091806",
                      "UrlBienLai": "https://hub.example/bien-lai/PG0001.pdf"}  # fmt: skip
            answer |= self.server.answers.get("/query", {})
            answer["ChuKy"] = _checksum(answer, CALLBACK_ORDER)
            answer |= self.server.answers.get("/query-after-signing", {})
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def hub(settings):
    server = HubEmulator()
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    config = {**CONFIG, "INIT_URL": f"{server.url}/init", "QUERY_URL": f"{server.url}/query"}
    settings.MOTCUA_PAYMENT = {**settings.MOTCUA_PAYMENT, "paygov": config}
    settings.MOTCUA_PAYMENT_PROVIDERS = ["paygov"]
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


def _attempt(order) -> PaymentAttempt:
    return PaymentAttempt.objects.create(order=order, provider="paygov", amount=70_000, expires_at=order.created_at)


def test_init_carries_dossier_procedure_payer_lines_and_account_then_redirects(hub, order, applicant, account):
    attempt, start = payment_start(order=order, provider_key="paygov", context=CONTEXT, payer=applicant)
    assert start.redirect_url == f"{hub.url}/pay/PG0001" and start.data == {"hub_reference": "PG0001"}
    path, body = hub.received[0]
    dossier = order.dossier
    assert path == "/init" and body["MaGiaoDich"] == attempt.reference and body["SoTien"] == 70_000
    assert (body["MaHoSo"], body["MaThuTuc"]) == (dossier.code, dossier.procedure.code)
    assert (body["HoTenNguoiNop"], body["SoGiayToNguoiNop"]) == (dossier.applicant_name, dossier.applicant_id_number)
    assert [(line["LoaiKhoanNop"], line["SoTien"]) for line in body["DanhSachKhoanNop"]] == [
        ("phi", 20_000),
        ("le_phi", 50_000),
    ]
    assert (body["SoTaiKhoanThuHuong"], body["MaNganHangThuHuong"]) == (account.account_number, account.bank_bin)
    assert body["MaSoThueDonViThu"] == account.collector_tax_code and body["UrlThongBao"] == CONTEXT.ipn_url
    assert len(body["ThoiGianTao"]) == 14 and body["ThoiGianTao"] < body["ThoiGianHetHan"]


def test_a_refusal_is_a_vietnamese_error_and_the_order_stays_payable(hub, order, applicant):
    hub.answers["/init"] = {"MaLoi": "12", "MoTa": "Tai khoan thu huong khong hop le", "UrlThanhToan": ""}
    with pytest.raises(DomainError, match="Nền tảng thanh toán quốc gia không khởi tạo được giao dịch"):
        payment_start(order=order, provider_key="paygov", context=CONTEXT, payer=applicant)
    assert PaymentAttempt.objects.get(order=order).state == AttemptState.FAILED
    order.refresh_from_db()
    assert order.payable


def test_a_payment_address_changed_on_the_way_is_refused(hub, order, applicant):
    hub.answers["/init-after-signing"] = {"UrlThanhToan": "https://evil.example/pay"}
    with pytest.raises(DomainError, match="sai chữ ký"):
        payment_start(order=order, provider_key="paygov", context=CONTEXT, payer=applicant)
    assert PaymentAttempt.objects.get(order=order).state == AttemptState.FAILED


def test_an_init_signed_with_another_secret_is_refused_by_the_hub(hub, order):
    provider = provider_get("paygov")
    provider.config["SECRET"] = "not-the-hubs"
    with pytest.raises(DomainError, match="mã 97"):
        provider.start(attempt=_attempt(order), context=CONTEXT)


def test_a_hub_that_does_not_answer_fails_the_attempt(hub, settings, order, applicant):
    settings.MOTCUA_PAYMENT_TIMEOUT_SECONDS = 0.5
    hub.silent.set()
    with pytest.raises(DomainError, match="Không kết nối được với Nền tảng thanh toán quốc gia"):
        payment_start(order=order, provider_key="paygov", context=CONTEXT, payer=applicant)
    assert PaymentAttempt.objects.get(order=order).state == AttemptState.FAILED


def test_an_unconfigured_hub_is_a_clear_error(settings, order):
    settings.MOTCUA_PAYMENT = {**settings.MOTCUA_PAYMENT, "paygov": {}}
    with pytest.raises(DomainError, match="chưa được cấu hình"):
        provider_get("paygov").start(attempt=_attempt(order), context=CONTEXT)


def test_query_reads_a_success_and_keeps_the_e_receipt_link(hub, order):
    attempt = _attempt(order)
    notice = provider_get("paygov").query(attempt=attempt)
    assert notice.paid and notice.amount == 70_000 and notice.provider_transaction == "PG0001"
    attempt.refresh_from_db()
    assert attempt.instructions["data"]["receipt_url"] == "https://hub.example/bien-lai/PG0001.pdf"
    assert hub.received[0][0] == "/query" and hub.received[0][1]["MaGiaoDich"] == attempt.reference


def test_query_reads_pending_and_unknown(hub, order):
    hub.answers["/query"] = {"MaLoi": "01"}
    assert provider_get("paygov").query(attempt=_attempt(order)).pending
    hub.answers["/query"] = {"MaLoi": "03", "SoTien": 0}
    assert provider_get("paygov").query(attempt=PaymentAttempt.objects.get(order=order)) is None


def test_query_answer_with_a_bad_checksum_is_not_believed(hub, order):
    hub.answers["/query-after-signing"] = {"SoTien": 7_000}
    attempt = _attempt(order)
    assert provider_get("paygov").query(attempt=attempt) is None
    attempt.refresh_from_db()
    assert "receipt_url" not in (attempt.instructions.get("data") or {})


def test_the_expiry_sweep_credits_a_payment_the_hub_confirms(hub, order, applicant):
    attempt, _ = payment_start(order=order, provider_key="paygov", context=CONTEXT, payer=applicant)
    PaymentAttempt.objects.filter(pk=attempt.pk).update(expires_at=attempt.created_at)
    assert attempts_expire() == 1
    order.refresh_from_db()
    attempt.refresh_from_db()
    assert order.state == OrderState.PAID and LedgerEntry.objects.filter(order=order).count() == 1
    assert attempt.state == AttemptState.SUCCEEDED and attempt.instructions["data"]["receipt_url"]


def test_the_expiry_sweep_expires_an_attempt_the_hub_never_saw(hub, order, applicant):
    attempt, _ = payment_start(order=order, provider_key="paygov", context=CONTEXT, payer=applicant)
    PaymentAttempt.objects.filter(pk=attempt.pk).update(expires_at=attempt.created_at)
    hub.answers["/query"] = {"MaLoi": "03", "SoTien": 0}
    assert attempts_expire() == 1
    attempt.refresh_from_db()
    order.refresh_from_db()
    assert attempt.state == AttemptState.EXPIRED and order.payable


def test_refund_is_not_offered_by_the_hub(hub, order):
    with pytest.raises(DomainError, match="không hỗ trợ hoàn tiền trực tuyến"):
        provider_get("paygov").refund(attempt=_attempt(order), amount=1_000, reason="x", officer_name="y")


def test_init_of_a_land_obligation_names_the_taxpayer(hub, dossier, account):
    order = FeeOrder.objects.create(dossier=dossier, kind=OrderKind.LAND, stage=Stage.OBLIGATION, account=account,
                                    amount=1_500_000)  # fmt: skip
    FeeLine.objects.create(order=order, kind=FeeLine.Kind.TAX, description="Lệ phí trước bạ nhà, đất", amount=1_500_000)
    TaxNotice.objects.create(
        dossier_code=dossier.code, tax_id="6101234567", notice_number="TB-2024-001", notice_date=date(2024, 5, 21),
        budget_subitem="2801", description="Lệ phí trước bạ", amount=1_500_000, payer_name="Công ty TNHH Minh An",
        payer_kind=TaxNotice.PayerKind.BUSINESS, order=order,
    )  # fmt: skip
    attempt = PaymentAttempt.objects.create(
        order=order, provider="paygov", amount=1_500_000, expires_at=order.created_at
    )
    provider_get("paygov").start(attempt=attempt, context=CONTEXT)
    body = hub.received[0][1]
    assert (body["HoTenNguoiNop"], body["SoGiayToNguoiNop"]) == ("Công ty TNHH Minh An", "6101234567")
    assert body["DanhSachKhoanNop"] == [
        {"LoaiKhoanNop": "thue", "NoiDung": "Lệ phí trước bạ nhà, đất", "SoTien": 1_500_000}
    ]
