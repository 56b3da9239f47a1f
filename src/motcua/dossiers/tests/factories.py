"""Factories for dossier tests (imported by later portal / back-office tests too)."""

import io
import os
from datetime import UTC, datetime
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from fpdf import FPDF
from PIL import Image

from motcua.accounts.models import CitizenProfile, StaffRole
from motcua.accounts.tests.factories import MembershipFactory, OfficerFactory, UserFactory
from motcua.catalogue.models import Channel, ComponentRequirement, FeeItem, OnlineLevel, Procedure, ProcedureCase
from motcua.catalogue.tests.factories import AgencyFactory


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"9.{n:06d}")
    name = factory.Sequence(lambda n: f"Thủ tục thử nghiệm {n}")
    agency = factory.SubFactory(AgencyFactory)
    online_level = OnlineLevel.FULL

    @factory.post_generation
    def with_case(self, create, extracted, **kwargs):
        """One general case with an online channel (5 working days, no fee) unless ``with_case=False``."""
        if create and extracted is not False and not self.cases.exists():
            case = ProcedureCase.objects.create(procedure=self, name="")
            Channel.objects.create(
                case=case, kind=Channel.Kind.ONLINE, duration_value=Decimal(5), duration_unit="working_days"
            )


class ProcedureCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureCase

    procedure = factory.SubFactory(ProcedureFactory)
    name = "Trường hợp chung"


class ComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComponentRequirement

    case = factory.LazyAttribute(lambda o: o.procedure.cases.first())
    name = factory.Sequence(lambda n: f"Tờ khai thử nghiệm {n}")
    accepted_types = "pdf,jpg,jpeg,png"
    max_size_mb = 5

    class Params:
        procedure = None


def fee(procedure, amount: int, kind: str = FeeItem.Kind.FEE) -> FeeItem:
    """A fee line on the procedure's online channel."""
    channel = procedure.cases.first().channels.get(kind=Channel.Kind.ONLINE)
    return FeeItem.objects.create(channel=channel, kind=kind, amount=amount, description="Lệ phí")


class CitizenProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CitizenProfile

    user = factory.SubFactory(UserFactory)
    id_number = factory.Sequence(lambda n: f"0620{n:08d}")
    address = "Phường Quyết Thắng, tỉnh Kon Tum"
    verified_by_vneid = True


def citizen(**profile_fields):
    """A citizen account with an e-ID profile and a mobile number (notices go by SMS too)."""
    profile = CitizenProfileFactory(**profile_fields)
    if not profile.user.phone:
        profile.user.phone = "0912345678"
        profile.user.save(update_fields=["phone"])
    return profile.user


def officer_of(agency, role: str = StaffRole.RECEPTION):
    officer = OfficerFactory()
    MembershipFactory(user=officer, agency=agency, role=role)
    return officer


# --- Uploads: real, tiny documents (the services inspect content, not names) ----------------------------
def pdf_bytes(text: str = "Đơn đề nghị") -> bytes:
    """A real one-page PDF; the same ``text`` always gives the same bytes (hence the same SHA-256)."""
    pdf = FPDF()
    pdf.set_creation_date(datetime(2025, 1, 2, tzinfo=UTC))
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text.encode("ascii", "replace").decode())
    return bytes(pdf.output())


def png_bytes(size: tuple[int, int] = (4, 4), *, noise: bool = False, color: str = "white") -> bytes:
    """A real PNG; ``noise`` fills it with random pixels (incompressible: about 3 bytes per pixel)."""
    pixels = os.urandom(size[0] * size[1] * 3) if noise else None
    image = Image.frombytes("RGB", size, pixels) if pixels else Image.new("RGB", size, color)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_upload(text: str = "Đơn đề nghị", name: str = "don-de-nghi.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


def png_upload(name: str = "anh.png", **options) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(**options), content_type="image/png")


def upload_of(content: bytes, name: str) -> SimpleUploadedFile:
    """The same bytes sent again (a retried upload is a new request, hence a new file object)."""
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
