"""`motcua demo` as a newcomer runs it: migrate, load, serve, work, stop on Ctrl-C; a second run changes nothing."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run_demo(var: Path, port: int) -> tuple[str, int]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_") and k != "DATABASE_URL"}
    env |= {"MOTCUA_VAR_DIR": str(var), "PYTHONUNBUFFERED": "1"}
    motcua = Path(sys.executable).with_name("motcua")
    process = subprocess.Popen(
        [str(motcua), "demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    assert json.loads(response.read()) == {"status": "ok", "database": "ok"}
                break
            except OSError:
                assert process.poll() is None, process.stdout.read()
                time.sleep(0.5)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/thu-tuc/?q=chan+nuoi", timeout=10) as response:
            assert "Cấp lại Giấy chứng nhận đủ điều kiện chăn nuôi" in response.read().decode()
    finally:
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        out, _ = process.communicate(timeout=60)
        output.append(out)
    return "".join(output), process.returncode


def test_demo_serves_the_portal_and_stops_cleanly_and_is_idempotent(tmp_path):
    port = _free_port()
    first, code = _run_demo(tmp_path, port)
    assert code == 0, first
    assert f"http://127.0.0.1:{port}/" in first
    assert "quantri" in first and "mật khẩu" in first
    assert "92 created" in first or "created, 0 updated" in first
    assert "motcua: stopped." in first
    assert "Traceback" not in first and "SIGKILL" not in first
    assert (tmp_path / "motcua.sqlite3").exists() and (tmp_path / "demo_logins.json").exists()

    second, code = _run_demo(tmp_path, _free_port())
    assert code == 0, second
    assert "Traceback" not in second
    assert "0 created, 0 updated" in second
    passwords = [line for line in first.splitlines() if "mật khẩu" in line]
    assert passwords == [line for line in second.splitlines() if "mật khẩu" in line]
