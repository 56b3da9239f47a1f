"""Reading the audit log: one subject's history, and the proof that the whole log is intact.

These are internal reads (services, the CLI, staff pages that already checked who may look): the log
itself has no owner to scope by.
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from .models import GENESIS_HASH, AuditEntry, AuditHead
from .services import HASHED_FIELDS, HEAD_PK, entry_digest

HASH_MISMATCH = "hash does not match its content"
LINK_MISMATCH = "prev_hash does not match the previous entry's hash"
HEAD_MISMATCH = "head does not match the last entry"

_ROW_FIELDS = ("id", *HASHED_FIELDS, "prev_hash", "hash")


@dataclass(frozen=True)
class VerifyResult:
    """What ``audit_verify`` found: ``checked`` entries were sound before the first broken one (if any)."""

    ok: bool
    checked: int
    first_broken_id: int | None = None
    reason: str = ""


def audit_entries_for(*, subject_type: str, subject_id: str) -> QuerySet[AuditEntry]:
    """The events of one subject (e.g. ``"dossier"``, ``"000.00.16.H34-250312-0001"``), oldest first."""
    return AuditEntry.objects.filter(subject_type=subject_type, subject_id=subject_id).order_by("id")


def _head() -> tuple[int, str]:
    # A missing head reads as the genesis: an empty log is intact, a non-empty one then fails the head check.
    row = AuditHead.objects.filter(pk=HEAD_PK).values_list("last_id", "last_hash").first()
    return row if row is not None else (0, GENESIS_HASH)


def audit_verify(*, batch_size: int = 2000) -> VerifyResult:
    """Walk the whole log in id order, recompute every hash and link, then compare the head with the end.

    Keyset pagination (``id > last``, ``batch_size`` rows at a time, plain dicts): memory stays flat however
    long the log, and no server-side cursor is held open. The head is read *after* the walk: a writer commits
    its entry and the head together, so a head beyond the last entry seen means either entries committed while
    we walked (walk on, and read the head again) or a deleted tail (the head stays where it was: broken).
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1.")
    checked = 0
    last_id, last_hash = 0, GENESIS_HASH
    head_seen: tuple[int, str] | None = None
    while True:
        while True:
            batch = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id").values(*_ROW_FIELDS)[:batch_size])
            for row in batch:
                if row["prev_hash"] != last_hash:
                    return VerifyResult(ok=False, checked=checked, first_broken_id=row["id"], reason=LINK_MISMATCH)
                if entry_digest(row, row["prev_hash"]) != row["hash"]:
                    return VerifyResult(ok=False, checked=checked, first_broken_id=row["id"], reason=HASH_MISMATCH)
                checked += 1
                last_id, last_hash = row["id"], row["hash"]
            if len(batch) < batch_size:
                break
        head = _head()
        if head == (last_id, last_hash):
            return VerifyResult(ok=True, checked=checked)
        if head[0] > last_id and head != head_seen:
            head_seen = head  # entries were appended while we walked: check them too
            continue
        return VerifyResult(ok=False, checked=checked, first_broken_id=last_id or None, reason=HEAD_MISMATCH)
