"""Seeds 001/002 "Thanh toán trực tuyến", in Chromium: a citizen pays a dossier's fees through the sandbox bank.

"Trang cá nhân" → "Danh sách giao dịch" → the dossier → "Thanh toán phí/lệ phí" → each fee line, the total in
figures and in words, the receiving account → "Thanh toán" → "Chọn Ngân hàng hoặc Ví điện tử" → "Thanh toán" →
the bank's page → back on the portal: "Đang chờ xác nhận từ ngân hàng" until the bank's server-to-server IPN
arrives (the browser return only displays), then "Đã thanh toán" by itself; the electronic receipt downloads.
"""

import re

import pytest
from playwright.sync_api import expect

from .test_supplement_flow import download, go_to_dossier


@pytest.fixture
def fees_dossier(site, citizen_account, draft_for, settings):
    """A submitted dossier of 1.012812 (lệ phí 100.000 đ + phí 1.000.000 đ at submission) and the account."""
    from motcua.dossiers import services
    from motcua.payments.models import CollectionAccount

    settings.MOTCUA_PUBLIC_URL = site  # the sandbox bank signs its return and IPN addresses with it
    CollectionAccount.objects.create(
        collector_name="Văn phòng Ủy ban nhân dân tỉnh Kon Tum",
        collector_tax_code="6100100100",
        account_name="VAN PHONG UBND TINH KON TUM",
        account_number="119000123456",
        bank_name="VietinBank",
        bank_bin="970415",
    )
    draft = draft_for(citizen_account, "1.012812")
    return services.dossier_submit(dossier=draft, actor=citizen_account, idempotency_key="e2e-payment")


def test_a_citizen_pays_the_fees_through_the_sandbox_bank_and_downloads_the_receipt(page, site, sign_in, fees_dossier):
    from motcua.payments.contrib.sandbox.bank import ipn_params
    from motcua.payments.contrib.sandbox.models import SandboxTransaction

    code = fees_dossier.code
    sign_in(page)
    go_to_dossier(page, code)
    payment = page.get_by_role("region", name="Thanh toán phí/lệ phí")
    expect(payment).to_contain_text("Chưa thanh toán")
    payment.get_by_role("link", name="Thanh toán phí/lệ phí").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thanh toán phí/lệ phí")
    expect(page.get_by_text("Một triệu một trăm nghìn đồng")).to_be_visible()  # the total in words
    expect(page.get_by_text("VAN PHONG UBND TINH KON TUM")).to_be_visible()  # the receiving account
    expect(page.get_by_text("119000123456")).to_be_visible()
    page.get_by_role("link", name=re.compile("^Thanh toán 1.100.000")).click()

    expect(page.get_by_role("heading", name="Chọn Ngân hàng hoặc Ví điện tử")).to_be_visible()
    page.get_by_role("radio", name=re.compile("Ngân hàng thử nghiệm")).check()
    page.get_by_role("button", name="Thanh toán", exact=True).click()

    # The bank's own page (inside this server in the demo), reached by a signed VNPay-style redirect.
    expect(page.get_by_text("1.100.000")).to_be_visible()
    page.get_by_label("Vietcombank").check()
    page.get_by_label("Thanh toán thành công").check()
    page.get_by_role("button", name="Xác nhận").click()

    # Back on the portal: the browser return alone does not pay.
    expect(page.get_by_text("Đang chờ xác nhận từ ngân hàng")).to_be_visible()
    fees_dossier.refresh_from_db()
    assert fees_dossier.fee_orders.get().state == "open"

    # The bank's server confirms (the IPN the sandbox bank queued, sent here as its server would send it).
    record = SandboxTransaction.objects.get()
    answer = page.request.get(site + "/thanh-toan/sandbox/ipn/", params=ipn_params(record))
    assert answer.json()["RspCode"] == "00"
    expect(page.get_by_text("Đã thanh toán", exact=False).first).to_be_visible(timeout=10_000)  # htmx poll

    go_to_dossier(page, code)
    payment = page.get_by_role("region", name="Thanh toán phí/lệ phí")
    expect(payment).to_contain_text("Đã thanh toán")
    receipt = download(page, payment.get_by_role("link", name="Tải biên lai điện tử"))
    assert receipt.startswith(b"%PDF") and b"/ByteRange" in receipt  # signed
    assert page.console_errors == []
