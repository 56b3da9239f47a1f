"""audit_record_many: a batch chains exactly like one-by-one writes, and audit_verify cannot tell the difference."""

from datetime import UTC, datetime

import pytest

from motcua.audit.models import AuditEntry, AuditHead
from motcua.audit.selectors import audit_verify
from motcua.audit.services import audit_record, audit_record_many, entry_digest

pytestmark = pytest.mark.django_db

AT = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)


def _items(count: int) -> list[dict]:
    return [
        {
            "actor": None,
            "subject_type": "fee_order",
            "subject_id": f"PT{n:010d}",
            "action": "paid",
            "from_state": "open",
            "to_state": "paid",
            "data": {"amount": 70_000, "n": n},
            "at": AT,
        }
        for n in range(count)
    ]


def test_a_batch_chains_onto_the_log_and_verifies():
    audit_record(actor=None, subject_type="x", subject_id="1", action="before", at=AT)
    made = audit_record_many(_items(2500), batch_size=1000)
    audit_record(actor=None, subject_type="x", subject_id="2", action="after", at=AT)
    assert len(made) == 2500
    result = audit_verify(batch_size=700)
    assert result.ok and result.checked == 2502
    head = AuditHead.objects.get()
    assert head.last_id == AuditEntry.objects.order_by("-id").values_list("id", flat=True)[0]


def test_each_batch_entry_is_sealed_and_linked_in_the_given_order():
    audit_record_many(_items(3))
    rows = list(AuditEntry.objects.order_by("id").values())
    previous = rows[0]["prev_hash"]
    for row in rows:
        assert row["prev_hash"] == previous and row["hash"] == entry_digest(row, previous)
        previous = row["hash"]
    assert [r["data"]["n"] for r in rows] == [0, 1, 2]


def test_an_empty_batch_writes_nothing():
    assert audit_record_many([]) == []
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [{"at": AT.replace(tzinfo=None)}, {"data": {"amount": 1.5}}, {"action": "x" * 500}],
    ids=["naive time", "float", "too long"],
)
def test_a_bad_item_writes_nothing_of_the_batch(bad):
    items = _items(3)
    items[2] |= bad
    with pytest.raises(ValueError):
        audit_record_many(items)
    assert not AuditEntry.objects.exists()
    assert audit_verify().ok
