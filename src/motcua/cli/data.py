"""Data in and out: import procedures and tax notices, generate benchmark data, verify the audit log."""

import argparse
import sys

from .common import django_setup


def cmd_import(args: argparse.Namespace) -> int:
    django_setup()
    from django.core.management import CommandError, call_command

    try:
        call_command("import_procedures", args.file)
    except CommandError as error:  # a report for people, not a traceback
        print(f"motcua: {error}", file=sys.stderr)
        return 1
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    django_setup()
    from django.core.management import call_command

    call_command("generate_catalogue", count=args.count, seed=args.seed)
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """Check the audit log's hash chain; exit 1 and name the first broken link if it is not intact."""
    django_setup()
    from motcua.audit.selectors import audit_verify

    result = audit_verify()
    if result.ok:
        print(f"motcua: nhật ký kiểm toán nguyên vẹn (đã kiểm tra {result.checked} bản ghi)")
        return 0
    print(
        f"motcua: nhật ký kiểm toán BỊ SỬA ĐỔI tại bản ghi #{result.first_broken_id}: {result.reason} "
        f"({result.checked} bản ghi trước đó nguyên vẹn)",
        file=sys.stderr,
    )
    return 1


def cmd_generate_dossiers(args: argparse.Namespace) -> int:
    django_setup()
    from motcua.dossiers.generate import dossiers_generate

    report = dossiers_generate(
        count=args.count, seed=args.seed, progress=lambda done, count: print(f"  {done:,}/{count:,}", flush=True)
    )
    print(
        f"motcua: {report.created:,} hồ sơ trong {report.seconds:.0f} s ({report.per_second:,.0f}/s), "
        f"tổng {report.total:,}; cán bộ tiếp nhận {report.reception_username}, chuyên viên {report.specialist_username}"
    )
    return 0


def cmd_import_tax_notices(args: argparse.Namespace) -> int:
    """Take the tax authority's CSV of land-obligation notices: all rows, or none (every error is listed)."""
    django_setup()
    from pathlib import Path

    from motcua.payments.services.land import TaxNoticeErrors, tax_notices_import, tax_notices_parse_csv

    path = Path(args.file)
    try:
        content = path.read_bytes()
    except OSError as error:
        print(f"motcua: không đọc được tệp {path}: {error.strerror}", file=sys.stderr)
        return 1
    try:
        result = tax_notices_import(notices=tax_notices_parse_csv(content), source=f"csv:{path.name[:80]}")
        errors = result.errors
    except TaxNoticeErrors as error:
        errors = error.errors
    if errors:
        for row_error in errors:
            print(f"motcua: {row_error}", file=sys.stderr)
        print(f"motcua: có {len(errors)} lỗi, chưa nhận thông báo nào.", file=sys.stderr)
        return 1
    print(f"motcua: đã nhận {result.created} thông báo mới, {result.unchanged} thông báo đã có (không thay đổi).")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    importer = sub.add_parser("import-procedures", help="import procedures from a national-format JSON file")
    importer.add_argument("file")
    importer.set_defaults(func=cmd_import)

    generate = sub.add_parser("generate-catalogue", help="generate a synthetic catalogue for benchmarks")
    generate.add_argument("--count", type=int, required=True)
    generate.add_argument("--seed", type=int, default=766)
    generate.set_defaults(func=cmd_generate)

    generate_dossiers = sub.add_parser("generate-dossiers", help="generate synthetic dossiers for benchmarks")
    generate_dossiers.add_argument("--count", type=int, required=True)
    generate_dossiers.add_argument("--seed", type=int, default=1)
    generate_dossiers.set_defaults(func=cmd_generate_dossiers)

    audit = sub.add_parser("audit", help="the append-only audit log")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    audit_sub.add_parser("verify", help="check the hash chain; names the first broken link").set_defaults(
        func=cmd_audit_verify
    )

    tax_notices = sub.add_parser("import-tax-notices", help="import land-obligation tax notices from a CSV file")
    tax_notices.add_argument("file")
    tax_notices.set_defaults(func=cmd_import_tax_notices)
