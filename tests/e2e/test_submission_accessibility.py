"""axe-core on the "Nộp hồ sơ trực tuyến" wizard and "Trang cá nhân": no serious or critical violation, one h1 per
page, at 1280 px and (for two pages) at 375 px; the error summary takes the focus after a failed "Tiếp tục".

Each test walks several pages and reports every problem found at once (page → problems), not just the first.
"""

import re

import pytest
from playwright.sync_api import expect

from .test_accessibility import serious_violations

MOBILE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


def audit(page, found: dict, label: str) -> None:
    """Record what is wrong with the page on screen (nothing recorded when all is well)."""
    page.wait_for_load_state("networkidle")
    problems = serious_violations(page)
    headings = page.locator("h1").count()
    if headings != 1:
        problems.append(f"{headings} h1 elements (expected exactly one)")
    if problems:
        found[label] = problems


def mobile_audit(page, browser, found: dict, label: str, url: str) -> None:
    """The same page, same session, on a 375 px phone."""
    context = browser.new_context(storage_state=page.context.storage_state(), locale="vi-VN", **MOBILE)
    phone = context.new_page()
    phone.goto(url)
    audit(phone, found, f"{label} (375 px)")
    context.close()


def test_wizard_steps_have_no_serious_violations(
    site, page, browser, settings, citizen_account, sign_in, document, tmp_path, draft_for
):
    settings.ALTCHA_TEST_MODE = False  # the captcha widget is part of the "Kiểm tra" page
    found: dict[str, list[str]] = {}
    sign_in(page)
    page.goto(f"{site}/thu-tuc/1.000449/nop-ho-so/")
    audit(page, found, "Nộp hồ sơ trực tuyến (start)")
    page.get_by_role("button", name="Bắt đầu nộp hồ sơ").click()

    # Thông tin người nộp: "Tiếp tục" with the date of birth missing → the summary has the focus.
    page.get_by_role("button", name="Tiếp tục").click()
    summary = page.get_by_role("alert").filter(has_text="Vui lòng kiểm tra lại thông tin")
    expect(summary).to_contain_text("Vui lòng nhập ngày sinh.")
    expect(summary).to_be_focused()
    audit(page, found, "Thông tin người nộp (error shown)")
    page.get_by_label("Nộp thay / ủy quyền").check()
    expect(page.get_by_role("group", name="Người được nộp thay / người ủy quyền")).to_be_visible()
    audit(page, found, "Thông tin người nộp (principal block open)")
    page.get_by_label("Nộp thay / ủy quyền").uncheck()
    page.get_by_label("Ngày sinh").first.fill("12/05/1990")
    page.get_by_role("button", name="Tiếp tục").click()

    # Thành phần hồ sơ with one file listed and one refusal shown.
    expect(page.get_by_role("heading", level=1)).to_have_text("Thành phần hồ sơ")
    components = page.locator("ol.components > li")
    components.nth(0).get_by_label(re.compile("^Chọn tệp")).set_input_files(document("ban-cong-bo.pdf"))
    components.nth(0).get_by_role("button", name=re.compile("^Tải lên")).click()
    expect(components.nth(0).get_by_role("link", name="ban-cong-bo.pdf")).to_be_visible()
    (tmp_path / "to-khai.pdf").write_bytes(b"MZ\x90\x00" + b"\x00" * 64)
    components.nth(1).get_by_label(re.compile("^Chọn tệp")).set_input_files(str(tmp_path / "to-khai.pdf"))
    components.nth(1).get_by_role("button", name=re.compile("^Tải lên")).click()
    expect(components.nth(1)).to_contain_text("không thuộc loại được nhận")
    audit(page, found, "Thành phần hồ sơ (a file and an error)")
    mobile_audit(page, browser, found, "Thành phần hồ sơ", page.url)
    page.get_by_role("button", name="Tiếp tục").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Nhận kết quả")
    page.get_by_label("Nhận kết quả tại nhà qua dịch vụ bưu chính công ích").check()
    audit(page, found, "Nhận kết quả")
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra thông tin trước khi nộp")
    audit(page, found, "Kiểm tra (problems listed)")

    # A complete draft: "Kiểm tra" with the captcha, then the confirmation.
    ready = draft_for(citizen_account)
    page.goto(f"{site}/nop-ho-so/{ready.public_id}/kiem-tra/")
    audit(page, found, "Kiểm tra (ready, captcha)")
    page.get_by_label("Tôi không phải là robot").click(force=True)
    expect(page.locator("altcha-widget")).to_contain_text("Đã xác minh", timeout=30_000)
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nộp hồ sơ thành công")
    audit(page, found, "Nộp hồ sơ thành công")
    assert found == {}


def test_case_step_has_no_serious_violations_and_focuses_the_error(site, page, sign_in, citizen_account, draft_for):
    found: dict[str, list[str]] = {}
    draft = draft_for(citizen_account, "1.008128", upload=False, step="truong-hop")
    sign_in(page)
    page.goto(f"{site}/nop-ho-so/{draft.public_id}/truong-hop/")
    audit(page, found, "Trường hợp")
    page.get_by_role("button", name="Tiếp tục").click()  # no case chosen
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Vui lòng chọn trường hợp phù hợp với hồ sơ của bạn.")
    expect(summary).to_be_focused()
    audit(page, found, "Trường hợp (error shown)")
    assert found == {}


@pytest.fixture
def supplement_requested(citizen_account, draft_for):
    """A submitted dossier, received, then asked for one document again (through the services)."""
    from motcua.dossiers.services import dossier_receive, dossier_request_supplement, dossier_submit
    from motcua.dossiers.tests.factories import officer_of

    dossier = dossier_submit(dossier=draft_for(citizen_account), actor=citizen_account, idempotency_key="a11y")
    officer = officer_of(dossier.agency)
    dossier_receive(dossier=dossier, officer=officer)
    component = dossier.case.components.order_by("pk").first()
    items = [{"component_id": component.pk, "name": "", "note": "Bản có chữ ký, đóng dấu."}]
    dossier_request_supplement(dossier=dossier, officer=officer, reason="Thiếu chữ ký.", items=items)
    return dossier


def test_personal_pages_have_no_serious_violations(site, page, browser, supplement_requested, sign_in):
    found: dict[str, list[str]] = {}
    code = supplement_requested.code
    sign_in(page)
    pages = {
        "Danh sách giao dịch": "/ca-nhan/giao-dich/",
        "Danh sách giao dịch — Hồ sơ yêu cầu bổ sung": "/ca-nhan/giao-dich/?tab=bo-sung",
        "Trang hồ sơ": f"/ca-nhan/ho-so/{code}/",
        "Bổ sung hồ sơ": f"/ca-nhan/ho-so/{code}/bo-sung/",
        "Thông báo": "/ca-nhan/thong-bao/",
        "Kho dữ liệu cá nhân": "/ca-nhan/kho-du-lieu/",
    }
    for label, path in pages.items():
        page.goto(site + path)
        audit(page, found, label)
    page.goto(f"{site}/ca-nhan/ho-so/{code}/bo-sung/")
    page.get_by_role("button", name="Tải lên").click()  # no file chosen: the error beside the field
    expect(page.get_by_role("alert")).to_contain_text("Vui lòng chọn tệp cần tải lên.")
    audit(page, found, "Bổ sung hồ sơ (error shown)")
    mobile_audit(page, browser, found, "Trang hồ sơ", f"{site}/ca-nhan/ho-so/{code}/")
    assert found == {}
