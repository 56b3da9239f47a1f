"""Settings: every environment variable is documented; production mode refuses unsafe configuration."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONF = ROOT / "src" / "motcua" / "conf"
CLI = ROOT / "src" / "motcua" / "cli"


def _variables_read_by_code() -> set[str]:
    names = set()
    for path in (*CONF.glob("*.py"), *CLI.glob("*.py")):
        names |= set(re.findall(r"""env(?:_bool|_list)?\(\s*"([A-Z_][A-Z0-9_]*)\"""", path.read_text()))
        names |= set(re.findall(r"""environ\.get\(\s*"([A-Z_][A-Z0-9_]*)\"""", path.read_text()))
    return names - {"DJANGO_SETTINGS_MODULE"}


def test_every_environment_variable_is_documented():
    documented = set(re.findall(r"`([A-Z_][A-Z0-9_]*)`", (ROOT / "docs" / "configuration.md").read_text()))
    read = _variables_read_by_code()
    assert "DATABASE_URL" in read and "MOTCUA_SECRET_KEY" in read
    assert read - documented == set()


def _start(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
    clean |= {"MOTCUA_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "motcua.conf.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _start({"MOTCUA_ENV": "production", "MOTCUA_ALLOWED_HOSTS": "dichvucong.example"}, tmp_path)
    assert result.returncode != 0
    assert "MOTCUA_SECRET_KEY is required" in result.stderr


def test_production_refuses_to_start_with_debug_on(tmp_path):
    result = _start({"MOTCUA_ENV": "production", "MOTCUA_SECRET_KEY": "x" * 60, "MOTCUA_DEBUG": "1"}, tmp_path)
    assert result.returncode != 0
    assert "MOTCUA_DEBUG must be off" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = _start({"MOTCUA_ENV": "production", "MOTCUA_SECRET_KEY": "x" * 60}, tmp_path)
    assert result.returncode != 0
    assert "MOTCUA_ALLOWED_HOSTS is required" in result.stderr


def test_production_starts_with_a_secret_key_hosts_and_debug_off(tmp_path):
    result = _start(
        {"MOTCUA_ENV": "production", "MOTCUA_SECRET_KEY": "x" * 60, "MOTCUA_ALLOWED_HOSTS": "dvc.example"}, tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_development_generates_its_own_secret_into_var(tmp_path):
    assert _start({}, tmp_path).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"


def test_sqlite_runs_in_wal_mode(tmp_path):
    """The embedded database file is opened in WAL mode (the in-memory test database cannot be)."""
    code = (
        "import django; django.setup(); from django.db import connection; c = connection.cursor();"
        " c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_") and k != "DATABASE_URL"}
    clean |= {"MOTCUA_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "motcua.conf.settings"}
    result = subprocess.run([sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=False)
    assert result.stdout.strip() == "wal", result.stderr


def test_production_refuses_the_demo_outbox_page(tmp_path):
    result = _start({"MOTCUA_ENV": "production", "MOTCUA_SECRET_KEY": "x" * 60, "MOTCUA_OUTBOX_PAGE": "1"}, tmp_path)
    assert result.returncode != 0
    assert "MOTCUA_OUTBOX_PAGE cannot be on" in result.stderr
