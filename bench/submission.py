"""Online submission benchmark: 50 citizens submitting dossiers with two 1 MB PDFs, and upload memory.

    uv run python bench/submission.py                      # SQLite in a throwaway folder, 50 users, 60 s
    uv run python bench/submission.py --quick              # smoke run: 5 users, 10 s
    uv run python bench/submission.py --think 2 --time 120 # users pause ~2 s after each page
    uv run python bench/submission.py --database-url postgres://postgres@127.0.0.1:5432/motcua   # PostgreSQL

Everything happens in a throwaway folder (and, on PostgreSQL, a throwaway database beside the one named):
migrate, the Kon Tum demo catalogue, a benchmark procedure (one case, an online channel, two required PDF
components of up to 60 MB) and the citizen accounts. ``motcua serve`` (gunicorn, 2 workers x 4 threads: its
default, one worker per core) runs in production mode on a free loopback port, with the captcha in test mode;
locust (``bench/locustfile_submission.py``) loads it headless from the same machine:

1. baseline: the same number of users, each looping GET ``/healthz`` (one database round trip) for the same time;
2. submissions: each user signs in once, then loops whole submissions, 13 requests each (start page, create the
   draft, applicant step, two uploads, components, delivery step, review page, "Nộp hồ sơ", confirmation page).

Printed: submissions completed and per second, requests per second, p50/p95/max per endpoint, errors, the
ratio p95(submission requests) / p95(baseline), who used the CPU meanwhile (server, locust, PostgreSQL, other
processes: a busy machine shows), then what the database holds afterwards (every dossier a user saw confirmed,
exactly two files each, unique codes, the SQLite file check). Then memory: ``motcua serve --workers 1 --threads
1``, the worker's RSS sampled every 20 ms while one citizen uploads a 1 MB (warm-up), a 5 MB and a 50 MB PDF
(streamed from disk by the client), each to a fresh draft: peak minus the idle median of the 2 s before.
Figures are for people: the script fails only when the setup itself fails (the folder is kept on server errors).
"""

import argparse
import contextlib
import json
import os
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from datetime import date
from pathlib import Path

from benchkit import ROOT, percentile

LOCUSTFILE = Path(__file__).resolve().parent / "locustfile_submission.py"
MIB = 1024 * 1024

PROCEDURE_CODE = "9.999001"
PROCEDURE_AGENCY = "000.00.16.H34"  # Sở Nông nghiệp và Phát triển nông thôn (demo catalogue)
NONCE = b"%bench-nonce-" + b"0" * 32 + b"\n"  # a fixed-length comment the load test rewrites: every upload unique


# --- PDF files ------------------------------------------------------------------------------------------------
def pdf_bytes(size: int) -> bytes:
    """A valid one-page PDF of about ``size`` bytes: an A4 page showing a grey-noise image (like a scan).

    Noise does not compress, so the bytes on the wire are the size announced. The ``NONCE`` comment after the
    header has a fixed length: rewriting it changes the file's hash without moving any offset.
    """
    width = 2048
    height = max(8, (size - 1200) // width)
    pixels = os.urandom(width * height)
    content = b"q 595 0 0 842 0 0 cm /Im1 Do Q\n"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >>"
        b" /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8"
        b" /Length %d >>\nstream\n" % (width, height, len(pixels)) + pixels + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n" + NONCE)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_write(path: Path, size: int) -> Path:
    from motcua.core.uploads import inspect_upload

    path.write_bytes(pdf_bytes(size))
    with path.open("rb") as handle:  # the product's own check: the benchmark must not measure refusals
        inspect_upload(handle, name=path.name, accepted=["pdf"], max_bytes=60 * MIB)
    return path


# --- Throwaway database and data ------------------------------------------------------------------------------
def pg_throwaway(url: str) -> tuple[str, str]:
    """A fresh database beside the one ``url`` names; returns (its URL, its name)."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'motcua'}_bench_submission"
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}")), name


def pg_drop(url: str, name: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_data(users: int) -> dict:
    """Migrate, load the demo catalogue, create the benchmark procedure and ``users`` citizens."""
    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction

    from motcua.accounts.models import AccountKind, CitizenProfile, IdentityLevel, User
    from motcua.catalogue.demo import catalogue_load_demo
    from motcua.catalogue.models import (
        Agency,
        Channel,
        ComponentRequirement,
        OnlineLevel,
        Procedure,
        ProcedureCase,
    )

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    catalogue_load_demo(with_templates=False)
    with transaction.atomic():
        procedure = Procedure.objects.create(
            code=PROCEDURE_CODE,
            name="Thủ tục thử tải: nộp hồ sơ trực tuyến với hai giấy tờ",
            agency=Agency.objects.get(code=PROCEDURE_AGENCY),
            online_level=OnlineLevel.FULL,
            required_identity_level=1,
            implementing_levels="province",
        )
        case = ProcedureCase.objects.create(procedure=procedure, name="", position=0)
        Channel.objects.create(case=case, kind=Channel.Kind.ONLINE, duration_value=5, position=0)
        components = [
            ComponentRequirement.objects.create(
                case=case, name=name, required=True, accepted_types="pdf", max_size_mb=60, position=position
            )
            for position, name in enumerate(["Đơn đề nghị (bản quét)", "Giấy tờ chứng minh kèm theo (bản quét)"])
        ]
        plain = secrets.token_urlsafe(12)
        password = make_password(plain)  # one Argon2 hash for every account: setup stays fast
        accounts, applicants = [], {}
        for n in range(users):
            id_number = f"062{n % 2}95{n:06d}"  # Kon Tum, born 1995, valid CCCD layout
            user = User.objects.create(
                username=id_number,
                password=password,
                full_name=f"Người Thử Tải {n:03d}",
                phone=f"09{n:08d}",  # a valid mobile number (09x)
                email=f"thutai{n:03d}@example.vn",
                kind=AccountKind.CITIZEN,
            )
            EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
            profile = CitizenProfile.objects.create(
                user=user,
                id_number=id_number,
                date_of_birth=date(1995, 1 + n % 12, 1 + n % 28),
                sex="Nam" if n % 2 == 0 else "Nữ",
                nationality="Việt Nam",
                address=f"{n} Trần Hưng Đạo, phường Quyết Thắng, thành phố Kon Tum",
                identity_level=IdentityLevel.LEVEL_1,
            )
            accounts.append(id_number)
            applicants[id_number] = {  # what the applicant step's form shows, prefilled from the account
                "name": user.full_name,
                "id_number": id_number,
                "date_of_birth": f"{profile.date_of_birth:%d/%m/%Y}",
                "address": profile.address,
                "phone": user.phone,
                "email": user.email,
            }
    return {
        "procedure": PROCEDURE_CODE,
        "components": [c.pk for c in components],
        "accounts": accounts,
        "applicants": applicants,
        "password": plain,
    }


def database_check(confirmed: list[str]) -> dict:
    """What the load left in the database: submitted dossiers of the benchmark procedure and their files, and
    whether every dossier a user saw confirmed (its code on "Nộp hồ sơ thành công") is there with both files."""
    from django.db import connection
    from django.db.models import Count

    from motcua.dossiers.models import Dossier

    connection.close()  # the server wrote meanwhile: a fresh connection sees everything
    submitted = Dossier.objects.filter(procedure__code=PROCEDURE_CODE).exclude(state="draft")
    files = dict(submitted.annotate(n=Count("files")).values_list("code", "n"))
    codes = list(submitted.values_list("code", flat=True))
    return {
        "submitted": len(files),
        "two_files": sum(1 for n in files.values() if n == 2),
        "other_file_counts": sorted({n for n in files.values() if n != 2}),
        "unique_codes": len(set(codes)) == len(codes) and all(codes),
        "confirmed": len(confirmed),
        "confirmed_missing": sum(1 for code in confirmed if files.get(code) != 2),
        "drafts_left": Dossier.objects.filter(procedure__code=PROCEDURE_CODE, state="draft").count(),
        "integrity": _integrity(connection),
    }


def _integrity(connection) -> str:
    """SQLite's own check of the database file ("ok"), after the load; PostgreSQL needs none here."""
    if connection.vendor != "sqlite":
        return "ok"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA quick_check")
        return "; ".join(row[0] for row in cursor.fetchall()[:3])


# --- The server -----------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``motcua serve`` in a subprocess (its own session, so its gunicorn can be found and stopped)."""

    def __init__(self, *, workers: int, threads: int, env: dict, log: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log.open("ab")
        command = [sys.executable, "-m", "motcua", "serve", "--skip-prepare", "--port", str(self.port)]
        command += ["--workers", str(workers), "--threads", str(threads)]
        self.process = subprocess.Popen(command, env=env, stdout=self.log, stderr=self.log, start_new_session=True)
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:  # noqa: S310 - loopback
                    if response.status == 200:
                        break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()  # never leave a half-started server behind
                raise SystemExit(f"motcua serve did not start (see {log})")
            time.sleep(0.2)

    def workers(self) -> list[int]:
        """PIDs of the gunicorn workers: the children of the gunicorn master (the supervisor's child)."""
        import psutil

        masters = psutil.Process(self.process.pid).children()
        return [child.pid for master in masters for child in master.children()]

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the supervisor, gunicorn's master and its workers."""
        import psutil

        root = psutil.Process(self.process.pid)
        total = 0.0
        for process in [root, *root.children(recursive=True)]:
            try:
                times = process.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
        return total

    def stop(self) -> None:
        """SIGTERM to ``motcua serve`` (it stops gunicorn); after 40 s, SIGKILL to it and everything it started."""
        import psutil

        if self.process.poll() is None:
            tree = psutil.Process(self.process.pid).children(recursive=True)  # gunicorn runs in its own session
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                for process in [*tree, psutil.Process(self.process.pid)]:
                    with contextlib.suppress(psutil.NoSuchProcess):
                        process.kill()
                self.process.wait()
        self.log.close()


def server_env(base: dict) -> dict:
    """The server's configuration: production mode over plain HTTP on loopback, captcha in test mode."""
    return base | {
        "MOTCUA_ENV": "production",
        "MOTCUA_SECRET_KEY": secrets.token_urlsafe(50),
        "MOTCUA_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MOTCUA_PUBLIC_URL": "http://127.0.0.1",
        "MOTCUA_SECURE_COOKIES": "off",  # plain HTTP on loopback: the cookies must travel without TLS
        "MOTCUA_VNEID_SANDBOX": "off",
        "MOTCUA_CERT_DEMO_CA": "off",
        "MOTCUA_OUTBOX_PAGE": "off",
    }


def server_errors(log: Path) -> Counter:
    """The exception behind each "Internal Server Error" the server logged (the folder is deleted afterwards)."""
    found: Counter = Counter()
    current = ""
    in_traceback = False
    for line in log.read_text(errors="replace").splitlines():
        if " ERROR django.request " in line:
            if current:
                found[current] += 1
            current = ""
        elif line.startswith("Traceback (most recent call last)"):
            in_traceback = True
        elif in_traceback and line and not line.startswith(" "):
            current, in_traceback = line.strip()[:200], False
    if current:
        found[current] += 1
    return found


# --- Load (locust) --------------------------------------------------------------------------------------------
def locust_run(*, server: Server, user_class: str, users: int, spawn_rate: float, seconds: int, env: dict, out: Path):
    """Run locust headless; returns the raw records the locustfile dumped (one per request, one per flow), and the
    CPU seconds the server and locust used meanwhile (they share the machine)."""
    host = server.base
    command = [
        str(Path(sys.executable).with_name("locust")),
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(spawn_rate),
        "--run-time",
        f"{seconds}s",
        "--host",
        host,
        "--csv",
        str(out.with_suffix("")),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
        user_class,
    ]
    log = out.with_suffix(".log")
    server_before = server.cpu_seconds()
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy_before, postgres_before = _machine_busy(), _postgres_cpu()
    wall = time.monotonic()
    with log.open("wb") as handle:
        subprocess.run(command, env=env | {"BENCH_DUMP": str(out)}, stdout=handle, stderr=handle, check=False)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = {
        "wall": time.monotonic() - wall,
        "server": server.cpu_seconds() - server_before,
        # Only locust was waited for meanwhile: the server is still running.
        "locust": children.ru_utime + children.ru_stime - children_before.ru_utime - children_before.ru_stime,
        "machine": _machine_busy() - busy_before,
        "postgres": _postgres_cpu() - postgres_before,  # a local PostgreSQL works for the server
    }
    if not out.exists():
        raise SystemExit(f"locust wrote no results (see {log})")
    return json.loads(out.read_text()), cpu


def summarise(run: tuple[list[dict], dict]) -> dict:
    records, cpu = run
    requests = [r for r in records if r["kind"] == "request"]
    started = min((r["start"] for r in requests), default=0)
    ended = max((r["start"] + r["ms"] / 1000 for r in requests), default=0)
    return {
        "requests": requests,
        "flows": [r for r in records if r["kind"] == "flow"],
        "seconds": max(ended - started, 1e-9),
        "started": started,
        "cpu": cpu,
    }


def _machine_busy() -> float:
    """CPU seconds the whole machine spent busy (all processes, all cores) since boot."""
    import psutil

    times = psutil.cpu_times()
    return sum(times) - times.idle - getattr(times, "iowait", 0.0)


def _postgres_cpu() -> float:
    """CPU seconds used so far by the local PostgreSQL's processes (0 without one)."""
    import psutil

    total = 0.0
    for process in psutil.process_iter(["name", "cpu_times"]):
        if process.info["name"] in ("postgres", "postmaster") and process.info["cpu_times"] is not None:
            total += process.info["cpu_times"].user + process.info["cpu_times"].system
    return total


def cpu_line(cpu: dict) -> str:
    """Who used the CPU during a phase: the server, locust, and anything else on the machine (a noisy run shows)."""
    machine = (os.cpu_count() or 1) * cpu["wall"]
    postgres = max(cpu["postgres"], 0.0)  # a backend that exited meanwhile is missed: a lower bound
    others = max(cpu["machine"] - cpu["server"] - cpu["locust"] - postgres, 0.0)
    database = f"PostgreSQL {postgres / machine:.0%}, " if postgres >= 0.005 * machine else ""
    return (
        f"  CPU over {cpu['wall']:.0f} s x {os.cpu_count()} cores: server {cpu['server'] / machine:.0%}, "
        f"locust {cpu['locust'] / machine:.0%}, {database}other processes {others / machine:.0%}, "
        f"idle {max(1 - cpu['machine'] / machine, 0):.0%}"
    )


def endpoint_table(requests: list[dict]) -> list[tuple]:
    names = list(dict.fromkeys(r["name"] for r in requests))
    rows = []
    for name in names:
        times = [r["ms"] for r in requests if r["name"] == name]
        failures = sum(1 for r in requests if r["name"] == name and r["error"])
        rows.append((name, len(times), failures, percentile(times, 50), percentile(times, 95), max(times)))
    return rows


def print_load(baseline: dict, load: dict, *, users: int, seconds: int, think: float) -> dict:
    base_resets = [r for r in baseline["requests"] if r["error"].startswith("RETRIED ")]
    base_requests = [r for r in baseline["requests"] if not r["error"].startswith("RETRIED ")]
    base_times = [r["ms"] for r in base_requests]
    base_fail = sum(1 for r in base_requests if r["error"])
    pacing = f"a pause of {think:g} s (0.5-1.5x) after each page" if think else "no pause between requests"
    print(f"\nbaseline: {users} users looping GET /healthz for {seconds} s, {pacing}")
    print(
        f"  {len(base_times)} requests, {len(base_times) / baseline['seconds']:.1f} req/s, "
        f"p50 {percentile(base_times, 50):.0f} ms, p95 {percentile(base_times, 95):.0f} ms, "
        f"max {max(base_times, default=0):.0f} ms, errors {base_fail}"
    )
    print(cpu_line(baseline["cpu"]))
    if base_resets:
        print(f"  plus {len(base_resets)} connection resets before any answer, sent again once")
    for message, count in Counter(r["error"] for r in base_requests if r["error"]).most_common(3):
        print(f"  error x{count}: {message[:160]}")

    # A reset attempt that was sent again is not a request of its own: its retry is recorded.
    resets = [r for r in load["requests"] if r["error"].startswith("RETRIED ")]
    requests = [r for r in load["requests"] if not r["error"].startswith("RETRIED ")]
    loop = [r for r in requests if not r["name"].startswith(("GET /tai-khoan/", "POST /tai-khoan/"))]
    flows = load["flows"]
    done = [f for f in flows if not f["error"]]
    errors = [r for r in requests if r["error"]]
    loop_times = [r["ms"] for r in loop]
    print(f"\nsubmissions: {users} users, each signs in once then loops whole submissions for {seconds} s, {pacing}")
    print(
        f"  submissions completed {len(done)} ({len(done) / load['seconds']:.2f}/s), "
        f"failed {len(flows) - len(done)}; requests {len(requests)} ({len(requests) / load['seconds']:.1f} req/s)"
    )
    print(f"  errors {len(errors)} of {len(requests)} requests ({len(errors) / max(len(requests), 1):.2%})")
    if resets:
        print(
            f"  plus {len(resets)} connection resets before any answer (an idle keep-alive connection closed by the "
            "server as the request left), sent again once as browsers do"
        )
    print(cpu_line(load["cpu"]))
    print(f"  {'endpoint':<52} {'count':>6} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
    for name, count, failures, p50, p95, top in endpoint_table(requests):
        print(f"  {name:<52} {count:>6} {failures:>6} {p50:>7.0f} {p95:>7.0f} {top:>7.0f}")
    flow_times = [f["ms"] for f in done]
    sub_p95 = percentile(loop_times, 95)
    base_p95 = percentile(base_times, 95)
    print(
        f"  all submission-loop requests: p50 {percentile(loop_times, 50):.0f} ms, p95 {sub_p95:.0f} ms, "
        f"max {max(loop_times, default=0):.0f} ms"
    )
    # Steady state: once every user has signed in (50 Argon2 hashes at the start load the CPU for seconds).
    logins = [r for r in requests if r["name"] == "POST /tai-khoan/dang-nhap/"]
    settled = max((r["start"] + r["ms"] / 1000 for r in logins), default=0)
    steady = [r["ms"] for r in loop if r["start"] >= settled]
    print(
        f"  the same once every user has signed in (after {settled - load['started']:.0f} s): "
        f"{len(steady)} requests, p50 {percentile(steady, 50):.0f} ms, p95 {percentile(steady, 95):.0f} ms"
    )
    print(
        f"  a whole submission (13 requests, end to end, pauses excluded): "
        f"p50 {percentile(flow_times, 50) / 1000:.2f} s, p95 {percentile(flow_times, 95) / 1000:.2f} s"
    )
    print(f"  ratio p95(submission requests) / p95(baseline) = {sub_p95 / base_p95:.1f}x")
    statuses = Counter(r["status"] for r in requests if r["name"] == "POST /nop-ho-so/[id]/nop/" and not r["error"])
    print("  'Nộp hồ sơ' answered " + ", ".join(f"HTTP {code} x{n}" for code, n in sorted(statuses.items())))
    for message, count in Counter(f"{e['name']}: {e['error']}" for e in errors).most_common(10):
        print(f"  error x{count}: {message[:160]}")
    return {"completed": len(done), "p95": sub_p95, "errors": len(errors)}


# --- HTTP helpers shared with the locustfile (plain requests, no locust import: it would patch threads) -------
def csrf_headers(session, base: str) -> dict:
    """What a browser's form post carries for Django's CSRF check: the cookie's token, and a same-origin Referer."""
    return {"X-CSRFToken": session.cookies.get("csrftoken", ""), "Referer": base + "/"}


def login(session, base: str, username: str, password: str) -> None:
    session.get(f"{base}/tai-khoan/dang-nhap/", timeout=30).raise_for_status()
    response = session.post(
        f"{base}/tai-khoan/dang-nhap/",
        data={"login": username, "password": password, "csrfmiddlewaretoken": session.cookies.get("csrftoken", "")},
        headers=csrf_headers(session, base),
        allow_redirects=False,
        timeout=30,
    )
    if response.status_code != 302:
        raise SystemExit(f"login as {username} failed: HTTP {response.status_code}")


def draft_create(session, base: str, procedure: str) -> str:
    """POST "Nộp hồ sơ" on the procedure: a new draft; returns its public id (from the redirect)."""
    response = session.post(
        f"{base}/thu-tuc/{procedure}/nop-ho-so/",
        data={"csrfmiddlewaretoken": session.cookies.get("csrftoken", "")},
        headers=csrf_headers(session, base),
        allow_redirects=False,
        timeout=30,
    )
    location = response.headers.get("Location", "")
    if response.status_code != 302 or "/nop-ho-so/" not in location:
        raise SystemExit(f"creating a draft failed: HTTP {response.status_code} {location}")
    return location.split("/nop-ho-so/", 1)[1].split("/", 1)[0]


class StreamedUpload:
    """A multipart/form-data body (the CSRF token, then one file) read from disk in 64 KiB pieces.

    ``len()`` gives requests the Content-Length, so the body goes out as a plain stream (not chunked) and the
    client never holds the file in memory: what grows, if anything, is the server.
    """

    def __init__(self, path: Path, *, field: str, csrf: str) -> None:
        boundary = secrets.token_hex(16)
        self.content_type = f"multipart/form-data; boundary={boundary}"
        self.path = path
        self.head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{csrf}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{path.name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        self.tail = f"\r\n--{boundary}--\r\n".encode()

    def __len__(self) -> int:
        return len(self.head) + self.path.stat().st_size + len(self.tail)

    def __iter__(self):
        yield self.head
        with self.path.open("rb") as handle:
            while chunk := handle.read(64 * 1024):
                yield chunk
        yield self.tail


# --- Memory ---------------------------------------------------------------------------------------------------
class Sampler(threading.Thread):
    """RSS of one process every 20 ms, with timestamps."""

    def __init__(self, pid: int) -> None:
        import psutil

        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.samples: list[tuple[float, int]] = []
        self.running = True

    def run(self) -> None:
        while self.running:
            self.samples.append((time.monotonic(), self.process.memory_info().rss))
            time.sleep(0.02)

    def between(self, start: float, end: float) -> list[int]:
        return [rss for at, rss in self.samples if start <= at <= end]


def measure_memory(server: Server, config: dict, files: dict[str, Path]) -> list[tuple[str, int, float, float]]:
    """Sign in, then for each file: a fresh draft, its idle RSS (median of 2 s), the upload's peak RSS."""
    import requests

    (pid,) = server.workers()
    sampler = Sampler(pid)
    sampler.start()
    session = requests.Session()
    login(session, server.base, config["accounts"][0], config["password"])
    component = config["components"][0]
    results = []
    for label, path in files.items():
        draft = draft_create(session, server.base, config["procedure"])
        time.sleep(0.3)
        idle_start = time.monotonic()
        time.sleep(2)
        idle = statistics.median(sampler.between(idle_start, time.monotonic()))
        started = time.monotonic()
        body = StreamedUpload(path, field="tep", csrf=session.cookies.get("csrftoken", ""))
        response = session.post(
            f"{server.base}/nop-ho-so/{draft}/thanh-phan/{component}/tai-len/",
            data=body,
            headers={**csrf_headers(session, server.base), "Content-Type": body.content_type, "HX-Request": "true"},
            allow_redirects=False,
            timeout=300,
        )
        elapsed = time.monotonic() - started
        time.sleep(0.1)  # one more sample after the response
        peak = max(sampler.between(started, time.monotonic()))
        ok = response.status_code == 200 and "Đã tải lên" in response.text
        results.append((label, path.stat().st_size, idle, peak, elapsed, ok, response.status_code))
    sampler.running = False
    return results


def print_memory(results, target_mb: float = 10) -> None:
    print("\nmemory: motcua serve --workers 1 --threads 1, one citizen uploads one PDF to a fresh draft")
    print(f"  {'upload':<16} {'idle RSS':>9} {'peak RSS':>9} {'growth':>8} {'upload':>8}  result")
    for label, size, idle, peak, elapsed, ok, status in results:
        growth = (peak - idle) / MIB
        verdict = ("meets" if growth < target_mb else "MISSES") + f" the < {target_mb:g} MB target"
        print(
            f"  {label:<16} {idle / MIB:>6.1f} MB {peak / MIB:>6.1f} MB {growth:>5.1f} MB {elapsed:>6.2f} s  "
            f"HTTP {status}{'' if ok else ' (REFUSED)'}, {verdict} ({size / MIB:.1f} MiB file)"
        )


# --- Main -----------------------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--time", type=int, default=60, help="seconds of load, for the baseline and the submissions")
    parser.add_argument(
        "--think", type=float, default=0, help="seconds each user pauses after every page (0.5-1.5x); 0: no pause"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database-url", default="", help="a PostgreSQL URL; a throwaway database is made beside it")
    parser.add_argument("--quick", action="store_true", help="smoke run: 5 users, 10 s")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway folder (logs, CSVs, database)")
    args = parser.parse_args()
    if args.quick:
        args.users, args.time = 5, 10

    work = Path(tempfile.mkdtemp(prefix="motcua-bench-submission-"))
    pg = None
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_") and k != "DATABASE_URL"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "motcua.conf.settings",
        "MOTCUA_VAR_DIR": str(work / "var"),
        "MOTCUA_LOG_LEVEL": "WARNING",
        "MOTCUA_CAPTCHA": "off",  # ALTCHA test mode: any value is accepted
        "MOTCUA_LOGIN_RATE_LIMIT": "10000/m/ip,10000/300s/key",
        "MOTCUA_UPLOAD_MAX_MB": "60",
        "MOTCUA_DOSSIER_MAX_MB": "200",
    }
    if args.database_url:
        url, name = pg_throwaway(args.database_url)
        pg = (args.database_url, name)
        env["DATABASE_URL"] = url
    else:
        env["DATABASE_URL"] = f"sqlite:///{work / 'var' / 'bench.sqlite3'}"
    os.environ.clear()
    os.environ.update(env)
    sys.path.insert(0, str(ROOT / "src"))
    try:
        started = time.monotonic()
        config = setup_data(max(args.users, 1))
        from django.db import connection

        files = {
            "1 MB (load)": pdf_write(work / "one-mb.pdf", MIB),
            "5 MB": pdf_write(work / "five-mb.pdf", 5 * MIB),
            "50 MB": pdf_write(work / "fifty-mb.pdf", 50 * MIB),
        }
        config["pdf"] = str(files["1 MB (load)"])
        config["nonce"] = NONCE.decode()
        (work / "config.json").write_text(json.dumps(config))
        connection.close()
        print(
            f"setup: {connection.vendor}, {len(config['accounts'])} citizens, procedure {PROCEDURE_CODE} "
            f"(two required PDF components), {time.monotonic() - started:.0f} s; folder {work}"
        )
        print(f"machine: {os.cpu_count()} cores, {_mem_total_gib():.0f} GiB; client and server share it")

        serve_env = server_env(env)
        locust_env = env | {"BENCH_CONFIG": str(work / "config.json"), "BENCH_THINK": str(args.think)}
        server = Server(workers=args.workers, threads=args.threads, env=serve_env, log=work / "server.log")
        print(f"server: motcua serve, gunicorn {args.workers} workers x {args.threads} threads, {server.base}")
        try:
            baseline = summarise(
                locust_run(
                    server=server,
                    user_class="HealthUser",
                    users=args.users,
                    spawn_rate=args.spawn_rate,
                    seconds=args.time,
                    env=locust_env,
                    out=work / "baseline.json",
                )
            )
            load = summarise(
                locust_run(
                    server=server,
                    user_class="SubmissionUser",
                    users=args.users,
                    spawn_rate=args.spawn_rate,
                    seconds=args.time,
                    env=locust_env,
                    out=work / "submissions.json",
                )
            )
        finally:
            server.stop()
        print_load(baseline, load, users=args.users, seconds=args.time, think=args.think)
        crashes = server_errors(work / "server.log")
        for exception, count in crashes.most_common(5):
            print(f"  server error x{count}: {exception}")
        if crashes:
            args.keep = True  # the server log and the database are evidence: keep them
        try:
            check = database_check([f["code"] for f in load["flows"] if f.get("code")])
        except Exception as error:  # a figure, not a crash: say what the database answered
            print(f"  database afterwards: could not be read ({type(error).__name__}: {error})")
            args.keep, check = True, None
        if check is not None:
            others = f" (others: {check['other_file_counts']})" if check["other_file_counts"] else ""
            print(
                f"  database afterwards: {check['submitted']} submitted dossiers, {check['two_files']} with exactly "
                f"two files{others}, codes {'unique' if check['unique_codes'] else 'NOT UNIQUE'}; of the "
                f"{check['confirmed']} codes users saw confirmed, {check['confirmed_missing']} missing or incomplete"
            )
            print(f"  database file check: {check['integrity']}")
            if check["integrity"] != "ok":
                args.keep = True
            print(
                f"  (submissions cut off by the end of the run: {check['submitted'] - check['confirmed']} submitted "
                f"but not seen confirmed, {check['drafts_left']} drafts left)"
            )
        connection.close()

        if not args.skip_memory:
            server = Server(workers=1, threads=1, env=serve_env, log=work / "server-memory.log")
            try:
                memory_files = {"1 MB (warm-up)": files["1 MB (load)"], "5 MB": files["5 MB"], "50 MB": files["50 MB"]}
                print_memory(measure_memory(server, config, memory_files))
            finally:
                server.stop()
    finally:
        if pg is not None:
            from django.db import connections

            connections.close_all()
            pg_drop(*pg)
        if args.keep:
            print(f"\nkept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def _mem_total_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return 0.0


if __name__ == "__main__":
    main()
