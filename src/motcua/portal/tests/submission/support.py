"""Helpers of the submission wizard's tests: small real files, URLs, and the posts each step expects."""

import io
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from fpdf import FPDF
from PIL import Image

from motcua.dossiers.models import ResultDelivery

AGENCY = "000.00.16.H34"


def make_pdf(text: str = "") -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica")
    pdf.add_page()
    pdf.cell(text=text or uuid.uuid4().hex)
    return bytes(pdf.output())


def make_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def step_url(dossier, step: str) -> str:
    return reverse("portal:draft_step", args=[dossier.public_id, step])


def upload_url(dossier, component) -> str:
    return reverse("portal:draft_upload", args=[dossier.public_id, component.pk])


def html(response) -> str:
    return response.content.decode()


def applicant_post(**overrides) -> dict:
    data = {
        "address": "12 Trần Hưng Đạo, phường Quyết Thắng, tỉnh Kon Tum",
        "phone": "0912 345 678",
        "email": "hoa@example.vn",
        "date_of_birth": "27/03/1985",
        "principal_kind": "citizen",
        "action": "tiep-tuc",
    }
    return data | overrides


def complete(client, dossier, component) -> None:
    """Everything a submission needs: the applicant step, the required file, the delivery step."""
    assert client.post(step_url(dossier, "nguoi-nop"), applicant_post()).status_code == 302
    response = client.post(upload_url(dossier, component), {"tep": upload("to-khai.pdf", make_pdf())})
    assert response.status_code == 302, html(response)
    delivery = {"result_delivery": ResultDelivery.ONLINE, "action": "tiep-tuc"}
    assert client.post(step_url(dossier, "nhan-ket-qua"), delivery).status_code == 302


def submit(client, dossier, key: str | None = None, **extra):
    data = {"idempotency_key": key or uuid.uuid4().hex, **extra}
    return client.post(reverse("portal:draft_submit", args=[dossier.public_id]), data)
