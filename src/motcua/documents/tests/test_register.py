import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from motcua.documents.register import (
    HEADINGS,
    RegisterRow,
    register_csv,
    register_pdf,
    register_rows,
    totals_text,
)
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import Action, State

from .dossier_fixtures import CODE, DUE, RECEIVED, agency, dossier, event, make_dossier, procedure
from .pdftext import read_pdf

__all__ = ["agency", "dossier", "procedure"]  # fixtures used by name

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    """A moment of 2026 given in Vietnam time (UTC+7)."""
    return datetime(2026, month, day, hour - 7, minute, tzinfo=UTC)


def rows_of(*dossiers):
    fresh = Dossier.objects.filter(pk__in=[d.pk for d in dossiers]).order_by("code").prefetch_related("events")
    return register_rows(fresh.select_related("procedure"), now=NOW)


@pytest.fixture
def returned(procedure):
    dossier = make_dossier(
        procedure,
        code=f"{CODE[:-1]}1",
        state=State.RETURNED,
        finished_at=at(30, 10),
        returned_at=at(30, 15),
        return_note="Nhận kết quả trực tuyến",
    )
    event(dossier, Action.RECEIVE, at=RECEIVED)
    event(dossier, Action.START_PROCESSING, at=at(23, 15, 10), to=State.PROCESSING)
    return dossier


def test_a_returned_dossier_fills_every_column(returned):
    (row,) = rows_of(returned)
    assert row == RegisterRow(
        number=1,
        code="000.00.16.H34-261123-0001",
        procedure="Cấp giấy phép tiến hành công việc bức xạ",
        applicant="Nguyễn Thị Hồng Nhung",
        contact="Tổ 3, phường Quyết Thắng, Kon Tum; ĐT: 0912345678",
        received_at=RECEIVED,
        due_at=DUE,
        forwarded_at=at(23, 15, 10),
        finished_at=at(30, 10),
        returned_at=at(30, 15),
        timeliness="Đúng hạn",
        note="Nộp trực tuyến; Nhận kết quả trực tuyến",
    )


def test_refused_stopped_and_paused_dossiers_say_why_in_the_note(procedure):
    refused = make_dossier(
        procedure, code="A-1", state=State.REFUSED, received_at=None, due_at=None, finished_at=at(23, 11)
    )
    event(refused, Action.REFUSE, at=at(23, 11), note="Sai thủ tục", to=State.REFUSED)
    stopped = make_dossier(procedure, code="A-2", state=State.STOPPED, finished_at=at(25, 9))
    event(stopped, Action.STOP, at=at(25, 9), note="Cơ sở đề nghị dừng", to=State.STOPPED)
    paused = make_dossier(procedure, code="A-3", state=State.SUPPLEMENT_REQUESTED, received_at_counter=True)
    refused_row, stopped_row, paused_row = rows_of(refused, stopped, paused)
    assert (refused_row.timeliness, refused_row.note) == ("—", "Nộp trực tuyến; Từ chối tiếp nhận: Sai thủ tục")
    assert (stopped_row.timeliness, stopped_row.note) == (
        "Trước hạn",
        "Nộp trực tuyến; Dừng giải quyết: Cơ sở đề nghị dừng",
    )
    assert stopped_row.finished_at is None  # a stop is not a result
    assert paused_row.timeliness == "Tạm dừng chờ bổ sung"
    assert paused_row.note == "Nộp tại quầy; Yêu cầu bổ sung giấy tờ"


def test_open_dossiers_are_in_progress_or_overdue(procedure):
    within = make_dossier(procedure, code="B-1", due_at=NOW + timedelta(days=2))
    overdue = make_dossier(procedure, code="B-2", due_at=NOW - timedelta(hours=1))
    rows = rows_of(within, overdue)
    assert [row.timeliness for row in rows] == ["Đang xử lý", "Đang xử lý (đã quá hạn)"]
    assert totals_text(rows).endswith("; đang xử lý: 2 (trong đó quá hạn: 1).")


def test_an_apology_is_noted_and_the_dossier_judged_by_its_first_date(procedure):
    late = make_dossier(
        procedure,
        code="C-1",
        state=State.RESULT_READY,
        original_due_at=DUE,
        due_at=DUE + timedelta(days=3),
        apology_at=DUE - timedelta(days=1),
        finished_at=DUE + timedelta(days=1),
    )
    (row,) = rows_of(late)
    assert row.timeliness == "Quá hạn"
    assert row.note == "Nộp trực tuyến; Xin lỗi, hẹn lại ngày trả 03/12/2026"


def test_rows_need_no_query_per_dossier_when_events_are_prefetched(procedure, django_assert_max_num_queries):
    for number in range(8):
        event(make_dossier(procedure, code=f"D-{number}"), Action.RECEIVE, at=RECEIVED)
    dossiers = list(Dossier.objects.select_related("procedure").prefetch_related("events"))
    with django_assert_max_num_queries(2):  # the calendar's overrides, nothing per dossier
        assert len(register_rows(dossiers, now=NOW)) == 8


# --- CSV ----------------------------------------------------------------------------------------------
def test_csv_opens_in_excel_with_vietnamese_letters_and_local_times(returned):
    data = register_csv(rows_of(returned))
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    heading, line = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(heading) == HEADINGS
    assert line[:5] == [
        "1",
        "000.00.16.H34-261123-0001",
        "Cấp giấy phép tiến hành công việc bức xạ",
        "Nguyễn Thị Hồng Nhung",
        "Tổ 3, phường Quyết Thắng, Kon Tum; ĐT: 0912345678",
    ]
    assert line[5:10] == [
        "23/11/2026 14:40",
        "30/11/2026 16:00",
        "23/11/2026 15:10",
        "30/11/2026 10:00",
        "30/11/2026 15:00",
    ]
    assert line[10:] == ["Đúng hạn", "Nộp trực tuyến; Nhận kết quả trực tuyến"]


def test_csv_never_lets_a_cell_run_as_a_formula(procedure):
    sly = make_dossier(procedure, code="E-1", applicant_name='=HYPERLINK("http://x","Bấm")', applicant_address="+84")
    line = list(csv.reader(io.StringIO(register_csv(rows_of(sly)).decode("utf-8-sig"))))[1]
    assert line[3] == '\'=HYPERLINK("http://x","Bấm")'
    assert line[4].startswith("'+84")


def test_csv_can_use_semicolons(returned):
    assert register_csv(rows_of(returned), delimiter=";").decode("utf-8-sig").startswith("STT;Mã hồ sơ;")


# --- PDF ----------------------------------------------------------------------------------------------
def test_pdf_is_a_landscape_register_of_the_period(agency, returned):
    data = register_pdf(agency=agency, start=date(2026, 11, 1), end=date(2026, 11, 30), rows=rows_of(returned))
    pdf = read_pdf(data)
    for expected in (
        "Mẫu số 07",
        "UBND TỈNH KON TUM",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "SỔ THEO DÕI HỒ SƠ",
        "Từ ngày 01/11/2026 đến ngày 30/11/2026",
        *HEADINGS,
        "Cấp giấy phép tiến hành công việc bức xạ",
        "23/11/2026",
        "Đúng hạn",
        "Tổng số: 1 hồ sơ — đã giải quyết trước hạn: 0, đúng hạn: 1, quá hạn: 0; đang xử lý: 0 (trong đó quá hạn: 0).",
    ):
        assert expected in pdf.text
    pages = PdfFileReader(io.BytesIO(data)).root["/Pages"]
    x1, y1, x2, y2 = pages["/Kids"][0].get_object().get("/MediaBox") or pages["/MediaBox"]
    assert x2 - x1 > y2 - y1
    assert pdf.author == "Sở Khoa học và Công nghệ"


def test_an_empty_period_says_so(agency):
    text = read_pdf(register_pdf(agency=agency, start=date(2026, 1, 1), end=date(2026, 1, 31), rows=[])).text
    assert "Không có hồ sơ nào trong kỳ." in text
    assert "Tổng số: 0 hồ sơ" in text


def test_a_long_register_repeats_the_headings_on_every_page(agency, procedure):
    dossiers = [make_dossier(procedure, code=f"F-{number:03d}") for number in range(60)]
    pdf = read_pdf(
        register_pdf(agency=agency, start=date(2026, 11, 1), end=date(2026, 11, 30), rows=rows_of(*dossiers))
    )
    assert len(pdf.pages) >= 2
    assert all("Ngày hẹn trả kết quả" in page for page in pdf.pages)
    assert "F-\u200b059" in pdf.pages[-1]  # codes may wrap after a hyphen (a zero-width space)
