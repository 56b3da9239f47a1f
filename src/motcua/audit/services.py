"""Writing the audit log: ``audit_record`` (the only writer) and ``entry_digest`` (the seal of one entry).

``entry_digest`` is public because ``selectors.audit_verify`` must recompute hashes with exactly the same bytes:
one canonical form, one function, or verification drifts from writing.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from .models import GENESIS_HASH, SYSTEM_ACTOR_LABEL, AuditEntry, AuditHead

HEAD_PK = 1

# The content an entry's hash covers, i.e. everything but the id (unknown before the insert) and the hashes.
HASHED_FIELDS = (
    "at",
    "actor_id",
    "actor_label",
    "subject_type",
    "subject_id",
    "action",
    "from_state",
    "to_state",
    "note",
    "data",
)
_LIMITED_FIELDS = ("subject_type", "subject_id", "action", "from_state", "to_state")


def entry_digest(entry_fields: Mapping[str, Any], prev_hash: str) -> str:
    """SHA-256 (hex) of ``prev_hash`` + the canonical JSON of the ``HASHED_FIELDS`` of ``entry_fields``.

    ``entry_fields`` may hold more keys (a ``values()`` row with ``id`` and the hashes): only the hashed ones are
    read. ``at`` is written in UTC with microseconds so the same instant always gives the same text, whatever
    zone the caller or the database driver used; keys are sorted and separators fixed so the bytes depend on the
    content only. ``prev_hash`` has a fixed length, so plain concatenation is unambiguous.
    """
    content = {name: entry_fields[name] for name in HASHED_FIELDS}
    at: datetime = content["at"]
    if timezone.is_naive(at):
        raise ValueError("An audit entry's time must be aware (UTC in the database).")
    content["at"] = at.astimezone(UTC).isoformat(timespec="microseconds")
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def _refuse_float(text: str) -> Any:
    # A float may not read back as written (PostgreSQL's jsonb turns 1e+16 into the integer 10000000000000000),
    # and a hash over a value that changes on the way to the database can never verify. Money is integer đồng.
    raise ValueError(f"Audit data holds no floats (got {text}); use integers (đồng) or strings.")


def _normalised(data: Mapping[str, Any] | None) -> dict[str, Any]:
    """``data`` exactly as it will read back from the JSON column (tuples → lists, keys → strings)."""
    if data is None:
        return {}
    return json.loads(json.dumps(dict(data), ensure_ascii=False, allow_nan=False), parse_float=_refuse_float)


def _check_lengths(fields: Mapping[str, Any]) -> None:
    """Refuse over-long codes here: PostgreSQL would reject them, SQLite would silently store them."""
    for name in _LIMITED_FIELDS:
        limit = AuditEntry._meta.get_field(name).max_length
        if limit is not None and len(fields[name]) > limit:
            raise ValueError(f"Audit {name} is longer than {limit} characters: {fields[name][:60]!r}…")


def audit_record(
    *,
    actor: AbstractBaseUser | None,
    subject_type: str,
    subject_id: str,
    action: str,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    data: Mapping[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Append one event to the log, chained to the current last entry, and return it.

    Call it inside the transaction of the change it records, so the event and the change commit (or roll back)
    together; it opens its own atomic block so it also works on its own. The head row is locked first
    (``select_for_update``): concurrent writers queue there, each chaining onto the entry its predecessor wrote.
    ``actor`` None means the system acted (a scheduled task, an external callback).
    """
    fields = _fields(
        actor=actor,
        subject_type=subject_type,
        subject_id=subject_id,
        action=action,
        from_state=from_state,
        to_state=to_state,
        note=note,
        data=data,
        at=at,
    )
    with transaction.atomic():
        head = _head_locked()
        entry = AuditEntry(**fields, prev_hash=head.last_hash, hash=entry_digest(fields, head.last_hash))
        entry.save(force_insert=True)
        head.last_hash, head.last_id = entry.hash, entry.pk
        head.save(update_fields=["last_hash", "last_id"])
    return entry


def audit_record_many(entries: Iterable[Mapping[str, Any]], *, batch_size: int = 1000) -> list[AuditEntry]:
    """Append several events at once, in the given order: what ``audit_record`` would write for each, in order.

    Each item holds ``audit_record``'s keyword arguments. Everything is checked before anything is written; the
    head is locked once, the entries are chained here and inserted in bulk, and the head moves to the last one —
    so ``audit_verify`` cannot tell the difference. Call it inside the transaction of the changes it records.
    """
    prepared = [_fields(**item) for item in entries]
    if not prepared:
        return []
    with transaction.atomic():
        head = _head_locked()
        made: list[AuditEntry] = []
        last_hash = head.last_hash
        for fields in prepared:
            entry = AuditEntry(**fields, prev_hash=last_hash, hash=entry_digest(fields, last_hash))
            last_hash = entry.hash
            made.append(entry)
        made = AuditEntry.objects.bulk_create(made, batch_size=batch_size)
        last_id = made[-1].pk
        if last_id is None:  # a backend that does not return ids: the last row is ours (the head is locked)
            last_id = AuditEntry.objects.order_by("-id").values_list("id", flat=True)[0]
        head.last_hash, head.last_id = last_hash, last_id
        head.save(update_fields=["last_hash", "last_id"])
    return made


def _head_locked() -> AuditHead:
    # The data migration creates the head; get_or_create covers a flushed database (transactional tests).
    # Two writers racing to create it: the loser's insert fails inside get_or_create, which then reads it.
    head, _ = AuditHead.objects.select_for_update().get_or_create(
        pk=HEAD_PK, defaults={"last_hash": GENESIS_HASH, "last_id": 0}
    )
    return head


def _fields(
    *,
    actor: AbstractBaseUser | None,
    subject_type: str,
    subject_id: str,
    action: str,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    data: Mapping[str, Any] | None = None,
    at: datetime | None = None,
) -> dict[str, Any]:
    """The stored (and hashed) fields of one entry, checked."""
    moment = at if at is not None else timezone.now()
    if timezone.is_naive(moment):
        raise ValueError("An audit entry's time must be aware.")
    fields: dict[str, Any] = {
        "at": moment.astimezone(UTC),
        "actor_id": actor.pk if actor is not None else None,
        "actor_label": str(actor)[:300] if actor is not None else SYSTEM_ACTOR_LABEL,
        "subject_type": subject_type,
        "subject_id": str(subject_id),
        "action": action,
        "from_state": from_state,
        "to_state": to_state,
        "note": note,
        "data": _normalised(data),
    }
    _check_lengths(fields)
    return fields
