from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from motcua.catalogue.models import Agency, ComponentRequirement
from motcua.catalogue.tests.factories import AgencyFactory
from motcua.documents import parts
from motcua.documents.acknowledgment import acknowledgment_pdf
from motcua.documents.pdf import date_words, time_text
from motcua.documents.standard_forms import component_rows, form01_receipt_pdf, form02_supplement_pdf
from motcua.dossiers import services
from motcua.dossiers.models import ApplicantKind, Dossier, DossierEvent, DossierFile, ResultDelivery, SupplementRequest
from motcua.dossiers.tests.factories import ProcedureCaseFactory, ProcedureFactory, citizen, officer_of
from motcua.dossiers.workflow import Action, State

from .pdftext import read_pdf

pytestmark = pytest.mark.django_db

CODE = "000.00.16.H34-261123-0007"
URL = "https://dichvucong.example.vn/tra-cuu/?ma=000.00.16.H34-261123-0007"
SUBMITTED = datetime(2026, 11, 23, 2, 5, tzinfo=UTC)  # 09:05 in Vietnam
RECEIVED = datetime(2026, 11, 23, 7, 40, tzinfo=UTC)  # 14:40
DUE = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # 16:00
PRINCIPAL = {
    "kind": "citizen",
    "name": "Phạm Văn Đức",
    "id_number": "062080009999",
    "date_of_birth": "1980-12-01",
    "address": "Xã Đăk Blà",
    "phone": "",
    "email": "",
}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def agency():
    province = AgencyFactory(name="UBND tỉnh Kon Tum", level=Agency.Level.PROVINCE)
    return AgencyFactory(
        name="Sở Khoa học và Công nghệ", parent=province, phone="0260 3862 590", address="Số 7 Phan Đình Phùng"
    )


@pytest.fixture
def case(agency):
    procedure = ProcedureFactory(agency=agency, code="1.000942", name="Cấp giấy phép tiến hành công việc bức xạ")
    return ProcedureCaseFactory(procedure=procedure, name="Cấp mới giấy phép")


@pytest.fixture
def component(case):
    return ComponentRequirement.objects.create(case=case, name="Đơn đề nghị cấp giấy phép", originals=1, copies=2)


@pytest.fixture
def dossier(case):
    draft = services.dossier_draft_create(applicant=citizen(), procedure=case.procedure, case=case)
    Dossier.objects.filter(pk=draft.pk).update(
        code=CODE,
        state=State.SUBMITTED,
        submitted_at=SUBMITTED,
        applicant_name="Nguyễn Thị Hồng Nhung",
        applicant_id_number="062190001234",
        applicant_date_of_birth=date(1990, 4, 2),
        applicant_address="Tổ 3, phường Quyết Thắng, Kon Tum",
        applicant_phone="0912345678",
        applicant_email="nhung@example.vn",
        fee_total=150_000,
        duration_value=Decimal("5.0"),
        duration_unit="working_days",
    )
    return Dossier.objects.get(pk=draft.pk)


def attach(dossier, name, *, component=None, supplement=None, size=1_572_864, component_name="Đơn đề nghị"):
    return DossierFile.objects.create(
        dossier=dossier,
        component=component,
        component_name=component.name if component else component_name,
        supplement=supplement,
        file="ho-so/test.pdf",
        original_name=name,
        content_type="application/pdf",
        size=size,
        sha256="ab12cd34ef56" + "0" * 52,
    )


def receive(dossier, *, due_at=DUE, officer_name="Trần Văn Bình"):
    Dossier.objects.filter(pk=dossier.pk).update(state=State.RECEIVED, received_at=RECEIVED, due_at=due_at)
    officer = officer_of(dossier.agency)
    DossierEvent.objects.create(
        dossier=dossier,
        action=Action.RECEIVE,
        from_state=State.SUBMITTED,
        to_state=State.RECEIVED,
        actor=officer,
        actor_label=officer_name,
        at=RECEIVED,
    )
    return Dossier.objects.get(pk=dossier.pk)


def supplement_request(dossier, **fields):
    return SupplementRequest.objects.create(
        dossier=dossier,
        items=[
            {"component_id": None, "name": "Bản sao chứng chỉ nhân viên bức xạ", "note": "Bản chụp bị mờ, chụp lại"},
            {"component_id": None, "name": "Sơ đồ mặt bằng nơi đặt thiết bị", "note": ""},
        ],
        reason="Hồ sơ thiếu giấy tờ theo quy định tại Nghị định 142/2020/NĐ-CP.",
        requested_by_label="Lê Thị Mai",
        requested_at=RECEIVED + timedelta(days=1),
        **fields,
    )


# --- Formatting -----------------------------------------------------------------------------------
def test_times_are_printed_in_vietnam_time():
    assert time_text(datetime(2026, 1, 4, 17, 30, tzinfo=UTC)) == "00 giờ 30 phút, ngày 05/01/2026"


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (date(2026, 11, 23), "ngày 23 tháng 11 năm 2026"),
        (date(2026, 2, 5), "ngày 05 tháng 02 năm 2026"),
        (date(2026, 3, 9), "ngày 09 tháng 3 năm 2026"),
        (None, "ngày ..... tháng ..... năm ........"),
    ],
)
def test_dates_in_words_follow_the_administrative_style(day, words):
    assert date_words(day) == words


@pytest.mark.parametrize(("size", "text"), [(300, "1 KB"), (839_680, "820 KB"), (2_516_582, "2,4 MB")])
def test_file_sizes_read_in_kb_or_mb(size, text):
    assert parts.size_text(size) == text


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (Decimal("5.0"), "working_days", "5 ngày làm việc"),
        (Decimal("0.5"), "days", "0,5 ngày"),
        (Decimal("8"), "working_hours", "8 giờ làm việc"),
        (None, "", "Không quy định"),
    ],
)
def test_time_limit_reads_with_its_unit(value, unit, text):
    assert parts.duration_text(Dossier(duration_value=value, duration_unit=unit)) == text


# --- Acknowledgment -------------------------------------------------------------------------------
def test_acknowledgment_records_the_submission(dossier):
    pdf = read_pdf(acknowledgment_pdf(dossier=dossier, lookup_url=URL))
    for expected in (
        "UBND TỈNH KON TUM",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Kon Tum, ngày 23 tháng 11 năm 2026",
        "PHIẾU XÁC NHẬN NỘP HỒ SƠ TRỰC TUYẾN",
        f"Mã hồ sơ: {CODE}",
        "Thời điểm nộp: 09 giờ 05 phút, ngày 23/11/2026",
        "Trạng thái: Mới đăng ký",
        "Cấp giấy phép tiến hành công việc bức xạ (mã thủ tục: 1.000942)",
        "Trường hợp: Cấp mới giấy phép",
        "Cơ quan tiếp nhận: Sở Khoa học và Công nghệ",
        "Họ và tên: Nguyễn Thị Hồng Nhung",
        "Số định danh cá nhân: 062190001234",
        "Ngày sinh: 02/04/1990",
        "Thư điện tử: nhung@example.vn",
        "Quét mã để tra cứu tình trạng hồ sơ",
        "Danh sách giao dịch",
    ):
        assert expected in pdf.text


def test_an_organisation_is_named_with_its_tax_code(dossier):
    dossier.applicant_kind, dossier.applicant_name = ApplicantKind.BUSINESS, "Công ty TNHH Măng Đen"
    dossier.applicant_id_number, dossier.applicant_date_of_birth = "6100123456", None
    text = read_pdf(acknowledgment_pdf(dossier=dossier, lookup_url=URL)).text
    assert "Tên tổ chức: Công ty TNHH Măng Đen Mã số thuế: 6100123456 Địa chỉ:" in text


def test_acknowledgment_lists_only_the_files_sent_with_the_dossier(dossier, component):
    attach(dossier, "don-de-nghi.pdf", component=component)
    attach(dossier, "mat-bang.jpg", size=839_680, component_name="Sơ đồ mặt bằng")
    attach(dossier, "bo-sung.pdf", supplement=supplement_request(dossier))
    text = read_pdf(acknowledgment_pdf(dossier=dossier, lookup_url=URL)).text
    assert "Đơn đề nghị cấp giấy phép don-de-nghi.pdf 1,5 MB ab12cd34ef56" in text
    assert "Sơ đồ mặt bằng mat-bang.jpg 820 KB" in text
    assert "bo-sung.pdf" not in text
    assert "ab12cd34ef560" not in text  # only the first 12 hex characters of the hash


def test_acknowledgment_says_so_when_no_file_was_attached(dossier):
    assert "Không có tệp đính kèm." in read_pdf(acknowledgment_pdf(dossier=dossier, lookup_url=URL)).text


@pytest.mark.parametrize("acting_for_someone", [True, False])
def test_principal_block_appears_only_when_submitting_for_someone(dossier, acting_for_someone):
    if acting_for_someone:
        dossier.principal = PRINCIPAL
    text = read_pdf(acknowledgment_pdf(dossier=dossier, lookup_url=URL)).text
    assert ("NỘP THAY / ỦY QUYỀN CHO" in text) is acting_for_someone
    assert ("Họ và tên: Phạm Văn Đức Số định danh cá nhân: 062080009999 Ngày sinh: 01/12/1980" in text) is (
        acting_for_someone
    )


def test_acknowledgment_shows_delivery_pickup_fee_and_time_limit(dossier):
    dossier.result_delivery = ResultDelivery.POST
    dossier.result_address = "Số 12 Trần Hưng Đạo, Kon Tum"
    dossier.post_pickup = True
    dossier.pickup_address = "Tổ 3, phường Quyết Thắng"
    text = read_pdf(acknowledgment_pdf(dossier=dossier, lookup_url=URL)).text
    assert "Nhận kết quả tại nhà qua dịch vụ bưu chính công ích: Số 12 Trần Hưng Đạo, Kon Tum" in text
    assert "Nộp hồ sơ tại nhà: Có (bưu điện thu gom tại Tổ 3, phường Quyết Thắng)" in text
    assert "Phí, lệ phí: 150.000 đ" in text
    assert "Thời hạn giải quyết: 5 ngày làm việc" in text


def test_acknowledgment_says_plainly_when_there_is_no_fee_and_no_time_limit(dossier):
    dossier.fee_total, dossier.duration_value, dossier.duration_unit = 0, None, ""
    text = read_pdf(acknowledgment_pdf(dossier=dossier, lookup_url=URL)).text
    assert "Phí, lệ phí: Không thu phí" in text
    assert "Thời hạn giải quyết: Không quy định" in text
    assert "Nộp hồ sơ tại nhà" not in text


def test_pdf_is_titled_authored_dated_and_carries_the_qr_image(dossier):
    data = acknowledgment_pdf(dossier=dossier, lookup_url=URL)
    pdf = read_pdf(data)
    assert data.startswith(b"%PDF-")
    assert len(pdf.pages) == 1
    assert pdf.title == f"Phiếu xác nhận nộp hồ sơ trực tuyến {CODE}"
    assert pdf.author == "Sở Khoa học và Công nghệ"
    assert str(pdf.created).startswith("D:20261123")
    assert pdf.images == 1


def test_long_file_lists_flow_onto_further_pages(dossier, component):
    for number in range(45):
        attach(dossier, f"phu-luc-{number:02d}.pdf", component=component)
    pdf = read_pdf(acknowledgment_pdf(dossier=dossier, lookup_url=URL))
    assert len(pdf.pages) >= 2
    assert all(f"phu-luc-{number:02d}.pdf" in pdf.text for number in range(45))
    assert "Quét mã để tra cứu tình trạng hồ sơ" in pdf.pages[-1]


# --- Form 01 --------------------------------------------------------------------------------------
def test_form01_gives_number_reception_time_and_appointment(dossier, component):
    attach(dossier, "don.pdf", component=component)
    dossier = receive(dossier)
    text = read_pdf(form01_receipt_pdf(dossier=dossier, lookup_url=URL)).text
    for expected in (
        "Mẫu số 01",
        f"Số: {CODE}",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Sở Khoa học và Công nghệ tiếp nhận hồ sơ của:",
        "Họ và tên: Nguyễn Thị Hồng Nhung Địa chỉ: Tổ 3, phường Quyết Thắng, Kon Tum",
        "Điện thoại: 0912345678",
        "Đơn đề nghị cấp giấy phép 1 2",
        "2. Số lượng hồ sơ: 01 bộ",
        "3. Thời gian giải quyết hồ sơ theo quy định: 5 ngày làm việc",
        "4. Thời gian nhận hồ sơ: 14 giờ 40 phút, ngày 23/11/2026",
        "5. Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 30/11/2026",
        "6. Đăng ký nhận kết quả tại: Nhận kết quả trực tuyến",
        "7. Phí, lệ phí: 150.000 đ",
        "Vào Sổ theo dõi hồ sơ, Quyển số: ................, Số thứ tự: ................",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Trần Văn Bình",
    ):
        assert expected in text
    assert "Số định danh cá nhân" not in text  # form 01 asks for contact details only


def test_form01_without_appointment_says_not_set(dossier):
    dossier = receive(dossier, due_at=None)
    text = read_pdf(form01_receipt_pdf(dossier=dossier, lookup_url=URL)).text
    assert "5. Thời gian trả kết quả giải quyết hồ sơ: Không quy định" in text


def test_form01_is_signed_by_the_latest_receiving_officer(dossier):
    receive(dossier, officer_name="Cán bộ trước")
    dossier = receive(dossier, officer_name="Đỗ Minh Khoa")
    text = read_pdf(form01_receipt_pdf(dossier=dossier, lookup_url=URL)).text
    assert "Đỗ Minh Khoa" in text
    assert "Cán bộ trước" not in text


def test_form01_lists_each_component_once_with_its_counts(dossier, component):
    attach(dossier, "trang-1.pdf", component=component)
    attach(dossier, "trang-2.pdf", component=component)
    attach(dossier, "giay-khac.pdf", component_name="Giấy tờ khác")
    attach(dossier, "bo-sung.pdf", component_name="Bổ sung", supplement=supplement_request(dossier))
    assert component_rows(dossier) == [("Đơn đề nghị cấp giấy phép", "1", "2"), ("Giấy tờ khác", "—", "—")]


def test_form01_counter_delivery_names_the_agency_address(dossier):
    dossier = receive(dossier)
    dossier.result_delivery = ResultDelivery.COUNTER
    text = read_pdf(form01_receipt_pdf(dossier=dossier, lookup_url=URL)).text
    assert "Nhận kết quả tại Bộ phận Tiếp nhận và Trả kết quả: Số 7 Phan Đình Phùng" in text


# --- Form 02 --------------------------------------------------------------------------------------
def test_form02_lists_what_to_supply_and_why(dossier):
    request = supplement_request(receive(dossier), contact="Lê Thị Mai, 0260 3862 591")
    pdf = read_pdf(form02_supplement_pdf(request=request, lookup_url=URL))
    for expected in (
        "Mẫu số 02",
        f"Số: {CODE}",
        "Kon Tum, ngày 24 tháng 11 năm 2026",
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "Kính gửi: Nguyễn Thị Hồng Nhung",
        "Sở Khoa học và Công nghệ đã tiếp nhận hồ sơ của Nguyễn Thị Hồng Nhung ngày 23/11/2026 về thủ tục "
        "Cấp giấy phép tiến hành công việc bức xạ",
        "1 Bản sao chứng chỉ nhân viên bức xạ Bản chụp bị mờ, chụp lại",
        "2 Sơ đồ mặt bằng nơi đặt thiết bị —",
        "Lý do: Hồ sơ thiếu giấy tờ theo quy định tại Nghị định 142/2020/NĐ-CP.",
        "Cán bộ hướng dẫn, liên hệ: Lê Thị Mai, 0260 3862 591",
        "Mọi vướng mắc xin liên hệ Sở Khoa học và Công nghệ, điện thoại 0260 3862 590.",
        f"Mã hồ sơ {CODE} không thay đổi.",
        "Trang cá nhân",
        "NGƯỜI HƯỚNG DẪN",
    ):
        assert expected in pdf.text
    assert pdf.images == 1
    assert pdf.title == f"Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ {CODE}"


def test_form02_contact_falls_back_to_the_requesting_officer(dossier):
    request = supplement_request(receive(dossier))
    text = read_pdf(form02_supplement_pdf(request=request, lookup_url=URL)).text
    assert "Cán bộ hướng dẫn, liên hệ: Lê Thị Mai" in text
