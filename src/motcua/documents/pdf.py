"""A small layout kit on fpdf2 for the documents the one-stop shop prints (receipts, standard forms 01–07).

Only layout lives here: callers pass plain strings, so the kit knows nothing about dossiers. Everything is
embedded (fonts, QR image) so a PDF opens the same offline, years later, on any reader.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

import segno
from django.utils import timezone
from fpdf import FPDF, FontFace

FONTS = Path(__file__).resolve().parents[1] / "core" / "fonts"
FONT = "DejaVu"  # the core PDF fonts have no Vietnamese glyphs
DEFAULT_PLACE = "Kon Tum"
SIZE = 10
LINE = 5
LABEL_WIDTH = 62  # mm, wide enough for "Số định danh cá nhân / mã số thuế" on two lines at most
HEADER_LEFT = 72  # mm, the issuing body's column; the national motto takes the rest


def time_text(moment: datetime) -> str:
    """``"09 giờ 05 phút, ngày 23/11/2026"`` in Vietnam time (the database holds UTC)."""
    local = timezone.localtime(moment)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}"


def date_words(day: date | None) -> str:
    """``"ngày 05 tháng 02 năm 2026"``; dotted blanks when the date is not known yet (filled by hand)."""
    if day is None:
        return "ngày ..... tháng ..... năm ........"
    # Decree 30/2020 (administrative writing): days below 10 and months 1–2 take a leading zero.
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


_BOLD = FontFace(emphasis="BOLD")
# Tables sit on the left margin (fpdf2 centres them on the page, which the asymmetric margins would show).
_LINES = {"align": "LEFT", "v_align": "TOP", "borders_layout": "NONE", "first_row_as_headings": False,
          "text_align": "LEFT", "line_height": LINE, "padding": (0.5, 1, 0.5, 0)}  # fmt: skip
_GRID = {"align": "LEFT", "v_align": "TOP", "line_height": 4.6, "padding": 1.2, "text_align": "LEFT",
         "headings_style": FontFace(emphasis="BOLD", fill_color=(235, 235, 235))}  # fmt: skip


@dataclass(frozen=True)
class QrCode:
    data: str
    caption: str


@dataclass(frozen=True)
class Signature:
    title: str
    name: str = ""
    note: str = "(Ký, ghi rõ họ tên)"


class _Fpdf(FPDF):
    footer_text = ""

    def footer(self) -> None:
        # Pages of a printed document get separated: each one says which document and which page it is.
        self.set_y(-11)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(110)
        self.cell(0, 4, f"{self.footer_text}   Trang {self.page_no()}/{{nb}}".strip(), align="R")
        self.set_text_color(0)


class Document:
    """An A4 page flow: header, title, lines, tables, QR code, signatures; ``output()`` gives the bytes."""

    def __init__(self, *, title: str, author: str, issued_at: datetime | None, footer: str = "") -> None:
        pdf = _Fpdf(format="A4")
        pdf.footer_text = footer
        pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        pdf.set_title(title)
        pdf.set_author(author)
        pdf.set_creator("motcua")
        pdf.set_lang("vi")
        # Dated by the event the document records, not by when it is printed: a reprint is the same document.
        if issued_at is not None:
            pdf.set_creation_date(issued_at)
        pdf.set_margins(25, 15, 15)  # the wider left margin leaves room to bind, as in paper files
        pdf.set_auto_page_break(auto=True, margin=15)
        pdf.add_page()
        self.pdf = pdf

    def _cell(self, width: float, text: str, *, style: str = "", size: float = SIZE, h: float = 5, **kw) -> None:
        """A centred, wrapping block that leaves x where it started (for columns) unless told otherwise."""
        self.pdf.set_font(FONT, style, size)
        self.pdf.multi_cell(width, h, text, **({"align": "C", "new_x": "LEFT", "new_y": "NEXT"} | kw))

    def form_label(self, text: str) -> None:
        """ "Mẫu số 01" etc., in the top right corner as in the circular's annex."""
        self._cell(0, text, style="B", size=9, h=4, align="R", new_x="LMARGIN")

    def header(
        self, *, parent: str, agency: str, on: date | None, number: str = "", place: str = DEFAULT_PLACE
    ) -> None:
        """The two-column heading of Vietnamese administrative documents (issuing body | national motto)."""
        pdf = self.pdf
        top, left, right = pdf.get_y(), pdf.l_margin, pdf.epw - HEADER_LEFT
        if parent:
            self._cell(HEADER_LEFT, parent.upper())
        self._cell(HEADER_LEFT, agency.upper(), style="B")
        rule = pdf.get_y() + 0.8
        pdf.line(left + HEADER_LEFT / 2 - 12, rule, left + HEADER_LEFT / 2 + 12, rule)
        if number:
            pdf.set_y(rule + 2)
            self._cell(HEADER_LEFT, f"Số: {number}")
        bottom = pdf.get_y()
        pdf.set_xy(left + HEADER_LEFT, top)
        self._cell(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", style="B")
        self._cell(right, "Độc lập - Tự do - Hạnh phúc", style="BU", size=10.5, h=5.5)
        pdf.set_xy(left + HEADER_LEFT, pdf.get_y() + 3)
        self._cell(right, f"{place}, {date_words(on)}")
        pdf.set_y(max(bottom, pdf.get_y()) + 7)

    def title(self, text: str) -> None:
        self._cell(0, text, style="B", size=13, h=7, new_x="LMARGIN")
        self.pdf.ln(4)

    def heading(self, text: str) -> None:
        self._room(4 * LINE)  # never leave a heading alone at the foot of a page
        self.pdf.ln(2)
        self._cell(0, text, style="B", h=LINE + 0.5, align="L", new_x="LMARGIN")

    def paragraph(self, text: str, *, align: str = "J") -> None:
        self._cell(0, text, h=LINE, align=align, new_x="LMARGIN")

    def lines(self, pairs: Sequence[tuple[str, str]], *, label_width: float = LABEL_WIDTH) -> None:
        """Label / value pairs; a borderless table so long values wrap under themselves and pages break cleanly."""
        if not pairs:
            return  # fpdf2 cannot draw a table without rows
        self.pdf.set_font(FONT, "", SIZE)
        widths = (label_width, self.pdf.epw - label_width)
        with self.pdf.table(col_widths=widths, width=self.pdf.epw, **_LINES) as table:
            for label, text in pairs:
                row = table.row()
                row.cell(f"{label}:")
                row.cell(text, style=_BOLD)

    def table(self, headings: Sequence[str], rows: Sequence[Sequence[str]], *, widths: Sequence[float]) -> None:
        """A bordered grid; cells wrap, and the heading row repeats on every page."""
        self.pdf.ln(1)
        self.pdf.set_font(FONT, "", 9.5)
        with self.pdf.table(col_widths=tuple(widths), width=self.pdf.epw, **_GRID) as table:
            for cells in [headings, *rows]:
                row = table.row()
                for text in cells:
                    row.cell(text)
        self.pdf.ln(2)

    def gap(self, height: float = 2) -> None:
        self.pdf.ln(height)

    def _room(self, height: float) -> None:
        """Start a new page rather than split a block that must stay whole (QR and caption, signatures)."""
        if self.pdf.get_y() + height > self.pdf.page_break_trigger:
            self.pdf.add_page()

    def _qr_image(self, data: str, *, x: float, y: float, size: float, caption: str) -> None:
        png = BytesIO()
        segno.make(data, error="m").save(png, kind="png", scale=6, border=2)
        self.pdf.image(png, x=x, y=y, w=size, h=size, alt_text=caption)

    def qr(self, data: str, caption: str, *, size: float = 30) -> None:
        """A QR code of ``data`` with its caption and the address in clear beside it (for who cannot scan)."""
        self._room(size + 4)
        pdf, top, beside = self.pdf, self.pdf.get_y() + 2, self.pdf.epw - size - 3
        self._qr_image(data, x=pdf.l_margin, y=top, size=size, caption=caption)
        pdf.set_xy(pdf.l_margin + size + 3, top + size / 2 - 6)
        self._cell(beside, caption, style="B", size=9.5, h=4.5, align="L")
        self._cell(beside, data, size=8.5, h=4.5, align="L")
        pdf.set_y(top + size + 2)

    def signatures(self, columns: Sequence[Signature | QrCode | None]) -> None:
        """Side-by-side blocks: signers, a QR code (saves the page a form must fit on), or ``None`` for a gap."""
        self._room(44)
        pdf, top = self.pdf, self.pdf.get_y() + 4
        width = pdf.epw / len(columns)
        for index, column in enumerate(columns):
            x = pdf.l_margin + index * width
            pdf.set_xy(x, top)
            if isinstance(column, QrCode):
                self._qr_image(column.data, x=x + (width - 26) / 2, y=top, size=26, caption=column.caption)
                pdf.set_xy(x, top + 27)
                self._cell(width, column.caption, size=8.5, h=4)
            elif column is not None:
                self._cell(width, column.title, style="B", h=LINE)
                self._cell(width, column.note, size=9, h=4.5)
                pdf.set_xy(x, pdf.get_y() + 20)
                self._cell(width, column.name, style="B", h=LINE)
        pdf.set_y(top + 40)

    def output(self) -> bytes:
        return bytes(self.pdf.output())
