from datetime import UTC, datetime, timedelta

import pytest

from motcua.catalogue.tests.factories import AgencyFactory
from motcua.documents.control_forms import (
    address_term,
    form03_refusal_pdf,
    form04_apology_pdf,
    form05_stop_pdf,
    form06_control_pdf,
    form06_rows,
    judged_due,
)
from motcua.dossiers.models import ApplicantKind, DossierTask, TaskOutcome
from motcua.dossiers.workflow import Action, State

from .dossier_fixtures import CODE, DUE, RECEIVED, SUBMITTED, URL, agency, dossier, event, procedure, received, task
from .pdftext import read_pdf

__all__ = ["agency", "dossier", "procedure"]  # fixtures used by name

pytestmark = pytest.mark.django_db


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of November 2026 given in Vietnam time (UTC+7)."""
    return datetime(2026, 11, day, hour - 7, minute, tzinfo=UTC)


# --- Form 03 ------------------------------------------------------------------------------------------
def test_form03_gives_the_reason_of_the_refusal_and_who_refused(dossier):
    refusal = event(
        dossier,
        Action.REFUSE,
        at=SUBMITTED + timedelta(hours=3),
        actor="Lê Thị Mai",
        note="Đơn đề nghị không có chữ ký của người đứng đầu cơ sở.",
        to=State.REFUSED,
    )
    pdf = read_pdf(form03_refusal_pdf(dossier=dossier, event=refusal, lookup_url=URL))
    for expected in (
        "Mẫu số 03",
        "UBND TỈNH KON TUM",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        f"Số: {CODE}",
        "Kon Tum, ngày 23 tháng 11 năm 2026",
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        "Kính gửi: Nguyễn Thị Hồng Nhung",
        "Sở Khoa học và Công nghệ đã nhận hồ sơ của Ông/Bà ngày 23/11/2026 về thủ tục "
        "Cấp giấy phép tiến hành công việc bức xạ (mã thủ tục: 1.000942)",
        "căn cứ quy định tại Nghị định 142/2020/NĐ-CP",
        "Lý do: Đơn đề nghị không có chữ ký của người đứng đầu cơ sở.",
        "điện thoại 0260 3862 590",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Lê Thị Mai",
        "Quét mã để tra cứu tình trạng hồ sơ",
    ):
        assert expected in pdf.text
    assert pdf.images == 1
    assert pdf.title == f"Phiếu từ chối tiếp nhận giải quyết hồ sơ {CODE}"
    assert "062190001234" not in pdf.text  # the letter names the applicant, it does not print the ID number


def test_form03_without_legal_texts_uses_the_general_wording(dossier):
    dossier.procedure.legal_bases.all().delete()
    refusal = event(dossier, Action.REFUSE, at=SUBMITTED, note="Thiếu giấy tờ.", to=State.REFUSED)
    text = read_pdf(form03_refusal_pdf(dossier=dossier, event=refusal, lookup_url=URL)).text
    assert "căn cứ quy định tại các văn bản quy phạm pháp luật quy định thủ tục hành chính này" in text


@pytest.mark.parametrize(
    ("kind", "term"),
    [
        (ApplicantKind.CITIZEN, "Ông/Bà"),
        (ApplicantKind.BUSINESS, "Quý doanh nghiệp"),
        (ApplicantKind.ORGANISATION, "Quý cơ quan, tổ chức"),
    ],
)
def test_letters_address_a_person_a_business_or_an_organisation(dossier, kind, term):
    dossier.applicant_kind = kind
    assert address_term(dossier) == term


# --- Form 04 ------------------------------------------------------------------------------------------
def test_form04_apologises_with_the_first_date_the_reason_and_the_new_date(dossier):
    dossier.original_due_at, dossier.due_at = DUE, DUE + timedelta(days=3)
    dossier.apology_at, dossier.apology_reason = at(27, 10), "Phải xin ý kiến Cục An toàn bức xạ và hạt nhân."
    pdf = read_pdf(form04_apology_pdf(dossier=dossier, lookup_url=URL))
    for expected in (
        "Mẫu số 04",
        "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
        "Kon Tum, ngày 27 tháng 11 năm 2026",
        "Kính gửi: Nguyễn Thị Hồng Nhung",
        "Ngày 23/11/2026, Sở Khoa học và Công nghệ tiếp nhận hồ sơ của Ông/Bà",
        f"mã hồ sơ {CODE}",
        "Thời hạn trả kết quả đã hẹn: 16 giờ 00 phút, ngày 30/11/2026",
        "Lý do chậm trả kết quả: Phải xin ý kiến Cục An toàn bức xạ và hạt nhân.",
        "Thời hạn trả kết quả đề nghị gia hạn đến: 16 giờ 00 phút, ngày 03/12/2026",
        "xin lỗi Ông/Bà",
        "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ",
    ):
        assert expected in pdf.text
    assert pdf.images == 1


def test_form04_before_any_apology_leaves_blanks_rather_than_inventing_dates(dossier):
    dossier.due_at = None
    text = read_pdf(form04_apology_pdf(dossier=dossier, lookup_url=URL)).text
    assert "Kon Tum, ngày ..... tháng ..... năm ........" in text
    assert "Thời hạn trả kết quả đã hẹn: ................" in text


# --- Form 05 ------------------------------------------------------------------------------------------
def test_form05_says_since_when_and_why_the_dossier_is_stopped(dossier):
    stop = event(
        dossier,
        Action.STOP,
        at=at(25, 9, 30),
        actor="Phạm Quốc Huy",
        note="Cơ sở đề nghị dừng để chuyển địa điểm đặt thiết bị.",
        to=State.STOPPED,
    )
    pdf = read_pdf(form05_stop_pdf(dossier=dossier, event=stop, lookup_url=URL))
    for expected in (
        "Mẫu số 05",
        "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        "Kon Tum, ngày 25 tháng 11 năm 2026",
        "Kính gửi: Nguyễn Thị Hồng Nhung",
        "thông báo dừng giải quyết hồ sơ nêu trên kể từ 09 giờ 30 phút, ngày 25/11/2026",
        "Lý do: Cơ sở đề nghị dừng để chuyển địa điểm đặt thiết bị.",
        "Xin thông báo để Ông/Bà được biết./.",
    ):
        assert expected in pdf.text
    assert pdf.images == 1


# --- Form 06 ------------------------------------------------------------------------------------------
@pytest.fixture
def handovers(dossier):
    received(dossier)
    tax = AgencyFactory(code="000.00.55.H34", name="Cục Thuế tỉnh Kon Tum")
    return [
        task(
            dossier,
            1,
            "Thẩm định hồ sơ",
            started=RECEIVED,
            due=at(25, 16),
            finished=at(24, 15),
            finished_by_label="Hoàng Văn Nam",
            handed_note="Đề nghị thẩm định sớm",
            note="Hồ sơ đạt yêu cầu",
        ),
        task(
            dossier,
            2,
            "Lãnh đạo phòng xem xét",
            started=at(24, 15),
            due=at(26, 16),
            finished=at(26, 10),
            handed_by_label="Hoàng Văn Nam",
            finished_by_label="Đinh Thị Lan",
        ),
        task(
            dossier,
            3,
            "Xác định nghĩa vụ tài chính",
            started=at(26, 10),
            due=at(27, 9),
            finished=at(28, 8),
            agency=tax,
            handed_by_label="Đinh Thị Lan",
            finished_by_label="Vũ Minh Tâm",
            outcome=TaskOutcome.SENT_BACK,
        ),
        task(dossier, 4, "Văn thư phát hành", started=at(28, 8), due=at(30, 16), handed_by_label="Vũ Minh Tâm"),
    ]


def test_form06_rows_start_with_the_reception_then_one_row_per_handover(dossier, handovers):
    rows = form06_rows(dossier, handovers, now=at(29, 9))
    assert rows[0] == (
        "1. Bộ phận Tiếp nhận và Trả kết quả — Sở Khoa học và Công nghệ",
        "Nhận: 14 giờ 40 phút, ngày 23/11/2026",
        "—",
        "Người tiếp nhận: Trần Văn Bình",
    )
    assert [row[0] for row in rows[1:]] == [
        "2. Thẩm định hồ sơ — Sở Khoa học và Công nghệ",
        "3. Lãnh đạo phòng xem xét — Sở Khoa học và Công nghệ",
        "4. Xác định nghĩa vụ tài chính — Cục Thuế tỉnh Kon Tum",
        "5. Văn thư phát hành — Sở Khoa học và Công nghệ",
    ]
    assert [row[2] for row in rows[1:]] == ["Trước hạn", "Đúng hạn", "Quá hạn", "Đang xử lý"]
    assert rows[1][1] == (
        "Nhận: 14 giờ 40 phút, ngày 23/11/2026\nHạn: 16 giờ 00 phút, ngày 25/11/2026\n"
        "Chuyển đi: 15 giờ 00 phút, ngày 24/11/2026"
    )
    assert rows[1][3] == (
        "Trần Văn Bình → Hoàng Văn Nam\nÝ kiến khi giao: Đề nghị thẩm định sớm\nÝ kiến xử lý: Hồ sơ đạt yêu cầu\n"
        "Chuyển bước tiếp theo"
    )
    assert rows[3][3].endswith("Trả lại bước trước")
    assert rows[4][3] == "Vũ Minh Tâm → …"  # still with the clerk: nobody has finished it yet


def test_form06_an_open_step_past_its_due_time_is_flagged(dossier, handovers):
    assert form06_rows(dossier, handovers, now=at(30, 17))[-1][2] == "Đang xử lý (đã quá hạn)"


def test_form06_a_step_without_time_limit_says_so(dossier):
    open_ended = task(dossier, 1, "Thẩm định", started=RECEIVED, due=None, finished=at(24, 9))
    assert form06_rows(dossier, [open_ended])[1][2] == "Không quy định thời hạn"


def test_form06_ends_with_the_return_of_the_result(dossier, handovers):
    dossier.finished_at, dossier.returned_at = at(30, 15), at(30, 16, 30)
    dossier.return_note = "Nhận kết quả tại Bộ phận Tiếp nhận và Trả kết quả: Nguyễn Thị Hồng Nhung"
    last = form06_rows(dossier, handovers[:3])[-1]
    assert last == (
        "5. Bộ phận Tiếp nhận và Trả kết quả — trả kết quả",
        "Trả: 16 giờ 30 phút, ngày 30/11/2026",
        "Đúng hạn",
        dossier.return_note,
    )


def test_form06_judges_an_apologised_dossier_by_its_first_date(dossier):
    dossier.original_due_at, dossier.due_at = DUE, DUE + timedelta(days=3)
    assert judged_due(dossier) == DUE
    dossier.finished_at = dossier.returned_at = DUE + timedelta(days=1)
    assert form06_rows(dossier, [])[-1][2] == "Quá hạn"


def test_form06_pdf_names_the_partner_agency_and_lists_every_step(dossier, handovers):
    pdf = read_pdf(form06_control_pdf(dossier=dossier, tasks=handovers))
    for expected in (
        "Mẫu số 06",
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        f"Mã hồ sơ: {CODE}",
        f"Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả số: {CODE}",
        "Cơ quan giải quyết hồ sơ: Sở Khoa học và Công nghệ",
        "Cơ quan phối hợp giải quyết hồ sơ: Cục Thuế tỉnh Kon Tum",
        "Tên cơ quan/bước",
        "Thời gian giao, nhận hồ sơ",
        "Kết quả giải quyết (trước hạn/đúng hạn/quá hạn)",
        "Ghi chú",
        "Người tiếp nhận: Trần Văn Bình",
        "Thẩm định hồ sơ",
        "Xác định nghĩa vụ tài chính",
        "Trước hạn",
        "Đúng hạn",
        "Quá hạn",
        "Hoàng Văn Nam",
    ):
        assert expected in pdf.text
    assert pdf.images == 0


def test_form06_reads_tasks_as_given(dossier, handovers):
    """The caller chooses and orders the tasks (a selector scoped to the officer); the form adds none."""
    DossierTask.objects.filter(pk=handovers[0].pk).update(name="Đã đổi tên")
    text = read_pdf(form06_control_pdf(dossier=dossier, tasks=handovers[1:2])).text
    assert "Lãnh đạo phòng xem xét" in text
    assert "Thẩm định hồ sơ" not in text and "Đã đổi tên" not in text
