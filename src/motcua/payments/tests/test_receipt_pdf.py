"""The e-receipt PDF (biên lai điện tử): every field of protocols.md §6, signed, stored once, only when paid."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from motcua.core.errors import DomainError
from motcua.documents.signing import pdf_signature_check
from motcua.documents.tests.pdftext import read_pdf
from motcua.payments.base import Notice
from motcua.payments.models import CollectionAccount, FeeOrder, PaymentAttempt, Receipt, ReceiptCounter
from motcua.payments.receipt_pdf import number_text, receipt_pdf
from motcua.payments.services.confirm import notice_apply
from motcua.payments.services.receipts import receipt_issue, receipt_number_next

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _demo_signing(settings, tmp_path):
    """Signing with the demo CA in a temporary folder; files stored in a temporary media root."""
    settings.VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRODUCTION = False
    settings.MOTCUA_SIGNING_PKCS12 = ""
    settings.MOTCUA_SIGNING_PKCS12_PASSWORD = ""
    settings.MOTCUA_SIGNING_TRUST_ROOTS = []


def pay(order: FeeOrder, *, provider: str = "sandbox", transaction: str = "14123456") -> PaymentAttempt:
    """The order paid as a verified provider notice pays it (the only code that credits an order)."""
    attempt = PaymentAttempt.objects.create(
        order=order, provider=provider, amount=order.amount, expires_at=timezone.now() + timedelta(minutes=15)
    )
    notice = Notice(
        reference=attempt.reference, amount=order.amount, paid=True, code="00", provider_transaction=transaction
    )
    assert notice_apply(provider=provider, notice=notice, record=None) == "confirmed"
    attempt.refresh_from_db()
    return attempt


@pytest.fixture
def receipt(order) -> Receipt:
    pay(order)
    return Receipt.objects.get(order=order)


def test_the_receipt_prints_every_field_of_an_electronic_fee_receipt(receipt, dossier):
    pdf = read_pdf(receipt_pdf(receipt))
    text = pdf.text
    for expected in (
        "BIÊN LAI THU PHÍ, LỆ PHÍ",
        "(Biên lai điện tử)",
        "Ký hiệu mẫu: EBL01",
        f"Ký hiệu: {timezone.localdate():%y}TAA",
        "Số: 0000001",
        "Đơn vị thu phí, lệ phí: Sở Nông nghiệp và Phát triển nông thôn tỉnh Kon Tum",
        "Mã số thuế: 6100123456",
        f"Họ tên người nộp: {dossier.applicant_name}",
        f"Mã hồ sơ: {dossier.code}",
        "Phí",
        "Lệ phí",
        "20.000 đ",
        "Hai mươi nghìn đồng",
        "50.000 đ",
        "Năm mươi nghìn đồng",
        "Tổng cộng: 70.000 đ",
        "Tổng số tiền bằng chữ: Bảy mươi nghìn đồng",
        "Hình thức thanh toán: Thanh toán trực tuyến",
        f"Ngày lập biên lai: {timezone.localdate():%d/%m/%Y}",
        "ĐƠN VỊ THU PHÍ, LỆ PHÍ",
    ):
        assert expected in text, expected
    if dossier.applicant_id_number:
        assert dossier.applicant_id_number in text
    assert pdf.title == f"Biên lai thu phí, lệ phí {receipt.series} 0000001"
    assert pdf.author == "Sở Nông nghiệp và Phát triển nông thôn tỉnh Kon Tum"


def test_the_date_of_issue_is_the_day_in_vietnam(receipt):
    # 18:30 UTC on 31 March is already 1 April in Kon Tum (UTC+7).
    Receipt.objects.filter(pk=receipt.pk).update(issued_at=datetime(2026, 3, 31, 18, 30, tzinfo=UTC))
    receipt.refresh_from_db()
    assert "Ngày lập biên lai: 01/04/2026" in read_pdf(receipt_pdf(receipt)).text


def test_the_receipt_is_signed_by_the_collecting_agency_and_verifies(receipt):
    check = pdf_signature_check(receipt_pdf(receipt))
    assert check.valid, check.problem
    assert check.signer == "Sở Nông nghiệp và Phát triển nông thôn"


def test_with_the_province_default_account_the_dossier_agency_signs(order, account):
    default = CollectionAccount.objects.create(
        collector_name="Văn phòng UBND tỉnh Kon Tum", collector_tax_code="6100000001", account_name="VP UBND TINH",
        account_number="113000000001", bank_name="VietinBank", bank_bin="970415", receipt_letters="KT",
    )  # fmt: skip
    FeeOrder.objects.filter(pk=order.pk).update(account=default)
    order.refresh_from_db()
    pay(order)
    receipt = Receipt.objects.get(order=order)
    data = receipt_pdf(receipt)
    assert "Đơn vị thu phí, lệ phí: Văn phòng UBND tỉnh Kon Tum" in read_pdf(data).text
    assert receipt.series.endswith("TKT")
    check = pdf_signature_check(data)
    assert check.valid and check.signer == order.dossier.agency.name


def test_the_signed_file_is_stored_the_first_time_and_returned_after(receipt):
    first = receipt_pdf(receipt)
    receipt.refresh_from_db()
    assert receipt.pdf.name.startswith("bien-lai/") and receipt.pdf.name.endswith(".pdf")
    with receipt.pdf.open("rb") as handle:
        assert handle.read() == first
    assert receipt_pdf(receipt) == first
    assert receipt_pdf(Receipt.objects.get(pk=receipt.pk)) == first  # a fresh instance reads the same file


def test_two_first_calls_store_one_file(receipt, settings):
    """Both callers loaded the receipt before either stored it: the second returns the first's file."""
    stale_a = Receipt.objects.get(pk=receipt.pk)
    stale_b = Receipt.objects.get(pk=receipt.pk)
    first = receipt_pdf(stale_a)
    second = receipt_pdf(stale_b)
    assert second == first
    assert stale_b.pdf.name == stale_a.pdf.name
    stored = list((settings.MEDIA_ROOT / "bien-lai").rglob("*.pdf"))
    assert len(stored) == 1


def test_a_receipt_of_an_order_not_paid_is_refused_and_nothing_is_stored(order, settings):
    unpaid = receipt_issue(order=order, attempt=None)  # a receipt row must never exist for an open order
    with pytest.raises(DomainError) as error:
        receipt_pdf(unpaid)
    assert "chưa được thanh toán" in error.value.message
    unpaid.refresh_from_db()
    assert not unpaid.pdf
    assert not (settings.MEDIA_ROOT / "bien-lai").exists()


def test_a_cancelled_order_has_no_receipt(receipt):
    FeeOrder.objects.filter(pk=receipt.order_id).update(state="cancelled")
    with pytest.raises(DomainError):
        receipt_pdf(receipt)


def test_a_line_saved_without_words_still_prints_them(receipt):
    receipt.lines = [{"kind": "phi", "label": "Phí", "description": "Phí thẩm định", "amount": 1_250_000}]
    receipt.save(update_fields=["lines"])
    assert "Một triệu hai trăm năm mươi nghìn đồng" in read_pdf(receipt_pdf(receipt)).text


def test_a_counter_qr_payment_names_its_method(order):
    pay(order, provider="vietqr")
    text = read_pdf(receipt_pdf(Receipt.objects.get(order=order))).text
    assert "Hình thức thanh toán: Chuyển khoản (mã QR)" in text


def test_numbers_print_on_seven_digits_and_up_to_eight():
    assert number_text(1) == "0000001"
    assert number_text(42) == "0000042"
    assert number_text(9_999_999) == "9999999"
    assert number_text(12_345_678) == "12345678"


def test_receipt_numbers_follow_each_other_and_restart_each_year(account):
    assert [receipt_number_next(collector_id=account.pk, year=2026) for _ in range(3)] == [1, 2, 3]
    assert receipt_number_next(collector_id=account.pk, year=2027) == 1
    assert receipt_number_next(collector_id=account.pk, year=2026) == 4
    other = CollectionAccount.objects.create(
        collector_name="Sở Y tế tỉnh Kon Tum", collector_tax_code="6100000002", account_name="SO Y TE",
        account_number="113000000002", bank_name="VietinBank", bank_bin="970415",
    )  # fmt: skip
    assert receipt_number_next(collector_id=other.pk, year=2026) == 1
    assert ReceiptCounter.objects.filter(collector=account).count() == 2


def test_the_receipt_number_restarts_on_1_january_in_vietnam(order, account, dossier):
    ReceiptCounter.objects.create(collector=account, year=2026, last_number=41)
    pay(order)
    receipt = Receipt.objects.get(order=order)
    assert receipt.year == timezone.localdate().year
    expected = 42 if receipt.year == 2026 else 1
    assert receipt.number == expected
    assert f"Số: {number_text(expected)}" in read_pdf(receipt_pdf(receipt)).text
