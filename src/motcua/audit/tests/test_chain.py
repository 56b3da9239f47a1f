"""The audit chain: how entries link, how ``audit_verify`` names the first broken link, and the triggers.

Tampering needs the append-only triggers out of the way: the ``unguarded`` fixture drops them inside the test's
transaction (DDL is transactional on SQLite and PostgreSQL), so the rollback at the end of the test restores them.
"""

import importlib
import itertools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.audit.models import GENESIS_HASH, SYSTEM_ACTOR_LABEL, AuditEntry, AuditHead
from motcua.audit.selectors import (
    HASH_MISMATCH,
    HEAD_MISMATCH,
    LINK_MISMATCH,
    VerifyResult,
    audit_entries_for,
    audit_verify,
)
from motcua.audit.services import audit_record, entry_digest

TRIGGERS = importlib.import_module("motcua.audit.migrations.0001_initial").TRIGGERS
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime(2025, 3, 12, 2, 0, 0, 123456, tzinfo=UTC)


@pytest.fixture
def officer(django_user_model):
    return django_user_model.objects.create(username="canbo.an", full_name="Nguyễn Văn An")


@pytest.fixture
def record(officer):
    """``record(n)``: append one dossier event, ``n`` minutes after START, by the officer unless told otherwise."""

    def _record(n: int = 0, **fields) -> AuditEntry:
        values = {
            "actor": officer,
            "subject_type": "dossier",
            "subject_id": "000.00.16.H34-250312-0001",
            "action": "receive",
            "from_state": "submitted",
            "to_state": "received",
            "note": f"Bước {n}",
            "data": {"fee": 50_000, "step": n},
            "at": START + timedelta(minutes=n),
        }
        return audit_record(**{**values, **fields})

    return _record


@pytest.fixture
def log(record):
    """Four entries, as written (the chain under test)."""
    return [record(n) for n in range(4)]


@pytest.fixture
def unguarded(db):
    """Drop the append-only triggers for this test only (requested before any entry is written)."""
    suffix = " ON audit_auditentry" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}{suffix}")


def _head() -> tuple[int, str]:
    head = AuditHead.objects.get(pk=1)
    return head.last_id, head.last_hash


# --- Writing: the links --------------------------------------------------------------------------------------
def test_each_entry_chains_onto_the_one_before(log):
    assert log[0].prev_hash == GENESIS_HASH
    for before, after in itertools.pairwise(log):
        assert after.prev_hash == before.hash
    assert len({entry.hash for entry in log}) == len(log)
    assert _head() == (log[-1].pk, log[-1].hash)


def test_the_stored_hash_is_the_digest_of_the_stored_content(log):
    for entry in AuditEntry.objects.order_by("id"):
        assert entry.hash == entry_digest(vars(entry), entry.prev_hash)


def test_an_entry_keeps_who_acted_and_the_system_acts_without_an_account(record, officer):
    by_officer = record(0)
    by_system = record(1, actor=None)
    assert (by_officer.actor, by_officer.actor_label) == (officer, "Nguyễn Văn An")
    assert (by_system.actor, by_system.actor_label) == (None, SYSTEM_ACTOR_LABEL)
    assert list(officer.audit_entries.all()) == [by_officer]


def test_the_time_is_sealed_as_the_same_instant_whatever_zone_it_was_given_in(record):
    entry = record(0, at=START.astimezone(VIETNAM))
    assert entry.at == START
    assert entry.at.utcoffset() == timedelta(0)
    content = {**vars(entry), "at": START.astimezone(VIETNAM)}
    assert entry_digest(content, entry.prev_hash) == entry.hash


def test_changing_any_hashed_field_changes_the_digest(log):
    content = vars(AuditEntry.objects.get(pk=log[1].pk))
    changed = [
        {"note": "Bước 1 "},
        {"actor_id": None},
        {"data": {"fee": 50_001, "step": 1}},
        {"at": content["at"] + timedelta(microseconds=1)},
        {"subject_id": "000.00.16.H34-250312-0002"},
    ]
    for change in changed:
        assert entry_digest({**content, **change}, log[1].prev_hash) != log[1].hash
    assert entry_digest(content, GENESIS_HASH) != log[1].hash


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"data": {"amount": 1.5}}, "floats"),
        ({"at": datetime(2025, 3, 12, 9, 0)}, "aware"),  # noqa: DTZ001 — the naive time under test
        ({"subject_type": "d" * 41}, "subject_type"),
        ({"subject_id": "1" * 101}, "subject_id"),
    ],
)
def test_records_that_could_not_verify_or_store_alike_on_both_engines_are_refused(record, fields, message):
    with pytest.raises(ValueError, match=message):
        record(0, **fields)
    assert not AuditEntry.objects.exists()


def test_a_rolled_back_record_leaves_no_trace_in_the_chain(record):
    first = record(0)
    with transaction.atomic():
        record(1)
        transaction.set_rollback(True)
    third = record(2)
    assert third.prev_hash == first.hash
    assert audit_verify() == VerifyResult(ok=True, checked=2)


def test_after_a_flush_the_first_record_recreates_the_head(record):
    AuditHead.objects.all().delete()
    entry = record(0)
    assert entry.prev_hash == GENESIS_HASH
    assert _head() == (entry.pk, entry.hash)


def test_a_subject_history_is_its_own_entries_oldest_first(record):
    first = record(0)
    record(1, subject_id="000.00.16.H34-250312-0002")
    second = record(2)
    record(3, subject_type="payment")
    history = audit_entries_for(subject_type="dossier", subject_id="000.00.16.H34-250312-0001")
    assert list(history) == [first, second]


# --- Verifying: a clean log, then each kind of tampering ------------------------------------------------------
def test_an_empty_log_verifies(db):
    assert audit_verify() == VerifyResult(ok=True, checked=0)


@pytest.mark.parametrize("batch_size", [1, 3, 4, 2000])
def test_a_clean_log_verifies_whatever_the_batch_size(log, batch_size):
    assert audit_verify(batch_size=batch_size) == VerifyResult(ok=True, checked=4)


def test_verify_names_the_entry_whose_note_was_altered(unguarded, log):
    AuditEntry.objects.filter(pk=log[2].pk).update(note="Đã tiếp nhận (sửa lại)")
    result = audit_verify(batch_size=2)
    assert result == VerifyResult(ok=False, checked=2, first_broken_id=log[2].pk, reason=HASH_MISMATCH)


def test_verify_names_the_entry_after_a_rewritten_and_resealed_one(unguarded, log):
    forged = {**vars(AuditEntry.objects.get(pk=log[1].pk)), "note": "Không có gì"}
    AuditEntry.objects.filter(pk=log[1].pk).update(note="Không có gì", hash=entry_digest(forged, log[1].prev_hash))
    result = audit_verify()
    assert result == VerifyResult(ok=False, checked=2, first_broken_id=log[2].pk, reason=LINK_MISMATCH)


def test_verify_names_the_entry_after_a_deleted_one(unguarded, log):
    AuditEntry.objects.filter(pk=log[1].pk).delete()
    result = audit_verify()
    assert result == VerifyResult(ok=False, checked=1, first_broken_id=log[2].pk, reason=LINK_MISMATCH)


def test_verify_names_a_deleted_first_entry(unguarded, log):
    AuditEntry.objects.filter(pk=log[0].pk).delete()
    result = audit_verify()
    assert result == VerifyResult(ok=False, checked=0, first_broken_id=log[1].pk, reason=LINK_MISMATCH)


def test_verify_notices_a_deleted_tail_through_the_head(unguarded, log):
    AuditEntry.objects.filter(pk__in=[log[2].pk, log[3].pk]).delete()
    result = audit_verify()
    assert result == VerifyResult(ok=False, checked=2, first_broken_id=log[1].pk, reason=HEAD_MISMATCH)


def test_verify_names_the_last_entry_when_the_head_was_altered(log):
    AuditHead.objects.filter(pk=1).update(last_hash="f" * 64)
    result = audit_verify()
    assert result == VerifyResult(ok=False, checked=4, first_broken_id=log[3].pk, reason=HEAD_MISMATCH)


def test_verify_notices_a_head_pointing_before_the_last_entry(log):
    AuditHead.objects.filter(pk=1).update(last_id=log[2].pk, last_hash=log[2].hash)
    result = audit_verify()
    assert result == VerifyResult(ok=False, checked=4, first_broken_id=log[3].pk, reason=HEAD_MISMATCH)


def test_verify_notices_a_removed_head_on_a_non_empty_log(log):
    AuditHead.objects.all().delete()
    assert audit_verify().reason == HEAD_MISMATCH


def test_verify_refuses_an_empty_batch(db):
    with pytest.raises(ValueError, match="batch_size"):
        audit_verify(batch_size=0)


# --- The database refuses to rewrite history ------------------------------------------------------------------
def test_the_database_refuses_to_update_an_entry(log):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=log[1].pk).update(note="Sửa lịch sử")
    assert AuditEntry.objects.get(pk=log[1].pk).note == "Bước 1"


def test_the_database_refuses_to_delete_an_entry(log):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=log[1].pk).delete()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
    assert audit_verify() == VerifyResult(ok=True, checked=4)


def test_an_account_that_acted_cannot_be_deleted(log, officer):
    with pytest.raises(ProtectedError):
        officer.delete()


# --- Property: whatever is recorded verifies ----------------------------------------------------------------
_text = st.characters(codec="utf-8", exclude_characters="\x00")  # what both engines can store
_json = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**63 - 1) | st.text(_text, max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(_text, max_size=8), inner, max_size=3),
    max_leaves=8,
)
_records = st.lists(
    st.fixed_dictionaries(
        {
            "by_system": st.booleans(),
            "subject_type": st.sampled_from(["dossier", "payment", "account"]),
            "subject_id": st.text(_text, max_size=100),
            "action": st.text(_text, min_size=1, max_size=40),
            "from_state": st.text(_text, max_size=40),
            "to_state": st.text(_text, max_size=40),
            "note": st.text(_text, max_size=200),
            "data": st.dictionaries(st.text(_text, max_size=8), _json, max_size=4),
            "at": st.datetimes(
                min_value=datetime(2000, 1, 1),  # noqa: DTZ001 — hypothesis wants naive bounds; timezones= makes them aware
                max_value=datetime(2100, 1, 1),  # noqa: DTZ001
                timezones=st.sampled_from([UTC, VIETNAM]),
            ),
        }
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=_records)
def test_any_sequence_of_records_verifies(officer, records):
    with transaction.atomic():  # each example starts from an empty log
        for drawn in records:
            fields = {name: value for name, value in drawn.items() if name != "by_system"}
            audit_record(actor=None if drawn["by_system"] else officer, **fields)
        assert audit_verify(batch_size=4) == VerifyResult(ok=True, checked=len(records))
        transaction.set_rollback(True)
