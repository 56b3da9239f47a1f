"""The land payment voucher ("Giấy nộp tiền vào ngân sách nhà nước"): fields, signature, stored once, only paid."""

from datetime import date

import pytest
from django.utils import timezone

from motcua.core.errors import DomainError
from motcua.documents.signing import pdf_signature_check
from motcua.documents.tests.pdftext import read_pdf
from motcua.payments.models import FeeLine, FeeOrder, OrderKind, Receipt, Stage, TaxNotice
from motcua.payments.receipt_pdf import voucher_pdf

from .test_receipt_pdf import pay

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _demo_signing(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRODUCTION = False
    settings.MOTCUA_SIGNING_PKCS12 = ""
    settings.MOTCUA_SIGNING_PKCS12_PASSWORD = ""
    settings.MOTCUA_SIGNING_TRUST_ROOTS = []


@pytest.fixture
def notice(dossier, account) -> TaxNotice:
    order = FeeOrder.objects.create(
        dossier=dossier, kind=OrderKind.LAND, stage=Stage.OBLIGATION, account=account, amount=12_345_000
    )
    FeeLine.objects.create(order=order, kind=FeeLine.Kind.TAX, description="Tiền sử dụng đất", amount=12_345_000)
    return TaxNotice.objects.create(
        dossier_code=dossier.code,
        tax_id="6101234567",
        notice_number="TB-2026-000123",
        notice_date=date(2026, 5, 4),
        budget_subitem="1401",
        description="Tiền sử dụng đất",
        amount=12_345_000,
        payer_name="Công ty TNHH Nông sản Ngọc Linh",
        payer_kind=TaxNotice.PayerKind.BUSINESS,
        order=order,
    )


def test_the_voucher_prints_the_notice_the_payer_the_amount_and_the_transaction(notice, dossier):
    attempt = pay(notice.order, transaction="VCB0099887766")
    text = read_pdf(voucher_pdf(notice)).text
    notice.refresh_from_db()
    for expected in (
        "GIẤY NỘP TIỀN VÀO NGÂN SÁCH NHÀ NƯỚC",
        f"Số chứng từ: {notice.voucher_number}",
        "Người nộp tiền: Công ty TNHH Nông sản Ngọc Linh",
        "Mã số thuế: 6101234567",
        f"Mã hồ sơ: {dossier.code}",
        "Thông báo nộp tiền số: TB-2026-000123",
        "Ngày thông báo: 04/05/2026",
        "Tiểu mục: 1401",
        "Số tiền: 12.345.000 đ",
        "Mười hai triệu ba trăm bốn mươi lăm nghìn đồng",
        f"Ngày nộp tiền: {timezone.localdate():%d/%m/%Y}",
        f"Mã giao dịch: {attempt.reference}",
        "Mã giao dịch của ngân hàng/ví: VCB0099887766",
        "113000123456",
    ):
        assert expected in text, expected


def test_an_empty_voucher_number_is_recorded_once_from_the_receipt_and_printed(notice):
    pay(notice.order)
    TaxNotice.objects.filter(pk=notice.pk).update(voucher_number="")  # as if confirm had not recorded it yet
    notice.refresh_from_db()
    receipt = Receipt.objects.get(order=notice.order)
    text = read_pdf(voucher_pdf(notice)).text
    notice.refresh_from_db()
    expected = f"CT{timezone.localdate().year}-{receipt.series}-{receipt.number:07d}"
    assert notice.voucher_number == expected
    assert f"Số chứng từ: {expected}" in text
    assert notice.voucher.name.startswith("chung-tu/")


def test_a_voucher_number_from_the_notice_is_printed_as_is(notice):
    TaxNotice.objects.filter(pk=notice.pk).update(voucher_number="CT-KB-000777")
    notice.refresh_from_db()
    pay(notice.order)
    assert "Số chứng từ: CT-KB-000777" in read_pdf(voucher_pdf(notice)).text
    notice.refresh_from_db()
    assert notice.voucher_number == "CT-KB-000777"


def test_the_voucher_is_signed_and_verifies(notice):
    pay(notice.order)
    check = pdf_signature_check(voucher_pdf(notice))
    assert check.valid, check.problem
    assert check.signer == "Sở Nông nghiệp và Phát triển nông thôn"


def test_the_voucher_is_stored_once(notice, settings):
    pay(notice.order)
    stale = TaxNotice.objects.get(pk=notice.pk)
    first = voucher_pdf(notice)
    assert voucher_pdf(stale) == first  # loaded before the first call stored it: reads that file
    assert voucher_pdf(TaxNotice.objects.get(pk=notice.pk)) == first
    assert len(list((settings.MEDIA_ROOT / "chung-tu").rglob("*.pdf"))) == 1


def test_an_unpaid_notice_has_no_voucher_and_nothing_changes(notice, settings):
    with pytest.raises(DomainError) as error:
        voucher_pdf(notice)
    assert "chưa được thanh toán" in error.value.message
    notice.refresh_from_db()
    assert not notice.voucher and notice.voucher_number == ""
    assert not (settings.MEDIA_ROOT / "chung-tu").exists()
