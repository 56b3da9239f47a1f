"""The benchmarks in ``bench/`` are not run by CI (they take minutes to hours), so CI at least proves each script
still imports with the shared ``benchkit`` and offers ``main``, and that the kit refuses a database it must not drop."""

import importlib
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
SCRIPTS = sorted(p.stem for p in BENCH.glob("*.py") if p.stem not in {"benchkit", "locustfile_submission"})


@pytest.fixture
def bench_path(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))  # what ``python bench/<name>.py`` puts first on sys.path
    yield
    for name in [*SCRIPTS, "benchkit"]:
        sys.modules.pop(name, None)


@pytest.mark.parametrize("script", SCRIPTS)
def test_each_benchmark_imports_and_has_a_main(bench_path, script):
    module = importlib.import_module(script)
    assert callable(module.main)


def test_the_benchmarks_are_all_listed():
    assert {"api", "backoffice", "payments_ipn", "reconciliation", "reports", "search", "submission"} <= set(SCRIPTS)


def test_percentile_is_the_nearest_rank_and_nan_when_empty(bench_path):
    benchkit = importlib.import_module("benchkit")
    values = [float(n) for n in range(1, 101)]
    assert benchkit.percentile(values, 50) == 51.0  # round(0.5 × 99) = 50 → the 51st
    assert benchkit.percentile(values, 95) == 95.0
    assert benchkit.percentile(values, 100) == 100.0
    assert benchkit.percentile([], 95) != benchkit.percentile([], 95)  # NaN


@pytest.mark.parametrize(
    "url",
    [
        "postgres://postgres@127.0.0.1:5432/motcua",  # the name must say "bench": the scripts drop it
        "sqlite:///var/bench.sqlite3",
        "mysql://root@127.0.0.1/motcua_bench",
    ],
)
def test_the_kit_refuses_a_database_it_must_not_drop(bench_path, url):
    benchkit = importlib.import_module("benchkit")
    with pytest.raises(SystemExit, match="needs a PostgreSQL URL whose database name contains 'bench'"):
        benchkit.pg_name(url, "reports")


def test_the_kit_accepts_a_bench_database(bench_path):
    benchkit = importlib.import_module("benchkit")
    assert benchkit.pg_name("postgres://postgres@127.0.0.1:5432/motcua_bench_reports", "reports") == (
        "motcua_bench_reports"
    )
