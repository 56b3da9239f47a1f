"""A small province for back-office tests: a reception centre serving a department, its officers, a dossier.

``office_world()`` builds it; ``world.submitted()`` gives an online dossier waiting for reception ("Mới đăng ký")
with one attached PDF; ``world.received()`` one that went through "Tiếp nhận" (at the first workflow step).
Imported by dossiers, documents and backoffice tests.
"""

import itertools
from dataclasses import dataclass

from motcua.accounts.models import StaffRole, User
from motcua.catalogue.models import Agency, Procedure
from motcua.catalogue.tests.factories import AgencyFactory
from motcua.dossiers import services
from motcua.dossiers.models import Dossier

from .factories import ComponentFactory, ProcedureFactory, citizen, officer_of, pdf_upload

_keys = itertools.count(1)


@dataclass
class OfficeWorld:
    centre: Agency  # Trung tâm Phục vụ hành chính công: its Bộ phận Một cửa receives for the department
    department: Agency  # Sở: processes its dossiers through the default workflow (3 steps)
    procedure: Procedure
    reception: User  # cán bộ tiếp nhận at the centre
    specialist: User
    division_head: User
    leader: User  # lãnh đạo Sở: signs results
    applicant: User

    def submitted(self, *, applicant: User | None = None) -> Dossier:
        owner = applicant or self.applicant
        draft = services.dossier_draft_create(applicant=owner, procedure=self.procedure)
        component = self.procedure.cases.get().components.get()
        services.dossier_file_add(dossier=draft, actor=owner, component_id=component.pk, upload=pdf_upload())
        return services.dossier_submit(dossier=draft, actor=owner, idempotency_key=f"office-{next(_keys)}")

    def received(self, **kwargs) -> Dossier:
        return services.dossier_receive(dossier=self.submitted(**kwargs), officer=self.reception)


def office_world() -> OfficeWorld:
    centre = AgencyFactory(name="Trung tâm Phục vụ hành chính công tỉnh", counter="Bộ phận Tiếp nhận và Trả kết quả")
    department = AgencyFactory(name="Sở Nông nghiệp và Môi trường", served_by=centre)
    procedure = ProcedureFactory(agency=department, name="Cấp giấy chứng nhận đủ điều kiện chăn nuôi")
    ComponentFactory(procedure=procedure, name="Đơn đề nghị cấp giấy chứng nhận")
    return OfficeWorld(
        centre=centre,
        department=department,
        procedure=procedure,
        reception=officer_of(centre, StaffRole.RECEPTION),
        specialist=officer_of(department, StaffRole.SPECIALIST),
        division_head=officer_of(department, StaffRole.DIVISION_HEAD),
        leader=officer_of(department, StaffRole.AGENCY_LEADER),
        applicant=citizen(),
    )
