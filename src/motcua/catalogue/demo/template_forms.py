"""Printable blank forms (mẫu đơn) for the demo catalogue, made with fpdf2 and a vendored Unicode font."""

from pathlib import Path

from fpdf import FPDF

from motcua.catalogue.models import ComponentRequirement

FONTS = Path(__file__).resolve().parents[2] / "core" / "fonts"


def template_form_pdf(*, component: ComponentRequirement) -> bytes:
    procedure = component.case.procedure
    pdf = FPDF(format="A4")
    pdf.set_title(component.name[:120])
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(20, 18, 20)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(0, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, "Độc lập - Tự do - Hạnh phúc", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("DejaVu", "B", 13)
    pdf.multi_cell(0, 7, component.name.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(0, 6, f"Kính gửi: {procedure.agency.name}", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, f"Thủ tục: {procedure.name} (mã {procedure.code})", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for label in (
        "Tên tổ chức, cá nhân đề nghị",
        "Số định danh cá nhân / Mã số thuế",
        "Địa chỉ",
        "Số điện thoại",
        "Thư điện tử",
        "Nội dung đề nghị",
    ):
        pdf.multi_cell(0, 9, f"{label}: " + "." * 60, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.multi_cell(
        0,
        6,
        "Tôi xin cam đoan nội dung kê khai trên là đúng sự thật và chịu trách nhiệm trước pháp luật.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(6)
    pdf.cell(0, 6, "......., ngày ..... tháng ..... năm .......", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(0, 6, "NGƯỜI ĐỀ NGHỊ", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.cell(0, 6, "(Ký, ghi rõ họ tên)", align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
