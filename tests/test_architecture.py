"""The folder layout is the architecture: these tests keep it so (see docs/architecture.md)."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "motcua"
FRONT_DOORS = ["portal", "backoffice", "api"]


def test_dependency_rule_holds_under_import_linter():
    """Front doors over domain over kernel (contracts in pyproject.toml)."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_import_linter_catches_a_kernel_that_imports_an_app(tmp_path):
    """The contract can fail: a kernel module importing the catalogue is reported as broken."""
    bad = PACKAGE / "core" / "_architecture_probe.py"
    bad.write_text("import motcua.catalogue.models  # noqa\n")
    try:
        lint_imports = Path(sys.executable).with_name("lint-imports")
        result = subprocess.run(
            [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
        )
    finally:
        bad.unlink()
    assert result.returncode != 0
    assert "broken" in result.stdout


def _python_files(folder: Path):
    return [path for path in folder.rglob("*.py") if "migrations" not in path.parts]


def _view_modules(door: str) -> list[Path]:
    """Every module of a front door that handles requests: views.py and the view packages beside it."""
    root = PACKAGE / door
    return [
        path
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and "migrations" not in path.parts
        and "templatetags" not in path.parts
        and not path.name.endswith("forms.py")
        and path.name not in ("apps.py", "urls.py", "account_urls.py", "context_processors.py", "admin.py")
        # The API's own registry of partner keys: its model and the service that issues and checks keys.
        and str(path.relative_to(root)) not in ("models.py", "keys.py")
    ]


@pytest.mark.parametrize("door", FRONT_DOORS)
def test_front_doors_never_assign_a_status_or_query_chain_in_views(door):
    """Views call services and selectors; they do not reach into the ORM themselves."""
    offending = [
        str(path.relative_to(PACKAGE))
        for path in _view_modules(door)
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Attribute) and node.attr == "objects"
    ]
    assert offending == [], f"these modules use Model.objects directly: {offending}"


def test_no_utils_dumping_ground():
    assert not [p for p in PACKAGE.rglob("utils.py")] and not [p for p in PACKAGE.rglob("utils") if p.is_dir()]


def test_modules_stay_small():
    """Split a module into a package when it passes ~400 lines (style.md)."""
    too_big = {
        str(path.relative_to(PACKAGE)): n
        for path in _python_files(PACKAGE)
        if (n := len(path.read_text().splitlines())) > 400
    }
    assert too_big == {}
