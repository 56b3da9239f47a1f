"""API benchmark: throughput and latency of the public API against a minimal view, served by the same gunicorn.

    uv run python bench/api.py                                           # SQLite, 2,000 procedures, 5,000 dossiers
    uv run python bench/api.py --procedures 20000 --dossiers 100000 --seconds 20
    DATABASE_URL=postgres://postgres@127.0.0.1/motcua_bench_api uv run python bench/api.py

The database (``bench/results/bench-api-<procedures>-<dossiers>.sqlite3`` unless ``DATABASE_URL`` says otherwise)
is filled once (``generate-catalogue`` and ``generate-dossiers``) and reused by later runs. ``motcua serve``
(gunicorn, 2 workers × 4 threads) runs on a loopback port with the status-lookup budget raised
(``MOTCUA_LOOKUP_PER_MINUTE``): every lookup is answered, none is refused with 429 by the throttle. In the same run,
one after the other, 4 client threads (a keep-alive connection each) call for ``--seconds`` each:

- ``GET /healthz`` — the minimal view (one database round trip), the baseline;
- ``GET /api/v1/thu-tuc?q=…`` — catalogue search, varied queries with and without diacritics and with filters;
- ``GET /api/v1/thu-tuc/{code}`` — one procedure in detail (cases, components, channels, fees, legal basis);
- ``GET /api/v1/tra-cuu-ho-so?code=…&id_number=…`` — the public status lookup, varied real pairs and some misses.

Printed for each: requests/s, p50 / p95 in ms, and requests/s as a share of the baseline's — once with the
catalogue cache (local memory; every request was made once before, as a busy portal's popular ones are) and once
with the cache off (``MOTCUA_CACHE=none``: every search and detail reads the database).
"""

import argparse
import http.client
import os
import random
import subprocess
import sys
import threading
import time
import urllib.parse

from benchkit import ROOT, percentile

RESULTS = ROOT / "bench" / "results"
WORDS = ["cấp", "cấp lại", "giấy chứng nhận", "chăn nuôi", "giấy phép", "đăng ký", "đầu tư", "xây dựng",
         "an toàn thực phẩm", "hộ kinh doanh", "vận tải", "giáo dục", "đất", "môi trường", "gia hạn"]  # fmt: skip


def setup_database(procedures: int, dossiers: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from motcua.catalogue.models import Procedure
    from motcua.dossiers.generate import dossiers_generate
    from motcua.dossiers.models import Dossier

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    if (have := Procedure.objects.count()) < procedures:
        print(f"generating {procedures - have} procedures (once per database) …", flush=True)
        call_command("generate_catalogue", count=procedures - have, seed=766, verbosity=0)
    if (have := Dossier.objects.count()) < dossiers:
        print(f"generating {dossiers - have} dossiers (once per database) …", flush=True)
        dossiers_generate(count=dossiers - have, seed=1)


def targets(rng: random.Random, n: int) -> dict[str, list[str]]:
    """The paths each endpoint is called with, drawn once from the database."""
    from motcua.catalogue.models import Agency, Field, Procedure
    from motcua.core.text import fold
    from motcua.dossiers.models import Dossier

    agencies = list(Agency.objects.values_list("code", flat=True))
    fields = list(Field.objects.values_list("code", flat=True))
    searches = []
    for i in range(n):
        query = {"q": " ".join(rng.sample(WORDS, rng.choice([1, 2, 2, 3])))}
        if i % 2:
            query["q"] = fold(query["q"])
        if i % 5 == 1:
            query["agency"] = rng.choice(agencies)
        if i % 5 == 2:
            query["field"] = rng.choice(fields)
        if i % 5 == 3:
            query["online_level"] = rng.choice(["full", "partial", "none"])
        searches.append(f"/api/v1/thu-tuc?{urllib.parse.urlencode(query)}")
    codes = list(Procedure.objects.filter(is_active=True).values_list("code", flat=True)[: n * 20])
    details = [f"/api/v1/thu-tuc/{urllib.parse.quote(code)}" for code in rng.sample(codes, min(n, len(codes)))]
    pairs = list(
        Dossier.objects.exclude(code=None)
        .exclude(applicant_id_number="")
        .values_list("code", "applicant_id_number")[: n * 20]
    )
    lookups = []
    for i, (code, id_number) in enumerate(rng.sample(pairs, min(n, len(pairs)))):
        wrong = i % 10 == 9  # some misses: a wrong ID number answers 404 after the same query
        query = {"code": code, "id_number": "000000000000" if wrong else id_number}
        lookups.append(f"/api/v1/tra-cuu-ho-so?{urllib.parse.urlencode(query)}")
    return {"catalogue search": searches, "catalogue detail": details, "status lookup": lookups}


def load(port: int, paths: list[str], seconds: float, concurrency: int) -> tuple[float, list[float]]:
    """Requests/s and latencies (ms) of ``concurrency`` keep-alive clients cycling through ``paths``."""
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    statuses: set[int] = set()
    stop = time.monotonic() + seconds

    def worker(slot: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = slot
        while time.monotonic() < stop:
            started = time.perf_counter()
            connection.request("GET", paths[i % len(paths)])
            response = connection.getresponse()
            response.read()
            latencies[slot].append((time.perf_counter() - started) * 1000)
            statuses.add(response.status)
            i += concurrency
        connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    unexpected = statuses - {200, 404}
    assert not unexpected, f"unexpected statuses {unexpected} for {paths[0]}"
    flat = [value for values in latencies for value in values]
    return len(flat) / elapsed, flat


def warm(port: int, paths: list[str]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for path in paths:
        connection.request("GET", path)
        connection.getresponse().read()
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--procedures", type=int, default=2000)
    parser.add_argument("--dossiers", type=int, default=5000)
    parser.add_argument("--paths", type=int, default=200, help="distinct requests per endpoint")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()

    RESULTS.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("MOTCUA_VAR_DIR", str(RESULTS))
    default_db = RESULTS / f"bench-api-{args.procedures}-{args.dossiers}.sqlite3"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{default_db}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.settings")
    os.environ["MOTCUA_LOG_LEVEL"] = "WARNING"
    setup_database(args.procedures, args.dossiers)
    from django.db import connection

    vendor = connection.vendor
    paths = targets(random.Random(2026), args.paths)
    connection.close()

    print(
        f"\nAPI, {vendor}, {args.procedures:,} procedures, {args.dossiers:,} dossiers; gunicorn 2 workers × 4 threads, "
        f"{args.clients} keep-alive clients, {args.seconds:.0f} s each:"
    )
    for cache in ("local", "none"):
        results = measure(args, paths, cache)
        baseline = results["/healthz (minimal view)"][0]
        label = "with the catalogue cache" if cache == "local" else "cache off (MOTCUA_CACHE=none)"
        print(f"  {label + ':':40} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'vs minimal':>11}")
        for name, (rate, latencies) in results.items():
            print(
                f"    {name:38} {rate:9.1f} {percentile(latencies, 50):8.2f} {percentile(latencies, 95):8.2f} "
                f"{rate / baseline:11.1%}"
            )


def measure(args: argparse.Namespace, paths: dict[str, list[str]], cache: str) -> dict[str, tuple[float, list]]:
    env = dict(os.environ) | {"MOTCUA_LOOKUP_PER_MINUTE": "100000000", "MOTCUA_CACHE": cache}
    command = [sys.executable, "-m", "motcua", "serve", "--skip-prepare", "--port", str(args.port),
               "--workers", "2", "--threads", "4"]  # fmt: skip
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(150):
            try:
                warm(args.port, ["/healthz"])
                break
            except OSError:
                time.sleep(0.2)
        for group in paths.values():  # warm: every request once (database pages, the catalogue cache)
            warm(args.port, group)
        results = {"/healthz (minimal view)": load(args.port, ["/healthz"], args.seconds, args.clients)}
        for name, group in paths.items():
            results[name] = load(args.port, group, args.seconds, args.clients)
    finally:
        server.terminate()
        server.wait(timeout=20)
    return results


if __name__ == "__main__":
    main()
