"""A small province for the statistics tests, driven only through the dossiers' services on a settable clock.

Two agencies that receive their own dossiers (a department ``a`` and a commune ``b`` below it), each with its
reception officer, specialist, division head and leader; three procedures over two fields (``p2`` is in both, so
grouping by field counts it twice and the total once). Every procedure takes 5 working days and asks for one
required component. October–November 2025 has no public holiday.
"""

import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta

from motcua.accounts.models import EDataItem, StaffRole, User
from motcua.catalogue.models import Agency, Field, Procedure
from motcua.catalogue.tests.factories import AgencyFactory, FieldFactory
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.drafts import ApplicantData
from motcua.dossiers.tests.factories import ComponentFactory, ProcedureFactory, citizen, officer_of, pdf_upload
from motcua.workdays.calendar import VIETNAM

SIGNED = b"%PDF-1.7 signed by the agency"
_keys = itertools.count(1)


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=VIETNAM)


@dataclass
class Desk:
    agency: Agency
    reception: User
    specialist: User
    division_head: User
    leader: User


def desk(agency: Agency) -> Desk:
    return Desk(
        agency=agency,
        reception=officer_of(agency, StaffRole.RECEPTION),
        specialist=officer_of(agency, StaffRole.SPECIALIST),
        division_head=officer_of(agency, StaffRole.DIVISION_HEAD),
        leader=officer_of(agency, StaffRole.AGENCY_LEADER),
    )


def procedure_in(agency: Agency, name: str, *fields: Field) -> Procedure:
    procedure = ProcedureFactory(agency=agency, name=name)
    ComponentFactory(procedure=procedure, name=f"Tờ khai {name}")
    procedure.fields.set(fields)
    return procedure


@dataclass
class World:
    clock: object
    a: Desk
    b: Desk
    f1: Field
    f2: Field
    p1: Procedure  # agency a, field f1
    p2: Procedure  # agency a, fields f1 and f2
    p3: Procedure  # agency b, field f2
    applicant: User

    def desk_of(self, dossier: Dossier) -> Desk:
        return self.a if dossier.agency_id == self.a.agency.pk else self.b

    def at(self, *moment: int) -> None:
        self.clock.set(local(*moment))

    # --- Submission ------------------------------------------------------------------------------------------
    def online(self, procedure: Procedure, *, post: bool = False, reuse: EDataItem | None = None) -> Dossier:
        draft = services.dossier_draft_create(applicant=self.applicant, procedure=procedure)
        component = procedure.cases.get().components.get()
        if reuse is not None:
            services.dossier_file_reuse(dossier=draft, actor=self.applicant, component_id=component.pk, item=reuse)
        else:
            services.dossier_file_add(
                dossier=draft, actor=self.applicant, component_id=component.pk, upload=pdf_upload(f"ho so {draft.pk}")
            )
        if post:
            services.dossier_draft_update_delivery(
                dossier=draft,
                actor=self.applicant,
                result_delivery="online",
                post_pickup=True,
                pickup_address="Số 1 Trần Hưng Đạo, tỉnh Kon Tum",
            )
        return services.dossier_submit(dossier=draft, actor=self.applicant, idempotency_key=f"r-{next(_keys)}")

    def counter(self, procedure: Procedure) -> Dossier:
        """A walk-in dossier: entered, scanned and received at the desk at once."""
        officer = self.a.reception if procedure.agency_id == self.a.agency.pk else self.b.reception
        draft = services.dossier_counter_start(officer=officer, procedure=procedure)
        services.dossier_counter_update(
            dossier=draft,
            officer=officer,
            applicant=ApplicantData(name="Trần Văn Bình", id_number="062090001234", phone="0912345678"),
            case_id=None,
            result_delivery="counter",
        )
        component = procedure.cases.get().components.get()
        services.counter_file_add(dossier=draft, officer=officer, component_id=component.pk, upload=pdf_upload())
        return services.dossier_counter_receive(dossier=draft, officer=officer)

    # --- At the agency -----------------------------------------------------------------------------------------
    def receive(self, dossier: Dossier) -> Dossier:
        return services.dossier_receive(dossier=dossier, officer=self.desk_of(dossier).reception)

    def refuse(self, dossier: Dossier) -> Dossier:
        return services.dossier_refuse(dossier=dossier, officer=self.desk_of(dossier).reception, reason="Sai thủ tục")

    def ask_supplement(self, dossier: Dossier) -> None:
        services.dossier_request_supplement(
            dossier=dossier,
            officer=self.desk_of(dossier).specialist,
            reason="Thiếu bản sao",
            items=[{"name": f"Bản sao giấy tờ {next(_keys)}", "note": ""}],
        )

    def supplement(self, dossier: Dossier) -> Dossier:
        dossier = Dossier.objects.get(pk=dossier.pk)
        request = services.supplement_open(dossier)
        for index, _item in enumerate(request.items):
            services.supplement_file_add(dossier=dossier, actor=self.applicant, item_index=index, upload=pdf_upload())
        return services.dossier_supplement(dossier=dossier, actor=self.applicant, note="Đã bổ sung")

    def ask_payment(self, dossier: Dossier) -> Dossier:
        return services.dossier_request_payment(
            dossier=dossier, officer=self.desk_of(dossier).specialist, note="Nộp lệ phí trước bạ 500.000 đồng"
        )

    def paid(self, dossier: Dossier) -> Dossier:
        return services.dossier_payment_confirm(dossier=dossier, officer=self.desk_of(dossier).specialist)

    def stop(self, dossier: Dossier) -> Dossier:
        return services.dossier_stop(dossier=dossier, officer=self.desk_of(dossier).specialist, reason="Theo quy định")

    def withdraw(self, dossier: Dossier) -> Dossier:
        return services.dossier_withdraw(dossier=dossier, actor=self.applicant, reason="Không cần nữa")

    def apologise(self, dossier: Dossier, days: int) -> Dossier:
        fresh = Dossier.objects.get(pk=dossier.pk)
        return services.dossier_apologise(
            dossier=fresh,
            officer=self.desk_of(dossier).leader,
            reason="Cần xác minh thêm",
            new_due_at=fresh.due_at + timedelta(days=days),
        )

    def finish(self, dossier: Dossier) -> Dossier:
        """Through the three steps of the default process, a signed result, "Hoàn thành xử lý"."""
        office = self.desk_of(dossier)
        dossier = services.dossier_forward(dossier=dossier, officer=office.specialist, note="Đủ")
        dossier = services.dossier_forward(dossier=dossier, officer=office.division_head, note="Trình ký")
        result = services.result_add(dossier=dossier, officer=office.leader, title="Giấy phép", upload=pdf_upload())
        services.result_store_signed(result=result, officer=office.leader, signed_pdf=SIGNED)
        return services.dossier_finish(dossier=dossier, officer=office.leader)

    def hand_over(self, dossier: Dossier) -> Dossier:
        return services.dossier_return_result(
            dossier=dossier, officer=self.desk_of(dossier).reception, method="counter", note="Ông Bình"
        )

    def survey(self, dossier: Dossier, *, overall: str = "very_satisfied", score: int = 2) -> None:
        scores = {key: score for key, _ in services.SURVEY_CRITERIA}
        services.dossier_survey_submit(
            dossier=Dossier.objects.get(pk=dossier.pk),
            actor=self.applicant,
            scores=scores,
            convenience=overall,
            overall=overall,
        )


def world_build(clock) -> World:
    a = AgencyFactory(name="Sở Xây dựng", level=Agency.Level.DEPARTMENT)
    b = AgencyFactory(name="UBND xã Đăk Hà", level=Agency.Level.COMMUNE, parent=a)
    f1, f2 = FieldFactory(name="Hoạt động xây dựng"), FieldFactory(name="Hộ tịch")
    return World(
        clock=clock,
        a=desk(a),
        b=desk(b),
        f1=f1,
        f2=f2,
        p1=procedure_in(a, "Cấp giấy phép xây dựng", f1),
        p2=procedure_in(a, "Cấp chứng chỉ hành nghề", f1, f2),
        p3=procedure_in(b, "Đăng ký khai sinh", f2),
        applicant=citizen(),
    )
