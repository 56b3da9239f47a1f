"""Running the product: ``demo`` (migrate, demo data, web + worker), ``serve``, ``worker``, ``manage``."""

import argparse
import os
import signal
import subprocess
import sys
import time

from .common import SETTINGS, django_setup, manage_call


def _prepare(*, verbosity: int = 0) -> None:
    """Create var/, migrate, collect static files (idempotent)."""
    from django.conf import settings

    for folder in (settings.VAR_DIR, settings.MEDIA_ROOT, settings.OUTBOX_DIR):
        os.makedirs(folder, exist_ok=True)
    manage_call("migrate", "--noinput", f"--verbosity={verbosity}")
    manage_call("collectstatic", "--noinput", f"--verbosity={verbosity}")


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
    from motcua.integrations.tasks import integrations_retry_task
    from motcua.payments.tasks import attempts_expire_task
    from motcua.reports.tasks import rollup_refresh_task

    files_collect_garbage_task.enqueue()
    deadline_reminders_task.enqueue()
    attempts_expire_task.enqueue()
    integrations_retry_task.enqueue()
    rollup_refresh_task.enqueue()  # its first run rebuilds the statistics from the dossiers


def cmd_demo(args: argparse.Namespace) -> int:
    host_for_url = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host  # noqa: S104
    # Links in e-mail/SMS and the sandbox VNeID's redirect address follow the address the demo serves on.
    os.environ.setdefault("MOTCUA_PUBLIC_URL", f"http://{host_for_url}:{args.port}")
    django_setup()
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
    from motcua.dossiers.demo_history import dossiers_load_demo_history
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
    dossiers_load_demo_history()  # a year of finished dossiers for the statistics; marked for the next refresh
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
    if settings.MOTCUA_NATIONAL_SANDBOX:
        print(f"  Cổng DVC quốc gia thử nghiệm: {base}/sandbox/cong-dvc-quoc-gia/  (tài khoản quản trị)")
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
    django_setup()
    if not args.skip_prepare:
        _prepare()
    return _supervise({"web": (_web_command(args.host, args.port, args.workers, args.threads), signal.SIGTERM)})


def cmd_worker(args: argparse.Namespace) -> int:
    django_setup()
    _periodic_tasks_start()
    return _supervise({"worker": (_worker_command(), signal.SIGTERM)})


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["motcua manage", *args.rest])
    return 0


def register(sub: argparse._SubParsersAction) -> None:
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
