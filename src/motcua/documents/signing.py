"""Results signed by the agency, and the check behind the public verification page.

``result_pdf_signed`` stamps a visible box on the last page of any (unencrypted) PDF — a QR code of the public
verification page, the result code, the signing agency and time — and signs the file with the agency's
certificate as a PAdES baseline signature (B-B: ETSI.CAdES.detached, SHA-256, the certificate chain embedded).
The box is the signature's own appearance, so it is covered by the signature, and an incremental update, so the
uploaded document is left byte for byte as it was before it. The box sits at the bottom right of the last page,
above the footer; it is opaque (a QR code over text would not scan), so a page filled to the bottom loses what is
under the box from view — the document itself is unchanged, and leaving room for the stamp is the issuer's part.

``pdf_signature_check`` reads any bytes and says whether they carry a signature, whether that signature still
covers the whole file unchanged, and whether its certificate chains to a trusted CA (``signing_keys``). It never
raises on bad input: the verification page takes uploads from anyone.

pyHanko writes the stamp text only in its built-in fonts without HarfBuzz, which have no Vietnamese letters: the
box is therefore drawn by fpdf2 with the documents' DejaVu font as a one-page PDF and imported as the appearance.
"""

import asyncio
import hashlib
import hmac
import logging
import math
import uuid
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import BinaryIO

import segno
from django.conf import settings
from django.utils import timezone
from fpdf import FPDF
from PIL import Image
from pyhanko.pdf_utils import content, generic, layout
from pyhanko.pdf_utils.generic import pdf_name, pdf_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator import ValidationContext

from motcua.catalogue.models import Agency
from motcua.core.errors import DomainError

from .pdf import FONT, FONTS, time_text
from .signing_keys import agency_signer, trust_roots

logger = logging.getLogger(__name__)

MM = 72 / 25.4  # PDF points per millimetre
STAMP_WIDTH = 95  # mm
QR_SIZE = 24  # mm
STAMP_MARGIN = (15, 14)  # mm from the right and the bottom edge: clear of fpdf2 footers and of the binding side
# What pyHanko may raise on a damaged or hostile file: a checker for public uploads must answer, not crash.
_UNREADABLE = (PdfError, SignatureValidationError, ValueError, TypeError, KeyError, IndexError, AttributeError,
               NotImplementedError, OverflowError, RecursionError, zlib.error)  # fmt: skip

NOT_PDF = "Tệp không phải là tệp PDF hợp lệ hoặc đã bị hỏng."
ENCRYPTED = "Tệp PDF đang được đặt mật khẩu (mã hóa) nên không kiểm tra được chữ ký số."
NOT_SIGNED = "Tệp không có chữ ký số."
UNREADABLE_SIGNATURE = "Chữ ký số trong tệp bị hỏng, không đọc được."
CHANGED = "Nội dung tệp đã bị thay đổi sau khi ký số: chữ ký số không còn giá trị."
ADDED_AFTER = "Tệp đã bị thêm nội dung sau khi ký số: phần thêm vào không được chữ ký số bảo đảm."
UNTRUSTED = (
    "Chữ ký số đúng với nội dung tệp, nhưng chứng thư số của người ký không do tổ chức cung cấp dịch vụ chứng "
    "thực mà hệ thống tin cậy cấp (hoặc đã hết hạn)."
)


@dataclass(frozen=True)
class SignatureCheck:
    signed: bool = False
    intact: bool = False  # the latest signature covers the whole file and its digest matches
    trusted: bool = False  # its certificate chains to a trusted CA
    signer: str = ""  # the certificate's holder (common name)
    signed_at: datetime | None = None  # as the signer stated it (no timestamp authority)
    problem: str = ""  # Vietnamese, empty when all is well

    @property
    def valid(self) -> bool:
        return self.signed and self.intact and self.trusted


def _outside_event_loop(function, /, *args, **kwargs):
    """Call one of pyHanko's synchronous functions, which start their own event loop (``asyncio.run``).

    That fails in a thread already running a loop (an async view, Playwright's sync API in the browser tests):
    there the call goes to a helper thread. Elsewhere (WSGI workers, task workers) it runs right here.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def document_sign(*, pdf_bytes: bytes, agency: Agency, field_name: str, reason: str) -> bytes:
    """``pdf_bytes`` signed (PAdES B-B, invisible: the document prints its signer itself) by ``agency``.

    For documents this system writes (receipts, vouchers); results get the visible stamp of ``result_pdf_signed``.
    """
    signer = agency_signer(agency)  # DomainError when no key is configured (production without a .p12)
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=agency.name,
        reason=reason,
        location=settings.MOTCUA_PROVINCE_NAME,
    )
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf_bytes), strict=False)
        return _outside_event_loop(signers.PdfSigner(metadata, signer=signer).sign_pdf, writer).getvalue()
    except (PdfError, SigningError, ValueError, KeyError, TypeError) as error:
        logger.warning("Signing %s failed: %s", field_name, error)
        raise DomainError(
            "Không ký số được văn bản. Vui lòng thử lại sau hoặc báo quản trị hệ thống.", code="not_signable"
        ) from None


# --- The stamp ----------------------------------------------------------------------------------------
def stamp_lines(*, agency_name: str, result_code: str, signer_name: str, signed_at: datetime) -> list[str]:
    lines = [f"Ký số bởi: {agency_name}"]
    if signer_name:
        lines.append(f"Người ký: {signer_name}")
    return [*lines, f"Thời gian ký: {time_text(signed_at)}", f"Mã kết quả: {result_code}"]


def _wrapped_height(pdf: FPDF, text: str, width: float, *, size: float, line_height: float) -> float:
    """The height ``text`` takes wrapped at ``width`` (a little generous: word wrapping leaves ragged lines).

    Measured before the page exists, because the page is made exactly as tall as the box.
    """
    pdf.set_font(FONT, "B", size)  # the widest face used
    return line_height * max(1, math.ceil(pdf.get_string_width(text) / (width * 0.9)))


def stamp_pdf(*, lines: list[str], verify_url: str) -> bytes:
    """The box as a one-page PDF just its size: QR code on the left; the lines, then the address in clear."""
    pdf = FPDF(unit="mm")
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(0, 0, 0)
    text_x, text_width = QR_SIZE + 4, STAMP_WIDTH - QR_SIZE - 6
    address = f"Kiểm tra tại: {verify_url}"
    height = sum(_wrapped_height(pdf, line, text_width, size=6.8, line_height=3.3) for line in lines)
    height += _wrapped_height(pdf, address, text_width, size=5.6, line_height=2.7)
    page_height = max(QR_SIZE + 4, height + 5)
    pdf.add_page(format=(STAMP_WIDTH, page_height))
    pdf.set_draw_color(178, 34, 34)
    pdf.set_fill_color(255, 255, 255)  # opaque, like a label: a QR code over text would not scan
    pdf.set_line_width(0.5)
    pdf.rect(0.4, 0.4, STAMP_WIDTH - 0.8, page_height - 0.8, style="DF")
    qr = BytesIO()
    segno.make(verify_url, error="m").save(qr, kind="png", scale=6, border=1)
    # As 8-bit grey, which fpdf2 stores Flate-compressed (a 1-bit image would become CCITT fax, which some
    # readers and checkers cannot decode); the few extra bytes do not matter.
    image = Image.open(qr).convert("L")
    pdf.image(image, x=2, y=(page_height - QR_SIZE) / 2, w=QR_SIZE, h=QR_SIZE, alt_text="Mã QR kiểm tra văn bản")
    pdf.set_xy(text_x, 2.5)
    for index, line in enumerate(lines):
        pdf.set_font(FONT, "B" if index == 0 else "", 6.8)
        pdf.set_x(text_x)
        pdf.multi_cell(text_width, 3.3, line, align="L", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "", 5.6)
    pdf.set_x(text_x)
    pdf.multi_cell(text_width, 2.7, address, align="L", new_x="LEFT", new_y="NEXT")
    return bytes(pdf.output())


class _ImportedPage(content.PdfContent):
    """A page of another PDF (given as bytes) drawn as a form XObject: the stamp as the signature appearance."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self.data = data

    def render(self) -> bytes:
        writer = self._ensure_writer
        xobject = writer.import_page_as_xobject(PdfFileReader(BytesIO(self.data)), page_ix=0)
        self.resources.xobject["/Stamp"] = xobject
        x1, y1, x2, y2 = xobject.get_object()["/BBox"]
        self.box = layout.BoxConstraints(width=abs(x2 - x1), height=abs(y2 - y1))
        return b"/Stamp Do"


def _page_box(page) -> tuple[float, float, float, float]:
    """The visible area of a page (CropBox, else MediaBox, either possibly inherited from the page tree)."""
    node = page
    while node is not None:
        for key in ("/CropBox", "/MediaBox"):
            if key in node:
                x1, y1, x2, y2 = (float(value) for value in node[key])
                return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)
        parent = node.get("/Parent")  # pyHanko's get() leaves references unresolved; [] resolves them
        node = parent.get_object() if parent is not None else None
    return 0.0, 0.0, 595.28, 841.89  # A4, what a page without a box is taken to be


def _stamp_rect(writer: IncrementalPdfFileWriter, stamp: bytes) -> tuple[float, float, float, float]:
    """Bottom right of the last page, inside the page even when it is smaller than the box."""
    page_ref, _resources = writer.find_page_for_modification(-1)
    left, bottom, right, top = _page_box(page_ref.get_object())
    x1, y1, x2, y2 = _page_box(PdfFileReader(BytesIO(stamp)).root["/Pages"]["/Kids"][0].get_object())
    width, height = x2 - x1, y2 - y1
    x = max(left, right - STAMP_MARGIN[0] * MM - width)
    y = max(bottom, min(bottom + STAMP_MARGIN[1] * MM, top - height))
    return x, y, x + width, y + height


def _link(writer: IncrementalPdfFileWriter, rect: tuple[float, ...], url: str) -> None:
    """A click on the box opens the verification page too (for whom reads on a screen)."""
    page_ref, _resources = writer.find_page_for_modification(-1)
    annotation = generic.DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/Annot"),
            pdf_name("/Subtype"): pdf_name("/Link"),
            pdf_name("/Rect"): generic.ArrayObject([generic.FloatObject(value) for value in rect]),
            pdf_name("/Border"): generic.ArrayObject([generic.NumberObject(0)] * 3),
            pdf_name("/A"): generic.DictionaryObject(
                {pdf_name("/S"): pdf_name("/URI"), pdf_name("/URI"): pdf_string(url)}
            ),
        }
    )
    writer.register_annotation(page_ref, writer.add_object(annotation))


# --- Signing ------------------------------------------------------------------------------------------
def _writer(pdf_bytes: bytes) -> IncrementalPdfFileWriter:
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf_bytes), strict=False)
        encrypted = writer.prev.encrypted
        writer.find_page_for_modification(-1)
    except _UNREADABLE:
        raise DomainError(NOT_PDF, code="not_pdf") from None
    if encrypted:
        raise DomainError(
            "Tệp PDF đang được đặt mật khẩu (mã hóa): hãy gỡ mật khẩu rồi tải lên lại để ký số.", code="encrypted"
        )
    return writer


def result_pdf_signed(
    *, pdf_bytes: bytes, agency: Agency, result_code: str, verify_url: str, signer_name: str
) -> bytes:
    """``pdf_bytes`` stamped on its last page and signed (PAdES B-B) with ``agency``'s certificate."""
    writer = _writer(pdf_bytes)
    signer = agency_signer(agency)
    lines = stamp_lines(
        agency_name=agency.name, result_code=result_code, signer_name=signer_name, signed_at=timezone.now()
    )
    stamp = stamp_pdf(lines=lines, verify_url=verify_url)
    field_name = f"KySoKetQua-{uuid.uuid4().hex[:12]}"
    rect = _stamp_rect(writer, stamp)
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=signer_name or agency.name,
        reason=f"Ký số kết quả giải quyết thủ tục hành chính {result_code}",
        location=settings.MOTCUA_PROVINCE_NAME,
    )
    pdf_signer = signers.PdfSigner(
        metadata,
        signer=signer,
        stamp_style=StaticStampStyle(background=_ImportedPage(stamp), border_width=0),
        new_field_spec=fields.SigFieldSpec(field_name, on_page=-1, box=rect),
    )
    try:
        _link(writer, rect, verify_url)
        return _outside_event_loop(pdf_signer.sign_pdf, writer).getvalue()
    except (PdfError, SigningError, ValueError, KeyError, TypeError) as error:
        logger.warning("Signing result %s failed: %s", result_code, error)
        raise DomainError(
            "Không ký số được tệp này (cấu trúc tệp PDF không chuẩn). Hãy xuất lại tệp PDF rồi tải lên lại.",
            code="not_signable",
        ) from None


# --- Checking -----------------------------------------------------------------------------------------
def _signer_name(certificate) -> str:
    subject = certificate.subject.native
    return str(subject.get("common_name") or certificate.subject.human_friendly)


def pdf_signature_check(pdf_bytes: bytes | BinaryIO) -> SignatureCheck:
    """Signed? Intact (whole file, digest matches)? Trusted? — for the latest signature in the file."""
    stream = BytesIO(pdf_bytes) if isinstance(pdf_bytes, bytes | bytearray) else pdf_bytes
    try:
        reader = PdfFileReader(stream, strict=False)
        if reader.encrypted:
            return SignatureCheck(problem=ENCRYPTED)
        signatures = reader.embedded_signatures
    except _UNREADABLE:
        return SignatureCheck(problem=NOT_PDF)
    if not signatures:
        return SignatureCheck(problem=NOT_SIGNED)
    roots, _problems = trust_roots()
    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)
    try:
        embedded = signatures[-1]
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        status = _outside_event_loop(validate_pdf_signature, embedded, context, key_usage_settings=usage)
        signer = _signer_name(embedded.signer_cert)
    except _UNREADABLE:
        return SignatureCheck(signed=True, problem=UNREADABLE_SIGNATURE)
    digest_ok = bool(status.intact and status.valid)
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    intact = digest_ok and whole
    trusted = bool(status.trusted)
    problem = CHANGED if not digest_ok else ADDED_AFTER if not whole else "" if trusted else UNTRUSTED
    return SignatureCheck(
        signed=True, intact=intact, trusted=trusted, signer=signer, signed_at=status.signer_reported_dt, problem=problem
    )


# --- Comparing a copy with the issued document --------------------------------------------------------
@dataclass(frozen=True)
class CopyCheck:
    """A file compared with the document as issued (its SHA-256 kept when it was signed) and its signature."""

    same_file: bool  # byte for byte the issued document
    signature: SignatureCheck

    @property
    def genuine(self) -> bool:
        return self.same_file and self.signature.valid


def pdf_copy_check(*, stream: BinaryIO, issued_sha256: str) -> CopyCheck:
    """Hash ``stream`` chunk by chunk (a stored result, or an upload of up to tens of MB) and check its signature."""
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    stream.seek(0)
    same = bool(issued_sha256) and hmac.compare_digest(digest.hexdigest(), issued_sha256.lower())
    return CopyCheck(same_file=same, signature=pdf_signature_check(stream))
