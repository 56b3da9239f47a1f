"""After "Nộp hồ sơ": bổ sung hồ sơ, rút hồ sơ, and the public "Tra cứu hồ sơ" — in Chromium, as a person clicks.

The dossier is submitted through the services (fast); the officer's side is also played through the services
("test helper until the back office exists"); everything the citizen does goes through the portal's pages.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import CITIZEN_ID_NUMBER

REASON = "Bản công bố hợp chuẩn chưa có chữ ký của người đại diện và dấu của cơ sở."
NOTE = "Nộp lại bản có chữ ký, đóng dấu (bản quét màu)."


@pytest.fixture
def submitted(citizen_account, draft_for):
    """Nguyễn Văn An's dossier for 1.000449, submitted ("Mới đăng ký")."""
    from motcua.dossiers.services import dossier_submit

    return dossier_submit(dossier=draft_for(citizen_account), actor=citizen_account, idempotency_key="e2e-1")


def go_to_dossier(page, code: str, *, tab: str = "") -> None:
    """ "Trang cá nhân" → "Danh sách giao dịch" (→ a tab) → the dossier's code."""
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name=re.compile("^Trang cá nhân")
    ).click()
    page.get_by_role("link", name="Danh sách giao dịch", exact=True).click()
    if tab:
        page.get_by_role("link", name=re.compile(f"^{tab}")).click()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=code, exact=True))
    row.get_by_role("link", name=code, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {code}")


def download(page, locator) -> bytes:
    with page.expect_download() as info:
        locator.click()
    return Path(info.value.path()).read_bytes()


def test_supplement_round_trip(site, page, submitted, sign_in, document):
    from motcua.dossiers.services import dossier_receive, dossier_request_supplement
    from motcua.dossiers.tests.factories import officer_of

    # The officer's side, until the back office exists: receive, then ask for one document again.
    component = submitted.case.components.order_by("pk").first()
    officer = officer_of(submitted.agency)
    dossier_receive(dossier=submitted, officer=officer)
    items = [{"component_id": component.pk, "name": "", "note": NOTE}]
    dossier_request_supplement(dossier=submitted, officer=officer, reason=REASON, items=items)
    code = submitted.code

    sign_in(page)
    page.get_by_role("link", name=re.compile("^Thông báo")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thông báo")
    notice = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name=f"Hồ sơ {code} cần bổ sung, hoàn thiện")
    )
    expect(notice).to_contain_text(REASON)
    expect(notice.get_by_role("link", name=re.compile("^Xem hồ sơ"))).to_be_visible()

    go_to_dossier(page, code, tab="Hồ sơ yêu cầu bổ sung")
    expect(page.get_by_text("Yêu cầu bổ sung giấy tờ", exact=True)).to_be_visible()
    panel = page.get_by_role("region", name="Hồ sơ cần bổ sung")
    expect(panel).to_contain_text(REASON)
    expect(panel).to_contain_text(component.name)
    expect(panel).to_contain_text(NOTE)
    panel.get_by_role("link", name="Bổ sung hồ sơ").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bổ sung hồ sơ")
    item = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=component.name))
    expect(item).to_contain_text("Chưa có tệp")
    signed = document("ban-cong-bo-co-chu-ky.pdf", "Ban cong bo hop chuan, da ky")
    item.get_by_label(re.compile("^Chọn tệp")).set_input_files(signed)
    item.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_text("Đã tải lên 1 tệp.")).to_be_visible()
    expect(item.get_by_role("link", name="ban-cong-bo-co-chu-ky.pdf")).to_be_visible()
    expect(item).to_contain_text("Đã đính kèm")
    page.get_by_label("Ghi chú gửi cơ quan giải quyết").fill("Đã ký và đóng dấu.")
    page.get_by_role("button", name="Gửi bổ sung").click()

    # Back on the dossier page: received again, the same code, the step in the timeline, form 02 kept.
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {code}")
    expect(page.get_by_text(f"Đã gửi bổ sung. Mã hồ sơ không thay đổi: {code}")).to_be_visible()
    expect(page.get_by_text("Được tiếp nhận", exact=True)).to_be_visible()
    expect(page.get_by_role("region", name="Hồ sơ cần bổ sung")).to_have_count(0)
    timeline = page.get_by_role("region", name="Quá trình xử lý").get_by_role("listitem")
    expect(timeline.filter(has_text="Bổ sung hồ sơ")).to_contain_text("Người thực hiện: Nguyễn Văn An")
    expect(page.get_by_role("region", name="Giấy tờ đã nộp")).to_contain_text("ban-cong-bo-co-chu-ky.pdf")
    form02 = page.get_by_role("link", name="Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu số 02)")
    assert download(page, form02).startswith(b"%PDF")
    assert page.console_errors == []


def test_withdrawal_needs_a_reason(site, page, submitted, sign_in):
    sign_in(page)
    go_to_dossier(page, submitted.code)
    page.get_by_role("link", name="Rút hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rút hồ sơ")
    page.get_by_role("button", name="Rút hồ sơ").click()  # no reason given
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Vui lòng cho biết lý do rút hồ sơ.")
    expect(summary).to_be_focused()  # screen readers start at what went wrong
    summary.get_by_role("link", name="Vui lòng cho biết lý do rút hồ sơ.").click()
    expect(page.get_by_label("Lý do rút hồ sơ")).to_be_focused()

    page.get_by_label("Lý do rút hồ sơ").fill("Cơ sở đã nộp hồ sơ trực tiếp tại Trung tâm Phục vụ hành chính công.")
    page.get_by_role("button", name="Rút hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {submitted.code}")
    expect(page.get_by_text(f"Đã rút hồ sơ {submitted.code}.", exact=False)).to_be_visible()
    expect(page.get_by_text("Công dân yêu cầu rút hồ sơ", exact=True).first).to_be_visible()
    withdrawn = page.get_by_role("region", name="Quá trình xử lý").get_by_role("listitem").last
    expect(withdrawn).to_contain_text("Rút hồ sơ")
    expect(withdrawn).to_contain_text("Cơ sở đã nộp hồ sơ trực tiếp")
    expect(page.get_by_role("link", name="Rút hồ sơ")).to_have_count(0)
    assert [error for error in page.console_errors if "status of 400" not in error] == []


def test_public_lookup_shows_status_without_login(site, page, submitted):
    page.goto(site + "/")
    expect(page.get_by_role("link", name="Đăng nhập", exact=True)).to_be_visible()
    page.get_by_role("link", name="Tra cứu hồ sơ", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tra cứu hồ sơ")

    page.get_by_label("Mã hồ sơ").fill(submitted.code)
    page.get_by_label("Số giấy tờ tùy thân (CCCD) hoặc mã số thuế").fill("062090009999")  # someone else's
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_role("status")).to_contain_text("Không tìm thấy hồ sơ")

    page.get_by_label("Số giấy tờ tùy thân (CCCD) hoặc mã số thuế").fill(CITIZEN_ID_NUMBER)
    page.get_by_role("button", name="Tra cứu").click()
    result = page.get_by_role("status")
    expect(result.get_by_role("heading", name=f"Hồ sơ {submitted.code}")).to_be_visible()
    expect(result).to_contain_text("Mới đăng ký")
    expect(result).to_contain_text("Chưa có (hồ sơ chưa được tiếp nhận)")
    for personal in ("Nguyễn Văn An", "an.nguyen@example.vn", "0912345678", "Quyết Thắng"):
        expect(page.locator("main")).not_to_contain_text(personal)
