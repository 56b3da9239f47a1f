"""The `motcua` command as an operator runs it: clear Vietnamese reports, exit codes, no tracebacks."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def _motcua(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_") and k != "DATABASE_URL"}
    env |= {"MOTCUA_VAR_DIR": str(tmp_path / "var")}
    motcua = str(Path(sys.executable).with_name("motcua"))
    return subprocess.run([motcua, *args], env=env, capture_output=True, text=True, cwd=tmp_path, check=False)


def test_import_procedures_reports_bad_records_and_malformed_files_without_a_traceback(tmp_path):
    assert _motcua(tmp_path, "manage", "migrate", "-v0").returncode == 0
    good = {"MaTTHC": "1.000900", "TENTTHC": "Cấp phép thử", "COQUANTHUCHIEN": [{"MADONVI": "X1", "TENDONVI": "Sở X"}]}
    (tmp_path / "mixed.json").write_text(json.dumps([good, {"MaTTHC": "x y"}], ensure_ascii=False))
    mixed = _motcua(tmp_path, "import-procedures", "mixed.json")
    assert mixed.returncode == 1
    assert "Đã thêm 1" in mixed.stdout
    assert "Bản ghi thứ 2 (x y): MaTTHC" in mixed.stderr and "Traceback" not in mixed.stderr

    (tmp_path / "broken.json").write_text("[{")
    broken = _motcua(tmp_path, "import-procedures", "broken.json")
    assert broken.returncode == 1
    assert "không phải JSON hợp lệ" in broken.stderr and "Traceback" not in broken.stderr

    again = _motcua(tmp_path, "import-procedures", "mixed.json")
    assert "không đổi 1" in again.stdout  # idempotent


def test_audit_verify_says_intact_then_names_the_first_altered_entry(tmp_path):
    assert _motcua(tmp_path, "manage", "migrate", "-v0").returncode == 0
    record = (
        "from motcua.audit.services import audit_record\n"
        "for n in range(3): audit_record(actor=None, subject_type='dossier', subject_id=f'X-{n}', action='receive')\n"
    )
    assert _motcua(tmp_path, "manage", "shell", "-c", record).returncode == 0
    intact = _motcua(tmp_path, "audit", "verify")
    assert intact.returncode == 0 and "nguyên vẹn (đã kiểm tra 3 bản ghi)" in intact.stdout

    database = sqlite3.connect(tmp_path / "var" / "motcua.sqlite3")
    with database:  # somebody with database access rewrites history, trigger and all
        triggers = [row[0] for row in database.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
        for name in triggers:
            database.execute(f'DROP TRIGGER "{name}"')
        second = database.execute("SELECT id FROM audit_auditentry ORDER BY id LIMIT 1 OFFSET 1").fetchone()[0]
        database.execute("UPDATE audit_auditentry SET note = 'sửa lén' WHERE id = ?", (second,))
    database.close()
    broken = _motcua(tmp_path, "audit", "verify")
    assert broken.returncode == 1
    assert f"BỊ SỬA ĐỔI tại bản ghi #{second}" in broken.stderr and "Traceback" not in broken.stderr
