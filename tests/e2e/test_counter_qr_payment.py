"""Seed 002 Phụ lục 2 at the counter, in Chromium: the officer creates a dynamic VietQR for a dossier's fees; it
shows on the officer's screen and on the citizen-facing display; the finance officer imports the bank statement
and both screens turn to "Đã thanh toán" by themselves (htmx polling, no reload)."""

import re

import pytest
from playwright.sync_api import expect

from motcua.accounts.models import StaffRole
from motcua.accounts.tests.factories import officer_with_role, totp_enable
from motcua.catalogue.models import Agency

from .test_backoffice_flow import officer_session

CENTRE = "000.00.33.H34"  # the provincial desk, which receives for every Sở


@pytest.fixture
def counter_world(site, citizen_account, draft_for):
    from motcua.dossiers import services
    from motcua.payments.models import CollectionAccount

    draft = draft_for(citizen_account, "1.012812")
    dossier = services.dossier_submit(dossier=draft, actor=citizen_account, idempotency_key="e2e-counter-qr")
    CollectionAccount.objects.create(
        agency=dossier.agency,
        collector_name="Sở Tài nguyên và Môi trường tỉnh Kon Tum",
        collector_tax_code="6100200200",
        account_name="SO TAI NGUYEN VA MOI TRUONG KON TUM",
        account_number="119000654321",
        bank_name="VietinBank",
        bank_bin="970415",
    )
    reception = officer_with_role(
        StaffRole.RECEPTION, agency=Agency.objects.get(code=CENTRE), full_name="Nguyễn Thị Hồng Nhung"
    )
    accountant = officer_with_role(StaffRole.ACCOUNTANT, agency=dossier.agency, full_name="Đỗ Thị Mai")
    return dossier, (reception, totp_enable(reception)), (accountant, totp_enable(accountant))


def test_a_counter_qr_is_confirmed_by_a_statement_import_on_both_screens(browser, page, site, counter_world, tmp_path):
    dossier, (reception, reception_secret), (accountant, accountant_secret) = counter_world
    officer_session(page, site, reception, reception_secret)
    page.goto(f"{site}/mot-cua/ho-so/{dossier.code}/")
    page.get_by_role("button", name="Tạo mã QR thanh toán").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mã QR thanh toán")
    expect(page.locator("svg").first).to_be_visible()
    memo = page.get_by_text(re.compile(r"GD[0-9A-Z]{12}")).first.inner_text()
    reference = re.search(r"GD[0-9A-Z]{12}", memo).group(0)

    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Mở màn hình hiển thị cho công dân").click()
    display = opened.value
    expect(display.locator("main")).to_contain_text("1.100.000")
    expect(display.get_by_text("Đã thanh toán")).to_have_count(0)

    statement = tmp_path / "sao-ke.csv"
    statement.write_text(
        "Số tài khoản;Mã giao dịch;Ngày giao dịch;Số tiền;Nội dung\n"
        f"119000654321;FT26337000001;03/12/2026 10:15;1100000;{reference.lower()} nop phi ho so\n",
        encoding="utf-8",
    )
    finance = browser.new_context(locale="vi-VN").new_page()
    officer_session(finance, site, accountant, accountant_secret)
    finance.goto(site + "/mot-cua/ke-toan/")
    finance.get_by_role("link", name="Nhập sao kê ngân hàng").first.click()
    finance.get_by_label("Tệp sao kê (CSV hoặc XLSX)").set_input_files(str(statement))
    finance.get_by_role("button", name="Nhập sao kê").click()
    expect(finance.get_by_text("Khớp giao dịch")).to_be_visible()

    expect(page.get_by_text("Đã thanh toán").first).to_be_visible(timeout=10_000)
    expect(display.get_by_text("Đã thanh toán").first).to_be_visible(timeout=10_000)
    dossier.fee_orders.get(stage="submission").refresh_from_db()
    assert dossier.fee_orders.get(stage="submission").state == "paid"
