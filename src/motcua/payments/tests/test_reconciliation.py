"""Statement import and matching: every line ends matched or queued, a wrong amount pays nothing, re-imports add
nothing, mangled memos still match, only accountants import."""

import pytest

from motcua.core.errors import DomainError
from motcua.payments.base import StartContext
from motcua.payments.models import (
    AttemptState,
    Discrepancy,
    LedgerEntry,
    OrderState,
    PaymentAttempt,
    Receipt,
    StatementImport,
    StatementLine,
)
from motcua.payments.services.attempts import payment_start
from motcua.payments.services.reconciliation import memo_references, statement_import

HEADER = "Số tài khoản;Mã giao dịch;Ngày giao dịch;Số tiền;Nội dung"
CONTEXT = StartContext(return_url="", ipn_url="", client_ip="127.0.0.1")


def statement(*rows: str, header: str = HEADER) -> bytes:
    return ("\ufeff" + "\n".join([header, *rows]) + "\n").encode()


def row(reference: str, amount, memo: str, account: str = "113000123456", day: str = "02/01/2026 10:15") -> str:
    return f"{account};{reference};{day};{amount};{memo}"


@pytest.fixture
def attempt(order, officer) -> PaymentAttempt:
    attempt, _ = payment_start(order=order, provider_key="vietqr", officer=officer, context=CONTEXT)
    return attempt


def test_counter_qr_paid_by_transfer_is_matched_and_the_order_paid(order, attempt, accountant):
    memo = attempt.instructions["data"]["memo"]
    result = statement_import(officer=accountant, file_name="sk.csv", content=statement(row("FT1", 70000, memo)))
    assert (result.lines_total, result.lines_new, result.lines_matched) == (1, 1, 1)
    order.refresh_from_db()
    attempt.refresh_from_db()
    assert order.state == OrderState.PAID and order.paid_amount == 70000
    assert attempt.state == AttemptState.SUCCEEDED and attempt.provider_transaction == "FT1"
    line = StatementLine.objects.get()
    assert line.state == StatementLine.State.MATCHED and line.attempt == attempt
    assert LedgerEntry.objects.filter(order=order, kind="payment").count() == 1
    assert Receipt.objects.filter(order=order).exists()
    assert not Discrepancy.objects.exists()


def test_right_memo_wrong_amount_pays_nothing_and_queues_the_line(order, attempt, accountant):
    content = statement(row("FT2", 50000, f"{attempt.reference} nop le phi"))
    result = statement_import(officer=accountant, file_name="sk.csv", content=content)
    assert result.lines_matched == 0
    order.refresh_from_db()
    assert order.state == OrderState.OPEN and order.paid_amount == 0
    assert PaymentAttempt.objects.get(pk=attempt.pk).state == AttemptState.PENDING
    line = StatementLine.objects.get()
    assert line.state == StatementLine.State.UNMATCHED
    discrepancy = Discrepancy.objects.get()
    assert (discrepancy.kind, discrepancy.line, discrepancy.attempt) == (Discrepancy.Kind.BAD_AMOUNT, line, attempt)
    assert not LedgerEntry.objects.exists()


def test_a_line_matching_nothing_is_queued(order, attempt, accountant):
    content = statement(row("FT3", 70000, "chuyen tien hoc phi"), row("FT4", 70000, "GD0000000000AB ho so"))
    statement_import(officer=accountant, file_name="sk.csv", content=content)
    assert set(Discrepancy.objects.values_list("kind", "line__bank_reference")) == {
        (Discrepancy.Kind.UNMATCHED_LINE, "FT3"),
        (Discrepancy.Kind.UNMATCHED_LINE, "FT4"),
    }
    assert type(order).objects.get(pk=order.pk).state == OrderState.OPEN


def test_reimporting_the_same_statement_adds_nothing(order, attempt, accountant):
    content = statement(row("FT5", 70000, attempt.reference), row("FT6", 1000, "khong ro"))
    first = statement_import(officer=accountant, file_name="sk.csv", content=content)
    again = statement_import(officer=accountant, file_name="sk.csv", content=content)
    assert (first.lines_new, first.lines_matched) == (2, 1)
    assert (again.lines_total, again.lines_new, again.lines_matched) == (2, 0, 0)
    assert StatementLine.objects.count() == 2
    assert Discrepancy.objects.count() == 1
    assert LedgerEntry.objects.count() == 1


@pytest.mark.parametrize(
    "mangle",
    [
        lambda ref: ref.lower(),
        lambda ref: f"{ref[:6]} {ref[6:10]} {ref[10:]}",
        lambda ref: f"MBVCB.3344.{ref[:2]}-{ref[2:8]}.{ref[8:]}.CT tu 0123",
        lambda ref: f"IBFT {ref.lower()}000.00.16.H34",
    ],
    ids=["lower", "spaces", "punctuation", "glued"],
)
def test_mixed_up_memo_case_and_spacing_still_match(order, attempt, accountant, mangle):
    content = statement(row("FT7", "70.000", mangle(attempt.reference)))
    assert statement_import(officer=accountant, file_name="sk.csv", content=content).lines_matched == 1
    assert type(order).objects.get(pk=order.pk).state == OrderState.PAID


def test_memo_references_reads_misread_letters():
    assert memo_references("gd 12o4 5678 9abc") == ["GD120456789ABC"]
    assert memo_references("no reference here") == []


def test_a_second_transfer_for_a_paid_attempt_is_a_double_payment(order, attempt, accountant):
    statement_import(officer=accountant, file_name="a.csv", content=statement(row("FT8", 70000, attempt.reference)))
    statement_import(officer=accountant, file_name="b.csv", content=statement(row("FT9", 70000, attempt.reference)))
    discrepancy = Discrepancy.objects.get()
    assert discrepancy.kind == Discrepancy.Kind.DOUBLE_PAYMENT and discrepancy.line.bank_reference == "FT9"
    assert LedgerEntry.objects.count() == 1
    assert type(order).objects.get(pk=order.pk).paid_amount == 70000


def test_an_expired_attempt_paid_late_is_still_credited(order, attempt, accountant):
    PaymentAttempt.objects.filter(pk=attempt.pk).update(state=AttemptState.EXPIRED)
    statement_import(officer=accountant, file_name="sk.csv", content=statement(row("FT10", 70000, attempt.reference)))
    assert type(order).objects.get(pk=order.pk).state == OrderState.PAID


def test_money_into_another_account_is_queued(order, attempt, accountant, account):
    account.pk, account.agency, account.account_number = None, None, "999888777"
    account.save()
    content = statement(row("FT11", 70000, attempt.reference, account="999888777"))
    statement_import(officer=accountant, file_name="sk.csv", content=content)
    assert Discrepancy.objects.get().kind == Discrepancy.Kind.UNMATCHED_LINE
    assert type(order).objects.get(pk=order.pk).state == OrderState.OPEN


def test_an_officer_without_the_accountant_role_is_refused(officer, attempt):
    with pytest.raises(DomainError, match="kế toán"):
        statement_import(officer=officer, file_name="sk.csv", content=statement(row("FT12", 70000, "x")))
    assert not StatementImport.objects.exists() and not StatementLine.objects.exists()
