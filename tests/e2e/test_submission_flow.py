"""Nộp hồ sơ trực tuyến in Chromium, following the provincial guides literally, as a person clicks.

Guide 003 (Sở KH&CN): "Tra cứu thủ tục" → search → click the procedure's name → "Thông tin người nộp" → "Tiếp tục"
→ "Thành phần hồ sơ" → "Tiếp tục" → result delivery → "mã xác nhận" + "Nộp hồ sơ". Guide 004 (Sở NN&PTNT): the
same with a procedure of two cases. Guide 001: "nộp hồ sơ tại nhà", "nhận kết quả tại nhà", then "Trang cá nhân"
→ "Danh sách giao dịch".
"""

import re
from pathlib import Path

from playwright.sync_api import expect

GUIDE_003_SEARCH = "đăng ký công bố hợp chuẩn dựa trên kết quả tự đánh giá của tổ chức, cá nhân sản xuất, kinh doanh"
PROCEDURE_003 = "Đăng ký công bố hợp chuẩn dựa trên kết quả tự đánh giá của tổ chức, cá nhân sản xuất, kinh doanh"
PROCEDURE_004 = "Cấp lại Giấy chứng nhận đủ điều kiện chăn nuôi đối với chăn nuôi trang trại quy mô lớn"
CASE_2 = "Trường hợp thay đổi thông tin liên quan đến tổ chức, cá nhân đã được cấp Giấy chứng nhận"
POST = "Nhận kết quả tại nhà qua dịch vụ bưu chính công ích"
SKHCN, SNN = "Sở Khoa học và Công nghệ", "Sở Nông nghiệp và Phát triển nông thôn"
CODE_003 = re.compile(r"^000\.00\.13\.H34-\d{6}-0001$")


# --- What a person does, step by step -----------------------------------------------------------------------
def find_and_open(page, site: str, search: str, name: str, agency: str) -> None:
    """ "Tra cứu thủ tục", search, choose the agency, click the procedure's name, "Nộp hồ sơ trực tuyến",
    "Bắt đầu nộp hồ sơ"."""
    page.goto(site + "/")
    page.get_by_role("link", name="Tra cứu thủ tục").first.click()
    page.get_by_label("Tìm thủ tục hành chính").fill(search)
    page.get_by_role("button", name="Tìm kiếm").click()
    page.get_by_label("Cơ quan thực hiện").select_option(label=agency)
    expect(page).to_have_url(re.compile(r"co_quan="))
    expect(page.locator(".result__meta").first).to_contain_text(agency)
    page.get_by_role("heading", name=name, exact=True).get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nộp hồ sơ trực tuyến")
    page.get_by_role("button", name="Bắt đầu nộp hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thông tin người nộp")


def applicant_block(page):
    return page.get_by_role("group", name="Người nộp hồ sơ", exact=True)


def step_link(page, label: str):
    return page.get_by_role("navigation", name="Các bước nộp hồ sơ").get_by_role("link", name=re.compile(label))


def component_row(page, name: str):
    return page.locator("ol.components > li").filter(has=page.get_by_role("heading", name=name))


def upload(page, component_name: str, path: str) -> None:
    """Choose the file for one component and press its "Tải lên"; wait for the row to list it."""
    row = component_row(page, component_name)
    row.get_by_label(re.compile("^Chọn tệp")).set_input_files(path)
    row.get_by_role("button", name=re.compile("^Tải lên")).click()
    expect(row.get_by_role("link", name=Path(path).name, exact=True)).to_be_visible()


def components_of(code: str, case_index: int = 0) -> list:
    from motcua.catalogue.models import Procedure

    return list(Procedure.objects.get(code=code).cases.order_by("pk")[case_index].components.all())


def solve_captcha(page) -> None:
    """ "Nhập mã xác nhận" (guide 003): here a box that the browser solves (ALTCHA proof of work)."""
    expect(page.get_by_role("group", name="Mã xác nhận")).to_be_visible()
    page.get_by_label("Tôi không phải là robot").click(force=True)  # its styled box overlays the input
    expect(page.locator("altcha-widget")).to_contain_text("Đã xác minh", timeout=30_000)


def download(page, locator) -> bytes:
    with page.expect_download() as info:
        locator.click()
    return Path(info.value.path()).read_bytes()


# --- Guide 003: a citizen, every component, home delivery ---------------------------------------------------
def test_citizen_submits_online_following_guide_003(site, page, settings, citizen_account, sign_in, document):
    settings.ALTCHA_TEST_MODE = False  # the real "mã xác nhận", solved by the browser
    sign_in(page)
    find_and_open(page, site, GUIDE_003_SEARCH, PROCEDURE_003, SKHCN)
    expect(page.get_by_text("Bước 1 trên 4")).to_be_visible()  # one case: no "Trường hợp" step

    # Thông tin người nộp: what the account knows is there; the date of birth is not yet.
    locked = page.get_by_role("group", name="Thông tin từ tài khoản định danh điện tử, không thể sửa")
    expect(locked).to_contain_text("Nguyễn Văn An")
    expect(locked).to_contain_text("062090001234")
    block = applicant_block(page)
    expect(block.get_by_label("Địa chỉ")).to_have_value("Phường Quyết Thắng, tỉnh Kon Tum")
    expect(block.get_by_label("Số điện thoại di động")).to_have_value("0912345678")
    expect(block.get_by_label("Thư điện tử")).to_have_value("an.nguyen@example.vn")
    expect(block.get_by_label("Ngày sinh")).to_have_value("")
    block.get_by_label("Ngày sinh").fill("12/05/1990")
    page.get_by_role("button", name="Tiếp tục").click()

    # Thành phần hồ sơ: one file per component, optional ones too; each row updates in place (no reload).
    expect(page.get_by_role("heading", level=1)).to_have_text("Thành phần hồ sơ")
    components = components_of("1.000449")
    assert len(components) == 6 and sum(c.required for c in components) == 4
    page.evaluate("window.noReload = true")
    files = {}
    for number, component in enumerate(components, start=1):
        files[component.name] = document(f"thanh-phan-{number}.{'png' if number == 2 else 'pdf'}", f"Giay to {number}")
        if number == 2:  # the PNG: watch the progress bar and its live text while the upload is throttled
            cdp = page.context.new_cdp_session(page)
            cdp.send(
                "Network.emulateNetworkConditions",
                {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": 400},
            )
            row = component_row(page, component.name)
            row.get_by_label(re.compile("^Chọn tệp")).set_input_files(files[component.name])
            row.get_by_role("button", name=re.compile("^Tải lên")).click()
            expect(row.get_by_role("progressbar", name="Tiến độ tải lên")).to_be_visible()
            expect(row.get_by_role("status")).to_contain_text(re.compile(r"Đang tải lên \d+%|Đã gửi xong"))
            cdp.send(
                "Network.emulateNetworkConditions",
                {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
            )
            expect(row.get_by_role("link", name="thanh-phan-2.png", exact=True)).to_be_visible()
        else:
            upload(page, component.name, files[component.name])
        row = component_row(page, component.name)
        expect(row).to_contain_text(f"Đã tải lên: “{Path(files[component.name]).name}”.")
        expect(row.get_by_role("button", name=f"Xóa tệp “{Path(files[component.name]).name}”")).to_be_visible()
    assert page.evaluate("window.noReload") is True
    expect(page.get_by_text("Đã đính kèm đủ các thành phần hồ sơ bắt buộc.")).to_be_visible()
    page.get_by_role("button", name="Tiếp tục").click()

    # Nhận kết quả: at home, by the public postal service.
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhận kết quả")
    page.get_by_label(POST).check()
    page.get_by_label("Địa chỉ nhận kết quả qua bưu chính").fill("Số 12 Trần Hưng Đạo, phường Quyết Thắng, Kon Tum")
    page.get_by_role("button", name="Tiếp tục").click()

    # Kiểm tra: the answers, a "Thay đổi" link per section; change the phone and come back.
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra thông tin trước khi nộp")
    main = page.locator(".wizard-main")
    for text in ("Nguyễn Văn An", "12/05/1990", "0912345678", POST, "Số 12 Trần Hưng Đạo", "thanh-phan-2.png"):
        expect(main).to_contain_text(text)
    expect(page.get_by_role("link", name=re.compile("^Thay đổi"))).to_have_count(3)  # no "Trường hợp" here
    page.get_by_role("link", name="Thay đổi thông tin người nộp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thông tin người nộp")
    applicant_block(page).get_by_label("Số điện thoại di động").fill("0987654321")
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thành phần hồ sơ")
    step_link(page, "Kiểm tra và nộp").click()
    expect(main).to_contain_text("0987654321")
    expect(main).not_to_contain_text("0912345678")

    solve_captcha(page)
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nộp hồ sơ thành công")
    code_text = page.get_by_text(CODE_003)
    expect(code_text).to_be_visible()
    code = code_text.inner_text()
    expect(page.locator("dl.summary")).to_contain_text("Mới đăng ký")
    receipt = download(page, page.get_by_role("link", name="Tải phiếu xác nhận (PDF)"))
    assert receipt.startswith(b"%PDF")

    # Guide 001: "Trang cá nhân" → "Danh sách giao dịch".
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name=re.compile("^Trang cá nhân")
    ).click()
    page.get_by_role("link", name="Danh sách giao dịch", exact=True).click()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=code, exact=True))
    expect(row).to_contain_text("Mới đăng ký")
    row.get_by_role("link", name=code, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {code}")
    timeline = page.get_by_role("region", name="Quá trình xử lý").get_by_role("listitem")
    expect(timeline).to_have_count(1)
    expect(timeline).to_contain_text("Nộp hồ sơ")
    expect(timeline).to_contain_text("Người thực hiện: Nguyễn Văn An")
    submitted = page.get_by_role("region", name="Giấy tờ đã nộp")
    for path in files.values():
        expect(submitted.get_by_role("link", name=Path(path).name, exact=True)).to_be_visible()
    first = Path(files[components[0].name])
    assert download(page, submitted.get_by_role("link", name=first.name)) == first.read_bytes()
    assert page.console_errors == []


# --- Guide 004: a business, a procedure with two cases, a missing file caught before "Nộp hồ sơ" -------------
def test_business_chooses_a_case_following_guide_004(site, page, settings, sign_in, document):
    from motcua.accounts.tests.factories import PASSWORD, organisation_account
    from motcua.dossiers.models import Dossier

    settings.ALTCHA_TEST_MODE = True  # the captcha is test_citizen_submits_online_following_guide_003's
    business = organisation_account(password=PASSWORD, confirmed=True)
    sign_in(page, "ngoclinh")
    find_and_open(page, site, PROCEDURE_004, PROCEDURE_004, SNN)
    expect(page.get_by_text("Bước 1 trên 5")).to_be_visible()
    block = page.get_by_role("group", name="Tổ chức, doanh nghiệp nộp hồ sơ", exact=True)
    expect(block.get_by_label("Tên tổ chức")).to_have_value("Công ty TNHH Nông sản Ngọc Linh")
    expect(page.get_by_role("group", name=re.compile("không thể sửa"))).to_contain_text("6100123456")
    # "Điền đầy đủ thông tin người nộp": a mobile number for the SMS notices (the landline registered with the
    # account is refused here: see test_a_business_goes_on_with_its_registered_phone).
    block.get_by_label("Số điện thoại di động").fill("0905790369")
    page.get_by_role("button", name="Tiếp tục").click()

    # Trường hợp: two cases, each with its components, time and fee; choose the second.
    expect(page.get_by_role("heading", level=1)).to_have_text("Chọn trường hợp")
    expect(page.get_by_role("radio")).to_have_count(2)
    page.get_by_label(CASE_2).check()
    page.get_by_role("button", name="Tiếp tục").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thành phần hồ sơ")
    components = components_of("1.008128", case_index=1)
    assert [c.required for c in components] == [True, True, True]
    expect(page.locator("ol.components > li")).to_have_count(3)
    for number, component in enumerate(components[:2], start=1):
        upload(page, component.name, document(f"giay-to-{number}.pdf"))
    last = components[2]
    expect(page.get_by_text("Còn thiếu:").locator("xpath=../..")).to_contain_text(last.name)
    page.get_by_role("button", name="Tiếp tục").click()

    # Guide 001: "nộp hồ sơ tại nhà" and "nhận kết quả tại nhà", each with its address.
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhận kết quả")
    page.get_by_label(POST).check()
    page.get_by_label("Địa chỉ nhận kết quả qua bưu chính").fill("Thôn 5, xã Ngọc Linh, Kon Tum")
    page.get_by_label("Nộp hồ sơ tại nhà (bưu điện đến nhận hồ sơ giấy)").check()
    page.get_by_label("Địa chỉ để bưu điện đến nhận hồ sơ").fill("12 Trần Hưng Đạo, TP Kon Tum")
    page.get_by_role("button", name="Tiếp tục").click()

    # Kiểm tra: the missing component is named, linked to its step, and "Nộp hồ sơ" is not offered.
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra thông tin trước khi nộp")
    problems = page.get_by_role("alert").filter(has_text="Hồ sơ chưa đủ để nộp")
    missing = problems.get_by_role("link", name=f"Chưa đính kèm thành phần hồ sơ bắt buộc: {last.name}")
    expect(missing).to_be_visible()
    expect(page.get_by_role("button", name="Nộp hồ sơ")).to_have_count(0)
    expect(page.get_by_role("region", name="Trường hợp")).to_contain_text(CASE_2)
    expect(page.get_by_role("link", name=re.compile("^Thay đổi"))).to_have_count(4)
    missing.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thành phần hồ sơ")
    upload(page, last.name, document("giay-to-3.pdf"))
    expect(page.get_by_text("Đã đính kèm đủ các thành phần hồ sơ bắt buộc.")).to_be_visible()
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_label("Nộp hồ sơ tại nhà (bưu điện đến nhận hồ sơ giấy)")).to_be_checked()
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_role("region", name="Nhận kết quả")).to_contain_text("Có: 12 Trần Hưng Đạo, TP Kon Tum")
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Nộp hồ sơ thành công")
    expect(page.get_by_text(re.compile(r"^000\.00\.16\.H34-\d{6}-0001$"))).to_be_visible()
    dossier = Dossier.objects.get(applicant=business)
    assert dossier.case.name == CASE_2 and dossier.post_pickup and dossier.files.count() == 3
    assert page.console_errors == []


def test_a_business_goes_on_with_its_registered_phone(site, page, sign_in):
    from motcua.accounts.tests.factories import PASSWORD, organisation_account

    organisation_account(password=PASSWORD, confirmed=True)
    sign_in(page, "ngoclinh")
    page.goto(f"{site}/thu-tuc/1.008128/nop-ho-so/")
    page.get_by_role("button", name="Bắt đầu nộp hồ sơ").click()
    page.get_by_role("button", name="Tiếp tục").click()  # nothing typed: everything came from the account
    expect(page.get_by_role("heading", level=1)).to_have_text("Chọn trường hợp", timeout=2_000)


# --- Drafts, refusals, double clicks --------------------------------------------------------------------------
def test_a_draft_is_resumed_after_logging_out(site, page, citizen_account, sign_in, document):
    sign_in(page)
    find_and_open(page, site, GUIDE_003_SEARCH, PROCEDURE_003, SKHCN)
    block = applicant_block(page)
    block.get_by_label("Địa chỉ").fill("Thôn 3, xã Đăk Cấm, Kon Tum")
    block.get_by_label("Số điện thoại di động").fill("0987654321")
    page.get_by_role("button", name="Lưu nháp").click()  # the date of birth is still empty: a draft keeps it so
    expect(page.get_by_text(re.compile("^Đã lưu nháp lúc"))).to_be_visible()
    step_link(page, "Thành phần hồ sơ").click()
    first = components_of("1.000449")[0]
    upload(page, first.name, document("ban-cong-bo.pdf"))
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhận kết quả")

    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("link", name="Đăng nhập", exact=True)).to_be_visible()
    sign_in(page)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name=re.compile("^Trang cá nhân")
    ).click()
    page.get_by_role("link", name="Danh sách giao dịch", exact=True).click()
    page.get_by_role("link", name=re.compile("^Hồ sơ đang soạn")).click()
    row = page.get_by_role("row").filter(has_text=PROCEDURE_003)
    expect(row).to_contain_text("Nhận kết quả")  # "Bước đang soạn"
    row.get_by_role("link", name=re.compile("^Tiếp tục")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Nhận kết quả")  # the furthest step reached
    step_link(page, "Thành phần hồ sơ").click()
    expect(component_row(page, first.name).get_by_role("link", name="ban-cong-bo.pdf")).to_be_visible()
    step_link(page, "Thông tin người nộp").click()
    block = applicant_block(page)
    expect(block.get_by_label("Địa chỉ")).to_have_value("Thôn 3, xã Đăk Cấm, Kon Tum")
    expect(block.get_by_label("Số điện thoại di động")).to_have_value("0987654321")
    expect(block.get_by_label("Ngày sinh")).to_have_value("")


def test_a_refused_upload_says_why_and_loses_nothing(site, page, citizen_account, sign_in, document, tmp_path):
    draft = draft_with_nothing_attached(citizen_account)
    sign_in(page)
    page.goto(f"{site}/nop-ho-so/{draft.public_id}/thanh-phan/")
    first, second = components_of("1.000449")[:2]
    upload(page, first.name, document("ban-cong-bo.pdf"))
    disguised = tmp_path / "to-khai.pdf"
    disguised.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200 + b"PE\x00\x00")
    row = component_row(page, second.name)
    row.get_by_label(re.compile("^Chọn tệp")).set_input_files(str(disguised))
    row.get_by_role("button", name=re.compile("^Tải lên")).click()
    message = row.locator(".component__errors")
    expect(message).to_contain_text("Tệp “to-khai.pdf” không thuộc loại được nhận")
    expect(message).to_contain_text("Loại tệp được nhận:")
    expect(message).to_be_focused()
    expect(row).to_contain_text("Chưa có tệp nào.")
    expect(component_row(page, first.name).get_by_role("link", name="ban-cong-bo.pdf")).to_be_visible()
    page.reload()  # nothing of it was kept on the server either; the earlier upload was
    expect(component_row(page, first.name).get_by_role("link", name="ban-cong-bo.pdf")).to_be_visible()
    expect(page.get_by_text("to-khai")).to_have_count(0)
    assert [error for error in page.console_errors if "status of 400" not in error] == []


def draft_with_nothing_attached(user):
    from motcua.catalogue.models import Procedure
    from motcua.dossiers.services import dossier_draft_create

    return dossier_draft_create(applicant=user, procedure=Procedure.objects.get(code="1.000449"))


def test_double_click_on_nop_ho_so_makes_one_dossier(site, page, settings, citizen_account, sign_in, draft_for):
    from motcua.dossiers.models import Dossier, DossierEvent

    settings.ALTCHA_TEST_MODE = False
    draft = draft_for(citizen_account)
    sign_in(page)
    page.goto(f"{site}/nop-ho-so/{draft.public_id}/kiem-tra/")
    solve_captcha(page)
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).dblclick()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nộp hồ sơ thành công")
    expect(page.get_by_text(CODE_003)).to_be_visible()
    assert Dossier.objects.filter(applicant=citizen_account).exclude(state="draft").count() == 1
    assert DossierEvent.objects.filter(dossier__applicant=citizen_account, action="submit").count() == 1
