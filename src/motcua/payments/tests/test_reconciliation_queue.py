"""The reconciliation queue: succeeded transfers missing from the statement, and resolving a discrepancy."""

from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.accounts.models import StaffRole
from motcua.audit.models import AuditEntry
from motcua.catalogue.models import Agency
from motcua.core.errors import DomainError
from motcua.dossiers.tests.factories import officer_of
from motcua.payments.base import StartContext
from motcua.payments.models import AttemptState, Discrepancy, PaymentAttempt, StatementLine
from motcua.payments.services.attempts import payment_start
from motcua.payments.services.reconciliation import (
    discrepancy_resolve,
    provider_transactions_check,
    statement_import,
)

CONTEXT = StartContext(return_url="", ipn_url="", client_ip="127.0.0.1")
HEADER = "Số tài khoản;Mã giao dịch;Ngày giao dịch;Số tiền;Nội dung"


@pytest.fixture
def succeeded(order, officer) -> PaymentAttempt:
    """A VietQR attempt marked paid without any statement line (e.g. confirmed by a bank officer by phone)."""
    attempt, _ = payment_start(order=order, provider_key="vietqr", officer=officer, context=CONTEXT)
    PaymentAttempt.objects.filter(pk=attempt.pk).update(
        state=AttemptState.SUCCEEDED, finished_at=timezone.now(), provider_transaction="FT900"
    )
    return attempt


def test_a_succeeded_transfer_missing_from_the_statement_is_flagged_once(succeeded):
    today = timezone.localdate()
    assert provider_transactions_check(day=today) == 1
    assert provider_transactions_check(day=today) == 0
    discrepancy = Discrepancy.objects.get()
    assert (discrepancy.kind, discrepancy.attempt) == (Discrepancy.Kind.NOT_ON_STATEMENT, succeeded)
    assert provider_transactions_check(day=today - timedelta(days=1)) == 0


def test_a_transfer_on_the_statement_is_not_flagged(succeeded, accountant):
    content = f"{HEADER}\n113000123456;FT900;02/01/2026;70000;{succeeded.reference}\n".encode()
    statement_import(officer=accountant, file_name="sk.csv", content=content)
    line = StatementLine.objects.get()
    assert line.state == StatementLine.State.MATCHED and line.attempt == succeeded
    assert provider_transactions_check(day=timezone.localdate()) == 0
    assert not Discrepancy.objects.exists()


@pytest.fixture
def queued(order, accountant) -> Discrepancy:
    content = f"{HEADER}\n113000123456;FT901;02/01/2026;70000;khong ro noi dung\n".encode()
    statement_import(officer=accountant, file_name="sk.csv", content=content)
    return Discrepancy.objects.get()


def test_an_accountant_resolves_a_discrepancy_with_a_resolution(queued, accountant):
    resolved = discrepancy_resolve(discrepancy=queued, officer=accountant, resolution="Đã hoàn trả người chuyển.")
    assert resolved.resolved_at is not None and resolved.resolved_by == accountant
    assert StatementLine.objects.get().state == StatementLine.State.RESOLVED
    assert AuditEntry.objects.filter(subject_type="discrepancy", action="resolve").count() == 1


def test_a_resolution_is_required(queued, accountant):
    with pytest.raises(DomainError, match="cách đã xử lý"):
        discrepancy_resolve(discrepancy=queued, officer=accountant, resolution="   ")
    assert Discrepancy.objects.get().resolved_at is None


def test_a_discrepancy_is_resolved_once(queued, accountant):
    discrepancy_resolve(discrepancy=queued, officer=accountant, resolution="Đã xử lý")
    with pytest.raises(DomainError, match="đã được xử lý"):
        discrepancy_resolve(discrepancy=queued, officer=accountant, resolution="Lần nữa")
    assert Discrepancy.objects.get().resolution == "Đã xử lý"


def test_only_an_accountant_resolves(queued, officer):
    with pytest.raises(DomainError, match="kế toán"):
        discrepancy_resolve(discrepancy=queued, officer=officer, resolution="Đã xử lý")
    assert Discrepancy.objects.get().resolved_at is None


def test_an_accountant_of_another_agency_cannot_resolve_this_agencys_order(succeeded):
    provider_transactions_check(day=timezone.localdate())
    other = officer_of(Agency.objects.create(code="000.00.99.H34", name="Sở khác"), StaffRole.ACCOUNTANT)
    with pytest.raises(DomainError, match="cơ quan khác"):
        discrepancy_resolve(discrepancy=Discrepancy.objects.get(), officer=other, resolution="Đã xử lý")
