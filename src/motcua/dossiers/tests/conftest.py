import itertools

import pytest

from motcua.dossiers import services

from .factories import ProcedureFactory, citizen, officer_of

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
