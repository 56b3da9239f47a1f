import itertools
from datetime import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from motcua.dossiers import services
from motcua.workdays.calendar import VIETNAM

from .factories import ComponentFactory, ProcedureFactory, citizen, officer_of

_keys = itertools.count(1)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Test accounts never sign in here: skip the deliberately slow password hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def procedure(db):
    return ProcedureFactory(agency__code="000.00.16.H34")


@pytest.fixture
def applicant(db):
    return citizen()


@pytest.fixture
def officer(procedure):
    return officer_of(procedure.agency)


@pytest.fixture
def draft(applicant, procedure):
    return services.dossier_draft_create(applicant=applicant, procedure=procedure)


@pytest.fixture
def submit():
    def _submit(dossier, actor=None):
        return services.dossier_submit(
            dossier=dossier, actor=actor or dossier.applicant, idempotency_key=f"key-{next(_keys)}"
        )

    return _submit


@pytest.fixture
def submitted(draft, submit):
    return submit(draft)


@pytest.fixture
def component(procedure):
    """A required component of the procedure's only case, accepting PDF and images up to 5 MB."""
    return ComponentFactory(procedure=procedure, name="Đơn đề nghị cấp giấy phép")


@pytest.fixture
def media_files(settings):
    """Every stored file under MEDIA_ROOT right now, as storage names (``ho-so/2025/03/….pdf``)."""

    def _files() -> list[str]:
        root = Path(settings.MEDIA_ROOT)
        return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())

    return _files


class Clock:
    """What ``django.utils.timezone.now`` returns while the ``clock`` fixture is active."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def set(self, at: datetime) -> datetime:
        """Move to ``at`` (an aware moment)."""
        assert at.tzinfo is not None
        self.at = at
        return at


@pytest.fixture
def clock(monkeypatch):
    """A settable "now" for the services, starting on Wednesday 12/03/2025 at 09:00 in Vietnam (no holiday near)."""
    clock = Clock(datetime(2025, 3, 12, 9, 0, tzinfo=VIETNAM))
    monkeypatch.setattr(timezone, "now", clock)
    return clock
