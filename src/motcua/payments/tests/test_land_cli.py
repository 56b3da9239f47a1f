"""``motcua import-tax-notices <file.csv>`` and ``motcua api-key create`` as an operator runs them (a real process
on its own SQLite database): counts on stdout, every error on stderr, exit codes, no traceback."""

import os
import subprocess
import sys
from pathlib import Path

from .test_land_csv import csv_of, row

SETUP = """
from motcua.dossiers import services
from motcua.dossiers.tests.factories import ProcedureFactory, citizen
draft = services.dossier_draft_create(applicant=citizen(), procedure=ProcedureFactory(agency__code="000.00.16.H34"))
print(services.dossier_submit(dossier=draft, actor=draft.applicant, idempotency_key="cli").code)
"""
CHECK_KEY = """
import sys
from motcua.api.keys import api_client_authenticate
print(api_client_authenticate(key=sys.stdin.read().strip()).scopes)
"""


def _motcua(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_") and k != "DATABASE_URL"}
    env |= {"MOTCUA_VAR_DIR": str(tmp_path / "var")}
    motcua = str(Path(sys.executable).with_name("motcua"))
    return subprocess.run(  # noqa: S603  (our own command, fixed arguments)
        [motcua, *args], env=env, capture_output=True, text=True, cwd=tmp_path, check=False, input=stdin
    )


def test_the_commands_import_tax_notices_and_create_api_keys(tmp_path):
    assert _motcua(tmp_path, "manage", "migrate", "-v0").returncode == 0
    code = _motcua(tmp_path, "manage", "shell", "-c", SETUP).stdout.strip().splitlines()[-1]

    (tmp_path / "tot.csv").write_bytes(csv_of(row(code)))
    good = _motcua(tmp_path, "import-tax-notices", "tot.csv")
    assert good.returncode == 0, good.stderr
    assert "đã nhận 1 thông báo mới, 0 thông báo đã có" in good.stdout
    again = _motcua(tmp_path, "import-tax-notices", "tot.csv")
    assert "đã nhận 0 thông báo mới, 1 thông báo đã có" in again.stdout

    (tmp_path / "loi.csv").write_bytes(
        csv_of(row(code, number="2/TB"), row(code, tax_id="12"), row("KHONG-CO", number="3/TB"))
    )
    bad = _motcua(tmp_path, "import-tax-notices", "loi.csv")
    assert bad.returncode == 1
    assert "Dòng 3: Mã số thuế “12” không hợp lệ" in bad.stderr
    assert "Dòng 4: Không tìm thấy hồ sơ có mã KHONG-CO." in bad.stderr
    assert "có 2 lỗi, chưa nhận thông báo nào" in bad.stderr and "Traceback" not in bad.stderr
    missing = _motcua(tmp_path, "import-tax-notices", "khong-co.csv")
    assert missing.returncode == 1 and "không đọc được tệp" in missing.stderr

    created = _motcua(tmp_path, "api-key", "create", "Cục Thuế tỉnh", "--scope", "tax_notices:write")
    assert created.returncode == 0 and "chỉ hiển thị một lần" in created.stderr
    key = created.stdout.strip()
    assert key.startswith("motcua_")
    checked = _motcua(tmp_path, "manage", "shell", "-c", CHECK_KEY, stdin=key)
    assert "['tax_notices:write']" in checked.stdout
    refused = _motcua(tmp_path, "api-key", "create", "Khác", "--scope", "moi_thu")
    assert refused.returncode == 1 and "Phạm vi quyền không tồn tại: moi_thu" in refused.stderr
