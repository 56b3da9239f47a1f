"""Demo dossiers for the demo business, so "Danh sách giao dịch" shows real cases on first start.

Made through the same services a citizen and an officer use (draft → files → submit → receive → supplement
request), with generated PDFs; idempotent: nothing is added once the business has a dossier.
"""

from io import BytesIO
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from fpdf import FPDF

from motcua.accounts.models import User
from motcua.catalogue.models import Procedure

from . import services
from .models import Dossier

FONT = Path(__file__).resolve().parents[1] / "core" / "fonts" / "DejaVuSans.ttf"
DEMO_PROCEDURE = "1.008128"  # Cấp lại Giấy chứng nhận đủ điều kiện chăn nuôi (seed guide 004)


def _pdf(title: str) -> SimpleUploadedFile:
    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_page()
    pdf.set_font("DejaVu", size=14)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=11)
    pdf.multi_cell(0, 6, "Tài liệu mẫu của dữ liệu demo motcua. Kon Tum.")
    buffer = BytesIO(pdf.output())
    return SimpleUploadedFile("tai-lieu-demo.pdf", buffer.getvalue(), content_type="application/pdf")


def _submitted(applicant: User, procedure: Procedure, key: str) -> Dossier:
    draft = services.dossier_draft_create(applicant=applicant, procedure=procedure, case=procedure.cases.first())
    for component in draft.case.components.filter(required=True):
        services.dossier_file_add(
            dossier=draft, actor=applicant, component_id=component.pk, upload=_pdf(component.name)
        )
    return services.dossier_submit(dossier=draft, actor=applicant, idempotency_key=key)


@transaction.atomic
def dossiers_load_demo(*, applicant_username: str, reception_username: str, specialist_username: str) -> int:
    """Four dossiers of the demo business, so both the portal and the back office show real work on first start:
    one received (at the specialist's step), one waiting for a supplement, one handed to the division head, and
    one just submitted, waiting in the reception queue. Returns how many were made."""
    applicant = User.objects.filter(username=applicant_username).first()
    officer = User.objects.filter(username=reception_username).first()
    specialist = User.objects.filter(username=specialist_username).first()
    procedure = Procedure.objects.filter(code=DEMO_PROCEDURE).first()
    if None in (applicant, officer, specialist, procedure) or Dossier.objects.filter(applicant=applicant):
        return 0
    received = _submitted(applicant, procedure, "demo-1")
    services.dossier_receive(dossier=received, officer=officer)
    waiting = _submitted(applicant, procedure, "demo-2")
    waiting = services.dossier_receive(dossier=waiting, officer=officer)
    component = waiting.case.components.filter(required=False).first() or waiting.case.components.first()
    services.dossier_request_supplement(
        dossier=waiting,
        officer=officer,
        reason="Bản sao Giấy chứng nhận đã cấp chưa rõ số và ngày cấp.",
        items=[{"component_id": component.pk, "name": "", "note": "Nộp bản chụp rõ nét, đủ các trang."}],
        contact=f"{officer} — Bộ phận Tiếp nhận và Trả kết quả, Trung tâm Phục vụ hành chính công tỉnh",
    )
    appraised = services.dossier_receive(dossier=_submitted(applicant, procedure, "demo-3"), officer=officer)
    services.dossier_forward(
        dossier=appraised, officer=specialist, note="Hồ sơ đủ điều kiện, đề nghị lãnh đạo phòng xem xét."
    )
    _submitted(applicant, procedure, "demo-4")
    return 4
