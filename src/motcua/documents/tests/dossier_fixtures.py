"""Dossiers, events and hand-overs as the services leave them, written directly (documents only read them)."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from motcua.accounts.models import StaffRole
from motcua.catalogue.models import Agency, LegalBasis
from motcua.catalogue.tests.factories import AgencyFactory
from motcua.dossiers.models import ApplicantKind, Dossier, DossierEvent, DossierTask, TaskOutcome
from motcua.dossiers.tests.factories import ProcedureFactory
from motcua.dossiers.workflow import Action, State

CODE = "000.00.16.H34-261123-0007"
URL = "https://dichvucong.example.vn/tra-cuu/?ma=000.00.16.H34-261123-0007"
SUBMITTED = datetime(2026, 11, 23, 2, 5, tzinfo=UTC)  # 09:05 in Vietnam, Monday
RECEIVED = datetime(2026, 11, 23, 7, 40, tzinfo=UTC)  # 14:40
DUE = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # 16:00 the Monday after
HOUR = timedelta(hours=1)


@pytest.fixture
def agency(db):
    province = AgencyFactory(code="000.00.00.H34", name="UBND tỉnh Kon Tum", level=Agency.Level.PROVINCE)
    return AgencyFactory(
        code="000.00.16.H34",
        name="Sở Khoa học và Công nghệ",
        parent=province,
        phone="0260 3862 590",
        address="Số 7 Phan Đình Phùng",
    )


@pytest.fixture
def procedure(agency):
    procedure = ProcedureFactory(agency=agency, code="1.000942", name="Cấp giấy phép tiến hành công việc bức xạ")
    LegalBasis.objects.create(procedure=procedure, number="Nghị định 142/2020/NĐ-CP", title="Quy định về bức xạ")
    return procedure


def make_dossier(procedure, *, code: str = CODE, **fields) -> Dossier:
    values = {
        "code": code,
        "procedure": procedure,
        "agency": procedure.agency,
        "state": State.PROCESSING,
        "submitted_at": SUBMITTED,
        "received_at": RECEIVED,
        "due_at": DUE,
        "applicant_name": "Nguyễn Thị Hồng Nhung",
        "applicant_id_number": "062190001234",
        "applicant_date_of_birth": date(1990, 4, 2),
        "applicant_address": "Tổ 3, phường Quyết Thắng, Kon Tum",
        "applicant_phone": "0912345678",
        "applicant_email": "nhung@example.vn",
        "applicant_kind": ApplicantKind.CITIZEN,
        "duration_value": Decimal("5.0"),
        "duration_unit": "working_days",
    }
    return Dossier.objects.create(**(values | fields))


@pytest.fixture
def dossier(procedure):
    return make_dossier(procedure)


def event(dossier, action: str, *, at: datetime, actor: str = "Trần Văn Bình", note: str = "", to=None):
    return DossierEvent.objects.create(
        dossier=dossier,
        action=action,
        from_state=State.SUBMITTED,
        to_state=to or State.RECEIVED,
        actor_label=actor,
        note=note,
        at=at,
    )


def received(dossier, *, actor: str = "Trần Văn Bình") -> DossierEvent:
    return event(dossier, Action.RECEIVE, at=RECEIVED, actor=actor)


def task(dossier, position: int, name: str, *, started: datetime, due: datetime | None, finished=None, **fields):
    values = {
        "dossier": dossier,
        "position": position,
        "name": name,
        "agency": dossier.agency,
        "role": StaffRole.SPECIALIST,
        "handed_by_label": "Trần Văn Bình",
        "started_at": started,
        "due_at": due,
        "finished_at": finished,
        "outcome": TaskOutcome.FORWARDED if finished else "",
    }
    return DossierTask.objects.create(**(values | fields))
