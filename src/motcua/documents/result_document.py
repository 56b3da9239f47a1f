"""A result document written in the system ("Tạo văn bản kết quả") instead of uploaded as a PDF.

The officer at a step types the document's title and its content; ``result_document_pdf`` lays it out as an
administrative document of the dossier's agency (issuing body and national motto, place and date, the title, what
it rests on, the paragraphs, recipients and the head of the agency's signature block) and ``result_generate``
hands the PDF to ``dossiers.services.result_add``, the same path as an upload: inspected, stored, coded
``<dossier code>-KQ<n>``, then signed at the signing step. The signature's visible stamp goes at the bottom right
of the last page (``signing``): the signature block is laid out so that the stamp lands below it, on free paper.
"""

import re
from datetime import date, datetime, time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.accounts.models import User
from motcua.core.errors import DomainError
from motcua.core.text import fold
from motcua.dossiers.models import Dossier, DossierResult
from motcua.dossiers.services import result_add

from . import parts
from .pdf import LINE, Document
from .signing import STAMP_MARGIN

MAX_TITLE = 300
MAX_BODY = 20_000
SIGNER_TITLE = "THỦ TRƯỞNG CƠ QUAN"
SIGNER_NOTE = "(Văn bản được ký số)"
# The signature stamp is at most ~37 mm tall (a long agency name wraps): its top stays below this line.
STAMP_ROOM = 40  # mm above the stamp's bottom margin
FOOTER_TITLE = 80
CLOSING_HEIGHT = 30  # mm: recipients | signer's title and note
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\f\v]*\n")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # what a PDF font cannot show (tabs become spaces first)


def paragraphs(body: str) -> list[str]:
    """The typed content as paragraphs: split on blank lines; a single line break stays a line break."""
    text = _CONTROL.sub("", body.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    found = []
    for part in _PARAGRAPH_BREAK.split(text):
        lines = [" ".join(line.split()) for line in part.split("\n")]
        if paragraph := "\n".join(line for line in lines if line):
            found.append(paragraph)
    return found


def basis_text(dossier: Dossier) -> str:
    """ "Căn cứ hồ sơ số … của … về thủ tục … (mã thủ tục: …)." """
    return (
        f"Căn cứ hồ sơ số {dossier.code or parts.DOTS} của {dossier.applicant_name or parts.DOTS} "
        f"về thủ tục {parts.procedure_text(dossier)}."
    )


def recipients(dossier: Dossier) -> list[str]:
    return [f"- {dossier.applicant_name or parts.DOTS};", f"- Lưu: hồ sơ {dossier.code or parts.DOTS}."]


class _ResultDocument(Document):
    """The document kit with a closing that keeps the bottom right of its page free for the signature stamp."""

    def closing(self, *, recipients: list[str], signer: str, note: str) -> None:
        pdf = self.pdf
        # Closing and stamp stay on one page: the stamp must sit under the signer's title, never alone.
        stamp_top = pdf.h - STAMP_MARGIN[1] - STAMP_ROOM
        if pdf.get_y() + 4 + CLOSING_HEIGHT > stamp_top:
            pdf.add_page()
        top, left = pdf.get_y() + 4, pdf.epw * 0.45
        pdf.set_xy(pdf.l_margin, top)
        self._cell(left, "Nơi nhận:", style="B", size=9, h=4.5, align="L")
        for line in recipients:
            self._cell(left, line, size=8.5, h=4, align="L")
        pdf.set_xy(pdf.l_margin + left, top)
        self._cell(pdf.epw - left, signer, style="B", h=LINE)
        self._cell(pdf.epw - left, note, size=9, h=4.5)
        pdf.set_y(top + CLOSING_HEIGHT)


def result_document_pdf(*, dossier: Dossier, title: str, body: str, on: date | None = None) -> bytes:
    """The result document of ``dossier`` titled ``title`` with ``body`` (paragraphs split on blank lines).

    Dated ``on`` (today in Vietnam by default). Layout only: the caller checks what was typed. No "Số:" line: the
    result's code is known only once stored, and the signature stamp prints it.
    """
    on = on or timezone.localdate()
    # Dated by its day, not the second it was made: the same text the same day gives the same bytes, so a double
    # click adds one result (``result_add`` keeps the unsigned one with the same SHA-256).
    issued_at = timezone.make_aware(datetime.combine(on, time.min))
    code = dossier.code or ""
    short = title if len(title) <= FOOTER_TITLE else f"{title[: FOOTER_TITLE - 1].rstrip()}…"  # one footer line
    document = _ResultDocument(
        title=f"{title} {code}".strip(),
        author=dossier.agency.name,
        issued_at=issued_at,
        footer=f"{short} — mã hồ sơ {code}",
    )
    parts.agency_header(document, dossier.agency, on=on)
    document.title(title.upper())
    document.paragraph(basis_text(dossier))
    document.gap(3)
    for text in paragraphs(body):
        document.paragraph(text)
        document.gap(2)
    document.closing(recipients=recipients(dossier), signer=SIGNER_TITLE, note=SIGNER_NOTE)
    return document.output()


def file_name(title: str) -> str:
    """ASCII, readable: "Giấy chứng nhận đủ điều kiện" → "giay-chung-nhan-du-dieu-kien.pdf"."""
    slug = "-".join(fold(title).split())[:80].strip("-")
    return f"{slug or 'ket-qua'}.pdf"


def result_generate(*, dossier: Dossier, officer: User, title: str, body: str) -> DossierResult:
    """Write the result document from ``title`` and ``body`` and add it to ``dossier`` as ``officer`` (to be signed).

    DomainError when the title or the content is missing or too long, and every refusal of ``result_add``.
    """
    title, body = " ".join(_CONTROL.sub("", title or "").split()), (body or "").strip()
    if not title:
        raise DomainError("Vui lòng nhập tên văn bản kết quả.", code="title_required")
    if len(title) > MAX_TITLE:
        raise DomainError(f"Tên văn bản kết quả dài tối đa {MAX_TITLE} ký tự.", code="title_too_long")
    if not paragraphs(body):
        raise DomainError("Vui lòng nhập nội dung văn bản kết quả.", code="body_required")
    if len(body) > MAX_BODY:
        raise DomainError(
            f"Nội dung văn bản kết quả dài tối đa {MAX_BODY:,} ký tự.".replace(",", "."), code="body_too_long"
        )
    pdf = result_document_pdf(dossier=dossier, title=title, body=body)
    upload = SimpleUploadedFile(file_name(title), pdf, content_type="application/pdf")
    return result_add(dossier=dossier, officer=officer, title=title, upload=upload)
