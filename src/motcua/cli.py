"""The ``motcua`` command: run the demo, serve in production, run the worker, import the catalogue.

``motcua demo`` needs nothing but uv: it migrates SQLite in ``var/``, loads the Kon Tum demo data, starts
the web server and the task worker, and stops both cleanly on Ctrl-C.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence

SETTINGS = "motcua.conf.settings"


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()


def _manage(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


def _prepare(*, verbosity: int = 0) -> None:
    """Create var/, migrate, collect static files (idempotent)."""
    from django.conf import settings

    for folder in (settings.VAR_DIR, settings.MEDIA_ROOT, settings.OUTBOX_DIR):
        os.makedirs(folder, exist_ok=True)
    _manage("migrate", "--noinput", f"--verbosity={verbosity}")
    _manage("collectstatic", "--noinput", f"--verbosity={verbosity}")


def _web_command(host: str, port: int, workers: int, threads: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "motcua.conf.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--access-logfile",
        "-",
        "--graceful-timeout",
        "10",
        "--forwarded-allow-ips",
        os.environ.get("MOTCUA_FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]


def _worker_command() -> list[str]:
    return [sys.executable, "-m", "motcua", "manage", "db_worker", "--interval", "1"]


def _supervise(commands: dict[str, tuple[list[str], signal.Signals]]) -> int:
    """Run the processes until one exits or Ctrl-C / SIGTERM arrives; then stop each with its own signal.

    Children run in their own sessions so that a Ctrl-C in the terminal reaches only this supervisor, and each
    child receives exactly one stop signal (a second one would make the task worker abandon its task).
    """
    processes = {
        name: (subprocess.Popen(command, start_new_session=True), stop_signal)  # noqa: S603
        for name, (command, stop_signal) in commands.items()
    }
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    exit_code = 0
    try:
        while not stopping:
            for name, (process, _) in processes.items():
                if process.poll() is not None:
                    print(f"motcua: {name} exited with code {process.returncode}; stopping.", file=sys.stderr)
                    exit_code = process.returncode or 1
                    stopping = True
            time.sleep(0.2)
    finally:
        for process, stop_signal in processes.values():
            if process.poll() is None:
                process.send_signal(stop_signal)
        deadline = time.monotonic() + 30
        for process, _ in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    print("motcua: stopped.")
    return exit_code


def _periodic_tasks_start() -> None:
    """Tasks that re-enqueue themselves (the tasks API has no scheduler): start one chain per worker start."""
    from motcua.dossiers.tasks import deadline_reminders_task, files_collect_garbage_task
    from motcua.payments.tasks import attempts_expire_task

    files_collect_garbage_task.enqueue()
    deadline_reminders_task.enqueue()
    attempts_expire_task.enqueue()


def cmd_demo(args: argparse.Namespace) -> int:
    host_for_url = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host  # noqa: S104
    # Links in e-mail/SMS and the sandbox VNeID's redirect address follow the address the demo serves on.
    os.environ.setdefault("MOTCUA_PUBLIC_URL", f"http://{host_for_url}:{args.port}")
    _django()
    from django.conf import settings

    from motcua.accounts.demo import (
        DEMO_BUSINESS,
        DEMO_BUSINESS_TAX_CODE,
        DEMO_RECEPTION_OFFICER,
        DEMO_SPECIALIST,
        accounts_load_demo,
    )
    from motcua.catalogue.demo import catalogue_load_demo
    from motcua.catalogue.tasks import demo_templates_attach
    from motcua.dossiers.demo import dossiers_load_demo
    from motcua.identity.contrib.certificate.demo import certificate_load_demo
    from motcua.identity.contrib.sandbox.demo import sandbox_load_demo
    from motcua.payments.demo import payments_load_demo

    print("motcua: preparing var/ (migrate, static files) …")
    _prepare()
    print("motcua: loading the Kon Tum demo data …")
    report = catalogue_load_demo(with_templates=False)
    demo_templates_attach.enqueue()  # the worker renders the printable forms in the background
    _periodic_tasks_start()
    logins = accounts_load_demo()
    dossiers_load_demo(
        applicant_username=DEMO_BUSINESS[1],
        reception_username=DEMO_RECEPTION_OFFICER,
        specialist_username=DEMO_SPECIALIST,
    )
    payments_load_demo()  # collection accounts, a dossier with fees to pay, one awaiting a land obligation
    identities = sandbox_load_demo() if settings.MOTCUA_VNEID_SANDBOX else []
    certificate_readme = (
        certificate_load_demo(tax_code=DEMO_BUSINESS_TAX_CODE, organisation_name=DEMO_BUSINESS[2])
        if settings.MOTCUA_CERT_DEMO_CA
        else None
    )
    print(f"  procedures: {report.created} created, {report.updated} updated, {report.unchanged} unchanged")
    for position, code, reason in report.errors:
        print(f"  demo record #{position} {code}: {reason}", file=sys.stderr)
    base = settings.MOTCUA_PUBLIC_URL
    print()
    print(f"  Cổng Dịch vụ công:        {base}/")
    print(f"  Một cửa điện tử (cán bộ): {base}/mot-cua/  (lần đầu đăng nhập: cài đặt mã TOTP)")
    print(f"  Quản trị hệ thống:        {base}/quan-tri/")
    print("  Tài khoản demo (lưu trong var/demo_logins.json):")
    for login in logins:
        print(f"    {login.role:<34} {login.username:<14} mật khẩu: {login.password}")
    if identities:
        print(f"  VNeID thử nghiệm ({base}/sandbox/vneid/; mã OTP gửi tới hộp thư demo):")
        for identity in identities:
            print(
                f"    {identity.full_name:<34} CCCD {identity.id_number}  mật khẩu: {identity.password}"
                f"  (mức độ {identity.level})"
            )
    if certificate_readme is not None:
        print(f"  Chữ ký số demo của doanh nghiệp: {certificate_readme}")
    if settings.MOTCUA_PAYMENT_SANDBOX:
        print(f"  Ngân hàng thử nghiệm: mở từ nút “Thanh toán” của hồ sơ ({base}/thanh-toan/sandbox/ngan-hang/)")
    print(f"  Hộp thư demo (thư điện tử, SMS): {base}/hop-thu/")
    print("  Nhấn Ctrl-C để dừng.\n")
    sys.stdout.flush()
    return _supervise(
        {
            # The demo stops at once (gunicorn's quick shutdown); the worker finishes its current short task.
            "web": (_web_command(args.host, args.port, workers=2, threads=4), signal.SIGINT),
            "worker": (_worker_command(), signal.SIGTERM),
        }
    )


def cmd_serve(args: argparse.Namespace) -> int:
    _django()
    if not args.skip_prepare:
        _prepare()
    return _supervise({"web": (_web_command(args.host, args.port, args.workers, args.threads), signal.SIGTERM)})


def cmd_worker(args: argparse.Namespace) -> int:
    _django()
    _periodic_tasks_start()
    return _supervise({"worker": (_worker_command(), signal.SIGTERM)})


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["motcua manage", *args.rest])
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    _django()
    from django.core.management import CommandError, call_command

    try:
        call_command("import_procedures", args.file)
    except CommandError as error:  # a report for people, not a traceback
        print(f"motcua: {error}", file=sys.stderr)
        return 1
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    _django()
    from django.core.management import call_command

    call_command("generate_catalogue", count=args.count, seed=args.seed)
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """Check the audit log's hash chain; exit 1 and name the first broken link if it is not intact."""
    _django()
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
    _django()
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
    _django()
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


def cmd_api_key_create(args: argparse.Namespace) -> int:
    """Register a partner system and print its API key — once: only its hash is kept."""
    _django()
    from motcua.api.keys import api_client_create
    from motcua.core.errors import DomainError

    try:
        client, key = api_client_create(name=args.name, scopes=args.scope or [])
    except DomainError as error:
        print(f"motcua: {error.message}", file=sys.stderr)
        return 1
    print(
        f"motcua: đã tạo khóa API cho “{client.name}” ({', '.join(client.scopes) or 'không có quyền'}); "
        "khóa chỉ hiển thị một lần:",
        file=sys.stderr,
    )
    print(key)
    return 0


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="motcua", description="Cổng Dịch vụ công và Một cửa điện tử")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="migrate, load the Kon Tum demo data, run web + worker")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="production web server (gunicorn + WhiteNoise)")
    serve.add_argument("--host", default=os.environ.get("MOTCUA_HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("MOTCUA_PORT", "8000")))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("MOTCUA_WEB_WORKERS", "2")))
    serve.add_argument("--threads", type=int, default=int(os.environ.get("MOTCUA_WEB_THREADS", "4")))
    serve.add_argument("--skip-prepare", action="store_true", help="do not migrate / collect static first")
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser("worker", help="run the background task worker")
    worker.set_defaults(func=cmd_worker)

    manage = sub.add_parser("manage", help="any Django management command", add_help=False)
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)

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

    api_key = sub.add_parser("api-key", help="API keys of partner systems")
    api_key_sub = api_key.add_subparsers(dest="api_key_command", required=True)
    api_key_create = api_key_sub.add_parser("create", help="register a partner system; prints its key once")
    api_key_create.add_argument("name")
    api_key_create.add_argument("--scope", action="append", help="e.g. tax_notices:write (repeatable)")
    api_key_create.set_defaults(func=cmd_api_key_create)

    args = parser.parse_args(argv)
    sys.exit(args.func(args))


if __name__ == "__main__":
    main()
