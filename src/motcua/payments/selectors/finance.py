"""Reads for finance officers ("Kế toán"): the reconciliation queue, transactions, an order's money, the day report.

Every read is scoped to ``finance_agency_ids(officer)``: the agencies where the officer is accountant or leader.
What cannot be tied to any agency (a callback with a bad signature, a transfer to the province's default account
matching nothing) is shown to every finance officer: nobody else could resolve it, and it must not be dropped.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from motcua.accounts.models import StaffRole, User
from motcua.accounts.selectors import officer_memberships
from motcua.catalogue.models import Agency
from motcua.core.errors import NotFound

from ..base import providers
from ..models import CollectionAccount, Discrepancy, FeeOrder, LedgerEntry, PaymentAttempt, StatementLine

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
FINANCE_ROLES = frozenset({StaffRole.ACCOUNTANT, StaffRole.AGENCY_LEADER})


def finance_agency_ids(*, officer: User) -> set[int]:
    """Agencies whose money ``officer`` may see: where they are accountant (kế toán) or agency leader."""
    return {m.agency_id for m in officer_memberships(officer=officer) if m.role in FINANCE_ROLES}


def accountant_agency_ids(*, officer: User) -> set[int]:
    """Agencies where ``officer`` keeps the accounts: imports statements and resolves discrepancies."""
    return {m.agency_id for m in officer_memberships(officer=officer) if m.role == StaffRole.ACCOUNTANT}


def provider_label(key: str) -> str:
    if not key:
        return _("Ghi nhận thủ công")
    return str(providers[key].label) if key in providers else key


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The aware instants where ``day`` (a day in Việt Nam) starts and the next one starts."""
    start = datetime.combine(day, time.min, tzinfo=LOCAL)
    return start, start + timedelta(days=1)


def _account_numbers(ids: Iterable[int]) -> list[str]:
    accounts = CollectionAccount.objects.filter(Q(agency_id__in=list(ids)) | Q(agency=None))
    return list(accounts.values_list("account_number", flat=True))


def _discrepancy_scope(ids: set[int]) -> Q:
    return (
        Q(order__dossier__agency_id__in=ids)
        | Q(attempt__order__dossier__agency_id__in=ids)
        | Q(order=None, attempt=None, line__account_number__in=_account_numbers(ids))
        | Q(order=None, attempt=None, line=None)
    )


def discrepancies_for_officer(*, officer: User, resolved: bool = False) -> QuerySet[Discrepancy]:
    """The reconciliation queue ("Sai lệch cần xử lý"), oldest first; ``resolved``: the ones already handled."""
    ids = finance_agency_ids(officer=officer)
    if not ids:
        return Discrepancy.objects.none()
    return (
        Discrepancy.objects.filter(_discrepancy_scope(ids), resolved_at__isnull=not resolved)
        .select_related("order__dossier", "attempt", "line", "callback", "resolved_by")
        .order_by("created_at", "id")
    )


def discrepancy_get_for_officer(*, officer: User, pk: int) -> Discrepancy:
    """One discrepancy (open or resolved) the officer may see, with its raw callback; NotFound otherwise."""
    ids = finance_agency_ids(officer=officer)
    found = None
    if ids:
        found = (
            Discrepancy.objects.filter(_discrepancy_scope(ids), pk=pk)
            .select_related("order__dossier", "attempt__order__dossier", "line", "callback", "resolved_by")
            .first()
        )
    if found is None:
        raise NotFound(_("Không tìm thấy sai lệch này."))
    return found


def attempts_for_officer(
    *, officer: User, day: date | None = None, provider: str = "", state: str = ""
) -> QuerySet[PaymentAttempt]:
    """Payment attempts of the officer's agencies, newest first, filtered by day (Việt Nam), provider, state."""
    ids = finance_agency_ids(officer=officer)
    attempts = PaymentAttempt.objects.filter(order__dossier__agency_id__in=ids).select_related("order__dossier")
    if day is not None:
        start, end = day_bounds(day)
        attempts = attempts.filter(created_at__gte=start, created_at__lt=end)
    if provider:
        attempts = attempts.filter(provider=provider)
    if state:
        attempts = attempts.filter(state=state)
    return attempts.order_by("-created_at", "-id")


def statement_lines_for_officer(*, officer: User, day: date | None = None, state: str = "") -> QuerySet[StatementLine]:
    """Incoming transfers on the officer's agencies' accounts (and the province's default one), newest first."""
    ids = finance_agency_ids(officer=officer)
    if not ids:
        return StatementLine.objects.none()
    lines = StatementLine.objects.filter(account_number__in=_account_numbers(ids)).select_related("attempt")
    if day is not None:
        start, end = day_bounds(day)
        lines = lines.filter(booked_at__gte=start, booked_at__lt=end)
    if state:
        lines = lines.filter(state=state)
    return lines.order_by("-booked_at", "-id")


def order_get_for_finance(*, officer: User, reference: str) -> FeeOrder:
    """A fee order of one of the officer's agencies, with its lines, attempts, ledger and refunds; else NotFound."""
    order = (
        FeeOrder.objects.filter(reference=reference, dossier__agency_id__in=finance_agency_ids(officer=officer))
        .select_related("dossier__agency", "account", "receipt")
        .prefetch_related("lines", "attempts", "ledger", "refunds__by")
        .first()
    )
    if order is None:
        raise NotFound(_("Không tìm thấy khoản phải nộp này."))
    return order


@dataclass
class ReportRow:
    label: str
    payments: int = 0
    collected: int = 0
    refunded: int = 0

    @property
    def net(self) -> int:
        return self.collected - self.refunded


@dataclass
class DailyReport:
    day: date
    by_provider: list[ReportRow] = field(default_factory=list)
    by_agency: list[ReportRow] = field(default_factory=list)
    total: ReportRow = field(default_factory=lambda: ReportRow(""))
    discrepancies_opened: int = 0
    discrepancies_resolved: int = 0


def _rows(entries: QuerySet[LedgerEntry], key: str, label_of) -> list[ReportRow]:
    grouped = (
        entries.values(key)
        .annotate(
            payments=Count("id", filter=Q(kind=LedgerEntry.Kind.PAYMENT)),
            collected=Sum("amount", filter=Q(kind=LedgerEntry.Kind.PAYMENT), default=0),
            refunded=Sum("amount", filter=Q(kind=LedgerEntry.Kind.REFUND), default=0),
        )
        .order_by(key)
    )
    return [ReportRow(label_of(g[key]), g["payments"], g["collected"], g["refunded"]) for g in grouped]


def daily_report(*, officer: User, day: date) -> DailyReport:
    """Money collected and refunded on ``day`` (Việt Nam time) per provider and per agency, and the queue's day."""
    ids = finance_agency_ids(officer=officer)
    start, end = day_bounds(day)
    entries = LedgerEntry.objects.filter(order__dossier__agency_id__in=ids, at__gte=start, at__lt=end)
    names = dict(Agency.objects.filter(pk__in=ids).values_list("pk", "name"))
    report = DailyReport(day=day)
    report.by_provider = _rows(entries, "provider", provider_label)
    report.by_agency = _rows(entries, "order__dossier__agency_id", lambda pk: names.get(pk, str(pk)))
    report.total = ReportRow(
        _("Tổng cộng"),
        sum(r.payments for r in report.by_provider),
        sum(r.collected for r in report.by_provider),
        sum(r.refunded for r in report.by_provider),
    )
    if ids:
        scoped = Discrepancy.objects.filter(_discrepancy_scope(ids))
        report.discrepancies_opened = scoped.filter(created_at__gte=start, created_at__lt=end).count()
        report.discrepancies_resolved = scoped.filter(resolved_at__gte=start, resolved_at__lt=end).count()
    return report


def provider_choices() -> list[tuple[str, str]]:
    """Every registered provider, for filters: (key, label)."""
    return [(key, provider_label(key)) for key in providers]
