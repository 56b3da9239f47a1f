"""Nghĩa vụ tài chính đất đai: tax notices from the tax authority (API or CSV) become fee orders to pay.

A notice is keyed by its number (unique, spaces removed, upper case). The same number sent again with the same
data is ``unchanged`` (a resend is harmless); with different data it is refused: a correction comes as a new
notice with a new number. A call is all-or-nothing: every notice is checked first, one bad row imports nothing.
Each notice opens a ``FeeOrder`` (kind land, stage obligation) with one "thuế" line; when the last open land
order is paid, ``credit.orders_credit`` records its voucher number (``tax_voucher_record``) and, when it was the
last open land order of its dossier, resumes the dossier.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.accounts.models import StaffRole, User
from motcua.audit.services import audit_record
from motcua.core.errors import DomainError
from motcua.core.money import amount_in_words, format_dong
from motcua.dossiers.access import officer_roles, reception_agency_ids
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import FINISHED_STATES, State
from motcua.notifications.services import notify_person

from ...models import FeeLine, FeeOrder, OrderKind, Stage, TaxNotice
from ..orders import collection_account_for

LOOKUP_PATH = "/nghia-vu-tai-chinh/"
MAX_NOTICES = 2000  # per call (API body or CSV file)
MAX_AMOUNT = 10**14  # 100 nghìn tỷ đồng: anything above is a typing error
EARLIEST = date(2000, 1, 1)
IMPORTING_ROLES = frozenset({StaffRole.RECEPTION, StaffRole.SPECIALIST})
PAYER_KINDS = frozenset(TaxNotice.PayerKind.values)

_TAX_ID = re.compile(r"^(\d{10})(?:-?(\d{3}))?$|^(\d{12})$")
_SUBITEM = re.compile(r"^\d{4}$")
_NOTICE_NUMBER = re.compile(r"^[\w/.\-]+$")


@dataclass(frozen=True)
class TaxNoticeData:
    """One notice as the tax authority sends it (``row``: where it came from, for error messages only)."""

    dossier_code: str
    tax_id: str
    notice_number: str
    notice_date: date
    budget_subitem: str
    description: str
    amount: int
    payer_name: str
    payer_kind: str  # TaxNotice.PayerKind: business / household
    due_date: date | None = None
    row: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class RowError:
    """What is wrong with one row (``row`` 0: the file or the call as a whole), in Vietnamese."""

    row: int
    field: str  # the TaxNoticeData field ("" when the row as a whole is wrong)
    message: str

    def __str__(self) -> str:
        return f"Dòng {self.row}: {self.message}" if self.row else self.message


class TaxNoticeErrors(DomainError):
    """The notices cannot be taken as they are: ``errors`` says where and why."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"Có {len(errors)} lỗi, chưa nhận thông báo nào.", code="invalid")
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    notices: list[TaxNotice] = field(default_factory=list)  # created and unchanged, in the order received

    @property
    def ok(self) -> bool:
        return not self.errors


# --- Normalising and checking ---------------------------------------------------------------------------------
def squash(value: str) -> str:
    return "".join((value or "").split())


def _text(value: str) -> str:
    return " ".join((value or "").split())


def normalise_tax_id(value: str) -> str:
    """``0123456789 001`` / ``0123456789001`` → ``0123456789-001``; ``""`` when it is not a tax ID at all.

    Accepted: 10 digits (tổ chức, doanh nghiệp), 10-3 or 13 digits (đơn vị phụ thuộc, chi nhánh) and the 12-digit
    personal identification number, which serves as the tax ID of individuals and households since 1/7/2025.
    """
    match = _TAX_ID.match(squash(value).replace(".", ""))
    if match is None:
        return ""
    base, branch, personal = match.groups()
    return personal or (f"{base}-{branch}" if branch else base)


def _normalised(data: TaxNoticeData) -> TaxNoticeData:
    return replace(
        data,
        dossier_code=squash(data.dossier_code).upper(),
        tax_id=normalise_tax_id(data.tax_id) or squash(data.tax_id),
        notice_number=squash(data.notice_number).upper(),
        budget_subitem=squash(data.budget_subitem),
        description=_text(data.description),
        payer_name=_text(data.payer_name),
        payer_kind=squash(data.payer_kind).lower(),
    )


def _is_day(value: object) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def _check_fields(data: TaxNoticeData, row: int) -> list[RowError]:
    """Every rule that needs no database: formats, lengths, amounts, dates."""
    errors: list[RowError] = []

    def fail(name: str, message: str) -> None:
        errors.append(RowError(row, name, message))

    if not data.dossier_code:
        fail("dossier_code", "Thiếu mã hồ sơ.")
    elif len(data.dossier_code) > 60:
        fail("dossier_code", "Mã hồ sơ dài quá 60 ký tự.")
    if not normalise_tax_id(data.tax_id):
        fail(
            "tax_id",
            f"Mã số thuế “{data.tax_id[:20]}” không hợp lệ: phải gồm 10 chữ số, 13 chữ số (dạng 0123456789-001) "
            "hoặc 12 chữ số định danh cá nhân.",
        )
    if not data.notice_number:
        fail("notice_number", "Thiếu số thông báo.")
    elif len(data.notice_number) > 50 or not _NOTICE_NUMBER.match(data.notice_number):
        fail("notice_number", "Số thông báo chỉ gồm chữ, số và các dấu / . - _ (tối đa 50 ký tự).")
    today = timezone.localdate()
    date_ok = False
    if data.notice_date is None:
        fail("notice_date", "Thiếu ngày thông báo.")
    elif not _is_day(data.notice_date):
        fail("notice_date", "Ngày thông báo không hợp lệ.")
    elif data.notice_date > today:
        fail("notice_date", "Ngày thông báo không được sau ngày hôm nay.")
    elif data.notice_date < EARLIEST:
        fail("notice_date", "Ngày thông báo không hợp lệ (trước năm 2000).")
    else:
        date_ok = True
    if data.due_date is not None and not _is_day(data.due_date):
        fail("due_date", "Hạn nộp không hợp lệ.")
    elif data.due_date is not None and date_ok:
        if data.due_date < data.notice_date:
            fail("due_date", "Hạn nộp không được trước ngày thông báo.")
        elif data.due_date > data.notice_date + timedelta(days=3660):
            fail("due_date", "Hạn nộp không hợp lệ (quá 10 năm sau ngày thông báo).")
    if not _SUBITEM.match(data.budget_subitem):
        fail("budget_subitem", "Tiểu mục phải gồm 4 chữ số theo Mục lục ngân sách nhà nước (ví dụ 1411, 2801).")
    if not data.description:
        fail("description", "Thiếu nội dung khoản nộp.")
    elif len(data.description) > 500:
        fail("description", "Nội dung khoản nộp dài quá 500 ký tự.")
    if not isinstance(data.amount, int) or isinstance(data.amount, bool) or data.amount <= 0:
        fail("amount", "Số tiền phải là số nguyên đồng lớn hơn 0.")
    elif data.amount > MAX_AMOUNT:
        fail("amount", "Số tiền quá lớn, vui lòng kiểm tra lại.")
    if not data.payer_name:
        fail("payer_name", "Thiếu tên người nộp.")
    elif len(data.payer_name) > 300:
        fail("payer_name", "Tên người nộp dài quá 300 ký tự.")
    if data.payer_kind not in PAYER_KINDS:
        fail("payer_kind", "Loại người nộp phải là “Doanh nghiệp” (business) hoặc “Cá nhân, hộ gia đình” (household).")
    return errors


_LABELS = {
    "dossier_code": "mã hồ sơ",
    "tax_id": "mã số thuế",
    "notice_date": "ngày thông báo",
    "budget_subitem": "tiểu mục",
    "description": "nội dung",
    "amount": "số tiền",
    "payer_name": "người nộp",
    "payer_kind": "loại người nộp",
    "due_date": "hạn nộp",
}


def _differences(existing: TaxNotice, data: TaxNoticeData) -> list[str]:
    return [label for name, label in _LABELS.items() if getattr(existing, name) != getattr(data, name)]


def _importable_agency_ids(actor: User) -> set[int]:
    """The agencies whose dossiers an officer may receive tax notices for (reception and specialists)."""
    own = {agency_id for agency_id, role in officer_roles(officer=actor) if role in IMPORTING_ROLES}
    return own | reception_agency_ids(officer=actor)


# --- Import ---------------------------------------------------------------------------------------------------
def _plan(notices: list[TaxNoticeData], actor: User | None) -> tuple[list, list[RowError]]:
    """Check every notice; return what to do with each (("create", data, dossier) / ("same", notice)) or errors."""
    errors: list[RowError] = []
    checked: list[tuple[int, TaxNoticeData]] = []
    for position, raw in enumerate(notices, start=1):
        row = raw.row or position
        data = _normalised(raw)
        problems = _check_fields(data, row)
        errors += problems
        if not problems:
            checked.append((row, replace(data, tax_id=normalise_tax_id(data.tax_id))))
    codes = {data.dossier_code for _, data in checked}
    dossiers = {d.code: d for d in Dossier.objects.filter(code__in=codes).select_related("agency", "applicant")}
    numbers = {data.notice_number for _, data in checked}
    existing = {n.notice_number: n for n in TaxNotice.objects.filter(notice_number__in=numbers)}
    allowed = _importable_agency_ids(actor) if actor is not None else None
    plan: list = []
    seen: dict[str, tuple[int, TaxNoticeData]] = {}
    for row, data in checked:
        number = data.notice_number
        if number in seen:
            first_row, first = seen[number]
            if first != data:
                errors.append(
                    RowError(row, "notice_number", f"Số thông báo {number} lặp lại dòng {first_row} với nội dung khác.")
                )
            continue
        seen[number] = (row, data)
        if number in existing:
            changed = _differences(existing[number], data)
            if changed:
                errors.append(
                    RowError(
                        row,
                        "notice_number",
                        f"Thông báo số {number} đã được nhận trước đó với "
                        f"{', '.join(changed)} khác. Thông báo điều chỉnh phải có số thông báo mới.",
                    )
                )
            else:
                plan.append(("same", existing[number]))
            continue
        dossier = dossiers.get(data.dossier_code)
        if dossier is None or (allowed is not None and dossier.agency_id not in allowed):
            where = " trong các cơ quan bạn phụ trách" if allowed is not None else ""
            errors.append(RowError(row, "dossier_code", f"Không tìm thấy hồ sơ có mã {data.dossier_code}{where}."))
        elif dossier.state == State.DRAFT or dossier.state in FINISHED_STATES:
            errors.append(
                RowError(
                    row,
                    "dossier_code",
                    f"Hồ sơ {dossier.code} đang ở trạng thái "
                    f"“{dossier.get_state_display()}”: không nhận thông báo nghĩa vụ tài chính.",
                )
            )
        else:
            plan.append(("create", data, dossier))
    return plan, errors


def _create(data: TaxNoticeData, dossier: Dossier, actor: User | None, source: str) -> TaxNotice:
    order = FeeOrder.objects.create(
        dossier=dossier,
        kind=OrderKind.LAND,
        stage=Stage.OBLIGATION,
        account=collection_account_for(dossier.agency),
        amount=data.amount,
    )
    FeeLine.objects.create(
        order=order,
        kind=FeeLine.Kind.TAX,
        description=f"{data.description} (tiểu mục {data.budget_subitem})"[:500],
        amount=data.amount,
    )
    notice = TaxNotice.objects.create(
        **{name: getattr(data, name) for name in _LABELS if name != "dossier_code"},
        dossier_code=dossier.code,
        notice_number=data.notice_number,
        order=order,
    )
    audit_record(
        actor=actor,
        subject_type="tax_notice",
        subject_id=notice.notice_number,
        action="receive",
        to_state=order.state,
        data={"dossier": dossier.code, "order": order.reference, "amount": data.amount, "source": source[:100]},
    )
    audit_record(
        actor=actor,
        subject_type="fee_order",
        subject_id=order.reference,
        action="open",
        to_state=order.state,
        data={
            "dossier": dossier.code,
            "stage": order.stage,
            "amount": order.amount,
            "tax_notice": notice.notice_number,
        },
    )
    _notify(notice, dossier)
    return notice


def _notify(notice: TaxNotice, dossier: Dossier) -> None:
    if dossier.applicant_id is None:  # a walk-in without an account is told at the counter
        return
    due = f" Hạn nộp: {notice.due_date:%d/%m/%Y}." if notice.due_date else ""
    notify_person(
        user=dossier.applicant,
        subject=f"Hồ sơ {dossier.code}: thông báo nộp {format_dong(notice.amount)} nghĩa vụ tài chính",
        body=f"Cơ quan thuế đã gửi thông báo số {notice.notice_number} ngày {notice.notice_date:%d/%m/%Y} cho hồ sơ "
        f"{dossier.code}: {notice.description}, số tiền {format_dong(notice.amount)} "
        f"({amount_in_words(notice.amount)}).{due}\nTra cứu bằng mã hồ sơ và mã số thuế (hoặc số thông báo) tại "
        "mục “Nghĩa vụ tài chính đất đai” để thanh toán trực tuyến.",
        link=LOOKUP_PATH,
        email=dossier.applicant_email,
        phone=dossier.applicant_phone,
    )


def tax_notices_import(*, notices: Iterable[TaxNoticeData], source: str, actor: User | None = None) -> ImportResult:
    """Take the tax authority's notices: all of them, or none (the result then lists every row error).

    ``source`` says where they came from ("api:<client>", "csv:<file>"), kept in the audit log. ``actor`` is the
    officer who uploaded them (they may only add notices for their agencies' dossiers); None for a partner system.
    """
    notices = list(notices)
    if not notices:
        return ImportResult(errors=[RowError(0, "", "Không có thông báo nào để nhận.")])
    if len(notices) > MAX_NOTICES:
        return ImportResult(errors=[RowError(0, "", f"Mỗi lần gửi tối đa {MAX_NOTICES} thông báo.")])
    for attempt in range(2):
        try:
            return _import_once(notices, source, actor)
        except IntegrityError:  # the same new notice arrived concurrently: look again, it is now "unchanged"
            if attempt:
                raise
    raise AssertionError("unreachable")


def _import_once(notices: list[TaxNoticeData], source: str, actor: User | None) -> ImportResult:
    with transaction.atomic():
        plan, errors = _plan(notices, actor)
        if errors:
            return ImportResult(errors=errors)
        result = ImportResult()
        for step in plan:
            if step[0] == "same":
                result.unchanged += 1
                result.notices.append(step[1])
            else:
                result.created += 1
                result.notices.append(_create(step[1], step[2], actor, source))
        return result
