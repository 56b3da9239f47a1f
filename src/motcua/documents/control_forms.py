"""Standard forms 03–06 of the one-stop shop (Circular 01/2018, replaced by Circular 03/2025; ``domain.md`` §6).

03 Phiếu từ chối tiếp nhận giải quyết hồ sơ · 04 Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết ·
05 Thông báo dừng giải quyết hồ sơ · 06 Phiếu kiểm soát quá trình giải quyết hồ sơ. Forms 03–05 go to the applicant
and carry, like 01 and 02, a QR code to the public status lookup; form 06 follows the dossier inside the agencies.
Each is dated by the event it records (a reprint is the same document) and numbered by the dossier code.
"""

from collections.abc import Sequence
from datetime import datetime

from django.utils import timezone

from motcua.dossiers.models import ApplicantKind, Dossier, DossierEvent, DossierTask
from motcua.workdays.calendar import Timeliness, timeliness
from motcua.workdays.selectors import calendar_for

from . import parts
from .pdf import QrCode, Signature, time_text
from .standard_forms import QR_CAPTION, receiving_officer

FORM03_TITLE = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"
FORM04_TITLE = "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"
FORM05_TITLE = "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"
FORM06_TITLE = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"
FORM06_HEADINGS = (
    "Tên cơ quan/bước",
    "Thời gian giao, nhận hồ sơ",
    "Kết quả giải quyết (trước hạn/đúng hạn/quá hạn)",
    "Ghi chú",
)
FORM06_WIDTHS = (44, 52, 30, 44)
RECEPTION_DESK = "Bộ phận Tiếp nhận và Trả kết quả"
# Printed documents are Vietnamese whatever language the officer's screen is in (``Timeliness.label`` follows it).
TIMELINESS_TEXT = {Timeliness.EARLY: "Trước hạn", Timeliness.ON_TIME: "Đúng hạn", Timeliness.LATE: "Quá hạn"}
HEAD_OF_AGENCY = Signature("THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", note="(Ký, ghi rõ họ tên và đóng dấu)")
NONE = "—"


# --- Wording shared by the letters to the applicant ----------------------------------------------------
def address_term(dossier: Dossier) -> str:
    """How the letter addresses the applicant: a person, a business, or another organisation."""
    return {
        ApplicantKind.BUSINESS: "Quý doanh nghiệp",
        ApplicantKind.ORGANISATION: "Quý cơ quan, tổ chức",
    }.get(dossier.applicant_kind, "Ông/Bà")


def legal_basis_text(dossier: Dossier) -> str:
    """The procedure's legal texts by number ("Nghị định 142/2020/NĐ-CP, …"), or the general wording."""
    numbers = [basis.number for basis in dossier.procedure.legal_bases.all() if basis.number]
    return ", ".join(numbers) if numbers else "các văn bản quy phạm pháp luật quy định thủ tục hành chính này"


def received_text(dossier: Dossier, moment: datetime | None) -> str:
    """ "Ngày 23/11/2026, Sở … tiếp nhận hồ sơ của Ông/Bà về thủ tục … , mã hồ sơ …" """
    day = f"Ngày {parts.day_text(moment)}, " if moment else ""
    return (
        f"{day}{dossier.agency.name} tiếp nhận hồ sơ của {address_term(dossier)} về thủ tục "
        f"{parts.procedure_text(dossier)}, mã hồ sơ {dossier.code or parts.DOTS}."
    )


def contact_text(dossier: Dossier) -> str:
    agency = dossier.agency
    phone = f", điện thoại {agency.phone}" if agency.phone else ""
    return f"Mọi vướng mắc xin liên hệ {agency.name}{phone}."


def _letter_opening(document, dossier: Dossier) -> None:
    document.paragraph(f"Kính gửi: {dossier.applicant_name or parts.DOTS}", align="C")
    document.gap()


# --- Form 03 ------------------------------------------------------------------------------------------
def form03_paragraphs(dossier: Dossier) -> list[str]:
    term = address_term(dossier)
    return [
        f"{dossier.agency.name} đã nhận hồ sơ của {term}"
        + (f" ngày {parts.day_text(dossier.submitted_at)}" if dossier.submitted_at else "")
        + f" về thủ tục {parts.procedure_text(dossier)}, mã hồ sơ {dossier.code or parts.DOTS}.",
        f"Sau khi xem xét, căn cứ quy định tại {legal_basis_text(dossier)}, hồ sơ của {term} "
        "không đủ điều kiện tiếp nhận, giải quyết.",
    ]


def form03_refusal_pdf(*, dossier: Dossier, event: DossierEvent, lookup_url: str) -> bytes:
    """Mẫu số 03 for the refusal ``event`` (Action.REFUSE) of ``dossier``; the reason is the event's note."""
    document = parts.standard_document(label="Mẫu số 03", title=FORM03_TITLE, dossier=dossier, issued_at=event.at)
    _letter_opening(document, dossier)
    for text in form03_paragraphs(dossier):
        document.paragraph(text)
    document.lines([("Lý do", event.note.strip() or parts.DOTS)], label_width=20)
    document.gap()
    document.paragraph(
        f"Hồ sơ chưa được tiếp nhận nên không phát sinh thời hạn giải quyết. {address_term(dossier)} có thể nộp "
        "lại hồ sơ khi đã khắc phục các nội dung nêu trên."
    )
    document.paragraph(contact_text(dossier))
    document.paragraph(f"Xin thông báo để {address_term(dossier)} được biết và thực hiện./.")
    document.signatures([QrCode(lookup_url, QR_CAPTION), None, Signature("NGƯỜI TIẾP NHẬN HỒ SƠ", event.actor_label)])
    return document.output()


# --- Form 04 ------------------------------------------------------------------------------------------
def form04_lines(dossier: Dossier) -> parts.Pairs:
    original = dossier.original_due_at or dossier.due_at
    return [
        ("Thời hạn trả kết quả đã hẹn", time_text(original) if original else parts.DOTS),
        ("Lý do chậm trả kết quả", dossier.apology_reason.strip() or parts.DOTS),
        ("Thời hạn trả kết quả đề nghị gia hạn đến", time_text(dossier.due_at) if dossier.due_at else parts.DOTS),
    ]


def form04_apology_pdf(*, dossier: Dossier, lookup_url: str) -> bytes:
    """Mẫu số 04 (2018: Phiếu xin lỗi và hẹn lại ngày trả kết quả) for a dossier the agency apologised for."""
    document = parts.standard_document(
        label="Mẫu số 04", title=FORM04_TITLE, dossier=dossier, issued_at=dossier.apology_at
    )
    term = address_term(dossier)
    _letter_opening(document, dossier)
    document.paragraph(received_text(dossier, dossier.received_at))
    document.paragraph(
        f"Tuy nhiên đến nay, {dossier.agency.name} chưa giải quyết xong hồ sơ của {term} theo thời hạn đã hẹn."
    )
    document.lines(form04_lines(dossier), label_width=75)
    document.gap()
    document.paragraph(
        f"Sự chậm trễ này đã gây phiền hà cho {term}. {dossier.agency.name} xin lỗi {term} và đề nghị được gia hạn "
        f"thời gian giải quyết; kết quả sẽ được trả cho {term} đúng thời hạn mới nêu trên. Mã hồ sơ không thay đổi."
    )
    document.paragraph(contact_text(dossier))
    document.paragraph(f"Xin trân trọng cảm ơn sự hợp tác của {term}./.")
    document.signatures([QrCode(lookup_url, QR_CAPTION), None, HEAD_OF_AGENCY])
    return document.output()


# --- Form 05 ------------------------------------------------------------------------------------------
def form05_stop_pdf(*, dossier: Dossier, event: DossierEvent, lookup_url: str) -> bytes:
    """Mẫu số 05 (Circular 03/2025) for the stop ``event`` (Action.STOP) of ``dossier``; reason = the event's note."""
    document = parts.standard_document(label="Mẫu số 05", title=FORM05_TITLE, dossier=dossier, issued_at=event.at)
    term = address_term(dossier)
    _letter_opening(document, dossier)
    document.paragraph(received_text(dossier, dossier.received_at))
    document.paragraph(f"{dossier.agency.name} thông báo dừng giải quyết hồ sơ nêu trên kể từ {time_text(event.at)}.")
    document.lines([("Lý do", event.note.strip() or parts.DOTS)], label_width=20)
    document.gap()
    document.paragraph(contact_text(dossier))
    document.paragraph(f"Xin thông báo để {term} được biết./.")
    document.signatures([QrCode(lookup_url, QR_CAPTION), None, HEAD_OF_AGENCY])
    return document.output()


# --- Form 06 ------------------------------------------------------------------------------------------
def judged_due(dossier: Dossier) -> datetime | None:
    """The due moment a dossier is judged by: the first appointment when the agency apologised and extended it.

    An apology (form 04) gives the applicant a new date but does not make a late dossier on time; ``due_at`` itself
    already includes the time the clock was paused for supplements.
    """
    return dossier.original_due_at or dossier.due_at


def timeliness_text(due: datetime | None, finished: datetime | None, *, now: datetime, calendar) -> str:
    """Trước hạn / Đúng hạn / Quá hạn once finished; an open item says it is still being handled."""
    verdict = timeliness(due=due, finished=finished, now=now, calendar=calendar)
    if finished is None:
        return "Đang xử lý (đã quá hạn)" if verdict == Timeliness.LATE else "Đang xử lý"
    return TIMELINESS_TEXT[verdict] if verdict is not None else "Không quy định thời hạn"


def _handover_text(task: DossierTask) -> str:
    lines = [f"Nhận: {time_text(task.started_at)}"]
    if task.due_at:
        lines.append(f"Hạn: {time_text(task.due_at)}")
    if task.finished_at:
        lines.append(f"Chuyển đi: {time_text(task.finished_at)}")
    return "\n".join(lines)


def _task_note(task: DossierTask) -> str:
    people = f"{task.handed_by_label} → {task.finished_by_label or '…'}"
    notes = [people]
    if task.handed_note.strip():
        notes.append(f"Ý kiến khi giao: {task.handed_note.strip()}")
    if task.note.strip():
        notes.append(f"Ý kiến xử lý: {task.note.strip()}")
    if task.outcome:
        notes.append(task.get_outcome_display())
    return "\n".join(notes)


def form06_rows(dossier: Dossier, tasks: Sequence[DossierTask], *, now: datetime | None = None) -> list[tuple]:
    """The reception, one row per hand-over (task), and the return of the result when it happened."""
    now = now or timezone.now()
    calendar = calendar_for(agency=dossier.agency)
    reception = (
        f"1. {RECEPTION_DESK} — {dossier.agency.name}",
        f"Nhận: {time_text(dossier.received_at)}" if dossier.received_at else parts.DOTS,
        NONE,
        f"Người tiếp nhận: {receiving_officer(dossier) or parts.DOTS}",
    )
    rows = [reception]
    for number, task in enumerate(tasks, start=2):
        rows.append(
            (
                f"{number}. {task.name} — {task.agency.name}",
                _handover_text(task),
                timeliness_text(task.due_at, task.finished_at, now=now, calendar=calendar),
                _task_note(task),
            )
        )
    if dossier.returned_at:
        rows.append(
            (
                f"{len(rows) + 1}. {RECEPTION_DESK} — trả kết quả",
                f"Trả: {time_text(dossier.returned_at)}",
                timeliness_text(
                    judged_due(dossier), dossier.finished_at or dossier.returned_at, now=now, calendar=calendar
                ),
                dossier.return_note or NONE,
            )
        )
    return rows


def form06_lines(dossier: Dossier, tasks: Sequence[DossierTask]) -> parts.Pairs:
    partners = sorted({task.agency.name for task in tasks if task.agency_id != dossier.agency_id})
    lines = [
        ("Mã hồ sơ", dossier.code or parts.DOTS),
        ("Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả số", dossier.code or parts.DOTS),
        ("Thủ tục", parts.procedure_text(dossier)),
        ("Cơ quan giải quyết hồ sơ", dossier.agency.name),
    ]
    if partners:
        lines.append(("Cơ quan phối hợp giải quyết hồ sơ", ", ".join(partners)))
    lines.append(("Thời hạn trả kết quả", time_text(dossier.due_at) if dossier.due_at else parts.NOT_SET))
    return lines


def form06_control_pdf(*, dossier: Dossier, tasks: Sequence[DossierTask]) -> bytes:
    """Mẫu số 06 (2018: Mẫu số 05) of ``dossier``: its reception and each hand-over in ``tasks`` (in order)."""
    document = parts.standard_document(
        label="Mẫu số 06", title=FORM06_TITLE, dossier=dossier, issued_at=dossier.received_at
    )
    document.lines(form06_lines(dossier, tasks), label_width=70)
    document.table(FORM06_HEADINGS, form06_rows(dossier, tasks), widths=FORM06_WIDTHS)
    document.paragraph(
        "Các bước được ghi theo thứ tự giao, nhận hồ sơ; họ tên người giao, người nhận và ý kiến xử lý được ghi "
        "ở cột Ghi chú như trong lịch sử hồ sơ.",
        align="L",
    )
    return document.output()
