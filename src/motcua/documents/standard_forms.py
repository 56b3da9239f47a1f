"""The standard forms of the one-stop shop (Circular 01/2018, replaced by Circular 03/2025; ``domain.md`` §6).

01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả and 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ. Each adds, as deployed
systems do, a QR code to the public status lookup. Register book and serial number stay dotted: the paper
register (form 07) is kept by hand at the desk, so the system cannot know them.
"""

from motcua.dossiers.models import Dossier, SupplementRequest
from motcua.dossiers.workflow import Action

from . import parts
from .pdf import QrCode, Signature, time_text

QR_CAPTION = "Quét mã để tra cứu tình trạng hồ sơ"
DOTS = parts.DOTS
FORM01_TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
FORM01_COMPONENTS = ("Tên giấy tờ", "Bản chính", "Bản sao")
ITEM_LABEL_WIDTH = 90  # mm: the form's numbered items have long labels and short values
FORM02_TITLE = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"
FORM02_ITEMS = ("STT", "Giấy tờ cần bổ sung, hoàn thiện", "Lý do / yêu cầu")


# --- Form 01 ----------------------------------------------------------------------------------------
def component_rows(dossier: Dossier) -> list[tuple[str, str, str]]:
    """One row per component sent (several files of one component are one paper), counts from the catalogue."""
    rows, seen = [], set()
    for file in parts.submitted_files(dossier):
        key = file.component_id or file.component_name
        if key in seen:
            continue
        seen.add(key)
        # The component may have been removed from the catalogue since (FK set null): counts are then unknown.
        component = file.component if file.component_id else None
        counts = (str(component.originals), str(component.copies)) if component else ("—", "—")
        rows.append((file.component_name, *counts))
    return rows


def receiving_officer(dossier: Dossier) -> str:
    """The officer who received the dossier, as the history recorded the name (a later rename changes nothing)."""
    event = dossier.events.filter(action=Action.RECEIVE).order_by("-at", "-id").first()
    return event.actor_label if event else ""


def form01_lines(dossier: Dossier) -> parts.Pairs:
    """Items 2–7 of the form, after the components table (item 1)."""
    return [
        ("2. Số lượng hồ sơ", "01 bộ"),
        ("3. Thời gian giải quyết hồ sơ theo quy định", parts.duration_text(dossier)),
        ("4. Thời gian nhận hồ sơ", time_text(dossier.received_at) if dossier.received_at else DOTS),
        ("5. Thời gian trả kết quả giải quyết hồ sơ", time_text(dossier.due_at) if dossier.due_at else parts.NOT_SET),
        ("6. Đăng ký nhận kết quả tại", parts.delivery_text(dossier)),
        ("7. Phí, lệ phí", parts.fee_text(dossier)),
    ]


def form01_receipt_pdf(*, dossier: Dossier, lookup_url: str) -> bytes:
    """Mẫu số 01 for a received ``dossier`` (number = dossier code); its QR code opens ``lookup_url``."""
    document = parts.standard_document(
        label="Mẫu số 01", title=FORM01_TITLE, dossier=dossier, issued_at=dossier.received_at
    )
    document.paragraph(f"{dossier.agency.name} tiếp nhận hồ sơ của:")
    request = [("Nội dung yêu cầu giải quyết", parts.procedure_text(dossier))]
    if dossier.case_id:
        request.append(("Trường hợp", str(dossier.case)))
    document.lines(parts.applicant_lines(dossier, parts.CONTACT_FIELDS) + request)
    document.heading("1. Thành phần hồ sơ nộp gồm:")
    document.table(FORM01_COMPONENTS, component_rows(dossier) or [("Không có", "—", "—")], widths=(120, 25, 25))
    document.lines(form01_lines(dossier), label_width=ITEM_LABEL_WIDTH)
    document.gap()
    document.paragraph(f"Vào Sổ theo dõi hồ sơ, Quyển số: {DOTS}, Số thứ tự: {DOTS}")
    # The QR code shares the signature row: form 01 is handed over as a single sheet.
    document.signatures(
        [
            QrCode(lookup_url, QR_CAPTION),
            Signature("NGƯỜI NỘP HỒ SƠ", dossier.applicant_name),
            Signature("NGƯỜI TIẾP NHẬN HỒ SƠ", receiving_officer(dossier)),
        ]
    )
    return document.output()


# --- Form 02 ----------------------------------------------------------------------------------------
def item_rows(request: SupplementRequest) -> list[tuple[str, str, str]]:
    return [
        (str(number), item.get("name", ""), item.get("note") or "—")
        for number, item in enumerate(request.items or [], start=1)
    ]


def form02_intro(request: SupplementRequest) -> str:
    dossier = request.dossier
    received = f" ngày {parts.day_text(dossier.received_at)}" if dossier.received_at else ""
    return (
        f"{dossier.agency.name} đã tiếp nhận hồ sơ của {dossier.applicant_name}{received} "
        f"về thủ tục {parts.procedure_text(dossier)}, "
        f"mã hồ sơ {dossier.code}. Sau khi xem xét, đề nghị bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:"
    )


def form02_contact_text(request: SupplementRequest) -> str:
    agency = request.dossier.agency
    phone = f", điện thoại {agency.phone}" if agency.phone else ""
    return f"Mọi vướng mắc xin liên hệ {agency.name}{phone}."


def form02_note_text(request: SupplementRequest) -> str:
    # Citizens often fear they must start over: say the code stays and where to send the documents.
    code = request.dossier.code
    return (
        f"Mã hồ sơ {code} không thay đổi. Hồ sơ được bổ sung trực tuyến tại “Trang cá nhân” → "
        f"“Danh sách giao dịch”, chọn hồ sơ {code}; các giấy tờ đã nộp trước đó được giữ nguyên."
    )


def form02_supplement_pdf(*, request: SupplementRequest, lookup_url: str) -> bytes:
    """Mẫu số 02 for one consolidated supplement ``request``; its QR code opens ``lookup_url``."""
    dossier = request.dossier
    document = parts.standard_document(
        label="Mẫu số 02", title=FORM02_TITLE, dossier=dossier, issued_at=request.requested_at
    )
    document.paragraph(f"Kính gửi: {dossier.applicant_name}", align="C")
    document.gap()
    document.paragraph(form02_intro(request))
    document.table(FORM02_ITEMS, item_rows(request), widths=(12, 78, 80))
    document.lines(
        [("Lý do", request.reason), ("Cán bộ hướng dẫn, liên hệ", request.contact or request.requested_by_label)]
    )
    document.gap()
    document.paragraph(form02_contact_text(request))
    document.paragraph(form02_note_text(request))
    document.signatures([QrCode(lookup_url, QR_CAPTION), Signature("NGƯỜI HƯỚNG DẪN", request.requested_by_label)])
    return document.output()
