"""Pieces of a dossier that several documents print the same way (applicant, files, fee, time limit, header).

Each returns plain data (label/value pairs, table rows, text) so the wording can be checked without a PDF.
Reads go only through the given objects' attributes and related managers.
"""

from datetime import date, datetime

from django.utils import timezone

from motcua.catalogue.models import Agency, Channel
from motcua.core.money import format_dong
from motcua.dossiers.models import ApplicantKind, Dossier, DossierFile, ResultDelivery

from .pdf import DEFAULT_PLACE, Document

NOT_SET = "Không quy định"
DOTS = "................"  # a blank filled in by hand on the printed form
Pairs = list[tuple[str, str]]


def agency_header(
    document: Document, agency: Agency, *, on: date | None, number: str = "", place: str = DEFAULT_PLACE
) -> None:
    """The issuing body is the receiving agency under its parent (e.g. "UBND TỈNH KON TUM" / "SỞ …")."""
    parent = agency.parent.name if agency.parent_id else ""
    document.header(parent=parent, agency=agency.name, on=on, number=number, place=place)


def standard_document(*, label: str, title: str, dossier: Dossier, issued_at: datetime | None) -> Document:
    """A standard form (Mẫu số 01–06) of ``dossier``: label, issuing body header numbered by the dossier code, title."""
    name = f"{title.capitalize()} {dossier.code or ''}".strip()
    footer = f"{title.capitalize()} — mã hồ sơ {dossier.code or ''}"
    document = Document(title=name, author=dossier.agency.name, issued_at=issued_at, footer=footer)
    document.form_label(label)
    agency_header(document, dossier.agency, on=local_date(issued_at), number=dossier.code or DOTS)
    document.title(title)
    return document


def local_date(moment: datetime | None) -> date | None:
    """The calendar day in Vietnam of a stored (UTC) moment: 23:30 UTC is already the next day there."""
    return timezone.localtime(moment).date() if moment else None


def day_text(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y}"


def duration_text(dossier: Dossier) -> str:
    """The time limit snapshotted at submission: "5 ngày làm việc", "0,5 ngày", or "Không quy định"."""
    if dossier.duration_value is None:
        return NOT_SET
    value = f"{dossier.duration_value.normalize():f}".replace(".", ",")
    unit = dict(Channel.DurationUnit.choices).get(dossier.duration_unit, dossier.duration_unit)
    return f"{value} {unit}".strip()


def fee_text(dossier: Dossier) -> str:
    return format_dong(dossier.fee_total) if dossier.fee_total else "Không thu phí"


def size_text(size: int) -> str:
    """Bytes as people read them, with the Vietnamese decimal comma: "820 KB", "2,4 MB"."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def birth_date_text(value: date | str | None) -> str:
    """The principal's date of birth is stored in JSON as ISO text; the applicant's as a date."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value  # print what was declared rather than lose it
    return f"{value:%d/%m/%Y}"


PERSON_FIELDS = ("name", "id_number", "date_of_birth", "address", "phone", "email", "authorisation")
CONTACT_FIELDS = ("name", "address", "phone", "email")  # what form 01 asks for


def _person_lines(kind: str, values: dict, fields: tuple[str, ...]) -> Pairs:
    """One person or organisation; empty values are left out (a document shows what was declared)."""
    is_person = kind in ("", ApplicantKind.CITIZEN)
    labels = {
        "name": "Họ và tên" if is_person else "Tên tổ chức",
        "id_number": "Số định danh cá nhân" if is_person else "Mã số thuế",
        "date_of_birth": "Ngày sinh",
        "address": "Địa chỉ",
        "phone": "Điện thoại",
        "email": "Thư điện tử",
        "authorisation": "Văn bản ủy quyền / quan hệ",
    }
    return [(labels[key], str(values[key])) for key in fields if values.get(key)]


def applicant_lines(dossier: Dossier, fields: tuple[str, ...] = PERSON_FIELDS) -> Pairs:
    values = {
        "name": dossier.applicant_name,
        "id_number": dossier.applicant_id_number,
        "date_of_birth": birth_date_text(dossier.applicant_date_of_birth),
        "address": dossier.applicant_address,
        "phone": dossier.applicant_phone,
        "email": dossier.applicant_email,
    }
    return _person_lines(dossier.applicant_kind, values, fields)


def principal_lines(dossier: Dossier) -> Pairs:
    """Nộp thay / ủy quyền: whom the applicant acts for; nothing when acting for self."""
    principal = dossier.principal or {}
    if not principal:
        return []
    values = dict(principal, date_of_birth=birth_date_text(principal.get("date_of_birth")))
    return _person_lines(principal.get("kind", ""), values, PERSON_FIELDS)


def submitted_files(dossier: Dossier) -> list[DossierFile]:
    """The files sent with the dossier itself; supplement answers belong to their request's documents.

    Filtered in Python over ``files.all()`` so a caller's ``prefetch_related("files")`` is used.
    """
    return [f for f in dossier.files.all() if f.supplement_id is None]


def delivery_text(dossier: Dossier) -> str:
    """Where the result goes: the chosen way, with the address it needs (home address, or the counter's)."""
    text = dossier.get_result_delivery_display()
    if dossier.result_delivery == ResultDelivery.POST and dossier.result_address:
        return f"{text}: {dossier.result_address}"
    if dossier.result_delivery == ResultDelivery.COUNTER and dossier.agency.address:
        return f"{text}: {dossier.agency.address}"
    return text


def procedure_text(dossier: Dossier) -> str:
    return f"{dossier.procedure.name} (mã thủ tục: {dossier.procedure.code})"
