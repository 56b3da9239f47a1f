"""Form 07 "Sổ theo dõi hồ sơ": the register of the dossiers an agency received, as a landscape PDF and as CSV.

``register_rows`` turns dossiers into rows without querying anything itself: it reads the dossiers' fields and
their ``events`` (prefetch them: ``prefetch_related("events")``, with ``select_related("procedure")``). The
caller (a selector scoped to the officer) chooses which dossiers belong to the period. No XLSX: openpyxl is not a
dependency, and the CSV opens in Excel (UTF-8 with a byte-order mark, so the Vietnamese letters survive).
"""

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from fpdf import FontFace

from motcua.catalogue.models import Agency
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import FINISHED_STATES, Action, State
from motcua.workdays.selectors import calendar_for

from . import parts
from .control_forms import judged_due, timeliness_text
from .pdf import FONT, FONTS, Document, _Fpdf

TITLE = "SỔ THEO DÕI HỒ SƠ"
HEADINGS = (
    "STT",
    "Mã hồ sơ",
    "Thủ tục hành chính",
    "Chủ hồ sơ",
    "Địa chỉ, số điện thoại",
    "Ngày nhận hồ sơ",
    "Ngày hẹn trả kết quả",
    "Ngày chuyển xử lý",
    "Ngày có kết quả",
    "Ngày trả kết quả",
    "Trước / đúng / quá hạn",
    "Ghi chú",
)
WIDTHS = (8, 30, 42, 30, 34, 17, 17, 17, 17, 17, 17, 26)  # mm: 272, the landscape page's width
BREAK = "\u200b"  # zero-width space: a long dossier code may wrap after a hyphen instead of mid-number
NONE = "—"
# A cell starting with one of these is a formula to a spreadsheet: an applicant's name must never run as one.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_GRID = {"align": "LEFT", "v_align": "TOP", "line_height": 3.3, "padding": 0.8, "text_align": "LEFT",
         "headings_style": FontFace(emphasis="BOLD", fill_color=(235, 235, 235))}  # fmt: skip


@dataclass(frozen=True)
class RegisterRow:
    number: int
    code: str
    procedure: str
    applicant: str
    contact: str
    received_at: datetime | None
    due_at: datetime | None
    forwarded_at: datetime | None
    finished_at: datetime | None  # the result was ready (not a refusal, a stop or a withdrawal)
    returned_at: datetime | None
    timeliness: str  # Trước hạn / Đúng hạn / Quá hạn / Đang xử lý …, or "—" without a time limit
    note: str


# --- Rows ---------------------------------------------------------------------------------------------
def _last(events: list, *actions: str):
    matching = [event for event in events if event.action in actions]
    return matching[-1] if matching else None


def _note(dossier: Dossier, events: list) -> str:
    notes = ["Nộp tại quầy" if dossier.received_at_counter else "Nộp trực tuyến"]
    closing = {
        State.REFUSED: (Action.REFUSE, "Từ chối tiếp nhận"),
        State.STOPPED: (Action.STOP, "Dừng giải quyết"),
        State.WITHDRAWN: (Action.WITHDRAW, "Rút hồ sơ"),
    }.get(dossier.state)
    if closing:
        event = _last(events, closing[0])
        reason = event.note.strip() if event else ""
        notes.append(f"{closing[1]}: {reason}" if reason else closing[1])
    elif dossier.state in (State.SUPPLEMENT_REQUESTED, State.AWAITING_PAYMENT):
        notes.append(State(dossier.state).label)
    if dossier.apology_at:
        notes.append(f"Xin lỗi, hẹn lại ngày trả {parts.day_text(dossier.due_at)}" if dossier.due_at else "Xin lỗi")
    if dossier.return_note:
        notes.append(dossier.return_note)
    return "; ".join(notes)


def _contact(dossier: Dossier) -> str:
    phone = f"ĐT: {dossier.applicant_phone}" if dossier.applicant_phone else ""
    return "; ".join(part for part in (dossier.applicant_address, phone) if part)


def _timeliness(dossier: Dossier, *, now: datetime, calendar) -> str:
    due = judged_due(dossier)
    if due is None or dossier.state in (State.REFUSED, State.DRAFT, State.SUBMITTED):
        return NONE
    if dossier.state == State.SUPPLEMENT_REQUESTED:
        return "Tạm dừng chờ bổ sung"  # the clock is paused: the due date moves when the applicant supplies
    finished = (dossier.finished_at or dossier.returned_at) if dossier.state in FINISHED_STATES else None
    return timeliness_text(due, finished, now=now, calendar=calendar)


def register_rows(dossiers: Iterable[Dossier], *, now: datetime | None = None) -> list[RegisterRow]:
    """One numbered row per dossier, in the order given (the register's order is the caller's)."""
    now = now or timezone.now()
    calendar = calendar_for()  # province-wide: only the time zone matters to judge a finished dossier
    rows = []
    for number, dossier in enumerate(dossiers, start=1):
        events = sorted(dossier.events.all(), key=lambda event: (event.at, event.pk))
        forwarded = _last(events, Action.START_PROCESSING)
        has_result = dossier.state in (State.RESULT_READY, State.RETURNED)
        rows.append(
            RegisterRow(
                number=number,
                code=dossier.code or "",
                procedure=dossier.procedure.name,
                applicant=dossier.applicant_name,
                contact=_contact(dossier),
                received_at=dossier.received_at,
                due_at=dossier.due_at,
                forwarded_at=forwarded.at if forwarded else None,
                finished_at=dossier.finished_at if has_result else None,
                returned_at=dossier.returned_at,
                timeliness=_timeliness(dossier, now=now, calendar=calendar),
                note=_note(dossier, events),
            )
        )
    return rows


def _day(moment: datetime | None) -> str:
    return parts.day_text(moment) if moment else ""


def _moment(moment: datetime | None) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y %H:%M}" if moment else ""


def _cells(row: RegisterRow, when, *, code: str | None = None) -> list[str]:
    return [
        str(row.number),
        row.code if code is None else code,
        row.procedure,
        row.applicant,
        row.contact,
        *(when(moment) for moment in (row.received_at, row.due_at, row.forwarded_at, row.finished_at)),
        when(row.returned_at),
        row.timeliness,
        row.note,
    ]


# --- PDF ----------------------------------------------------------------------------------------------
class _LandscapeDocument(Document):
    """The register is a wide table: an A4 landscape page flow with the same fonts, header and footer."""

    def __init__(self, *, title: str, author: str, footer: str) -> None:
        # Document's own __init__ makes a portrait page; this one differs only in orientation and margins.
        pdf = _Fpdf(orientation="L", format="A4")
        pdf.footer_text = footer
        pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        pdf.set_title(title)
        pdf.set_author(author)
        pdf.set_creator("motcua")
        pdf.set_lang("vi")
        pdf.set_margins(15, 12, 10)
        pdf.set_auto_page_break(auto=True, margin=14)
        pdf.add_page()
        self.pdf = pdf

    def grid(self, headings: Sequence[str], rows: Sequence[Sequence[str]], *, widths: Sequence[float]) -> None:
        """A dense bordered grid (7 pt): twelve columns fit on the page and the heading row repeats."""
        self.pdf.set_font(FONT, "", 7)
        with self.pdf.table(col_widths=tuple(widths), width=self.pdf.epw, **_GRID) as table:
            for cells in [headings, *rows]:
                row = table.row()
                for text in cells:
                    row.cell(text)
        self.pdf.ln(2)


def period_text(start: date, end: date) -> str:
    return f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"


def totals_text(rows: Sequence[RegisterRow]) -> str:
    counts = Counter(row.timeliness for row in rows)
    open_ = sum(n for label, n in counts.items() if label.startswith("Đang xử lý"))
    overdue = sum(n for label, n in counts.items() if label.startswith("Đang xử lý") and "quá hạn" in label)
    return (
        f"Tổng số: {len(rows)} hồ sơ — đã giải quyết trước hạn: {counts['Trước hạn']}, đúng hạn: "
        f"{counts['Đúng hạn']}, quá hạn: {counts['Quá hạn']}; đang xử lý: {open_} (trong đó quá hạn: {overdue})."
    )


def register_pdf(*, agency: Agency, start: date, end: date, rows: Sequence[RegisterRow]) -> bytes:
    """Mẫu số 07 of ``agency`` for the period ``start``–``end`` (both included), landscape A4."""
    period = period_text(start, end)
    document = _LandscapeDocument(
        title=f"Sổ theo dõi hồ sơ {agency.name} {period.lower()}",
        author=agency.name,
        footer=f"Sổ theo dõi hồ sơ — {agency.name} — {period.lower()}",
    )
    document.form_label("Mẫu số 07")
    parts.agency_header(document, agency, on=timezone.localdate())
    document.title(TITLE)
    document.paragraph(period, align="C")
    document.gap(3)
    if rows:
        cells = [_cells(row, _day, code=row.code.replace("-", f"-{BREAK}")) for row in rows]
        document.grid(HEADINGS, cells, widths=WIDTHS)
    else:
        document.paragraph("Không có hồ sơ nào trong kỳ.", align="L")
    document.paragraph(totals_text(rows), align="L")
    return document.output()


# --- CSV ----------------------------------------------------------------------------------------------
def _safe(cell: str) -> str:
    return f"'{cell}" if cell.startswith(_FORMULA_START) else cell


def register_csv(rows: Sequence[RegisterRow], *, delimiter: str = ",") -> bytes:
    """The register as CSV for Excel: UTF-8 with a byte-order mark, CRLF, dates as ``dd/mm/yyyy HH:MM``.

    ``delimiter=";"`` suits an Excel whose regional settings use the comma as decimal separator.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(HEADINGS)
    for row in rows:
        writer.writerow([_safe(cell) for cell in _cells(row, _moment)])
    return buffer.getvalue().encode("utf-8-sig")
