"""IPN throughput benchmark: signed sandbox-bank IPNs (VNPay 2.1.0) fired from K threads at a live gunicorn.

    uv run python bench/payments_ipn.py                              # 1,000 orders, 1 duplicate each, 8 threads
    uv run python bench/payments_ipn.py --orders 200 --threads 4     # a smoke run (~1 min)
    uv run python bench/payments_ipn.py --database-url postgres://postgres@host:5432/x_bench --duplicates 3

PostgreSQL only. The database named by ``--database-url`` (default ``motcua_bench_payments_ipn`` on the local
server; its name must contain "bench") is dropped and created, migrated, given the Kon Tum demo catalogue and
``--orders`` generated dossiers, each with an open 70.000 đ fee order and a pending sandbox attempt; it is dropped
at the end (``--keep`` keeps it).

``motcua serve`` (gunicorn, 2 workers × 4 threads by default) runs on a loopback port in development mode with
DEBUG off (the sandbox bank is refused in production mode). In the same run, K client threads, each with its own
keep-alive session:

- baseline: ``GET /healthz`` (one database round trip), as many requests as there are IPNs;
- IPNs: one signed success IPN per attempt plus ``--duplicates`` copies of each, shuffled so that copies race
  each other on different threads and server workers (store raw → verify → lock → ledger → receipt → audit).

Printed: requests/s, p50 / p95 / max in ms of each, and the IPN figures against the baseline. Then the
exactly-once invariants are asserted: every first delivery answered "00" and every copy "02" (whichever came
first), every order paid once with one ledger payment and one receipt, the ledger balanced.
"""

import argparse
import os
import random
import secrets
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter

from benchkit import ROOT, migrate, percentile, pg_drop, pg_name, pg_recreate

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/motcua_bench_payments_ipn"
AMOUNT = 70_000


def prepare(count: int) -> list[tuple[str, int]]:
    """Catalogue, dossiers, one open fee order and one pending sandbox attempt each; [(reference, amount)]."""
    import django

    django.setup()
    from datetime import timedelta

    from django.utils import timezone

    from motcua.catalogue.demo import catalogue_load_demo
    from motcua.dossiers.generate.dossiers import dossiers_generate
    from motcua.dossiers.models import Dossier
    from motcua.payments.models import CollectionAccount, FeeLine, FeeOrder, PaymentAttempt

    started = time.perf_counter()
    catalogue_load_demo(with_templates=False)
    dossiers_generate(count=count, seed=6, history=False)
    account = CollectionAccount.objects.create(
        collector_name="Văn phòng UBND tỉnh Kon Tum", collector_tax_code="6100000000", account_name="VP UBND TINH",
        account_number="113000000001", bank_name="VietinBank", bank_bin="970415",
    )  # fmt: skip
    dossiers = list(Dossier.objects.order_by("id")[:count])
    orders = FeeOrder.objects.bulk_create(
        [FeeOrder(dossier=d, account=account, amount=AMOUNT) for d in dossiers], batch_size=2000
    )
    FeeLine.objects.bulk_create(
        [FeeLine(order=o, kind=FeeLine.Kind.FEE, description="Lệ phí", amount=AMOUNT) for o in orders], batch_size=2000
    )
    expires = timezone.now() + timedelta(hours=2)
    attempts = PaymentAttempt.objects.bulk_create(
        [PaymentAttempt(order=o, provider="sandbox", amount=AMOUNT, expires_at=expires) for o in orders],
        batch_size=2000,
    )
    print(f"prepared {len(attempts):,} orders in {time.perf_counter() - started:.0f} s", flush=True)
    return [(a.reference, a.amount) for a in attempts]


def ipn_urls(base: str, attempts: list[tuple[str, int]]) -> list[str]:
    from motcua.payments.contrib.vnpay import protocol

    tmn_code, secret = "MOTCUA01", os.environ["MOTCUA_SANDBOX_PAY_SECRET"]
    urls = []
    for n, (reference, amount) in enumerate(attempts):
        fields = {
            "vnp_Amount": protocol.amount_encode(amount), "vnp_BankCode": "NCB", "vnp_CardType": "ATM",
            "vnp_OrderInfo": f"Thanh toan {reference}", "vnp_PayDate": "20260115091806", "vnp_ResponseCode": "00",
            "vnp_TmnCode": tmn_code, "vnp_TransactionNo": str(10_000_000 + n), "vnp_TransactionStatus": "00",
            "vnp_TxnRef": reference,
        }  # fmt: skip
        urls.append(f"{base}/thanh-toan/sandbox/ipn/?{protocol.signed_query(fields, secret)}")
    return urls


def fire(urls: list[str], threads: int, *, json_code: bool) -> tuple[float, list[float], Counter]:
    """GET every URL once from ``threads`` threads; (requests/s, latencies in ms, answers)."""
    import requests

    lock = threading.Lock()
    queue = list(reversed(urls))
    latencies: list[float] = []
    answers: Counter = Counter()

    def worker() -> None:
        session = requests.Session()
        while True:
            with lock:
                if not queue:
                    return
                url = queue.pop()
            t0 = time.perf_counter()
            response = session.get(url, timeout=60)
            elapsed = (time.perf_counter() - t0) * 1000
            answer = response.json()["RspCode"] if json_code and response.status_code == 200 else response.status_code
            with lock:
                latencies.append(elapsed)
                answers[answer] += 1

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    started = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return len(urls) / (time.perf_counter() - started), latencies, answers


def check_invariants(count: int) -> None:
    from django.db import connection
    from django.db.models import Count, Sum

    from motcua.payments.models import FeeOrder, LedgerEntry, Receipt

    connection.close()
    states = Counter(FeeOrder.objects.values_list("state", flat=True))
    assert states == Counter({"paid": count}), states
    assert not FeeOrder.objects.exclude(paid_amount=AMOUNT).exists(), "an order paid more or less than once"
    per_attempt = LedgerEntry.objects.filter(kind="payment").values("attempt").annotate(n=Count("id"))
    assert per_attempt.count() == count and not per_attempt.filter(n__gt=1).exists(), "a second ledger payment"
    assert Receipt.objects.count() == count, "receipts"
    payments = LedgerEntry.objects.filter(kind="payment").aggregate(s=Sum("amount"))["s"] or 0
    refunds = LedgerEntry.objects.filter(kind="refund").aggregate(s=Sum("amount"))["s"] or 0
    totals = FeeOrder.objects.aggregate(p=Sum("paid_amount"), r=Sum("refunded_amount"))
    assert payments - refunds == totals["p"] - totals["r"], "ledger unbalanced"
    print(f"invariants hold: {count:,} orders paid once, {count:,} ledger payments, {count:,} receipts, balanced")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--duplicates", type=int, default=1, help="extra copies of each IPN, racing the first")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--server-threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8767)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    pg_name(args.database_url, "payments_ipn")  # refuse anything but a PostgreSQL bench database
    base = f"http://127.0.0.1:{args.port}"
    os.environ.update({
        "DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": "motcua.conf.settings",
        "MOTCUA_ENV": "development", "MOTCUA_DEBUG": "off", "MOTCUA_SECRET_KEY": secrets.token_urlsafe(50),
        "MOTCUA_PAYMENT_SANDBOX": "on", "MOTCUA_SANDBOX_PAY_SECRET": secrets.token_hex(32),
        "MOTCUA_PUBLIC_URL": base, "MOTCUA_LOG_LEVEL": "WARNING", "MOTCUA_ALLOWED_HOSTS": "127.0.0.1,localhost",
    })  # fmt: skip
    pg_recreate(args.database_url, "payments_ipn")
    server = None
    try:
        migrate()
        attempts = prepare(args.orders)
        from django.db import connection

        connection.close()
        server = subprocess.Popen(
            [sys.executable, "-m", "motcua", "serve", "--skip-prepare", "--port", str(args.port),
             "--workers", str(args.workers), "--threads", str(args.server_threads)],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        import requests

        for _ in range(150):
            try:
                requests.get(base + "/healthz", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.2)
        urls = ipn_urls(base, attempts)
        load = urls + [u for u in urls for _ in range(args.duplicates)]
        random.Random(6).shuffle(load)
        fire([base + "/healthz"] * 200, args.threads, json_code=False)  # warm both workers
        minimal, minimal_ms, minimal_codes = fire([base + "/healthz"] * len(load), args.threads, json_code=False)
        rate, ipn_ms, codes = fire(load, args.threads, json_code=True)
        print(f"\n{len(load):,} IPNs ({args.orders:,} orders × {1 + args.duplicates}), {args.threads} client threads, "
              f"gunicorn {args.workers} workers × {args.server_threads} threads, PostgreSQL:")  # fmt: skip
        for label, r, ms in (
            ("/healthz (baseline)", minimal, minimal_ms),
            ("IPN (sandbox, VNPay 2.1.0)", rate, ipn_ms),
        ):
            print(f"  {label:28} {r:8.1f} req/s   p50 {percentile(ms, 50):7.1f} ms   p95 {percentile(ms, 95):7.1f} ms"
                  f"   max {max(ms):7.1f} ms   mean {statistics.mean(ms):7.1f} ms")  # fmt: skip
        slower = percentile(ipn_ms, 95) / percentile(minimal_ms, 95)
        print(f"  IPN / baseline: throughput {rate / minimal:.1%}, p95 ×{slower:.1f}")
        print(f"  answers: {dict(codes)} (baseline {dict(minimal_codes)})")
        assert codes == Counter({"00": args.orders, "02": args.orders * args.duplicates}), codes
        check_invariants(args.orders)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        if not args.keep:
            from django.db import connections

            connections.close_all()
            pg_drop(args.database_url, "payments_ipn")


if __name__ == "__main__":
    main()
