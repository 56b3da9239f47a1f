"""Demo data for payments: collection accounts, and dossiers of the demo business with something to pay.

``payments_load_demo`` is idempotent. Each run makes sure of:

* the province's default collection account ("Văn phòng UBND tỉnh Kon Tum", VietinBank 970415) and one account
  per agency that has procedures with fees — demo numbers and tax codes (``DEMO`` in the account name);
* open fee orders made before the accounts existed (the dossiers demo runs first) get their agency's account;
* once: two dossiers of the demo business for the land registration procedure (lệ phí + phí at submission):
  one just submitted, its fee order open — to pay through the sandbox bank; one whose fees were paid (a receipt
  is issued), received at the desk and now "Yêu cầu thực hiện nghĩa vụ tài chính" with a tax notice to pay.
"""

import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from motcua.accounts.demo import DEMO_BUSINESS, DEMO_BUSINESS_TAX_CODE, DEMO_RECEPTION_OFFICER
from motcua.accounts.models import User
from motcua.catalogue.models import Agency, Procedure
from motcua.documents.pdf import Document
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Dossier

from .base import Notice
from .models import CollectionAccount, FeeOrder, OrderState, PaymentAttempt, TaxNotice
from .services.confirm import notice_apply
from .services.land.notices import TaxNoticeData, tax_notices_import
from .services.orders import collection_account_for

PROVINCE = "000.00.00.H34"  # Ủy ban nhân dân tỉnh Kon Tum: its office collects for agencies without an account
DEMO_LAND_PROCEDURE = "1.012812"  # Đăng ký đất đai … cấp Giấy chứng nhận lần đầu cho tổ chức: lệ phí + phí
DEMO_NOTICE = "DEMO-TB-2026-0001"
BANK = ("VietinBank", "970415")


@dataclass(frozen=True)
class PaymentsDemo:
    accounts_created: int
    orders_attached: int
    dossiers_created: int


# --- Collection accounts --------------------------------------------------------------------------------
def _collector_name(agency: Agency) -> str:
    """ "Sở Y tế" → "Sở Y tế tỉnh Kon Tum"; "… Khu kinh tế tỉnh" → "… tỉnh Kon Tum"; districts and communes as is."""
    if agency.name.endswith(" tỉnh"):
        return f"{agency.name} Kon Tum"
    if agency.level == Agency.Level.DEPARTMENT:
        return f"{agency.name} tỉnh Kon Tum"
    return agency.name


def _fee_agencies() -> list[Agency]:
    """Agencies with at least one procedure that charges a fee, in the catalogue's order."""
    return list(
        Agency.objects.filter(procedures__cases__channels__fee_items__isnull=False)
        .distinct()
        .order_by("position", "code")
    )


def _account_defaults(index: int, collector: str, account_name: str, letters: str) -> dict:
    # Clearly demo: tax codes 6199xxxxxx and account numbers 1199xxxxxxxx are not issued to anyone in Kon Tum.
    return {
        "collector_name": collector,
        "collector_tax_code": f"6199{index:06d}",
        "account_name": f"{account_name} (DEMO)"[:300],
        "account_number": f"1199{index:08d}",
        "bank_name": BANK[0],
        "bank_bin": BANK[1],
        "receipt_template": "EBL01",
        "receipt_letters": letters,
    }


def collection_accounts_load_demo() -> int:
    """The province's default account and one per agency with fees; returns how many were created."""
    created = 0
    if not CollectionAccount.objects.filter(agency=None).exists():
        CollectionAccount.objects.create(
            agency=None, **_account_defaults(0, "Văn phòng Ủy ban nhân dân tỉnh Kon Tum", "VP UBND TINH KON TUM", "KT")
        )
        created += 1
    for agency in _fee_agencies():
        _, made = CollectionAccount.objects.get_or_create(
            agency=agency,
            defaults=_account_defaults(agency.pk, _collector_name(agency), _ascii_upper(agency.name), "AA"),
        )
        created += made
    return created


def _ascii_upper(text: str) -> str:
    """Account holder names travel without diacritics (bank transfers, VietQR): "SO Y TE"."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in plain if not unicodedata.combining(c)).upper()


def open_orders_attach_accounts() -> int:
    """Open fee orders made before any account existed take their agency's (or the default) account."""
    attached = 0
    for order in FeeOrder.objects.filter(account=None, state=OrderState.OPEN).select_related("dossier__agency"):
        account = collection_account_for(order.dossier.agency)
        if account is not None:
            attached += FeeOrder.objects.filter(pk=order.pk, account=None).update(account=account)
    return attached


# --- Dossiers with something to pay ---------------------------------------------------------------------
def _pdf(title: str) -> SimpleUploadedFile:
    document = Document(title=title, author="motcua demo", issued_at=None)
    document.title(title)
    document.paragraph("Tài liệu mẫu của dữ liệu demo motcua (không có giá trị pháp lý). Kon Tum.")
    return SimpleUploadedFile("tai-lieu-demo.pdf", document.output(), content_type="application/pdf")


def _submitted(applicant: User, procedure: Procedure, key: str) -> Dossier:
    draft = dossier_services.dossier_draft_create(applicant=applicant, procedure=procedure)
    for component in draft.case.components.filter(required=True):
        dossier_services.dossier_file_add(
            dossier=draft, actor=applicant, component_id=component.pk, upload=_pdf(component.name[:120])
        )
    return dossier_services.dossier_submit(dossier=draft, actor=applicant, idempotency_key=key)


def _paid_through_sandbox(order: FeeOrder, payer: User) -> None:
    """As if the payer had paid at the sandbox bank: a verified notice applied by the one crediting path."""
    attempt = PaymentAttempt.objects.create(
        order=order, provider="sandbox", amount=order.amount, payer=payer,
        expires_at=timezone.now() + timedelta(minutes=15),
    )  # fmt: skip
    notice = Notice(
        reference=attempt.reference, amount=order.amount, paid=True, code="00",
        message="Giao dịch thành công (dữ liệu demo)", provider_transaction=f"DEMO{attempt.pk:08d}", bank_code="NCB",
    )  # fmt: skip
    notice_apply(provider="sandbox", notice=notice, record=None)


def _awaiting_obligation(business: User, officer: User, procedure: Procedure) -> Dossier:
    dossier = _submitted(business, procedure, "demo-pay-2")
    fees = FeeOrder.objects.filter(dossier=dossier, state=OrderState.OPEN).first()
    if fees is not None:
        _paid_through_sandbox(fees, business)
    dossier = dossier_services.dossier_receive(dossier=dossier, officer=officer)
    dossier = dossier_services.dossier_request_payment(
        dossier=dossier,
        officer=officer,
        note="Nộp lệ phí trước bạ nhà, đất theo thông báo của cơ quan thuế trước khi cấp Giấy chứng nhận.",
    )
    today = timezone.localdate()
    notice = TaxNoticeData(
        dossier_code=dossier.code,
        tax_id=DEMO_BUSINESS_TAX_CODE,
        notice_number=DEMO_NOTICE,
        notice_date=today,
        budget_subitem="2801",
        description="Lệ phí trước bạ nhà, đất (thửa đất số 125, tờ bản đồ số 18, phường Quyết Thắng) — demo",
        amount=6_000_000,
        payer_name=DEMO_BUSINESS[2],
        payer_kind=TaxNotice.PayerKind.BUSINESS,
        due_date=today + timedelta(days=30),
    )
    result = tax_notices_import(notices=[notice], source="demo")
    if not result.ok:
        raise RuntimeError("; ".join(str(error) for error in result.errors))
    return dossier


def dossiers_with_fees_load_demo() -> int:
    """Two dossiers of the demo business (see the module docstring), once; returns how many were made."""
    business = User.objects.filter(username=DEMO_BUSINESS[1]).first()
    officer = User.objects.filter(username=DEMO_RECEPTION_OFFICER).first()
    procedure = Procedure.objects.filter(code=DEMO_LAND_PROCEDURE).first()
    if None in (business, officer, procedure):
        return 0
    if TaxNotice.objects.filter(notice_number=DEMO_NOTICE).exists():
        return 0
    made = 1
    if not Dossier.objects.filter(applicant=business, procedure=procedure).exists():
        _submitted(business, procedure, "demo-pay-1")
        made += 1
    _awaiting_obligation(business, officer, procedure)
    return made


@transaction.atomic
def payments_load_demo() -> PaymentsDemo:
    """Everything above, in one transaction (a failure leaves the database as it was)."""
    accounts = collection_accounts_load_demo()
    attached = open_orders_attach_accounts()
    dossiers = dossiers_with_fees_load_demo()
    return PaymentsDemo(accounts_created=accounts, orders_attached=attached, dossiers_created=dossiers)
