"""The whole life of one dossier, in Chromium, across the reception desk, three processing officers and a citizen.

Submitted online (through the services: the wizard has its own browser tests) → the reception officer finds it in
"Hồ sơ chờ tiếp nhận trực tuyến", previews the document and presses "Tiếp nhận" (form 01) → the specialist asks
for a supplement (form 02) → the citizen supplies it on the portal → specialist, division head and agency leader
each take their step of the default workflow; the leader uploads the result, signs it ("Ký số") and finishes →
the desk returns it online → the citizen downloads the signed result and checks it on the page its QR code opens.
"""

import re

import pytest
from playwright.sync_api import expect

from motcua.accounts.models import StaffRole
from motcua.accounts.tests.factories import PASSWORD, officer_with_role, totp_code, totp_enable
from motcua.catalogue.models import Agency
from tests.e2e.test_accessibility import serious_violations

from .test_supplement_flow import download, go_to_dossier

CENTRE, SCIENCE = "000.00.33.H34", "000.00.13.H34"  # the provincial desk; Sở Khoa học và Công nghệ (1.000449)
REASON = "Bản công bố hợp chuẩn chưa có chữ ký của người đại diện."


@pytest.fixture
def officers(site):
    """One officer per role, each with a TOTP authenticator already set up: {role: (user, secret)}."""
    centre, science = Agency.objects.get(code=CENTRE), Agency.objects.get(code=SCIENCE)
    assert science.served_by == centre  # the demo's desk receives for the Sở
    people = {
        StaffRole.RECEPTION: ("Nguyễn Thị Hồng Nhung", centre),
        StaffRole.SPECIALIST: ("Trần Văn Hùng", science),
        StaffRole.DIVISION_HEAD: ("Lê Thị Thu Hà", science),
        StaffRole.AGENCY_LEADER: ("Phạm Minh Tuấn", science),
    }
    result = {}
    for role, (name, agency) in people.items():
        officer = officer_with_role(role, agency=agency, full_name=name)
        result[role] = (officer, totp_enable(officer))
    return result


def link_targets(pdf: bytes) -> list[str]:
    """The web addresses the last page of ``pdf`` links to (the verification stamp, beside its QR code)."""
    from io import BytesIO

    from pyhanko.pdf_utils.reader import PdfFileReader

    node = PdfFileReader(BytesIO(pdf)).root["/Pages"]
    while "/Kids" in node:
        node = node["/Kids"][-1].get_object()
    annotations = [annot.get_object() for annot in node.get("/Annots", [])]
    return [str(annot["/A"]["/URI"]) for annot in annotations if "/A" in annot]


def officer_session(page, site, officer, secret):
    """Sign in to Một cửa điện tử as ``officer`` (password, then the authenticator code)."""
    from django.core.cache import cache

    # allauth refuses a TOTP code used once within its 30 s window; signing the same officer in again that soon
    # is only a test's speed, so forget the used codes (the live server shares this process's cache).
    cache.clear()
    page.context.clear_cookies()
    page.goto(site + "/mot-cua/dang-nhap/")
    page.get_by_label("Tên đăng nhập hoặc thư điện tử").fill(officer.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.get_by_label("Mã xác thực").fill(totp_code(secret))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page).to_have_url(site + "/mot-cua/")


def open_from_my_tasks(page, code):
    page.get_by_role("link", name="Việc của tôi").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Việc của tôi")
    page.get_by_role("link", name=code).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)


def forward(page, note):
    page.get_by_label("Ý kiến xử lý (không bắt buộc)").first.fill(note)
    page.get_by_role("button", name="Chuyển xử lý").click()
    expect(page.get_by_role("status").or_(page.locator(".messages"))).to_contain_text("Đã chuyển")


def test_one_dossier_from_submission_to_a_verified_signed_result(
    site, page, settings, citizen_account, draft_for, sign_in, document, officers
):
    from motcua.dossiers.services import dossier_submit

    settings.MOTCUA_PUBLIC_URL = site  # QR codes and links in the documents point at this test server
    dossier = dossier_submit(dossier=draft_for(citizen_account), actor=citizen_account, idempotency_key="life-1")
    code = dossier.code

    # 1. Reception: the queue, a preview of the document, "Tiếp nhận", form 01.
    officer_session(page, site, *officers[StaffRole.RECEPTION])
    page.get_by_role("link", name="Hồ sơ chờ tiếp nhận trực tuyến").first.click()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=code))
    expect(row).to_contain_text("Đăng ký công bố hợp chuẩn")
    assert serious_violations(page) == []
    row.get_by_role("link", name=code).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    preview = page.get_by_role("link", name=re.compile("^Xem")).first.get_attribute("href")
    assert page.request.get(site + preview).headers["content-type"] == "application/pdf"
    assert serious_violations(page) == []
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()
    expect(page.get_by_text("Được tiếp nhận", exact=True).first).to_be_visible()
    form01 = page.get_by_role("link", name=re.compile("Mẫu số 01")).first.get_attribute("href")
    assert page.request.get(site + form01).body().startswith(b"%PDF")

    # 2. The specialist finds it in "Việc của tôi" and asks for ONE consolidated supplement.
    officer_session(page, site, *officers[StaffRole.SPECIALIST])
    open_from_my_tasks(page, code)
    assert serious_violations(page) == []
    page.get_by_text("Yêu cầu bổ sung", exact=True).first.click()  # the <summary> opens the section
    page.get_by_role("link", name="Lập phiếu yêu cầu bổ sung, hoàn thiện hồ sơ").click()
    page.get_by_label(re.compile("^Lý do")).fill(REASON)
    page.locator("input[type=checkbox]").first.check()
    page.get_by_role("button", name="Yêu cầu bổ sung").click()
    expect(page.get_by_text("Yêu cầu bổ sung giấy tờ", exact=True).first).to_be_visible()

    # 3. The citizen supplies it on the portal; the code never changes.
    page.context.clear_cookies()
    sign_in(page)
    go_to_dossier(page, code, tab="Hồ sơ yêu cầu bổ sung")
    page.get_by_role("region", name="Hồ sơ cần bổ sung").get_by_role("link", name="Bổ sung hồ sơ").click()
    page.get_by_label(re.compile("^Chọn tệp")).first.set_input_files(document("co-chu-ky.pdf", "Da ky"))
    page.get_by_role("button", name="Tải lên").first.click()
    expect(page.get_by_text("Đã tải lên 1 tệp.")).to_be_visible()
    page.get_by_role("button", name="Gửi bổ sung").click()
    expect(page.get_by_text(f"Đã gửi bổ sung. Mã hồ sơ không thay đổi: {code}")).to_be_visible()

    # 4. Three steps: appraisal → division head → the leader uploads, signs and finishes.
    officer_session(page, site, *officers[StaffRole.SPECIALIST])
    open_from_my_tasks(page, code)
    forward(page, "Hồ sơ đủ điều kiện, đề nghị lãnh đạo phòng xem xét.")
    officer_session(page, site, *officers[StaffRole.DIVISION_HEAD])
    open_from_my_tasks(page, code)
    forward(page, "Trình lãnh đạo Sở ký.")
    officer_session(page, site, *officers[StaffRole.AGENCY_LEADER])
    open_from_my_tasks(page, code)
    page.get_by_label("Tên văn bản kết quả").fill("Thông báo tiếp nhận hồ sơ công bố hợp chuẩn")
    page.get_by_label("Tệp kết quả (PDF)").set_input_files(document("ket-qua.pdf", "Thong bao tiep nhan"))
    page.get_by_role("button", name="Tải lên kết quả").click()
    expect(page.get_by_text(f"{code}-KQ1").first).to_be_visible()
    page.get_by_role("button", name=re.compile("^Ký số")).click()
    expect(page.get_by_text(re.compile("^Đã ký số")).first).to_be_visible()
    page.get_by_role("button", name="Hoàn thành xử lý").click()
    expect(page.get_by_text("Đã xử lý xong", exact=True).first).to_be_visible()
    assert serious_violations(page) == []

    # 5. The desk returns the result online.
    officer_session(page, site, *officers[StaffRole.RECEPTION])
    page.get_by_role("link", name="Hồ sơ chờ trả kết quả").first.click()
    page.get_by_role("link", name=code).click()
    page.get_by_label(re.compile("trực tuyến", re.IGNORECASE)).first.check()
    page.get_by_role("button", name="Trả kết quả").click()
    expect(page.get_by_text("Đã trả kết quả", exact=True).first).to_be_visible()

    # 6. The citizen downloads the signed result; the QR code's page says it is genuine and unchanged.
    page.context.clear_cookies()
    sign_in(page)
    go_to_dossier(page, code)
    result_pdf = download(page, page.get_by_role("link", name=re.compile("^Tải về Thông báo tiếp nhận")))
    assert result_pdf.startswith(b"%PDF") and b"/ByteRange" in result_pdf  # a signed PDF
    verify = page.get_by_role("link", name="Kiểm tra chữ ký số")
    assert verify.get_attribute("href") == f"/kiem-tra-ket-qua/{code}-KQ1/"
    assert link_targets(result_pdf) == [f"{site}/kiem-tra-ket-qua/{code}-KQ1/"]  # the stamp's QR code and link
    verify.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra văn bản kết quả")
    expect(page.get_by_role("status")).to_contain_text("bản trên hệ thống còn nguyên vẹn")
    assert serious_violations(page) == []
    downloaded = document("ban-da-tai.pdf")
    with open(downloaded, "wb") as handle:
        handle.write(result_pdf)
    page.get_by_label("Tệp PDF cần kiểm tra").set_input_files(downloaded)
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.get_by_text(f"trùng khớp với văn bản {code}-KQ1 đã ban hành")).to_be_visible()
