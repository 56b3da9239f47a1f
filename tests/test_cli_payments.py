"""``motcua import-tax-notices <file.csv>`` and ``motcua api-key create``: counts on stdout, every error on stderr,
exit codes, no traceback. In process (the commands' functions, on the test database): a real process per command
costs a migration each; ``test_cli.py`` already runs ``motcua`` as a process."""

from argparse import Namespace

import pytest

from motcua.api.keys import api_client_authenticate
from motcua.cli.api import cmd_api_key_create
from motcua.cli.data import cmd_import_tax_notices
from motcua.dossiers import services
from motcua.dossiers.tests.factories import ProcedureFactory, citizen
from motcua.payments.tests.test_land_csv import csv_of, row


@pytest.fixture
def code(db):
    draft = services.dossier_draft_create(applicant=citizen(), procedure=ProcedureFactory(agency__code="000.00.16.H34"))
    return services.dossier_submit(dossier=draft, actor=draft.applicant, idempotency_key="cli").code


def test_import_tax_notices_counts_then_says_unchanged(code, tmp_path, capsys):
    (tmp_path / "tot.csv").write_bytes(csv_of(row(code)))
    assert cmd_import_tax_notices(Namespace(file=str(tmp_path / "tot.csv"))) == 0
    assert "đã nhận 1 thông báo mới, 0 thông báo đã có" in capsys.readouterr().out
    assert cmd_import_tax_notices(Namespace(file=str(tmp_path / "tot.csv"))) == 0
    assert "đã nhận 0 thông báo mới, 1 thông báo đã có" in capsys.readouterr().out


def test_import_tax_notices_lists_every_bad_row_and_imports_nothing(code, tmp_path, capsys):
    (tmp_path / "loi.csv").write_bytes(
        csv_of(row(code, number="2/TB"), row(code, tax_id="12"), row("KHONG-CO", number="3/TB"))
    )
    assert cmd_import_tax_notices(Namespace(file=str(tmp_path / "loi.csv"))) == 1
    err = capsys.readouterr().err
    assert "Dòng 3: Mã số thuế “12” không hợp lệ" in err
    assert "Dòng 4: Không tìm thấy hồ sơ có mã KHONG-CO." in err
    assert "có 2 lỗi, chưa nhận thông báo nào" in err
    assert cmd_import_tax_notices(Namespace(file=str(tmp_path / "khong-co.csv"))) == 1
    assert "không đọc được tệp" in capsys.readouterr().err


def test_api_key_create_prints_the_key_once_and_refuses_unknown_scopes(db, capsys):
    assert cmd_api_key_create(Namespace(name="Cục Thuế tỉnh", scope=["tax_notices:write"], agency="", expires="")) == 0
    captured = capsys.readouterr()
    assert "chỉ hiển thị một lần" in captured.err
    key = captured.out.strip()
    assert key.startswith("motcua_")
    assert api_client_authenticate(key=key).scopes == ["tax_notices:write"]
    assert cmd_api_key_create(Namespace(name="Khác", scope=["moi_thu"], agency="", expires="")) == 1
    assert "Phạm vi quyền không tồn tại: moi_thu" in capsys.readouterr().err
