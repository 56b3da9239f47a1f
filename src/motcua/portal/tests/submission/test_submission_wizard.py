"""Nộp hồ sơ trực tuyến: the start page and the question steps (người nộp, trường hợp, nhận kết quả)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from motcua.accounts.models import AccountKind, Organisation
from motcua.catalogue.models import Channel, OnlineLevel
from motcua.dossiers.models import Dossier, DossierFile, ResultDelivery
from motcua.dossiers.tests.factories import (
    ComponentFactory,
    ProcedureCaseFactory,
    ProcedureFactory,
    UserFactory,
    fee,
    officer_of,
)
from motcua.dossiers.workflow import State
from motcua.identity.base import SESSION_LEVEL_KEY

from .support import (
    applicant_post,
    html,
    make_pdf,
    step_url,
    submit,
    upload,
    upload_url,
)

pytestmark = pytest.mark.django_db


# --- Start page -------------------------------------------------------------------------------------------
def test_start_page_says_what_to_prepare_and_starts_a_draft(signed_in, procedure, component, optional_component):
    fee(procedure, 150000)
    page = html(signed_in.get(reverse("portal:procedure_submit", args=[procedure.code])))
    for text in [
        "Nộp hồ sơ trực tuyến",
        "Tờ khai đăng ký",
        "01 bản chính, 00 bản sao",
        "01 bản chính, 01 bản sao",
        "Không bắt buộc",
        "5 ngày làm việc",
        "150.000 đ",
        "Thông tin người nộp",
        "Thành phần hồ sơ",
        "Nhận kết quả",
        "Bắt đầu nộp hồ sơ",
        "nộp hồ sơ tại nhà",
        "nhận kết quả tại nhà",
    ]:
        assert text in page, text
    assert "Trường hợp" not in page  # one case: no such step
    response = signed_in.post(reverse("portal:procedure_submit", args=[procedure.code]))
    dossier = Dossier.objects.get()
    assert response.headers["Location"] == step_url(dossier, "nguoi-nop")
    assert (dossier.state, dossier.code, dossier.case) == (State.DRAFT, None, procedure.cases.get())


def test_start_page_lists_drafts_to_resume(signed_in, draft):
    draft.wizard_step = "nhan-ket-qua"
    draft.save(update_fields=["wizard_step"])
    page = html(signed_in.get(reverse("portal:procedure_submit", args=[draft.procedure.code])))
    assert "Hồ sơ bạn đang soạn dở" in page
    assert f'href="/nop-ho-so/{draft.public_id}/"' in page and "Tiếp tục" in page
    response = signed_in.get(reverse("portal:draft_resume", args=[draft.public_id]))
    assert response.headers["Location"] == step_url(draft, "nhan-ket-qua")


def test_an_offline_procedure_explains_itself_and_makes_no_draft(signed_in):
    procedure = ProcedureFactory(online_level=OnlineLevel.NONE, reception_address="88 Trần Phú, Kon Tum")
    url = reverse("portal:procedure_submit", args=[procedure.code])
    for response in (signed_in.get(url), signed_in.post(url)):
        assert response.status_code == 409
        page = html(response)
        assert "chưa cung cấp dịch vụ công trực tuyến" in page and "88 Trần Phú, Kon Tum" in page
        assert f'href="/thu-tuc/{procedure.code}/"' in page
    assert not Dossier.objects.exists()


def test_a_draft_of_a_procedure_closed_since_says_so(signed_in, draft):
    draft.procedure.is_active = False
    draft.procedure.save(update_fields=["is_active"])
    for url in (step_url(draft, "nguoi-nop"), step_url(draft, "kiem-tra")):
        response = signed_in.get(url)
        assert response.status_code == 409
        assert "không còn áp dụng" in html(response)
    # The draft can still be thrown away.
    discard = reverse("portal:draft_discard", args=[draft.public_id])
    assert discard in html(signed_in.get(step_url(draft, "nguoi-nop")))
    assert signed_in.get(discard).status_code == 200
    # The start page says so too, rather than "not found".
    response = signed_in.get(reverse("portal:procedure_submit", args=[draft.procedure.code]))
    assert response.status_code == 409 and "không còn áp dụng" in html(response)


def test_officers_cannot_submit_as_applicants(client, procedure):
    client.force_login(officer_of(procedure.agency))
    response = client.post(reverse("portal:procedure_submit", args=[procedure.code]))
    assert response.status_code == 403 and "Tài khoản cán bộ" in html(response)
    assert not Dossier.objects.exists()


def test_a_level_2_procedure_asks_for_a_level_2_sign_in_on_every_page(signed_in, draft):
    draft.procedure.required_identity_level = 2
    draft.procedure.save(update_fields=["required_identity_level"])
    session = signed_in.session
    session[SESSION_LEVEL_KEY] = 1
    session.save()
    for response in (
        signed_in.get(reverse("portal:procedure_submit", args=[draft.procedure.code])),
        signed_in.get(step_url(draft, "nguoi-nop")),
        signed_in.post(step_url(draft, "nguoi-nop"), applicant_post()),
        signed_in.post(upload_url(draft, draft.case.components.get()), {"tep": upload("a.pdf", make_pdf())}),
        submit(signed_in, draft),
    ):
        assert response.status_code == 403
        assert "Cần tài khoản định danh điện tử mức độ 2" in html(response)
    assert not DossierFile.objects.exists() and Dossier.objects.get().state == State.DRAFT


# --- Step 1: Thông tin người nộp -------------------------------------------------------------------------------
def test_applicant_step_shows_e_id_values_read_only(signed_in, draft, applicant):
    response = signed_in.get(step_url(draft, "nguoi-nop"))
    page = html(response)
    assert response.status_code == 200
    assert "Thông tin người nộp" in page and 'aria-current="step"' in page
    assert "Thông tin từ tài khoản định danh điện tử, không thể sửa" in page
    assert applicant.full_name in page and applicant.citizen.id_number in page
    assert 'name="name"' not in page and 'name="id_number"' not in page
    assert 'autocomplete="street-address"' in page and 'autocomplete="tel"' in page
    assert 'autocomplete="email"' in page and 'autocomplete="bday"' in page
    assert 'hx-trigger="change delay:600ms"' in page and "_autosave" in page
    assert 'id="autosave-status" role="status" aria-live="polite"' in page
    assert "Nộp thay / ủy quyền" in page


def test_applicant_step_saves_and_goes_on_but_never_changes_e_id_values(signed_in, draft, applicant):
    response = signed_in.post(
        step_url(draft, "nguoi-nop"), applicant_post(name="Kẻ Mạo Danh", id_number="000000000000")
    )
    assert response.headers["Location"] == step_url(draft, "thanh-phan")  # one case: "Trường hợp" is skipped
    draft.refresh_from_db()
    assert draft.applicant_name == applicant.full_name
    assert draft.applicant_id_number == applicant.citizen.id_number
    assert (draft.applicant_address, draft.applicant_phone, draft.applicant_email) == (
        "12 Trần Hưng Đạo, phường Quyết Thắng, tỉnh Kon Tum",
        "0912345678",
        "hoa@example.vn",
    )
    assert draft.applicant_date_of_birth.isoformat() == "1985-03-27"
    assert draft.wizard_step == "thanh-phan" and draft.principal == {}


def test_nop_thay_saves_the_principal(signed_in, draft):
    data = applicant_post(
        acting_for="on",
        principal_kind="citizen",
        principal_name="Trần Văn Bình",
        principal_id_number="062085001234",
        principal_date_of_birth="01/02/1950",
        principal_phone="0987654321",
        principal_authorisation="Giấy ủy quyền số 12/UQ ngày 02/01/2025",
    )
    assert signed_in.post(step_url(draft, "nguoi-nop"), data).status_code == 302
    draft.refresh_from_db()
    assert draft.principal["name"] == "Trần Văn Bình" and draft.principal["id_number"] == "062085001234"
    assert draft.principal["date_of_birth"] == "1950-02-01" and draft.principal["kind"] == "citizen"
    assert draft.principal["authorisation"].startswith("Giấy ủy quyền số 12")
    page = html(signed_in.get(step_url(draft, "nguoi-nop")))
    assert re.search(r'<input[^>]*name="acting_for"[^>]*checked', page) and "Trần Văn Bình" in page
    # Unticking the box drops the principal.
    signed_in.post(step_url(draft, "nguoi-nop"), applicant_post())
    draft.refresh_from_db()
    assert draft.principal == {}


def test_principal_formats_depend_on_its_kind(signed_in, draft):
    data = applicant_post(
        acting_for="on",
        principal_kind="organisation",
        principal_name="Hợp tác xã Đăk Hà",
        principal_id_number="6100123456001",
        principal_authorisation="Giấy ủy quyền 03/UQ",
    )
    assert signed_in.post(step_url(draft, "nguoi-nop"), data).status_code == 302
    draft.refresh_from_db()
    assert draft.principal["id_number"] == "6100123456-001" and draft.principal["kind"] == "organisation"
    response = signed_in.post(step_url(draft, "nguoi-nop"), data | {"principal_kind": "citizen"})
    assert response.status_code == 400 and "Số định danh cá nhân gồm đúng 12 chữ số" in html(response)


def test_bad_formats_are_named_at_the_top_and_beside_the_field(signed_in, draft):
    response = signed_in.post(
        step_url(draft, "nguoi-nop"),
        applicant_post(phone="12345", email="khong-phai-email", date_of_birth="31/02/1990"),
    )
    page = html(response)
    assert response.status_code == 400
    assert 'class="error-summary"' in page and 'tabindex="-1"' in page
    assert 'href="#id_phone"' in page and "Số điện thoại di động không hợp lệ" in page
    assert 'href="#id_email"' in page and "Địa chỉ thư điện tử không hợp lệ" in page
    assert 'href="#id_date_of_birth"' in page and "Ngày không hợp lệ" in page
    assert 'aria-invalid="true"' in page and 'aria-describedby="id_phone_helptext id_phone_error"' in page
    draft.refresh_from_db()
    assert draft.applicant_phone == "0912345678"  # the account's number, not the typo


def test_luu_nhap_keeps_partial_answers_and_tiep_tuc_asks_for_the_rest(client, procedure, component):
    user = UserFactory(full_name="")  # a password account: nothing prefilled, nothing locked
    client.force_login(user)
    client.post(reverse("portal:procedure_submit", args=[procedure.code]))
    dossier = Dossier.objects.get()
    response = client.post(step_url(dossier, "nguoi-nop"), {"address": "Thôn 3, xã Ngọk Bay", "action": "luu-nhap"})
    assert response.headers["Location"] == step_url(dossier, "nguoi-nop") + "?da-luu=1"
    dossier.refresh_from_db()
    assert dossier.applicant_address == "Thôn 3, xã Ngọk Bay" and dossier.wizard_step == "nguoi-nop"
    page = html(client.get(response.headers["Location"]))
    assert re.search(r"Đã lưu nháp lúc \d\d:\d\d", page) and "Thôn 3, xã Ngọk Bay" in page
    response = client.post(step_url(dossier, "nguoi-nop"), {"address": "Thôn 3, xã Ngọk Bay", "action": "tiep-tuc"})
    page = html(response)
    assert response.status_code == 400
    for message in ["Vui lòng nhập họ và tên.", "Vui lòng nhập số định danh cá nhân.", "Vui lòng nhập ngày sinh."]:
        assert message in page
    assert "Vui lòng nhập số điện thoại di động hoặc thư điện tử để nhận thông báo." in page
    dossier.refresh_from_db()
    assert dossier.wizard_step == "nguoi-nop"


def autosave(client, url: str, **fields):
    """What htmx sends on a change: the whole form, plus the autosave flag (no button)."""
    data = {k: v for k, v in applicant_post(**fields).items() if k != "action"}
    return client.post(url, data | {"_autosave": "1"}, HTTP_HX_REQUEST="true")


def test_autosave_returns_the_live_region_text(signed_in, draft):
    response = autosave(signed_in, step_url(draft, "nguoi-nop"), address="Tổ 5, phường Trường Chinh")
    assert response.status_code == 200
    assert re.fullmatch(r"\s*Đã lưu nháp lúc \d\d:\d\d\s*", html(response))
    draft.refresh_from_db()
    assert draft.applicant_address == "Tổ 5, phường Trường Chinh"
    # A value not yet in the right format is left as it was, and the text says so.
    response = autosave(signed_in, step_url(draft, "nguoi-nop"), address="Tổ 6", phone="09")
    assert "Chưa lưu" in html(response) and "Số điện thoại di động" in html(response)
    draft.refresh_from_db()
    assert (draft.applicant_address, draft.applicant_phone) == ("Tổ 6", "0912345678")


def test_a_business_gives_its_name_and_tax_code(client, procedure, component):
    user = UserFactory(kind=AccountKind.BUSINESS, full_name="Lê Văn Cường")
    Organisation.objects.create(user=user, name="Công ty TNHH Măng Đen", tax_code="6100123456")
    client.force_login(user)
    client.post(reverse("portal:procedure_submit", args=[procedure.code]))
    dossier = Dossier.objects.get()
    page = html(client.get(step_url(dossier, "nguoi-nop")))
    assert "Mã số thuế" in page and "6100123456" in page and "Tên tổ chức" in page
    assert 'name="date_of_birth"' not in page and 'name="id_number"' not in page  # the tax code is locked


# --- Step 2: Trường hợp ---------------------------------------------------------------------------------------
@pytest.fixture
def two_cases(procedure, component):
    second = ProcedureCaseFactory(procedure=procedure, name="Trường hợp cấp lại")
    channel = Channel.objects.create(
        case=second, kind=Channel.Kind.ONLINE, duration_value=Decimal(3), duration_unit="working_days"
    )
    channel.fee_items.create(kind="le_phi", amount=200000, description="Lệ phí cấp lại")
    ComponentFactory(case=second, name="Giấy chứng nhận cũ")
    return second


def test_the_case_step_appears_only_with_several_cases(signed_in, draft):
    response = signed_in.get(step_url(draft, "truong-hop"))
    assert response.headers["Location"] == step_url(draft, "thanh-phan")
    page = html(signed_in.get(step_url(draft, "thanh-phan")))
    assert f'href="{step_url(draft, "nguoi-nop")}">Quay lại' in page.replace('class="back-link" ', "")
    assert "Trường hợp" not in page.split('class="wizard-steps"')[1].split("</nav>")[0]


def test_several_cases_are_chosen_with_their_time_and_fee(signed_in, procedure, two_cases):
    signed_in.post(reverse("portal:procedure_submit", args=[procedure.code]))
    dossier = Dossier.objects.get()
    assert dossier.case is None
    response = signed_in.post(step_url(dossier, "nguoi-nop"), applicant_post())
    assert response.headers["Location"] == step_url(dossier, "truong-hop")
    page = html(signed_in.get(step_url(dossier, "truong-hop")))
    assert "Trường hợp cấp lại" in page and "3 ngày làm việc" in page and "200.000 đ" in page
    assert "<legend" in page and 'type="radio" name="case"' in page
    response = signed_in.post(step_url(dossier, "truong-hop"), {"action": "tiep-tuc"})
    assert response.status_code == 400 and "Vui lòng chọn trường hợp" in html(response)
    response = signed_in.post(step_url(dossier, "truong-hop"), {"case": two_cases.pk, "action": "tiep-tuc"})
    assert response.headers["Location"] == step_url(dossier, "thanh-phan")
    dossier.refresh_from_db()
    assert dossier.case == two_cases and dossier.wizard_step == "thanh-phan"
    page = html(signed_in.get(step_url(dossier, "thanh-phan")))
    assert "Giấy chứng nhận cũ" in page and "Tờ khai đăng ký" not in page
    back = html(signed_in.get(step_url(dossier, "thanh-phan")))
    assert f'class="back-link" href="{step_url(dossier, "truong-hop")}"' in back


# --- Step 4: Nhận kết quả -------------------------------------------------------------------------------------
def test_result_delivery_by_post_needs_an_address(signed_in, draft):
    page = html(signed_in.get(step_url(draft, "nhan-ket-qua")))
    for label in ResultDelivery.labels:
        assert label in page
    assert "<legend" in page and "Không cần: thủ tục này được giải quyết hoàn toàn trực tuyến" in page
    assert 'name="post_pickup"' not in page  # fully online, online channel only
    response = signed_in.post(
        step_url(draft, "nhan-ket-qua"), {"result_delivery": "post", "result_address": "", "action": "tiep-tuc"}
    )
    assert response.status_code == 400 and "Vui lòng nhập địa chỉ nhận kết quả qua bưu chính." in html(response)
    response = signed_in.post(
        step_url(draft, "nhan-ket-qua"),
        {"result_delivery": "post", "result_address": "Thôn 2, xã Hòa Bình", "action": "tiep-tuc"},
    )
    assert response.headers["Location"] == step_url(draft, "kiem-tra")
    draft.refresh_from_db()
    assert (draft.result_delivery, draft.result_address, draft.wizard_step) == (
        "post",
        "Thôn 2, xã Hòa Bình",
        "kiem-tra",
    )


def test_home_pickup_is_offered_for_partly_online_procedures(signed_in, draft):
    draft.procedure.online_level = OnlineLevel.PARTIAL
    draft.procedure.save(update_fields=["online_level"])
    page = html(signed_in.get(step_url(draft, "nhan-ket-qua")))
    assert "Nộp hồ sơ tại nhà (bưu điện đến nhận hồ sơ giấy)" in page
    assert 'autocomplete="street-address"' in page
    data = {"result_delivery": "counter", "post_pickup": "on", "pickup_address": "Số 5 Lê Lợi", "action": "tiep-tuc"}
    assert signed_in.post(step_url(draft, "nhan-ket-qua"), data).status_code == 302
    draft.refresh_from_db()
    assert (draft.result_delivery, draft.post_pickup, draft.pickup_address) == ("counter", True, "Số 5 Lê Lợi")


def test_delivery_autosave(signed_in, draft):
    response = signed_in.post(
        step_url(draft, "nhan-ket-qua"), {"result_delivery": "counter", "_autosave": "1"}, HTTP_HX_REQUEST="true"
    )
    assert "Đã lưu nháp lúc" in html(response)
    draft.refresh_from_db()
    assert draft.result_delivery == "counter"


def test_a_procedure_no_longer_in_force_says_so_and_points_to_the_desk(client, db):
    procedure = ProcedureFactory(is_active=False, reception_address="Trung tâm Phục vụ hành chính công tỉnh")
    client.force_login(UserFactory())
    url = reverse("portal:procedure_submit", args=[procedure.code])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 409
        assert "Thủ tục này hiện không còn áp dụng." in response.content.decode()
    assert not Dossier.objects.exists()
