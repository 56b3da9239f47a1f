"""What the benchmarks share: percentiles, peak memory, a throwaway PostgreSQL database, migrating it, the banner.

The scripts run as ``uv run python bench/<name>.py``, so this folder is on ``sys.path`` and ``import benchkit``
finds this module. A throwaway database must be PostgreSQL and its name must contain "bench": the scripts drop it.
"""

import os
import resource
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], pct: float) -> float:
    """The nearest-rank percentile of ``values`` (``pct`` in 0–100); NaN when there are none."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB (Linux reports ``ru_maxrss`` in KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- A throwaway PostgreSQL database ------------------------------------------------------------------------
def pg_name(url: str, bench: str) -> str:
    """The database name of ``url``; exits unless it is PostgreSQL and the name says "bench" (it will be dropped)."""
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql", "pgsql") or "bench" not in name:
        sys.exit(f"{bench} bench: needs a PostgreSQL URL whose database name contains 'bench' (got {url!r})")
    return name


def _pg_admin(url: str, statement: str) -> None:
    import psycopg

    admin = urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(statement)


def pg_recreate(url: str, bench: str) -> None:
    name = pg_name(url, bench)
    _pg_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _pg_admin(url, f'CREATE DATABASE "{name}"')


def pg_drop(url: str, bench: str) -> None:
    _pg_admin(url, f'DROP DATABASE IF EXISTS "{pg_name(url, bench)}" WITH (FORCE)')


def migrate() -> None:
    """``motcua manage migrate`` in a subprocess, on the database the environment names."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "motcua", "manage", "migrate", "--noinput", "-v0"], check=True, cwd=ROOT)
    print(f"migrated in {time.perf_counter() - started:.0f} s", flush=True)


def vacuum_analyze(tables) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM (ANALYZE) {table}")


def server_banner() -> str:
    """``PostgreSQL 15.x, shared_buffers 128MB, 2 cores, load 0.40``: what the figures below were measured on."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
        cursor.execute("SHOW shared_buffers")
        buffers = cursor.fetchone()[0]
    return f"{version}, shared_buffers {buffers}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}"
