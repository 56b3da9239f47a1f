"""``motcua reports-rebuild`` and ``motcua reports-refresh``: the statistics' summary tables rebuilt from the
dossiers or refreshed with the pending changes, a count on stdout, exit code 0. In process, on the test database."""

from argparse import Namespace

import pytest

from motcua.cli import main
from motcua.cli.reports import cmd_reports_rebuild, cmd_reports_refresh
from motcua.dossiers import services
from motcua.dossiers.tests.factories import ProcedureFactory, citizen
from motcua.reports.models import DossierFact


@pytest.fixture
def submitted(db):
    draft = services.dossier_draft_create(applicant=citizen(), procedure=ProcedureFactory(agency__code="000.00.16.H34"))
    return services.dossier_submit(dossier=draft, actor=draft.applicant, idempotency_key="cli-reports")


def test_refresh_folds_in_the_submitted_dossier_then_rebuild_recounts_it(submitted, capsys):
    assert cmd_reports_refresh(Namespace()) == 0
    assert "(1 hồ sơ thay đổi)" in capsys.readouterr().out
    assert DossierFact.objects.filter(dossier=submitted).exists()
    assert cmd_reports_rebuild(Namespace(quiet=False)) == 0
    out = capsys.readouterr().out
    assert "1/1 cơ quan" in out and "đã tổng hợp lại số liệu thống kê của 1 hồ sơ" in out


def test_the_commands_are_registered(submitted, capsys):
    with pytest.raises(SystemExit) as exit_code:
        main(["reports-rebuild", "--quiet"])
    assert exit_code.value.code == 0
    assert "cơ quan" not in capsys.readouterr().out
