"""Reconciliation: bank statement lines (imported or pushed by a bank) against VietQR payment attempts.

Every incoming credit becomes a ``StatementLine`` once (unique account + bank reference), then is matched:

- its memo carries an attempt reference (``GD`` + 12 of [0-9A-HJ-NP-Z]; found whatever the bank did to case,
  spaces and punctuation) of a VietQR attempt on the same account, with the same amount → the attempt is credited
  a chunk at a time through ``credit.orders_credit`` (the one path that pays an order) and the line is MATCHED;
- same reference, wrong amount → nothing is paid; the line stays UNMATCHED with a BAD_AMOUNT discrepancy;
- a reference already paid by an earlier line → a DOUBLE_PAYMENT discrepancy (money to give back);
- no known reference → an UNMATCHED_LINE discrepancy.

Nothing is dropped: each line ends MATCHED or has an open ``Discrepancy`` for a finance officer. Work is done in
chunks (one query per chunk to find the attempts, bulk inserts), so 100,000 lines take bounded memory.
"""

import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from itertools import islice

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from motcua.accounts.models import StaffRole, User
from motcua.audit.services import audit_record
from motcua.core.errors import DomainError
from motcua.core.text import fold
from motcua.dossiers.access import officer_roles

from ..base import Notice
from ..models import (
    AttemptState,
    CallbackRecord,
    CollectionAccount,
    Discrepancy,
    PaymentAttempt,
    StatementImport,
    StatementLine,
)
from ..statements import VIETNAM, CreditLine, StatementFormatError, statement_lines
from .confirm import bad_amount_discrepancy
from .credit import REPLAY, orders_credit
from .rows import rows_insert, rows_update

CHUNK = 1000
RECEIPTS_INLINE_MAX = CHUNK  # a longer statement leaves receipts and payers' notices to a task per chunk
ERRORS_SHOWN = 5
PROVIDER = "vietqr"
# Providers whose money lands on the collection account one transfer per payment (so on the statement).
SETTLING_PROVIDERS = frozenset({"vietqr"})

Outcome = CallbackRecord.Outcome
_CANDIDATE = re.compile(r"(?=(GD[0-9A-Z]{12}))")
_ALPHABET = frozenset("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ")
_CONFUSABLE = str.maketrans({"O": "0", "I": "1"})  # not in the alphabet: a payer who typed the code misread them
_NOT_ALNUM = re.compile(r"[^A-Z0-9]+")


def memo_references(memo: str) -> list[str]:
    """Every attempt reference a memo may carry, in order: ``gd 1a2b-3c4d 5e6f`` → ``GD1A2B3C4D5E6F``."""
    # Most memos are ASCII (banks drop accents): for them this is what folding gives, without its Unicode pass.
    compact = _NOT_ALNUM.sub("", memo.upper()) if memo.isascii() else fold(memo).replace(" ", "").upper()
    found: list[str] = []
    for match in _CANDIDATE.finditer(compact):
        candidate = "GD" + match.group(1)[2:].translate(_CONFUSABLE)
        if set(candidate[2:]) <= _ALPHABET and candidate not in found:
            found.append(candidate)
    return found


def _accountant_agencies(officer: User) -> set[int]:
    return {agency for agency, role in officer_roles(officer=officer) if role == StaffRole.ACCOUNTANT}


def _check_accountant(officer: User) -> set[int]:
    agencies = _accountant_agencies(officer) if officer.is_authenticated and officer.is_active else set()
    if not agencies:
        raise DomainError("Chỉ kế toán thu phí, lệ phí được đối soát sao kê.", code="forbidden")
    return agencies


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


# --- Import ---------------------------------------------------------------------------------------------------
def _validate(content: bytes) -> int:
    """Check every row first: a DomainError naming the first bad rows, or the number of lines."""
    known = set(CollectionAccount.objects.values_list("account_number", flat=True))
    errors: list[str] = []
    bad = total = 0
    try:
        for number, item in statement_lines(content):
            if isinstance(item, CreditLine) and item.account_number not in known:
                item = f"số tài khoản {item.account_number} không phải tài khoản thu phí, lệ phí đã khai báo"
            if isinstance(item, str):
                bad += 1
                if len(errors) < ERRORS_SHOWN:
                    errors.append(f"dòng {number}: {item}")
            else:
                total += 1
    except StatementFormatError as error:
        raise DomainError(str(error), code="statement_format") from None
    if bad:
        more = f"; và {bad - len(errors)} dòng khác" if bad > len(errors) else ""
        raise DomainError(
            f"Sao kê có {bad} dòng không hợp lệ, chưa nhập dòng nào. " + "; ".join(errors) + more + ".",
            code="statement_rows",
        )
    if total == 0:
        raise DomainError("Sao kê không có dòng giao dịch nào.", code="statement_empty")
    return total


def statement_import(*, officer: User, file_name: str, content: bytes) -> StatementImport:
    """Import a statement of incoming credits (CSV or XLSX, see ``payments.statements``) and match its lines.

    All rows are validated before anything is stored. Lines already known (same account and bank reference:
    a re-import, or a bank's earlier push) are skipped and counted. Lines are stored and matched chunk by chunk,
    each chunk in its own transaction, so a long import never holds the payment rows locked for long; an import
    cut off half-way is finished by importing the same file again. Above ``RECEIPTS_INLINE_MAX`` lines the receipts
    and payers' notices follow from a task per chunk (seconds later, once each; see ``credit``).
    """
    _check_accountant(officer)
    total = _validate(content)
    statement = StatementImport.objects.create(file_name=file_name[:255], imported_by=officer, lines_total=total)
    new = matched = 0
    valid = (item for _, item in statement_lines(content) if isinstance(item, CreditLine))
    for chunk in _chunks(valid, CHUNK):
        with transaction.atomic():
            lines = lines_insert(credits=chunk, source=statement)
            new += len(lines)
            matched += lines_match(lines=lines, receipts_later=total > RECEIPTS_INLINE_MAX)
    with transaction.atomic():
        statement.lines_new, statement.lines_matched = new, matched
        statement.save(update_fields=["lines_new", "lines_matched"])
        audit_record(
            actor=officer,
            subject_type="statement_import",
            subject_id=str(statement.pk),
            action="import",
            note=statement.file_name,
            data={"total": total, "new": new, "matched": matched},
        )
    return statement


def lines_insert(*, credits: list[CreditLine], source: StatementImport | None) -> list[StatementLine]:
    """Store the credits not stored yet (one bulk insert) and return the new lines."""
    unique = {(c.account_number, c.bank_reference): c for c in credits}
    last = StatementLine.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    rows = ({name: getattr(c, name) for name in CreditLine.__slots__} for c in unique.values())  # the same names
    rows_insert(StatementLine, ({**row, "source": source} for row in rows), ignore_conflicts=True)
    # Ours: inserted just now by this source (a conflict inserted nothing; others' lines have another source).
    new = StatementLine.objects.filter(
        pk__gt=last, source=source, bank_reference__in={c.bank_reference for c in unique.values()}
    )
    return [line for line in new.order_by("pk") if (line.account_number, line.bank_reference) in unique]


# --- Matching -------------------------------------------------------------------------------------------------
def _discrepancy(line: StatementLine, kind: str, detail: str, record: CallbackRecord | None, **links) -> Discrepancy:
    return Discrepancy(
        kind=kind, provider=PROVIDER, line=line, amount=line.amount, callback=record, detail=detail[:2000], **links
    )


def lines_match(*, lines: list[StatementLine], record: CallbackRecord | None = None, receipts_later=False) -> int:
    """Match new ``lines`` (call inside a transaction); returns how many were MATCHED. See the module docstring."""
    if not lines:
        return 0
    wanted = {line.pk: memo_references(line.memo) for line in lines}
    attempts = {
        a["reference"]: a
        for a in PaymentAttempt.objects.filter(reference__in={r for refs in wanted.values() for r in refs}).values(
            "pk", "reference", "provider", "amount", "state", "order_id", "order__account__account_number"
        )
    }
    succeeded = [a["pk"] for a in attempts.values() if a["state"] == AttemptState.SUCCEEDED]
    evidenced = set(
        StatementLine.objects.filter(attempt_id__in=succeeded, state=StatementLine.State.MATCHED).values_list(
            "attempt_id", flat=True
        )
    )
    found: list[Discrepancy] = []
    crediting: dict[int, tuple[StatementLine, dict]] = {}  # attempt id → its (first) line, in line order
    matched = 0
    for line in lines:
        known = [attempts[r] for r in wanted[line.pk] if r in attempts]
        attempt = next((a for a in known if a["provider"] == PROVIDER), None)
        if attempt is None:
            found.append(_unmatched(line, wanted[line.pk], known, record))
            continue
        reference = attempt["reference"]
        if attempt["order__account__account_number"] != line.account_number:
            detail = (
                f"Dòng sao kê {line.bank_reference} ghi mã {reference} nhưng tiền vào tài khoản "
                f"{line.account_number}, không phải tài khoản của khoản phải nộp."
            )
            found.append(
                _discrepancy(
                    line,
                    Discrepancy.Kind.UNMATCHED_LINE,
                    detail,
                    record,
                    attempt_id=attempt["pk"],
                    order_id=attempt["order_id"],
                )
            )
            continue
        if attempt["amount"] != line.amount:
            found.append(_bad_amount(line, attempt, record))
            continue
        if attempt["state"] == AttemptState.SUCCEEDED:
            if attempt["pk"] not in evidenced:  # paid before this line came (e.g. its push): the line confirms it
                line.state, line.attempt_id = StatementLine.State.MATCHED, attempt["pk"]
                evidenced.add(attempt["pk"])
                matched += 1
                continue
            found.append(_double(line, attempt, record))
            continue
        if attempt["pk"] in crediting:  # a second line for the same transfer in this chunk
            found.append(_double(line, attempt, record))
            continue
        crediting[attempt["pk"]] = (line, attempt)
    results = orders_credit(
        notices={pk: _notice(line, attempt["reference"]) for pk, (line, attempt) in crediting.items()},
        record=record,
        links={pk: {"line": line} for pk, (line, _) in crediting.items()},
        receipts_later=receipts_later,
    )
    for pk, result in results.items():
        line, attempt = crediting[pk]
        if result == REPLAY:  # paid between our read and our lock by another line
            _record_outcome(record, Outcome.REPLAY, attempt)
            found.append(_double(line, attempt, record))
            continue
        _record_outcome(record, Outcome.CONFIRMED, attempt)
        line.state, line.attempt_id = StatementLine.State.MATCHED, pk
        attempt["state"] = AttemptState.SUCCEEDED
        evidenced.add(pk)
        matched += 1
    Discrepancy.objects.bulk_create(found, batch_size=CHUNK)
    rows_update([line for line in lines if line.state == StatementLine.State.MATCHED], ["state", "attempt"])
    return matched


def _record_outcome(record: CallbackRecord | None, outcome: str, attempt: dict) -> None:
    """A bank's push (one line, one record): the record says what became of it, as ``notice_apply`` would."""
    if record is not None:
        record.outcome, record.attempt_id, record.reference = outcome, attempt["pk"], attempt["reference"][:64]
        record.save(update_fields=["outcome", "attempt", "reference"])


def _notice(line: StatementLine, reference: str) -> Notice:
    return Notice(
        reference=reference,
        amount=line.amount,
        paid=True,
        code="00",
        message="Ngân hàng báo có",
        provider_transaction=line.bank_reference,
    )


def _unmatched(line: StatementLine, references: list[str], known: list[dict], record) -> Discrepancy:
    if known:
        other = known[0]
        detail = (
            f"Dòng sao kê {line.bank_reference} ghi mã {other['reference']} của kênh {other['provider']}, "
            "không phải chuyển khoản VietQR."
        )
        return _discrepancy(line, Discrepancy.Kind.UNMATCHED_LINE, detail, record, order_id=other["order_id"])
    what = f"mã {', '.join(references)} không tồn tại" if references else "nội dung không có mã giao dịch"
    detail = f"Dòng sao kê {line.bank_reference} ({line.amount} đồng, “{line.memo[:200]}”): {what}."
    return _discrepancy(line, Discrepancy.Kind.UNMATCHED_LINE, detail, record)


def _double(line: StatementLine, attempt: dict, record) -> Discrepancy:
    detail = (
        f"Giao dịch {attempt['reference']} đã được thanh toán; dòng sao kê {line.bank_reference} chuyển thêm "
        f"{line.amount} đồng: cần hoàn trả người nộp."
    )
    return _discrepancy(
        line, Discrepancy.Kind.DOUBLE_PAYMENT, detail, record, attempt_id=attempt["pk"], order_id=attempt["order_id"]
    )


def _bad_amount(line: StatementLine, attempt: dict, record: CallbackRecord | None) -> Discrepancy:
    """The amount differs from the attempt's: nothing is paid, the discrepancy ``notice_apply`` makes, on the line."""
    _record_outcome(record, Outcome.BAD_AMOUNT, attempt)
    known = PaymentAttempt(
        pk=attempt["pk"], reference=attempt["reference"], amount=attempt["amount"], order_id=attempt["order_id"]
    )
    notice, links = _notice(line, attempt["reference"]), {"line": line}
    return bad_amount_discrepancy(provider=PROVIDER, notice=notice, attempt=known, record=record, **links)


# --- A bank's push --------------------------------------------------------------------------------------------
def statement_line_receive(*, credit: CreditLine, record: CallbackRecord) -> str:
    """One credit pushed by a bank (verified): ``"ok"`` (matched), ``"duplicate"`` or ``"unmatched"``."""
    with transaction.atomic():
        lines = lines_insert(credits=[credit], source=None)
        if not lines:
            record.outcome = Outcome.REPLAY
            record.save(update_fields=["outcome"])
            return "duplicate"
        if lines_match(lines=lines, record=record):
            return "ok"
        if record.outcome == Outcome.RECEIVED:
            record.outcome = Outcome.NOT_FOUND
            record.save(update_fields=["outcome"])
        return "unmatched"


# --- Checks and the queue -------------------------------------------------------------------------------------
def provider_transactions_check(*, day: date, providers: Iterable[str] = SETTLING_PROVIDERS) -> int:
    """Succeeded attempts of ``day`` (Vietnam time) whose money should be on the statement but is not.

    Run after that day's statement is imported. Each such attempt gets one NOT_ON_STATEMENT discrepancy (never
    twice); returns how many were added.
    """
    start = datetime.combine(day, time(), tzinfo=VIETNAM)
    on_statement = StatementLine.objects.filter(attempt=OuterRef("pk"))
    by_reference = StatementLine.objects.filter(bank_reference=OuterRef("provider_transaction"))
    flagged = Discrepancy.objects.filter(attempt=OuterRef("pk"), kind=Discrepancy.Kind.NOT_ON_STATEMENT)
    missing = (
        PaymentAttempt.objects.filter(
            provider__in=list(providers),
            state=AttemptState.SUCCEEDED,
            finished_at__gte=start,
            finished_at__lt=start + timedelta(days=1),
        )
        .exclude(Exists(on_statement))
        .exclude(Exists(by_reference.exclude(bank_reference="")))
        .exclude(Exists(flagged))
        .values_list("pk", "reference", "provider", "amount", "order_id")
    )
    added = 0
    for chunk in _chunks(missing.iterator(chunk_size=CHUNK), CHUNK):
        with transaction.atomic():
            Discrepancy.objects.bulk_create(
                Discrepancy(
                    kind=Discrepancy.Kind.NOT_ON_STATEMENT,
                    provider=provider,
                    attempt_id=pk,
                    order_id=order_id,
                    amount=amount,
                    detail=f"Giao dịch {reference} thành công ngày {day:%d/%m/%Y} nhưng không có trên sao kê.",
                )
                for pk, reference, provider, amount, order_id in chunk
            )
        added += len(chunk)
    return added


def discrepancy_resolve(*, discrepancy: Discrepancy, officer: User, resolution: str) -> Discrepancy:
    """Close one item of the queue with what was done (required); an accountant of the order's agency, once."""
    resolution = resolution.strip()[:2000]
    if not resolution:
        raise DomainError("Vui lòng ghi rõ cách đã xử lý sai lệch.", code="resolution_required")
    agencies = _check_accountant(officer)
    with transaction.atomic():
        locked = (
            Discrepancy.objects.select_for_update(of=("self",)).select_related("order__dossier").get(pk=discrepancy.pk)
        )
        if locked.order is not None and locked.order.dossier.agency_id not in agencies:
            raise DomainError("Sai lệch này thuộc cơ quan khác.", code="forbidden")
        if locked.resolved_at is not None:
            raise DomainError("Sai lệch này đã được xử lý.", code="already_resolved")
        now = timezone.now()
        locked.resolved_at, locked.resolved_by, locked.resolution = now, officer, resolution
        locked.save(update_fields=["resolved_at", "resolved_by", "resolution"])
        if locked.line_id is not None:
            still_open = Discrepancy.objects.filter(line_id=locked.line_id, resolved_at=None).exists()
            if not still_open:
                StatementLine.objects.filter(pk=locked.line_id, state=StatementLine.State.UNMATCHED).update(
                    state=StatementLine.State.RESOLVED
                )
        audit_record(
            actor=officer,
            subject_type="discrepancy",
            subject_id=str(locked.pk),
            action="resolve",
            note=resolution,
            data={"kind": locked.kind, "amount": locked.amount},
            at=now,
        )
        return locked
