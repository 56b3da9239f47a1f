"""Search benchmark: server-side latency of "Tra cứu thủ tục" and page throughput vs a minimal view.

    uv run python bench/search.py --count 20000                      # SQLite (bench/results/bench.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1/motcua_bench uv run python bench/search.py --count 20000

The catalogue is generated once per database (``motcua generate-catalogue``) and reused by later runs.
Figures printed: p50/p95/max latency over 200 varied queries (with and without diacritics, with filters),
then requests/s of the search page and of ``/healthz`` (a minimal view doing one database round trip) served
by the same gunicorn in the same run, and their ratio.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

from benchkit import ROOT, percentile

RESULTS = ROOT / "bench" / "results"

WORDS = [
    "cấp",
    "cấp lại",
    "giấy chứng nhận",
    "chăn nuôi",
    "giấy phép",
    "đăng ký",
    "dự án đầu tư",
    "xây dựng",
    "an toàn thực phẩm",
    "trang trại quy mô lớn",
    "hộ kinh doanh",
    "khoáng sản",
    "vận tải",
    "giáo dục",
    "khám bệnh",
    "du lịch",
    "xăng dầu",
    "đất",
    "môi trường",
    "điều chỉnh",
    "gia hạn",
    "thẩm định",
]


def strip_marks(text: str) -> str:
    sys.path.insert(0, str(ROOT / "src"))
    from motcua.core.text import fold

    return fold(text)


def make_queries(n: int, rng: random.Random, agencies: list[str], fields: list[str]) -> list[dict]:
    queries = []
    for i in range(n):
        text = " ".join(rng.sample(WORDS, rng.choice([1, 1, 2, 2, 3])))
        if i % 2:
            text = strip_marks(text)
        query = {"q": text}
        if i % 5 == 1:
            query["co_quan"] = rng.choice(agencies)
        if i % 5 == 2:
            query["linh_vuc"] = rng.choice(fields)
        if i % 5 == 3:
            query["muc_do"] = rng.choice(["full", "partial", "none"])
        if i % 10 == 9:
            query["page"] = "3"
        queries.append(query)
    return queries


def setup_database(count: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from motcua.catalogue.models import Procedure

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    have = Procedure.objects.count()
    if have < count:
        print(f"generating {count - have} procedures (once per database) …", flush=True)
        started = time.perf_counter()
        call_command("generate_catalogue", count=count, seed=766, verbosity=0)
        print(f"  took {time.perf_counter() - started:.0f} s", flush=True)


def measure_latency(queries: list[dict]) -> list[float]:
    """Server-side cost of the search itself: the cache is emptied before every query."""
    from django.core.cache import cache

    from motcua.catalogue.selectors import SearchQuery, procedure_search

    def run(q: dict) -> None:
        page = procedure_search(
            query=SearchQuery(
                text=q.get("q", ""),
                agency_code=q.get("co_quan", ""),
                field_code=q.get("linh_vuc", ""),
                online_level=q.get("muc_do", ""),
                page=int(q.get("page", "1")),
            )
        )
        [p.agency.name for p in page.results]  # what the page renders

    for q in queries[:20]:  # warm the database's page cache
        run(q)
    timings = []
    for q in queries:
        cache.clear()
        started = time.perf_counter()
        run(q)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def load(urls: list[str], seconds: float, concurrency: int) -> float:
    done = [0] * concurrency
    stop = time.monotonic() + seconds

    def worker(slot: int) -> None:
        i = slot
        while time.monotonic() < stop:
            with urllib.request.urlopen(urls[i % len(urls)], timeout=30) as response:  # noqa: S310 - loopback
                response.read()
                assert response.status == 200
            done[slot] += 1
            i += concurrency

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.monotonic() - started)


def measure_throughput(queries: list[dict], port: int, seconds: float, cache: str) -> tuple[float, float]:
    env = dict(os.environ) | {"MOTCUA_CACHE": cache}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "motcua",
            "serve",
            "--skip-prepare",
            "--port",
            str(port),
            "--workers",
            "2",
            "--threads",
            "4",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        search_urls = [f"{base}/thu-tuc/?{urllib.parse.urlencode(q)}" for q in queries]
        for url in search_urls if cache != "none" else search_urls[:20]:  # warm: every page rendered once
            urllib.request.urlopen(url, timeout=30).read()  # noqa: S310 - loopback
        load([base + "/healthz"], 1, 4)
        minimal = load([base + "/healthz"], seconds, 4)
        search = load(search_urls, seconds, 4)
    finally:
        server.terminate()
        server.wait(timeout=20)
    return search, minimal


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=20000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    RESULTS.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("MOTCUA_VAR_DIR", str(RESULTS))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{RESULTS / f'bench-{args.count}.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.settings")
    os.environ["MOTCUA_LOG_LEVEL"] = "WARNING"
    setup_database(args.count)

    from django.db import connection

    from motcua.catalogue.models import Agency, Field

    rng = random.Random(2026)
    agencies = list(Agency.objects.values_list("code", flat=True))
    fields = list(Field.objects.values_list("code", flat=True))
    queries = make_queries(args.queries, rng, agencies, fields)

    timings = measure_latency(queries)
    print(f"\nsearch latency, {connection.vendor}, {args.count} procedures, {len(queries)} queries (ms):")
    print(
        f"  p50 {percentile(timings, 50):6.2f}   p95 {percentile(timings, 95):6.2f}   "
        f"max {max(timings):6.2f}   mean {statistics.mean(timings):6.2f}"
    )
    connection.close()

    print(f"\nthroughput, gunicorn 2 workers x 4 threads, 4 client threads, {args.seconds:.0f} s each:")
    for cache in ("local", "none"):
        search, minimal = measure_throughput(queries, args.port, args.seconds, cache)
        label = "with the page cache" if cache == "local" else "cache off (MOTCUA_CACHE=none)"
        print(f"  {label}:")
        print(f"    /healthz (minimal view)   {minimal:8.1f} req/s")
        print(f"    /thu-tuc/?q=… (search)    {search:8.1f} req/s")
        print(f"    ratio search / minimal    {search / minimal:8.1%}")


if __name__ == "__main__":
    main()
