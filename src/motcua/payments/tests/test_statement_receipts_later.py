"""A long bank statement pays its orders in the import and leaves receipts and payers' notices to a task per chunk:
the task issues each once (run twice, it adds nothing), the same receipts and notices as in-line, and a re-import
still adds nothing. A single notice (IPN) keeps issuing its receipt in-line."""

from collections import Counter

import pytest
from django_tasks_db.models import DBTaskResult

from motcua.audit.models import AuditEntry
from motcua.audit.selectors import audit_verify
from motcua.notifications.models import InboxMessage, Notification
from motcua.payments.base import Notice, StartContext
from motcua.payments.models import FeeOrder, LedgerEntry, OrderState, Receipt, Stage, StatementLine
from motcua.payments.services import reconciliation
from motcua.payments.services.attempts import payment_start
from motcua.payments.services.confirm import notice_apply
from motcua.payments.services.credit import DOUBLE, PAID, REPLAY, orders_credit
from motcua.payments.tasks import paid_orders_receipts_task

from .fixtures import submit
from .test_credit_batch import _paid, _scenario, _snapshot, world  # noqa: F401  (world: a fixture)
from .test_reconciliation import row, statement

CONTEXT = StartContext(return_url="", ipn_url="", client_ip="127.0.0.1")
RECEIPT_FIELDS = ["collector_id", "collector_name", "template_symbol", "series", "year", "payer_name", "lines", "total"]
RECEIPT_FIELDS += ["total_in_words", "payment_method"]


@pytest.fixture
def attempts(applicant, procedure, account, officer):
    orders = [FeeOrder.objects.get(dossier=submit(applicant, procedure), stage=Stage.SUBMISSION) for _ in range(3)]
    return [payment_start(order=o, provider_key="vietqr", officer=officer, context=CONTEXT)[0] for o in orders]


@pytest.fixture
def long_statement(monkeypatch):
    """Any statement of more than one line counts as long (the real threshold is a chunk, 1,000 lines)."""
    monkeypatch.setattr(reconciliation, "RECEIPTS_INLINE_MAX", 1)


def _content(attempts, start: int = 1) -> bytes:
    return statement(*(row(f"FT{start + n}", 70000, a.reference) for n, a in enumerate(attempts)))


def _import(accountant, content: bytes, capture):
    with capture(execute=True):
        return reconciliation.statement_import(officer=accountant, file_name="sk.csv", content=content)


def _queued() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.ready().filter(task_path=paid_orders_receipts_task.module_path))


def _run(capture) -> int:
    issued = 0
    with capture(execute=True):
        for result in _queued():
            issued += paid_orders_receipts_task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
    return issued


def _payment_deliveries() -> list[str]:
    return list(Notification.objects.filter(body__contains="/thanh-toan/").values_list("channel", flat=True))


def _payment_notices() -> int:
    return InboxMessage.objects.filter(link__endswith="/thanh-toan/").count()


def test_a_long_statement_pays_now_and_the_task_issues_receipts_and_notices_once(
    attempts, accountant, long_statement, django_capture_on_commit_callbacks
):
    result = _import(accountant, _content(attempts), django_capture_on_commit_callbacks)
    assert (result.lines_new, result.lines_matched) == (3, 3)
    orders = [a.order_id for a in attempts]
    assert FeeOrder.objects.filter(pk__in=orders, state=OrderState.PAID).count() == 3
    assert LedgerEntry.objects.filter(order_id__in=orders, kind="payment").count() == 3
    assert AuditEntry.objects.filter(subject_type="fee_order", action="paid").count() == 3
    assert not Receipt.objects.exists() and _payment_notices() == 0
    [queued] = _queued()
    assert queued.args_kwargs["args"] == [[a.pk for a in attempts]]  # one task for the chunk, in line order

    assert _run(django_capture_on_commit_callbacks) == 3
    receipts = list(Receipt.objects.order_by("number").values_list("order_id", "number"))
    assert receipts == [(order, n) for n, order in enumerate(orders, start=1)]
    assert _payment_notices() == 3
    notifications = Notification.objects.count()

    with django_capture_on_commit_callbacks(execute=True):  # a retried task (the row was run already)
        assert paid_orders_receipts_task.call([a.pk for a in attempts]) == 0
    assert Receipt.objects.count() == 3 and _payment_notices() == 3 and Notification.objects.count() == notifications
    assert audit_verify().ok


def test_the_task_issues_what_an_import_in_line_issues(
    attempts, accountant, monkeypatch, django_capture_on_commit_callbacks
):
    _import(accountant, _content(attempts[:1]), django_capture_on_commit_callbacks)  # one line: in-line
    assert not _queued() and Receipt.objects.count() == 1
    channels = Counter(_payment_deliveries())
    monkeypatch.setattr(reconciliation, "RECEIPTS_INLINE_MAX", 1)
    _import(accountant, _content(attempts[1:], start=2), django_capture_on_commit_callbacks)
    _run(django_capture_on_commit_callbacks)
    in_line, *later = Receipt.objects.order_by("pk").values(*RECEIPT_FIELDS)
    assert later == [in_line, in_line]
    texts = set()
    for order in FeeOrder.objects.select_related("dossier"):
        code, reference = order.dossier.code, order.reference
        for m in InboxMessage.objects.filter(link__endswith=f"/{code}/thanh-toan/"):
            text = f"{m.subject}|{m.body}|{m.link}"
            texts.add(text.replace(code, "<code>").replace(reference, "<order>"))
    assert len(texts) == 1 and InboxMessage.objects.filter(link__endswith="/thanh-toan/").count() == 3
    assert Counter(_payment_deliveries()) == Counter({c: 3 * n for c, n in channels.items()})


def test_a_reimport_after_the_task_adds_nothing(
    attempts, accountant, long_statement, django_capture_on_commit_callbacks
):
    content = _content(attempts)
    _import(accountant, content, django_capture_on_commit_callbacks)
    _run(django_capture_on_commit_callbacks)
    DBTaskResult.objects.all().delete()
    counts = [m.objects.count() for m in (StatementLine, LedgerEntry, Receipt, AuditEntry, InboxMessage)]
    again = _import(accountant, content, django_capture_on_commit_callbacks)
    assert (again.lines_new, again.lines_matched) == (0, 0)
    assert not _queued()
    assert [m.objects.count() for m in (StatementLine, LedgerEntry, Receipt, InboxMessage)] == counts[:3] + counts[4:]
    assert AuditEntry.objects.count() == counts[3] + 1  # the import itself is audited, no payment twice
    assert audit_verify().ok


def test_a_single_notice_keeps_its_receipt_in_line(attempts, django_capture_on_commit_callbacks):
    attempt = attempts[0]
    paid = Notice(reference=attempt.reference, amount=attempt.amount, paid=True, code="00", provider_transaction="X1")
    with django_capture_on_commit_callbacks(execute=True):
        notice_apply(provider="vietqr", notice=paid, record=None)
    assert Receipt.objects.filter(order_id=attempt.order_id).exists() and _payment_notices() == 1
    assert not _queued()


def test_a_chunk_with_receipts_later_ends_as_one_by_one_once_the_task_ran(
    world,  # noqa: F811  (the fixture imported above)
    procedure,
    applicant,
    django_capture_on_commit_callbacks,
):
    one_by_one = _scenario(world, procedure, applicant, "1")
    later = _scenario(world, procedure, applicant, "2")
    for attempt in one_by_one.values():
        notice_apply(provider="vietqr", notice=_paid(attempt), record=None)
    with django_capture_on_commit_callbacks(execute=True):
        results = orders_credit(notices={a.pk: _paid(a) for a in later.values()}, receipts_later=True)
    assert [results[a.pk] for a in later.values()] == [PAID, PAID, DOUBLE, DOUBLE, REPLAY, PAID]
    assert Receipt.objects.filter(order=later["land"].order).exists()  # land: in-line (its voucher is the receipt's)
    assert not Receipt.objects.filter(order=later["a"].order).exists()
    [queued] = _queued()
    assert queued.args_kwargs["args"] == [[later["a"].pk, later["b1"].pk]]
    _run(django_capture_on_commit_callbacks)
    assert _snapshot(later) == _snapshot(one_by_one)
    assert audit_verify().ok
