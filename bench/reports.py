"""Statistics benchmark: the rollup's rebuild and the reports read from it, at 100,000 and 1,000,000 dossiers.

    uv run python bench/reports.py                  # 100,000 / 1,000,000 dossiers (~9 min of generation alone)
    uv run python bench/reports.py --quick          # 10,000 / 50,000: a smoke run (~2 min)
    uv run python bench/reports.py --sizes 10000,200000 --database-url postgres://postgres@host:5432/x_bench

PostgreSQL only. The database named by ``--database-url`` (default ``motcua_bench_reports`` on the local server;
its name must contain "bench") is dropped and created, migrated (``motcua manage migrate`` in a subprocess), given
the Kon Tum demo catalogue, then grown size by size with ``dossiers.generate`` (two years of a province: the
generated dossiers have no events, files, surveys or payments — the rollup counts them as such), and dropped at
the end (``--keep`` keeps it; ``--existing`` measures a kept one, generating only what a size still lacks;
``--skip-rebuild`` with it measures the reports on the rollup as it is).

After each size: ``rollup_rebuild`` (what ``motcua reports-rebuild`` runs: every fact and bucket recomputed from
the dossiers, in one transaction) timed, with the rows it wrote; ``VACUUM (ANALYZE)`` of the summary tables; the
incremental refresh of 1,000 marked dossiers timed; then, in this process, warm, ``--repeat`` rounds (50) of
each query below, interleaved; p50 / p95 / max in ms, each a whole selector call as a page makes it:

- baseline: ``SELECT 1`` through the Django connection;
- the periodic report of the whole province over the last calendar year, grouped by agency, by field and by
  procedure; of the busiest agency over the same year; of the province over the last 365 days (a custom range:
  two partial months read day by day) and over last month;
- the indicators of Decision 766 of the province and of the busiest agency over the last calendar year;
- the month-by-month series and the agencies ranked, province, last calendar year;
- the public dashboard (this month and this year of every agency);
- whole pages through Django's handler (middleware, view, template; the static files collected first, DEBUG
  off), as a system administrator signed in with password and TOTP: ``/mot-cua/thong-ke/`` of the province over
  the last calendar year by agency and by procedure, its 766 indicators, and ``/thong-ke/`` (whose figures are
  cached for five minutes, so this one is the cached page).

Printed: generation and rebuild times, table sizes, the figures per size, p95 / p95(SELECT 1). Asserted only that
the bench officer signs in and every page answers 200.
"""

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time

from benchkit import migrate, peak_rss_mb, percentile, pg_drop, pg_name, pg_recreate, server_banner, vacuum_analyze

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/motcua_bench_reports"
SUMMARY_TABLES = ("reports_dossierfact", "reports_daybucket", "reports_monthbucket")


def table_rows() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        counts = {}
        for table in SUMMARY_TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (our own table names)
            counts[table] = cursor.fetchone()[0]
    return counts


# --- Generation and rollup ----------------------------------------------------------------------------------
def grow_to(size: int, seed: int) -> float:
    from motcua.dossiers.generate import dossiers_generate
    from motcua.dossiers.models import Dossier

    have = Dossier.objects.count()
    if have >= size:
        return 0.0
    started, last = time.perf_counter(), [time.perf_counter()]

    def progress(done: int, count: int) -> None:
        now = time.perf_counter()
        if now - last[0] > 30 or done == count:
            last[0] = now
            print(f"  {have + done:>9,} dossiers  {now - started:6.0f} s  peak RSS {peak_rss_mb():.0f} MB", flush=True)

    print(f"generating {size - have:,} dossiers ({have:,} → {size:,}) …", flush=True)
    dossiers_generate(count=size - have, seed=seed, progress=progress)
    return time.perf_counter() - started


def rebuild() -> float:
    from django.utils import timezone

    from motcua.reports.services import rollup_rebuild

    started = time.perf_counter()
    total = rollup_rebuild(today=timezone.localdate())
    seconds = time.perf_counter() - started
    print(f"rollup rebuild: {total:,} dossiers in {seconds:.1f} s ({total / seconds:,.0f}/s), "
          f"peak RSS {peak_rss_mb():.0f} MB; rows {table_rows()}", flush=True)  # fmt: skip
    return seconds


def refresh_of(count: int) -> float:
    """Mark ``count`` dossiers spread over the table and time the refresh that folds them in."""
    from django.utils import timezone

    from motcua.dossiers.models import Dossier
    from motcua.reports.models import RollupMark
    from motcua.reports.services import rollup_refresh

    ids = list(Dossier.objects.order_by("?").values_list("id", flat=True)[:count])
    RollupMark.objects.bulk_create([RollupMark(dossier_id=pk) for pk in ids])
    started = time.perf_counter()
    rollup_refresh(today=timezone.localdate())
    seconds = time.perf_counter() - started
    print(f"incremental refresh of {len(ids):,} marked dossiers: {seconds:.2f} s", flush=True)
    return seconds


# --- Measurement --------------------------------------------------------------------------------------------
def queries() -> dict:
    from django.db import connection
    from django.db.models import Count
    from django.utils import timezone

    from motcua.accounts.models import User
    from motcua.dossiers.models import Dossier
    from motcua.reports import selectors
    from motcua.reports.periods import Period

    admin, _ = User.objects.get_or_create(username="bench.reports.admin", defaults={"is_superuser": True})
    busiest = Dossier.objects.values("agency_id").annotate(n=Count("id")).order_by("-n").first()["agency_id"]
    today = timezone.localdate()
    last_year = Period(dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31), "year")
    rolling = Period(today - dt.timedelta(days=364), today)
    month_end = today.replace(day=1) - dt.timedelta(days=1)
    last_month = Period(month_end.replace(day=1), month_end, "month")

    def province(period):
        return selectors.ReportFilter(period=period, agency_ids=None)

    one = selectors.ReportFilter(period=last_year, agency_ids=frozenset({busiest}))

    def baseline() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()

    def report(filters, group_by="agency"):
        return lambda: selectors.periodic_report(user=admin, filters=filters, group_by=group_by)

    return {
        "baseline SELECT 1": baseline,
        "report, province, year, by agency": report(province(last_year)),
        "report, province, year, by field": report(province(last_year), "field"),
        "report, province, year, by procedure": report(province(last_year), "procedure"),
        "report, one agency, year": report(one),
        "report, province, last 365 days": report(province(rolling)),
        "report, province, last month": report(province(last_month)),
        "766 indicators, province, year": lambda: selectors.indicators_766(user=admin, filters=province(last_year)),
        "766 indicators, one agency, year": lambda: selectors.indicators_766(user=admin, filters=one),
        "series by month, province, year": lambda: selectors.report_series(user=admin, filters=province(last_year)),
        "agencies ranked, province, year": lambda: selectors.agencies_ranked(user=admin, filters=province(last_year)),
        "public dashboard": lambda: selectors.public_dashboard(today=today),
        **pages(admin),
    }


def pages(admin) -> dict:
    """Whole pages through Django's handler (middleware, view, template), as an officer signed in with the real
    login and second factor: what "renders in under 1 s" is about. The selectors above are what these spend in
    the database."""
    from allauth.mfa.models import Authenticator
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from motcua.accounts.models import AccountKind, StaffMembership, StaffRole
    from motcua.accounts.tests.factories import totp_code, totp_enable
    from motcua.catalogue.models import Agency

    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off: pages name hashed static files
    password = "bench-reports-Passw0rd!"  # noqa: S105 (a throwaway database)
    admin.kind, admin.is_staff = AccountKind.OFFICER, True
    admin.set_password(password)
    admin.save()
    province = Agency.objects.filter(parent=None, is_active=True).order_by("pk").first()
    StaffMembership.objects.get_or_create(user=admin, agency=province, role=StaffRole.SYSTEM_ADMIN)  # may sign in
    Authenticator.objects.filter(user=admin).delete()  # a kept database (--existing) has last run's
    secret = totp_enable(admin)
    officer = Client()
    officer.post(reverse("backoffice:login"), {"login": admin.username, "password": password})
    signed_in = officer.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert signed_in.get("Location") == reverse("backoffice:home"), "the bench officer could not sign in"
    last_year = str(timezone.localdate().year - 1)
    statistics = reverse("backoffice:statistics")
    public = Client()

    def get(client, url, query=None):
        def page() -> None:
            response = client.get(url, query or {})
            assert response.status_code == 200, (url, response.status_code)

        return page

    return {
        "page: statistics, province, year, by agency": get(officer, statistics, {"period": "year", "year": last_year}),
        "page: statistics, province, year, by procedure": get(
            officer, statistics, {"period": "year", "year": last_year, "group": "procedure"}
        ),
        "page: 766 indicators, province, year": get(
            officer, reverse("backoffice:statistics_766"), {"period": "year", "year": last_year}
        ),
        "page: /thong-ke/ (figures cached 5 min)": get(public, reverse("portal:statistics")),
    }


def measure(named: dict, repeat: int) -> dict[str, list[float]]:
    for _ in range(3):  # warm: plans, the database's cache, the connection
        for run in named.values():
            run()
    timings: dict[str, list[float]] = {name: [] for name in named}
    for _ in range(repeat):
        for name, run in named.items():
            started = time.perf_counter()
            run()
            timings[name].append((time.perf_counter() - started) * 1000)
    return timings


# --- Main ---------------------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000,1000000", help="dossier counts, comma-separated")
    parser.add_argument("--quick", action="store_true", help="10,000 and 50,000 dossiers")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    parser.add_argument("--existing", action="store_true", help="use the database as it is (implies --keep)")
    parser.add_argument("--skip-rebuild", action="store_true", help="with --existing: measure the rollup as it is")
    args = parser.parse_args()
    sizes = [10_000, 50_000] if args.quick else sorted(int(s.replace("_", "")) for s in args.sizes.split(","))
    pg_name(args.database_url, "reports")  # refuse anything but a PostgreSQL bench database before touching it

    var = tempfile.mkdtemp(prefix="motcua-bench-reports-")
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
            pg_recreate(args.database_url, "reports")
        migrate()
        import django

        django.setup()
        run(sizes, args.repeat, args.seed, fresh=not args.existing, skip_rebuild=args.existing and args.skip_rebuild)
    finally:
        from django.db import connections

        connections.close_all()
        if not keep:
            pg_drop(args.database_url, "reports")
        shutil.rmtree(var, ignore_errors=True)


def run(sizes: list[int], repeat: int, seed: int, *, fresh: bool, skip_rebuild: bool) -> None:

    from motcua.catalogue.demo import catalogue_load_demo

    if fresh:
        catalogue_load_demo(with_templates=False)
    print(server_banner(), flush=True)

    results: dict[int, dict[str, list[float]]] = {}
    rebuilds: dict[int, float] = {}
    for size in sizes:
        seconds = grow_to(size, seed)
        if seconds:
            print(f"  generated in {seconds:.0f} s", flush=True)
        vacuum_analyze(["dossiers_dossier"])
        if skip_rebuild:
            rebuilds[size] = float("nan")
        else:
            rebuilds[size] = rebuild()
            vacuum_analyze(SUMMARY_TABLES)
            refresh_of(1000)
        named = queries()
        load = os.getloadavg()[0]
        results[size] = measure(named, repeat)
        print(f"\n{size:,} dossiers, {repeat} rounds (load average {load:.2f} → {os.getloadavg()[0]:.2f}):")
        print(f"  {'query':<48} {'p50':>8} {'p95':>8} {'max':>8} {'mean':>8}   ms")
        for label, values in results[size].items():
            print(
                f"  {label:<48} {percentile(values, 50):8.2f} {percentile(values, 95):8.2f} "
                f"{max(values):8.2f} {statistics.mean(values):8.2f}"
            )
        sys.stdout.flush()

    first, last = sizes[0], sizes[-1]
    base = percentile(results[last]["baseline SELECT 1"], 95)
    print("\nrollup rebuild (s): " + ", ".join(f"{size:,}: {rebuilds[size]:.1f}" for size in sizes))
    print(f"\np95 by size (ms), growth p95({last:,}) / p95({first:,}), and p95 / p95(SELECT 1) at {last:,}:")
    header = "".join(f"{size:>12,}" for size in sizes)
    print(f"  {'query':<48}{header}{'growth':>9}{'/ base':>9}")
    for label in results[first]:
        p95s = [percentile(results[size][label], 95) for size in sizes]
        row = "".join(f"{p:12.2f}" for p in p95s)
        print(f"  {label:<48}{row}{p95s[-1] / p95s[0]:8.2f}×{p95s[-1] / base:8.1f}×")


if __name__ == "__main__":
    main()
