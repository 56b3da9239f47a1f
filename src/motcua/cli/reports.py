"""Statistics: rebuild the summary tables from the dossiers, or fold in the pending changes now."""

import argparse
import time

from .common import django_setup


def cmd_reports_rebuild(args: argparse.Namespace) -> int:
    """Empty the statistics' summary tables and recompute them from the dossiers (same numbers as the rollup)."""
    django_setup()
    from django.utils import timezone

    from motcua.reports.services import rollup_rebuild

    started = time.perf_counter()

    def progress(done: int, count: int) -> None:
        if not args.quiet:
            print(f"  {done:,}/{count:,} cơ quan", flush=True)

    total = rollup_rebuild(today=timezone.localdate(), progress=progress)
    print(f"motcua: đã tổng hợp lại số liệu thống kê của {total:,} hồ sơ trong {time.perf_counter() - started:.1f} s")
    return 0


def cmd_reports_refresh(args: argparse.Namespace) -> int:
    """Fold the dossiers changed since the last run into the statistics (what the periodic task does)."""
    django_setup()
    from django.utils import timezone

    from motcua.reports.services import rollup_refresh

    changed = rollup_refresh(today=timezone.localdate())
    print(f"motcua: đã cập nhật số liệu thống kê ({changed:,} hồ sơ thay đổi)")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    rebuild = sub.add_parser("reports-rebuild", help="recompute the statistics' summary tables from the dossiers")
    rebuild.add_argument("--quiet", action="store_true", help="no progress lines")
    rebuild.set_defaults(func=cmd_reports_rebuild)

    refresh = sub.add_parser("reports-refresh", help="fold pending dossier changes into the statistics now")
    refresh.set_defaults(func=cmd_reports_refresh)
