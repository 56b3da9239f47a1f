"""Fixtures of the payments app's tests (shared with the portal's and the back office's payment tests)."""

from .fixtures import (  # noqa: F401  (pytest finds fixtures by name in the conftest)
    _fast_passwords,
    account,
    accountant,
    applicant,
    dossier,
    officer,
    order,
    other_citizen,
    procedure,
)
