"""Phiếu xác nhận nộp hồ sơ trực tuyến: what the citizen downloads right after "Nộp hồ sơ".

It proves what was sent and when (file names, sizes and hash prefixes), and says plainly that this is not yet
the reception receipt (form 01): the agency still has to check and receive the dossier.
"""

from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import State

from . import parts
from .pdf import Document, time_text

TITLE = "PHIẾU XÁC NHẬN NỘP HỒ SƠ TRỰC TUYẾN"
QR_CAPTION = "Quét mã để tra cứu tình trạng hồ sơ"
FILE_HEADINGS = ("Thành phần hồ sơ", "Tệp", "Dung lượng", "SHA-256 (12 ký tự đầu)")
FILE_WIDTHS = (56, 62, 24, 28)


def dossier_lines(dossier: Dossier) -> parts.Pairs:
    # The state printed is the one at submission: the receipt records that moment, whatever happened since.
    lines = [
        ("Mã hồ sơ", dossier.code or ""),
        ("Thời điểm nộp", time_text(dossier.submitted_at) if dossier.submitted_at else ""),
        ("Trạng thái", State.SUBMITTED.label),
        ("Thủ tục", parts.procedure_text(dossier)),
    ]
    if dossier.case_id:
        lines.append(("Trường hợp", str(dossier.case)))
    lines.append(("Cơ quan tiếp nhận", dossier.agency.name))
    return lines


def file_rows(dossier: Dossier) -> list[tuple[str, str, str, str]]:
    return [
        (f.component_name, f.original_name, parts.size_text(f.size), f.sha256[:12])
        for f in parts.submitted_files(dossier)
    ]


def delivery_lines(dossier: Dossier) -> parts.Pairs:
    lines = [("Hình thức nhận kết quả", parts.delivery_text(dossier))]
    if dossier.post_pickup:
        where = f"bưu điện thu gom tại {dossier.pickup_address}" if dossier.pickup_address else "bưu điện thu gom"
        lines.append(("Nộp hồ sơ tại nhà", f"Có ({where})"))
    lines += [("Phí, lệ phí", parts.fee_text(dossier)), ("Thời hạn giải quyết", parts.duration_text(dossier))]
    return lines


def next_steps_text(dossier: Dossier) -> str:
    return (
        f"Bộ phận Tiếp nhận và Trả kết quả của {dossier.agency.name} kiểm tra hồ sơ trong ngày làm việc "
        "(hồ sơ nộp ngoài giờ hành chính được kiểm tra vào ngày làm việc tiếp theo). Khi hồ sơ được tiếp nhận, "
        "người nộp nhận Giấy tiếp nhận hồ sơ và hẹn trả kết quả qua thư điện tử, tin nhắn SMS và tại "
        "“Trang cá nhân” → “Danh sách giao dịch”; nếu hồ sơ chưa đầy đủ, người nộp nhận yêu cầu bổ sung, "
        "hoàn thiện hồ sơ tại cùng nơi đó. Ngày hẹn trả kết quả được tính từ thời điểm hồ sơ được tiếp nhận. "
        "Phiếu này xác nhận hồ sơ đã được gửi, chưa phải Giấy tiếp nhận hồ sơ."
    )


def acknowledgment_pdf(*, dossier: Dossier, lookup_url: str) -> bytes:
    """The submission acknowledgment of a submitted ``dossier``; its QR code opens ``lookup_url``."""
    document = Document(
        title=f"Phiếu xác nhận nộp hồ sơ trực tuyến {dossier.code or ''}".strip(),
        author=dossier.agency.name,
        issued_at=dossier.submitted_at,
        footer=f"Phiếu xác nhận nộp hồ sơ trực tuyến — mã hồ sơ {dossier.code or ''}",
    )
    parts.agency_header(document, dossier.agency, on=parts.local_date(dossier.submitted_at))
    document.title(TITLE)
    document.lines(dossier_lines(dossier))
    document.heading("THÔNG TIN CHỦ HỒ SƠ")
    document.lines(parts.applicant_lines(dossier))
    if principal := parts.principal_lines(dossier):
        document.heading("NỘP THAY / ỦY QUYỀN CHO")
        document.lines(principal)
    document.heading("TỆP ĐÍNH KÈM")
    if rows := file_rows(dossier):
        document.table(FILE_HEADINGS, rows, widths=FILE_WIDTHS)
    else:
        document.paragraph("Không có tệp đính kèm.")
    document.heading("NHẬN KẾT QUẢ, PHÍ VÀ THỜI HẠN")
    document.lines(delivery_lines(dossier))
    document.heading("CÁC BƯỚC TIẾP THEO")
    document.paragraph(next_steps_text(dossier))
    document.qr(lookup_url, QR_CAPTION)
    return document.output()
