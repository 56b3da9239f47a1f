"""Schemathesis against /api/v1/openapi.json, in process (WSGI): every operation, every built-in check, then the
stateful links (a dossier created → read, acted on, given results). Zero server errors, zero answers outside the
schema. Deterministic (derandomized) and bounded to stay near a minute on one core.

``positive_data_acceptance`` accepts 422 too: a schema-valid request can still break a rule the schema cannot
state (a "PDF" whose bytes are not a PDF, a required component missing, a refusal without its reason).
"""

import json
import uuid

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection

from motcua.api.keys import SCOPES, api_client_create, key_hash
from motcua.api.models import ApiClient
from motcua.dossiers import services as dossier_services
from motcua.dossiers.tests.factories import ComponentFactory, ProcedureFactory, citizen, pdf_bytes

CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {"deterministic": True, "database": "none", "with-security-parameters": False},
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "404", "409", "422", "429"]},
        },
    }
)
EXAMPLES = 30
# The seeded partner's key is fixed: schemathesis writes it into some cases while it builds the test, before any
# fixture has run.
KEY = "motcua_kiem-thu-hop-dong-openapi-0000000000000"
HEALTH = [
    HealthCheck.too_slow,
    HealthCheck.filter_too_much,
    HealthCheck.data_too_large,
    HealthCheck.large_base_example,
    HealthCheck.function_scoped_fixture,  # the seeded database is shared by the examples of one operation
]


class Seeded:
    """What the run works on: an agency's procedure with one component, a partner key holding every scope, a few
    dossiers in different states, and another agency's dossier (which must stay out of reach)."""

    def __init__(self) -> None:
        self.procedure = ProcedureFactory(agency__code="000.00.16.H34", agency__name="Sở Nông nghiệp")
        self.client, _ = api_client_create(name="Hệ thống kiểm thử", scopes=list(SCOPES), agency=self.procedure.agency)
        ApiClient.objects.filter(pk=self.client.pk).update(key_hash=key_hash(KEY))
        self.key = KEY
        self.dossiers = [self._submitted(self.procedure) for _ in range(3)]
        self.component = ComponentFactory(procedure=self.procedure, name="Đơn đề nghị", accepted_types="pdf")
        dossier_services.dossier_receive(dossier=self.dossiers[1], officer=self.client.account)
        self.other = self._submitted(ProcedureFactory(agency__code="000.00.20.H34"))

    @staticmethod
    def _submitted(procedure):
        applicant = citizen()
        draft = dossier_services.dossier_draft_create(applicant=applicant, procedure=procedure)
        return dossier_services.dossier_submit(dossier=draft, actor=applicant, idempotency_key=str(uuid.uuid4()))

    def valid_create_body(self) -> dict:
        data = {
            "procedure_code": self.procedure.code,
            "applicant": {"name": "Nguyễn Văn Kiểm", "id_number": "062090001111", "phone": "0912345678"},
        }
        return {"data": json.dumps(data), "component_id": [self.component.pk], "file": [pdf_bytes("Don de nghi")]}


@pytest.fixture
def seeded(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MOTCUA_LOOKUP_PER_MINUTE = 10_000
    settings.ALLOWED_HOSTS = ["*"]
    cache.clear()
    # Requests go through the real WSGI handler, which closes the database connection after each one (and with it
    # the test's transaction, on PostgreSQL): keep it open, as Django's own test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield Seeded()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# Loaded from the application itself (the WSGI handler the servers run), at collection: the schema reads no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application(), config=CONFIG)


@schema.auth(refresh_interval=None)
class PartnerKey:
    """The seeded partner's key on every secured operation (schemathesis also tries without it, and a wrong one)."""

    def get(self, case, context) -> str:
        return KEY

    def set(self, case, data, context) -> None:
        case.headers = dict(case.headers or {}) | {"Authorization": f"Bearer {data}"}


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, suppress_health_check=HEALTH)
def test_every_operation_answers_within_its_schema(case, seeded):
    case.call_and_validate()


def test_linked_operations_on_created_dossiers(seeded):
    """Stateful: POST /ho-so (its positive cases sent with a valid dossier, which random bytes never are) → the
    links to the created dossier's code: read it, act on it, attach results."""
    calls: list[tuple[str, int]] = []
    rewritten: set[int] = set()

    class Machine(schema.as_state_machine()):
        def before_call(self, case):
            positive = case.meta is None or case.meta.generation.mode.is_positive
            if positive and case.method.upper() == "POST" and case.operation.path == "/api/v1/ho-so":
                case.body = seeded.valid_create_body()
                case.headers = dict(case.headers or {}) | {"Idempotency-Key": str(uuid.uuid4())}
                rewritten.add(id(case))

        def after_call(self, response, case):
            calls.append((f"{case.method.upper()} {case.operation.path}", response.status_code))

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            # A body with files cannot be re-validated by schemathesis, which then takes the valid dossier we put
            # in for a negative case: everything but that one check still runs on it.
            excluded = [negative_data_rejection] if id(case) in rewritten else []
            case.validate_response(
                response, additional_checks=additional_checks, excluded_checks=excluded, transport_kwargs=kwargs
            )

    Machine.run(
        settings=settings(
            max_examples=8, stateful_step_count=6, derandomize=True, deadline=None, suppress_health_check=HEALTH
        )
    )
    created = [status for call, status in calls if call == "POST /api/v1/ho-so" and status == 201]
    followed = {call for call, status in calls if "{code}" in call and status in (200, 201)}
    assert created and followed, calls
    seeded.other.refresh_from_db()
    assert seeded.other.state == "submitted" and seeded.other.version == 1
