"""Fixtures and helpers shared by the "Trang cá nhân" tests (``test_personal_*.py``).

Back-office actions (reception, supplement requests, results) have no UI yet: the tests take them through the
services, as a test helper until the back office exists.
"""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from fpdf import FPDF

from motcua.dossiers import services
from motcua.dossiers.services.core import dossier_transition
from motcua.dossiers.tests.factories import ComponentFactory, ProcedureFactory, citizen, officer_of
from motcua.dossiers.workflow import Action


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_pdf(text: str) -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica")
    pdf.add_page()
    pdf.cell(text=text)
    return bytes(pdf.output())


def pdf_upload(name: str = "to-khai.pdf", text: str = "") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_pdf(text or uuid.uuid4().hex), content_type="application/pdf")


@pytest.fixture
def procedure():
    return ProcedureFactory(agency__code="000.00.16.H34", agency__name="Sở Nông nghiệp và Môi trường")


@pytest.fixture
def component(procedure):
    return ComponentFactory(procedure=procedure, name="Tờ khai đăng ký")


@pytest.fixture
def applicant():
    user = citizen()
    user.full_name = "Nguyễn Thị Hoa"
    user.save(update_fields=["full_name"])
    return user


@pytest.fixture
def officer(procedure):
    officer = officer_of(procedure.agency)
    officer.full_name = "Trần Văn Bình"
    officer.save(update_fields=["full_name"])
    return officer


def submit(applicant, procedure, component=None, *, key: str = "", upload=None):
    draft = services.dossier_draft_create(applicant=applicant, procedure=procedure)
    if component is not None:
        services.dossier_file_add(
            dossier=draft, actor=applicant, component_id=component.pk, upload=upload or pdf_upload()
        )
    return services.dossier_submit(dossier=draft, actor=applicant, idempotency_key=key or uuid.uuid4().hex)


@pytest.fixture
def dossier(applicant, procedure, component):
    return submit(applicant, procedure, component, key="k1", upload=pdf_upload("Tờ khai số 1.pdf", "original"))


@pytest.fixture
def signed_in(client, applicant):
    client.force_login(applicant)
    return client


@pytest.fixture
def stranger_client(procedure):
    other = citizen()
    client = Client()
    client.force_login(other)
    return client


def request_supplement(dossier, officer, items=None):
    services.dossier_receive(dossier=dossier, officer=officer)
    return services.dossier_request_supplement(
        dossier=dossier,
        officer=officer,
        reason="Bản sao giấy chứng nhận bị mờ, không đọc được số.",
        items=items or [{"name": "Giấy chứng nhận quyền sử dụng đất (bản sao rõ nét)", "note": "Chụp rõ trang 1"}],
        contact="Trần Văn Bình, 0260 3797799",
    )


def finish(dossier, officer):
    services.dossier_receive(dossier=dossier, officer=officer)
    dossier_transition(dossier=dossier, action=Action.START_PROCESSING, actor=officer)
    return dossier_transition(dossier=dossier, action=Action.FINISH, actor=officer)


def html(response) -> str:
    return response.content.decode()
