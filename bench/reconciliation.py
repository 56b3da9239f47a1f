"""Reconciliation benchmark: a 100,000-line bank statement against 100,000 open fee orders with VietQR attempts.

    uv run python bench/reconciliation.py                       # SQLite in a throwaway folder, 100,000 lines
    uv run python bench/reconciliation.py --lines 10000         # a smoke run
    uv run python bench/reconciliation.py --database-url postgres://postgres@127.0.0.1:5432/motcua_bench_recon

Everything happens in a throwaway folder (SQLite) or a throwaway PostgreSQL database (its name must contain
"bench"; dropped and created, dropped at the end): migrate, one agency with its collection account, ``--lines``
submitted dossiers each with an open 70,000 đ fee order (two fee lines) and a pending VietQR attempt, one citizen
applicant (so every payment also writes its notice), an accountant. Generated with bulk inserts (not measured).

The statement CSV (``;``, UTF-8 with BOM) has one line per order: 94 % the right amount with the reference in
memos mangled the way banks do (case, spaces, punctuation, text around it), 3 % the right reference with a wrong
amount, 3 % junk (no reference, or a reference that does not exist).

Measured, each in the same run:

1. baseline: parsing the same CSV and bulk-inserting the same rows into ``StatementLine`` in chunks of 1,000 (then
   deleted): what storing the statement costs at best;
2. ``statement_import`` of the whole file (validation pass, insert, match, credit the matched orders 1,000 at a
   time through ``credit.orders_credit`` — the path ``notice_apply`` takes for one: ledger entries, paid orders,
   audit entries — and queue the rest); above 1,000 lines the receipts and the payers' notices are left to a task
   per chunk, enqueued as each chunk commits;
3. the worker: those receipt tasks run one after the other in this process — the seconds after the import until
   every citizen has a receipt and a notice (their e-mails and SMS are queued, not sent);
4. re-import of the same file (adds nothing).

Printed: seconds and lines/s, the ratio to the baseline, the peak RSS growth of this process during each step
(sampled every 20 ms from /proc/self/statm) for a 10 % run first and then the full one (flat memory: the growth
should not scale with the number of lines), and a check of the database afterwards (every line matched or
queued; orders paid = ledger entries = receipts = matched lines; no order paid twice).
"""

import argparse
import os
import random
import shutil
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from benchkit import migrate, pg_drop, pg_recreate

ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
ACCOUNT = "113000123456"
PAGE = os.sysconf("SC_PAGE_SIZE")


# --- Memory -------------------------------------------------------------------------------------------------
def rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE


@contextmanager
def measured(results: dict, name: str):
    """Time the block and sample this process's RSS every 20 ms: seconds and peak growth go to ``results``."""
    before, peak, done = rss(), [0], threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], rss())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    yield
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    results[name] = (seconds, max(peak[0], rss()) - before)


# --- Data ---------------------------------------------------------------------------------------------------
def reference(rng: random.Random) -> str:
    return "GD" + "".join(rng.choice(ALPHABET) for _ in range(12))


def generate(count: int, seed: int, offset: int):
    """``count`` submitted dossiers with an open fee order and a pending VietQR attempt each; the attempts."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from motcua.catalogue.models import Agency, Procedure
    from motcua.dossiers.models import Dossier
    from motcua.payments.models import CollectionAccount, FeeLine, FeeOrder, PaymentAttempt, Via

    rng = random.Random(seed + offset)
    agency, _ = Agency.objects.get_or_create(code="000.00.16.H34", defaults={"name": "Sở Nông nghiệp và PTNT"})
    procedure, _ = Procedure.objects.get_or_create(
        code="9.999100", defaults={"name": "Thủ tục đo hiệu năng đối soát", "agency": agency}
    )
    account, _ = CollectionAccount.objects.get_or_create(
        agency=agency,
        defaults=dict(
            collector_name="Sở Nông nghiệp và PTNT tỉnh Kon Tum",
            collector_tax_code="6100123456",
            account_name="SO NONG NGHIEP VA PTNT",
            account_number=ACCOUNT,
            bank_name="VietinBank",
            bank_bin="970415",
        ),
    )
    from motcua.accounts.models import User

    applicant, _ = User.objects.get_or_create(username="bench-citizen", defaults={"phone": "0912345678"})
    now = timezone.now()
    references = []
    for start in range(0, count, 2000):
        size = min(2000, count - start)
        with transaction.atomic():
            dossiers = Dossier.objects.bulk_create(
                Dossier(
                    code=f"000.00.16.H34-260102-{offset + start + i:06d}",
                    procedure=procedure,
                    agency=agency,
                    applicant=applicant,
                    applicant_name="Nguyễn Văn An",
                    applicant_phone="0912345678",
                    state="submitted",
                    submitted_at=now,
                )
                for i in range(size)
            )
            if dossiers[0].pk is None:  # SQLite before 3.35 / MySQL: read the ids back
                dossiers = list(Dossier.objects.filter(code__in=[d.code for d in dossiers]).order_by("pk"))
            orders = FeeOrder.objects.bulk_create(
                FeeOrder(reference="PT" + reference(rng)[2:12], dossier=d, account=account, amount=70000)
                for d in dossiers
            )
            orders = list(FeeOrder.objects.filter(dossier__in=dossiers).order_by("pk"))
            FeeLine.objects.bulk_create(
                line
                for o in orders
                for line in (
                    FeeLine(order=o, kind="phi", description="Phí thẩm định", amount=20000, position=0),
                    FeeLine(order=o, kind="le_phi", description="Lệ phí", amount=50000, position=1),
                )
            )
            batch = [reference(rng) for _ in orders]
            PaymentAttempt.objects.bulk_create(
                PaymentAttempt(
                    order=o,
                    provider="vietqr",
                    via=Via.COUNTER,
                    reference=ref,
                    amount=70000,
                    expires_at=now + timedelta(days=1),
                    payer=applicant,
                )
                for o, ref in zip(orders, batch, strict=True)
            )
            references += batch
    return references, account


def statement_csv(references: list[str], seed: int, path: Path) -> dict:
    """Write the statement; returns how many lines of each kind."""
    # Not ``Random(seed)``: that is generate()'s stream, so "junk" references would be real ones (paid twice).
    rng = random.Random(f"statement-{seed}")
    mangles = (
        lambda r: f"{r} 000.00.16.H34",
        lambda r: r.lower(),
        lambda r: f"{r[:6]} {r[6:10]} {r[10:]}",
        lambda r: f"MBVCB.{rng.randrange(10**6)}.{r[:2]}-{r[2:]}.CT tu 0123456789 NGUYEN VAN AN",
        lambda r: f"IBFT {r.lower()} nop le phi",
    )
    kinds = {"right": 0, "wrong amount": 0, "junk": 0}
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        out.write("Số tài khoản;Mã giao dịch;Ngày giao dịch;Số tiền;Nội dung\n")
        for n, ref in enumerate(references):
            draw = rng.random()
            amount, memo = 70000, rng.choice(mangles)(ref)
            if draw < 0.03:
                amount, kind = rng.choice((7000, 700000, 69000)), "wrong amount"
            elif draw < 0.06:
                memo, kind = rng.choice(("chuyen tien", f"{reference(rng)} nop phi", "")), "junk"
            else:
                kind = "right"
            kinds[kind] += 1
            out.write(
                f"{ACCOUNT};FT{seed}{n:09d};02/01/2026 {n % 24:02d}:{n % 60:02d};{amount:,};{memo}\n".replace(",", ".")
            )
    return kinds


# --- Steps --------------------------------------------------------------------------------------------------
def baseline(content: bytes) -> None:
    from django.db import transaction

    from motcua.payments.models import StatementLine
    from motcua.payments.statements import statement_lines

    batch = []
    with transaction.atomic():
        for _, line in statement_lines(content):
            batch.append(
                StatementLine(
                    account_number=line.account_number,
                    bank_reference="B" + line.bank_reference,
                    booked_at=line.booked_at,
                    amount=line.amount,
                    memo=line.memo,
                )
            )
            if len(batch) == 1000:
                StatementLine.objects.bulk_create(batch)
                batch = []
        StatementLine.objects.bulk_create(batch)


def baseline_delete() -> None:
    from motcua.payments.models import StatementLine

    StatementLine.objects.filter(bank_reference__startswith="BFT", source=None).delete()


def receipts_worker() -> int:
    """Run the receipt tasks the import enqueued, one after the other as a worker would (their bodies, without the
    worker's polling; the notification deliveries they enqueue are left queued, as the import's always were)."""
    from django_tasks_db.models import DBTaskResult

    from motcua.payments.tasks import paid_orders_receipts_task

    waiting = DBTaskResult.objects.ready().filter(task_path=paid_orders_receipts_task.module_path)
    ran = 0
    for result in waiting.order_by("enqueued_at"):
        paid_orders_receipts_task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        ran += 1
    waiting.delete()
    return ran


def check(right: int) -> list[str]:
    from django.db.models import Count

    from motcua.payments.models import Discrepancy, FeeOrder, LedgerEntry, Receipt, StatementLine

    lines = StatementLine.objects.count()
    matched = StatementLine.objects.filter(state="matched").count()
    unmatched_without = (
        StatementLine.objects.filter(state="unmatched")
        .exclude(pk__in=Discrepancy.objects.filter(resolved_at=None, line__isnull=False).values("line_id"))
        .count()
    )
    paid = FeeOrder.objects.filter(state="paid").count()
    ledger = LedgerEntry.objects.filter(kind="payment").count()
    receipts = Receipt.objects.count()
    twice = LedgerEntry.objects.values("order_id").annotate(n=Count("id")).filter(n__gt=1).count()
    by_kind = dict(Discrepancy.objects.values_list("kind").annotate(n=Count("id")))
    print(f"  lines {lines:,}: matched {matched:,}, unmatched without an open discrepancy {unmatched_without}")
    print(f"  orders paid {paid:,}, ledger payments {ledger:,}, receipts {receipts:,}, orders with 2+ payments {twice}")
    print(f"  discrepancies by kind: {by_kind}")
    problems = []
    if unmatched_without:
        problems.append("lines dropped")
    if not (paid == ledger == receipts == matched == right):
        problems.append("paid / ledger / receipts / matched / expected differ")
    if twice:
        problems.append("an order paid twice")
    return problems


def run(lines: int, seed: int, var: Path) -> None:
    from django.db import connection

    from motcua.accounts.models import AccountKind, StaffRole, User
    from motcua.catalogue.models import Agency
    from motcua.payments.services import reconciliation

    print(
        f"{connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else ''}"
        f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    accountant, _ = User.objects.get_or_create(username="bench-accountant", defaults={"kind": AccountKind.OFFICER})
    results: dict = {}
    offset = right = 0
    for size in (max(1, lines // 10), lines):
        started = time.perf_counter()
        references, _ = generate(size, seed, offset)
        agency = Agency.objects.get(code="000.00.16.H34")
        accountant.memberships.get_or_create(agency=agency, role=StaffRole.ACCOUNTANT)
        path = var / f"statement-{size}.csv"
        kinds = statement_csv(references, seed + offset, path)
        content = path.read_bytes()
        print(
            f"\n{size:,} orders and a {len(content) / 2**20:.1f} MB statement generated in "
            f"{time.perf_counter() - started:.0f} s: {kinds}",
            flush=True,
        )
        with measured(results, f"baseline {size}"):
            baseline(content)
        baseline_delete()
        with measured(results, f"import {size}"):
            statement = reconciliation.statement_import(officer=accountant, file_name=path.name, content=content)
        with measured(results, f"worker {size}"):
            tasks = receipts_worker()
        with measured(results, f"re-import {size}"):
            again = reconciliation.statement_import(officer=accountant, file_name=path.name, content=content)
        print(
            f"  import: {statement.lines_total:,} lines, {statement.lines_new:,} new, {statement.lines_matched:,} "
            f"matched; receipt tasks run by the worker: {tasks}; re-import: {again.lines_new} new, "
            f"{again.lines_matched} matched"
        )
        base = results[f"baseline {size}"][0]
        for step in ("baseline", "import", "worker", "re-import"):
            seconds, growth = results[f"{step} {size}"]
            print(
                f"  {step:<10} {seconds:7.1f} s {size / seconds:9,.0f} lines/s  {seconds / base:5.1f}× baseline"
                f"  peak RSS growth {growth / 2**20:6.1f} MB",
                flush=True,
            )
        offset += size
        right += kinds["right"]
    print("\nthe database afterwards:")
    problems = check(right)
    print("check:", "ok" if not problems else "; ".join(problems))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="motcua-bench-reconciliation-"))
    url = args.database_url or f"sqlite:///{var / 'bench.sqlite3'}"
    if args.database_url:
        pg_recreate(url, "reconciliation")
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="motcua.conf.settings",
        MOTCUA_VAR_DIR=str(var),
        MOTCUA_LOG_LEVEL="WARNING",
        MOTCUA_DEBUG="0",
    )
    try:
        migrate()
        import django

        django.setup()
        run(args.lines, args.seed, var)
    finally:
        from django.db import connections

        connections.close_all()
        if args.database_url:
            pg_drop(url, "reconciliation")
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()
