"""Concurrent duplicates: 8 threads deliver the same success IPN at once → exactly one paid transition.

Real concurrency, each thread on its own database connection. On PostgreSQL the threads share the test
database; on SQLite the in-memory test database is copied to a WAL file first (an in-memory database cannot be
shared with locks), where IMMEDIATE transactions wait for each other as in production.
"""

import sqlite3
import threading
from contextlib import contextmanager

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Sum
from django.db.utils import load_backend
from django.test import Client

from motcua.audit.models import AuditEntry
from motcua.payments.contrib.sandbox.testing import attempt_start, ipn_fields
from motcua.payments.models import AttemptState, CallbackRecord, FeeOrder, LedgerEntry, OrderState, Receipt

THREADS = 8


def _file_connection(path):
    backend = load_backend(connection.settings_dict["ENGINE"])
    return backend.DatabaseWrapper({**connection.settings_dict, "NAME": str(path)}, DEFAULT_DB_ALIAS)


def _copy_to_wal_file(path):
    """Copy the in-memory test database to ``path`` and switch the copy to WAL before any thread opens it.

    The copy starts in rollback-journal mode; left so, every thread's ``PRAGMA journal_mode=WAL`` would race to
    upgrade its lock and SQLite answers the losers "database is locked" at once, without waiting.
    """
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.execute("PRAGMA journal_mode=WAL")
    target.close()


@contextmanager
def _using(wrapper):
    """Make ``wrapper`` this thread's default connection for the block (None: keep the test's)."""
    if wrapper is None:
        yield
        return
    saved = connections[DEFAULT_DB_ALIAS]
    connections[DEFAULT_DB_ALIAS] = wrapper
    try:
        yield
    finally:
        wrapper.close()
        connections[DEFAULT_DB_ALIAS] = saved


def test_concurrent_duplicate_ipns_pay_exactly_once(transactional_db, order, applicant, tmp_path):
    attempt, _ = attempt_start(order=order, payer=applicant)
    fields = ipn_fields(reference=attempt.reference, amount=attempt.amount)
    path = tmp_path / "ipn.sqlite3"
    on_file = connection.vendor == "sqlite"
    if on_file:
        _copy_to_wal_file(path)
    start = threading.Barrier(THREADS)
    codes: list[str] = []
    errors: list[BaseException] = []

    def deliver() -> None:
        with _using(_file_connection(path) if on_file else None):
            try:
                start.wait()
                codes.append(Client().get("/thanh-toan/sandbox/ipn/", fields).json()["RspCode"])
            except BaseException as error:
                errors.append(error)
            finally:
                connections[DEFAULT_DB_ALIAS].close()

    threads = [threading.Thread(target=deliver) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(codes) == ["00"] + ["02"] * (THREADS - 1)
    with _using(_file_connection(path) if on_file else None):
        order = FeeOrder.objects.get(pk=order.pk)
        assert order.state == OrderState.PAID and order.paid_amount == attempt.amount
        assert type(attempt).objects.get(pk=attempt.pk).state == AttemptState.SUCCEEDED
        assert LedgerEntry.objects.filter(order=order, kind="payment").count() == 1
        assert Receipt.objects.filter(order=order).count() == 1
        assert AuditEntry.objects.filter(subject_id=order.reference, action="paid").count() == 1
        assert CallbackRecord.objects.filter(channel="ipn").count() == THREADS
        payments = LedgerEntry.objects.filter(kind="payment").aggregate(s=Sum("amount"))["s"] or 0
        refunds = LedgerEntry.objects.filter(kind="refund").aggregate(s=Sum("amount"))["s"] or 0
        assert payments - refunds == order.paid_amount - order.refunded_amount


@pytest.mark.parametrize("rounds", [3])
def test_concurrent_success_and_failure_for_one_attempt_never_both_apply(transactional_db, order, applicant, tmp_path,
                                                                         rounds):  # fmt: skip
    """A stale failure racing the success: whichever lands first, the order ends paid exactly once."""
    attempt, _ = attempt_start(order=order, payer=applicant)
    success = ipn_fields(reference=attempt.reference, amount=attempt.amount)
    failure = ipn_fields(reference=attempt.reference, amount=attempt.amount, response_code="99", status="02")
    path = tmp_path / "race.sqlite3"
    on_file = connection.vendor == "sqlite"
    if on_file:
        _copy_to_wal_file(path)
    start = threading.Barrier(2 * rounds)
    errors: list[BaseException] = []

    def deliver(fields) -> None:
        with _using(_file_connection(path) if on_file else None):
            try:
                start.wait()
                Client().get("/thanh-toan/sandbox/ipn/", fields)
            except BaseException as error:
                errors.append(error)
            finally:
                connections[DEFAULT_DB_ALIAS].close()

    threads = [threading.Thread(target=deliver, args=(f,)) for f in [success, failure] * rounds]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with _using(_file_connection(path) if on_file else None):
        order = FeeOrder.objects.get(pk=order.pk)
        assert order.state == OrderState.PAID
        assert LedgerEntry.objects.filter(order=order, kind="payment").count() == 1
