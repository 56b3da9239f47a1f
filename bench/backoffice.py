"""Back-office queue benchmark: the reception queue and "Việc của tôi" from 10,000 to 1,000,000 dossiers.

    uv run python bench/backoffice.py                         # 10,000 / 100,000 / 1,000,000 dossiers (~10 min)
    uv run python bench/backoffice.py --quick                 # 10,000 / 50,000: a smoke run (~1 min)
    uv run python bench/backoffice.py --sizes 10000,200000 --database-url postgres://postgres@host:5432/x_bench

PostgreSQL only. The database named by ``--database-url`` (default ``motcua_bench_backoffice`` on the local
server; its name must contain "bench") is dropped and created, migrated (``motcua manage migrate`` in a
subprocess), given the Kon Tum demo catalogue, then grown size by size with ``dossiers.generate`` (10,000, then
as many more as reach 100,000, then 1,000,000: ``motcua generate-dossiers``), and dropped at the end (``--keep``
keeps it; ``--existing`` measures a kept one as it is, generating only what a size still lacks).

After each size: ``VACUUM (ANALYZE)`` of the two tables (what autovacuum does to a live table), then, in this
process, warm, ``--repeat`` rounds (200) of every query below, interleaved so that a busy machine slows them
alike; p50 / p95 / max in ms, each a whole selector call as a view makes it (the officer's roles included):

- baseline: ``SELECT 1`` through the Django connection (one round trip: what the machine gives at best);
- the reception queue of the provincial centre's reception officer (it receives for every department):
  first page, page 2 (the cursor right after the first page) and the deep page: the page that starts at the
  90th percentile of the queue (reached by walking the pages, so at every size it is 9/10 of the way down the
  list, however long the list is);
- "Việc của tôi" of a specialist of the busiest department: first page, page 2 and the deep page (90th pct.);
- the results to hand over at the centre (first page), for reference.

Printed: the generation time, the figures per size, the growth p95(largest) / p95(smallest) per query, each
p95 against the baseline, and at the largest size ``EXPLAIN (ANALYZE, BUFFERS)`` of the dossier / task queries
of each page of the two queues, exactly as the selector sent them (captured, then explained), with a check for
sequential scans over the big tables and for COUNT. Figures are for people: nothing is asserted.
"""

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time

from benchkit import migrate, peak_rss_mb, percentile, pg_drop, pg_name, pg_recreate, server_banner, vacuum_analyze

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/motcua_bench_backoffice"
BIG_TABLES = ("dossiers_dossier", "dossiers_dossiertask")


# --- Generation ---------------------------------------------------------------------------------------------
def grow_to(size: int, seed: int) -> tuple[float, object | None]:
    from motcua.dossiers.generate import dossiers_generate
    from motcua.dossiers.models import Dossier

    have = Dossier.objects.count()
    if have >= size:
        return 0.0, None
    started = time.perf_counter()
    last = [started]

    def progress(done: int, count: int) -> None:
        now = time.perf_counter()
        if now - last[0] > 15 or done == count:
            last[0] = now
            rate = done / (now - started)
            rss = peak_rss_mb()
            print(
                f"  {have + done:>9,} dossiers  {now - started:6.0f} s  {rate:6,.0f} dossiers/s  peak RSS {rss:.0f} MB",
                flush=True,
            )

    print(f"generating {size - have:,} dossiers ({have:,} → {size:,}) …", flush=True)
    report = dossiers_generate(count=size - have, seed=seed, progress=progress)
    return time.perf_counter() - started, report


# --- Measurement --------------------------------------------------------------------------------------------
def deep_cursor(fetch, length: int, page: int) -> tuple[str, int]:
    """Walk the pages like an officer would; the cursor of the page that starts at the 90th percentile row."""
    target = int(length * 0.9)
    cursor, position = "", 0
    while position + page <= target:
        result = fetch(cursor)
        if not result.next_cursor:
            break
        cursor, position = result.next_cursor, position + page
    return cursor, position


def queries(reception, specialist) -> tuple[dict, dict]:
    from django.db import connection

    from motcua.dossiers import selectors
    from motcua.dossiers.access import officer_roles, reception_agency_ids
    from motcua.dossiers.models import Dossier, DossierTask
    from motcua.dossiers.selectors.office import PAGE
    from motcua.dossiers.workflow import State

    def baseline() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()

    def queue(cursor: str = ""):
        page = selectors.reception_queue_for_officer(officer=reception, cursor=cursor)
        [(d.procedure.name, d.agency.name) for d in page.rows]  # what the page shows
        return page

    def tasks(cursor: str = ""):
        page = selectors.tasks_for_officer(officer=specialist, cursor=cursor)
        [(t.dossier.code, t.dossier.procedure.name, t.agency.name) for t in page.rows]
        return page

    def results():
        page = selectors.results_to_return_for_officer(officer=reception)
        [(d.procedure.name, d.agency.name) for d in page.rows]
        return page

    queue_length = Dossier.objects.filter(
        agency_id__in=reception_agency_ids(officer=reception), state=State.SUBMITTED
    ).count()
    held = officer_roles(officer=specialist)
    task_length = sum(
        DossierTask.objects.filter(agency_id=a, role=r, finished_at__isnull=True).count() for a, r in held
    )
    queue_deep, queue_at = deep_cursor(queue, queue_length, PAGE)
    tasks_deep, tasks_at = deep_cursor(tasks, task_length, PAGE)
    queue_second, tasks_second = queue().next_cursor, tasks().next_cursor
    named = {
        "baseline SELECT 1": baseline,
        "reception queue, first page": queue,
        "reception queue, page 2": lambda: queue(queue_second),
        "reception queue, deep page": lambda: queue(queue_deep),
        "my tasks, first page": tasks,
        "my tasks, page 2": lambda: tasks(tasks_second),
        "my tasks, deep page": lambda: tasks(tasks_deep),
        "results to return, first page": results,
    }
    lengths = {
        "reception queue": (queue_length, queue_at, bool(queue_second)),
        "my tasks": (task_length, tasks_at, bool(tasks_second)),
    }
    return named, lengths


def measure(named: dict, repeat: int) -> dict[str, list[float]]:
    for _ in range(20):  # warm: plans, the database's cache, the connection
        for run in named.values():
            run()
    timings: dict[str, list[float]] = {name: [] for name in named}
    for _ in range(repeat):
        for name, run in named.items():
            started = time.perf_counter()
            run()
            timings[name].append((time.perf_counter() - started) * 1000)
    return timings


def explain(named: dict, names: list[str]) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of the query on the big tables that each selector call sends."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for name in names:
        with CaptureQueriesContext(connection) as captured:
            named[name]()
        big = [q["sql"] for q in captured.captured_queries if any(t in q["sql"] for t in BIG_TABLES)]
        print(f"\n--- {name}: {len(captured.captured_queries)} queries, EXPLAIN of the one on the big tables")
        for sql in big:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            start = sql.find(" FROM ")
            print(f"SELECT <{sql[:start].count(',') + 1} columns>{sql[start:]}" if start > 0 else sql)
            print(plan)
            seq = [t for t in BIG_TABLES if re.search(rf"Seq Scan on {t}\b", plan)]
            count = re.search(r"\bCOUNT\(", sql, re.IGNORECASE)
            print(f"    sequential scan over {', '.join(seq) or 'no big table'}; COUNT: {'yes' if count else 'no'}")


# --- Main ---------------------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="dossier counts, comma-separated")
    parser.add_argument("--quick", action="store_true", help="10,000 and 50,000 dossiers")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    parser.add_argument("--existing", action="store_true", help="use the database as it is (implies --keep)")
    args = parser.parse_args()
    sizes = [10_000, 50_000] if args.quick else sorted(int(s.replace("_", "")) for s in args.sizes.split(","))
    pg_name(args.database_url, "backoffice")  # refuse anything but a PostgreSQL bench database before touching it

    var = tempfile.mkdtemp(prefix="motcua-bench-backoffice-")
    os.environ.update(
        DATABASE_URL=args.database_url,
        DJANGO_SETTINGS_MODULE="motcua.conf.settings",
        MOTCUA_VAR_DIR=var,
        MOTCUA_LOG_LEVEL="WARNING",
        MOTCUA_DEBUG="0",
    )
    keep = args.keep or args.existing
    try:
        if not args.existing:
            pg_recreate(args.database_url, "backoffice")
        migrate()
        import django

        django.setup()
        run(sizes, args.repeat, args.seed, fresh=not args.existing)
    finally:
        from django.db import connections

        connections.close_all()
        if not keep:
            pg_drop(args.database_url, "backoffice")
        shutil.rmtree(var, ignore_errors=True)


def run(sizes: list[int], repeat: int, seed: int, *, fresh: bool) -> None:

    from motcua.accounts.models import User
    from motcua.catalogue.demo import catalogue_load_demo

    if fresh:
        catalogue_load_demo(with_templates=False)
    print(server_banner(), flush=True)

    results: dict[int, dict[str, list[float]]] = {}
    named: dict = {}
    usernames: tuple[str, str] | None = None
    generation = 0.0
    for size in sizes:
        seconds, report = grow_to(size, seed)
        generation += seconds
        if report is not None:
            usernames = (report.reception_username, report.specialist_username)
            print(f"  done in {seconds:.0f} s ({report.created / seconds:,.0f} dossiers/s); total {report.total:,}")
        if usernames is None:  # --existing and nothing to add: the generated officers are found by name
            from motcua.dossiers.generate import officer_for_bench

            usernames = (officer_for_bench("reception").username, officer_for_bench("specialist").username)
        started = time.perf_counter()
        vacuum_analyze(BIG_TABLES)
        print(f"VACUUM (ANALYZE) in {time.perf_counter() - started:.0f} s", flush=True)
        reception, specialist = (User.objects.get(username=u) for u in usernames)
        named, lengths = queries(reception, specialist)
        load = os.getloadavg()[0]
        results[size] = measure(named, repeat)
        print(f"\n{size:,} dossiers, {repeat} rounds (load average {load:.2f} → {os.getloadavg()[0]:.2f}):")
        for label, (length, at, second) in lengths.items():
            alone = "" if second else " (one page only: page 2 and the deep page are the first page)"
            print(f"  {label}: {length:,} rows; the deep page starts after row {at:,}{alone}")
        print(f"  {'query':<32} {'p50':>8} {'p95':>8} {'max':>8} {'mean':>8}   ms")
        for name, values in results[size].items():
            print(
                f"  {name:<32} {percentile(values, 50):8.2f} {percentile(values, 95):8.2f} "
                f"{max(values):8.2f} {statistics.mean(values):8.2f}"
            )
        sys.stdout.flush()

    print(f"\ngeneration: {generation:.0f} s in all for {sizes[-1]:,} dossiers")
    first, last = sizes[0], sizes[-1]
    base = {size: percentile(results[size]["baseline SELECT 1"], 95) for size in sizes}
    print(f"\np95 by size (ms) and growth p95({last:,}) / p95({first:,}); p95 / p95(SELECT 1) at {last:,}:")
    header = "".join(f"{size:>12,}" for size in sizes)
    print(f"  {'query':<32}{header}{'growth':>9}{'/ base':>9}")
    for name in results[first]:
        p95s = [percentile(results[size][name], 95) for size in sizes]
        row = "".join(f"{p:12.2f}" for p in p95s)
        print(f"  {name:<32}{row}{p95s[-1] / p95s[0]:8.2f}×{p95s[-1] / base[last]:8.1f}×")

    explain(named, [name for name in named if name.startswith(("reception queue", "my tasks"))])


if __name__ == "__main__":
    main()
