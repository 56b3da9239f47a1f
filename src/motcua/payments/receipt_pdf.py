"""The PDFs a payment leaves behind: the e-receipt (biên lai điện tử) and the land payment voucher.

``receipt_pdf`` renders a ``Receipt`` with the fields of protocols.md §6 (template symbol, receipt symbol,
number, collector and tax code, payer, each fee in figures and in words, total, method, date of issue) and
``voucher_pdf`` renders the "Giấy nộp tiền vào ngân sách nhà nước" of a paid ``TaxNotice``. Both are signed
(PAdES B-B, invisible signature: the signer is printed in the page instead) with the collecting agency's key
from ``documents.signing_keys``, and stored the first time: later calls return the stored bytes, and two first
calls at once store one file (the row is locked; the loser reads the winner's file).
"""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from motcua.catalogue.models import Agency
from motcua.core.errors import DomainError
from motcua.core.money import amount_in_words, format_dong
from motcua.documents.pdf import Document, Signature
from motcua.documents.signing import document_sign

from .base import providers
from .models import AttemptState, FeeOrder, OrderState, PaymentAttempt, Receipt, TaxNotice
from .services.land.paying import tax_voucher_record

RECEIPT_TITLE = "BIÊN LAI THU PHÍ, LỆ PHÍ"
VOUCHER_TITLE = "GIẤY NỘP TIỀN VÀO NGÂN SÁCH NHÀ NƯỚC"
LINE_HEADINGS = ("STT", "Loại", "Nội dung thu", "Số tiền", "Số tiền bằng chữ")
LINE_WIDTHS = (10, 18, 62, 28, 52)  # mm, the 170 mm between the margins
NOT_PAID = "Khoản này chưa được thanh toán nên chưa có biên lai, chứng từ."


def number_text(number: int) -> str:
    """Receipt numbers print on 7 digits ("0000042"); an eighth digit is allowed (≤ 8 digits, §6)."""
    return f"{number:07d}"


def day_text(moment) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y}" if moment else ""


def _province() -> str:
    return settings.MOTCUA_PROVINCE_NAME


# --- Signing and storing ------------------------------------------------------------------------------
def _signed(data: bytes, *, agency: Agency, field: str, reason: str) -> bytes:
    return document_sign(pdf_bytes=data, agency=agency, field_name=field, reason=reason)


def _read(file) -> bytes:
    with file.open("rb") as handle:
        return handle.read()


def _stored_once(instance: models.Model, field: str, name: str, data: bytes) -> bytes:
    """Store ``data`` in ``instance.<field>`` unless a file is there already (then return that file instead)."""
    model = type(instance)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=instance.pk)
        current = getattr(locked, field)
        if current:
            setattr(instance, field, current.name)
            return _read(current)
        current.save(name, ContentFile(data), save=False)
        locked.save(update_fields=[field])
    setattr(instance, field, current.name)
    return data


def _check_paid(order: FeeOrder) -> None:
    if order.state != OrderState.PAID:
        raise DomainError(NOT_PAID, code="not_paid")


def _signing_agency(order: FeeOrder) -> Agency:
    """The collector's agency signs; the province's default account has none: the dossier's agency signs."""
    account = order.account
    if account is not None and account.agency_id is not None:
        return account.agency
    return order.dossier.agency


def _paid_attempt(order: FeeOrder) -> PaymentAttempt | None:
    return order.attempts.filter(state=AttemptState.SUCCEEDED).order_by("finished_at", "id").first()


def _provider_label(key: str) -> str:
    return str(providers[key].label) if key in providers else key


# --- Biên lai điện tử ----------------------------------------------------------------------------------
def receipt_lines(receipt: Receipt) -> list[tuple[str, str, str, str, str]]:
    """One row per fee type: number, Phí/Lệ phí, description, amount in figures, amount in words."""
    return [
        (
            str(index),
            str(line.get("label", "")),
            str(line.get("description", "")),
            format_dong(int(line.get("amount", 0))),
            str(line.get("words") or amount_in_words(int(line.get("amount", 0)))),
        )
        for index, line in enumerate(receipt.lines, start=1)
    ]


def receipt_document(receipt: Receipt) -> Document:
    """The receipt as a page (unsigned): what ``receipt_pdf`` signs."""
    label = f"{receipt.series} {number_text(receipt.number)}"
    document = Document(
        title=f"Biên lai thu phí, lệ phí {label}",
        author=receipt.collector_name,
        issued_at=receipt.issued_at,
        footer=f"Biên lai điện tử {label} — mã hồ sơ {receipt.dossier_code}",
    )
    document.lines(
        [
            ("Đơn vị thu phí, lệ phí", receipt.collector_name),
            ("Mã số thuế", receipt.collector_tax_code),
        ]
    )
    document.gap(4)
    document.title(RECEIPT_TITLE)
    document.paragraph("(Biên lai điện tử)", align="C")
    document.gap(2)
    document.lines(
        [
            ("Ký hiệu mẫu", receipt.template_symbol),
            ("Ký hiệu", receipt.series),
            ("Số", number_text(receipt.number)),
        ]
    )
    document.heading("NGƯỜI NỘP PHÍ, LỆ PHÍ")
    payer = [("Họ tên người nộp", receipt.payer_name)]
    if receipt.payer_id_number:
        payer.append(("Số định danh cá nhân / mã số thuế", receipt.payer_id_number))
    if receipt.payer_address:
        payer.append(("Địa chỉ", receipt.payer_address))
    payer.append(("Mã hồ sơ", receipt.dossier_code))
    document.lines(payer)
    document.heading("CÁC KHOẢN ĐÃ NỘP")
    document.table(LINE_HEADINGS, receipt_lines(receipt), widths=LINE_WIDTHS)
    document.lines(
        [
            ("Tổng cộng", format_dong(receipt.total)),
            ("Tổng số tiền bằng chữ", receipt.total_in_words),
            ("Hình thức thanh toán", receipt.payment_method),
            ("Ngày lập biên lai", day_text(receipt.issued_at)),
        ]
    )
    document.signatures(
        [
            Signature(title="NGƯỜI NỘP TIỀN", note="(Biên lai điện tử không cần chữ ký người nộp)"),
            Signature(
                title="ĐƠN VỊ THU PHÍ, LỆ PHÍ",
                note=f"(Đã ký số, ngày {day_text(receipt.issued_at)})",
                name=receipt.collector_name,
            ),
        ]
    )
    document.paragraph(
        "Biên lai điện tử được lập và ký số theo quy định về biên lai thu phí, lệ phí; bản thể hiện này có giá trị "
        "như biên lai giấy. Kiểm tra chữ ký số bằng phần mềm đọc PDF (bảng chữ ký) hoặc tại Cổng Dịch vụ công.",
        align="L",
    )
    return document


def receipt_pdf(receipt: Receipt) -> bytes:
    """The signed PDF of ``receipt`` (made and stored on the first call); DomainError if the order is not paid."""
    if receipt.pdf:
        return _read(receipt.pdf)
    order = FeeOrder.objects.select_related("account__agency", "dossier__agency").get(pk=receipt.order_id)
    _check_paid(order)
    label = f"{receipt.series} {number_text(receipt.number)}"
    signed = _signed(
        receipt_document(receipt).output(),
        agency=_signing_agency(order),
        field="KySoBienLai",
        reason=f"Ký số biên lai thu phí, lệ phí {label}",
    )
    name = f"bien-lai-{receipt.series}-{number_text(receipt.number)}.pdf"
    return _stored_once(receipt, "pdf", name, signed)


# --- Giấy nộp tiền vào ngân sách nhà nước ------------------------------------------------------------------
def voucher_lines(notice: TaxNotice, attempt: PaymentAttempt | None) -> list[tuple[str, str]]:
    """The voucher's body: payer, notice, sub-item, amount in figures and words, paid date, transaction."""
    order = notice.order
    lines = [
        ("Người nộp tiền", notice.payer_name),
        ("Mã số thuế", notice.tax_id),
        ("Mã hồ sơ", notice.dossier_code),
        ("Thông báo nộp tiền số", notice.notice_number),
        ("Ngày thông báo", f"{notice.notice_date:%d/%m/%Y}"),
        ("Nội dung khoản nộp", notice.description),
        ("Tiểu mục", notice.budget_subitem),
        ("Số tiền", format_dong(notice.amount)),
        ("Số tiền bằng chữ", amount_in_words(notice.amount)),
        ("Ngày nộp tiền", day_text(order.paid_at)),
    ]
    if attempt is not None:
        lines.append(("Kênh thanh toán", _provider_label(attempt.provider)))
        lines.append(("Mã giao dịch", attempt.reference))
        if attempt.provider_transaction:
            lines.append(("Mã giao dịch của ngân hàng/ví", attempt.provider_transaction))
    if order.account is not None:
        account = order.account
        lines.append(("Nộp vào tài khoản", f"{account.account_number} — {account.account_name}, {account.bank_name}"))
    return lines


def voucher_number_of(notice: TaxNotice, attempt: PaymentAttempt | None) -> str:
    """The notice's voucher number (recorded once by ``tax_voucher_record``); else the paid transaction's reference."""
    if not notice.voucher_number:
        recorded = tax_voucher_record(order=notice.order)
        notice.voucher_number = recorded.voucher_number if recorded is not None else ""
    if notice.voucher_number:
        return notice.voucher_number
    return attempt.reference if attempt is not None else notice.order.reference


def voucher_document(notice: TaxNotice, *, number: str, attempt: PaymentAttempt | None) -> Document:
    order = notice.order
    collector = order.account.collector_name if order.account is not None else order.dossier.agency.name
    document = Document(
        title=f"Giấy nộp tiền vào ngân sách nhà nước {number}",
        author=collector,
        issued_at=order.paid_at,
        footer=f"Chứng từ nộp tiền {number} — thông báo {notice.notice_number}",
    )
    document.form_label("Chứng từ nộp tiền (điện tử)")
    document.title(VOUCHER_TITLE)
    document.paragraph(f"Số chứng từ: {number}", align="C")
    document.gap(3)
    document.lines(voucher_lines(notice, attempt))
    document.signatures(
        [
            Signature(title="NGƯỜI NỘP TIỀN", note="(Nộp trực tuyến)", name=notice.payer_name),
            Signature(title="ĐƠN VỊ THU", note=f"(Đã ký số, ngày {day_text(order.paid_at)})", name=collector),
        ]
    )
    document.paragraph(
        "Chứng từ điện tử xác nhận khoản nghĩa vụ tài chính đất đai đã được nộp theo thông báo của cơ quan thuế; "
        "dùng để bổ sung vào hồ sơ đất đai.",
        align="L",
    )
    return document


def voucher_pdf(notice: TaxNotice) -> bytes:
    """The signed voucher of a paid ``notice`` (made and stored once, with its number); DomainError if unpaid."""
    if notice.voucher:
        return _read(notice.voucher)
    order = FeeOrder.objects.select_related("account__agency", "dossier__agency").get(pk=notice.order_id)
    notice.order = order
    _check_paid(order)
    attempt = _paid_attempt(order)
    number = voucher_number_of(notice, attempt)
    signed = _signed(
        voucher_document(notice, number=number, attempt=attempt).output(),
        agency=_signing_agency(order),
        field="KySoChungTu",
        reason=f"Ký số chứng từ nộp tiền {number}",
    )
    return _stored_once(notice, "voucher", f"chung-tu-{number}.pdf", signed)
