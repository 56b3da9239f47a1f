""" "Quy trình nội bộ" in the back office: the agency administrator edits a case's steps, without code."""

from decimal import Decimal

import pytest
from django.urls import reverse

from motcua.accounts.models import StaffRole
from motcua.audit.models import AuditEntry
from motcua.catalogue.tests.factories import AgencyFactory
from motcua.dossiers.models import WorkflowStep
from motcua.dossiers.tests.factories import ProcedureFactory, officer_of

pytestmark = pytest.mark.django_db

LIST = reverse("backoffice:workflow_list")
FIELDS = ("name", "role", "agency", "budget_hours")


def edit_url(case) -> str:
    return reverse("backoffice:workflow_edit", args=[case.pk])


def reset_url(case) -> str:
    return reverse("backoffice:workflow_reset", args=[case.pk])


def post_data(rows: list[dict], *, initial: int = 3, blank_rows: int = 2) -> dict:
    """The formset as the page posts it: ``rows`` then ``blank_rows`` untouched empty rows."""
    data = {
        "buoc-TOTAL_FORMS": str(len(rows) + blank_rows),
        "buoc-INITIAL_FORMS": str(initial),
        "buoc-MIN_NUM_FORMS": "0",
        "buoc-MAX_NUM_FORMS": "20",
    }
    for index, row in enumerate([*rows, *({} for _ in range(blank_rows))]):
        for name in FIELDS:
            data[f"buoc-{index}-{name}"] = row.get(name, "")
        for flag in ("signs_result", "DELETE"):
            if row.get(flag):
                data[f"buoc-{index}-{flag}"] = "on"
    return data


def row(name: str, role: str, hours: str = "8", *, agency="", signs=False, delete=False) -> dict:
    return {
        "name": name,
        "role": role,
        "agency": str(agency),
        "budget_hours": hours,
        "signs_result": signs,
        "DELETE": delete,
    }


NEW_PROCESS = [
    row("Kiểm tra hồ sơ", StaffRole.SPECIALIST, "4"),
    row("Thẩm định thực địa", StaffRole.SPECIALIST, "2,5"),
    row("Lãnh đạo Sở ký duyệt", StaffRole.AGENCY_LEADER, "8", signs=True),
]


@pytest.fixture
def admin(world):
    return officer_of(world.department, StaffRole.AGENCY_ADMIN)


@pytest.fixture
def case(world):
    return world.procedure.cases.get()


@pytest.fixture
def as_admin(client, admin, sign_in):
    return sign_in(client, admin)


def steps_of(case) -> list[tuple]:
    return list(
        WorkflowStep.objects.filter(case=case)
        .order_by("position")
        .values_list("position", "name", "role", "agency_id", "budget_hours", "signs_result")
    )


# --- The list --------------------------------------------------------------------------------------------------
def test_the_home_page_and_the_list_show_only_the_administrator_agency_cases(world, as_admin, case):
    home = as_admin.get(reverse("backoffice:home")).content.decode()
    assert "Quy trình nội bộ" in home and LIST in home

    ProcedureFactory(agency=AgencyFactory(), name="Thủ tục của cơ quan khác")
    page = as_admin.get(LIST)
    assert page.status_code == 200
    text = page.content.decode()
    assert world.procedure.code in text and world.procedure.name in text
    assert "Mặc định" in text and edit_url(case) in text and "Sửa quy trình" in text
    assert "Thủ tục của cơ quan khác" not in text


def test_officers_without_the_administrator_role_are_refused(world, client, sign_in, case):
    sign_in(client, world.specialist)
    for response in (client.get(LIST), client.get(edit_url(case)), client.post(edit_url(case), post_data(NEW_PROCESS))):
        assert response.status_code == 403
        assert "quản trị cơ quan" in response.content.decode()
    assert client.post(reset_url(case)).status_code == 403
    assert steps_of(case) == []
    assert "Quy trình nội bộ" not in client.get(reverse("backoffice:home")).content.decode()


def test_another_agency_case_is_not_found(as_admin):
    foreign = ProcedureFactory(agency=AgencyFactory()).cases.get()
    assert as_admin.get(edit_url(foreign)).status_code == 404
    assert as_admin.post(edit_url(foreign), post_data(NEW_PROCESS)).status_code == 404
    assert as_admin.post(reset_url(foreign)).status_code == 404
    assert not WorkflowStep.objects.exists()


def test_signing_in_is_required(client, case):
    response = client.get(edit_url(case))
    assert response.status_code == 302 and reverse("backoffice:login") in response["Location"]


# --- Editing ---------------------------------------------------------------------------------------------------
def test_the_default_process_is_shown_ready_to_save(as_admin, case):
    page = as_admin.get(edit_url(case))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'value="Thẩm định hồ sơ"' in text and 'value="Lãnh đạo cơ quan ký duyệt kết quả"' in text
    assert 'value="16"' in text and "chưa có quy trình riêng" in text
    assert 'name="buoc-TOTAL_FORMS" value="5"' in text  # 3 steps and 2 empty rows
    assert "Khôi phục quy trình mặc định" not in text
    for label in ("Tên bước", "Vai trò xử lý", "Đơn vị xử lý", "Thời gian (giờ làm việc)", "Bước ký số kết quả"):
        assert label in text
    assert 'for="id_buoc-0-name"' in text and 'for="id_buoc-4-signs_result"' in text
    assert "<script>" not in text


def test_saving_replaces_the_steps_and_new_dossiers_follow_them(world, as_admin, admin, case):
    tax = AgencyFactory(name="Cục Thuế tỉnh")
    process = [
        *NEW_PROCESS[:2],
        row("Xác định nghĩa vụ thuế", StaffRole.SPECIALIST, "16", agency=tax.pk),
        NEW_PROCESS[2],
    ]
    response = as_admin.post(edit_url(case), post_data(process))
    assert response.status_code == 303 and response["Location"] == edit_url(case)
    assert steps_of(case) == [
        (10, "Kiểm tra hồ sơ", StaffRole.SPECIALIST, None, Decimal("4.0"), False),
        (20, "Thẩm định thực địa", StaffRole.SPECIALIST, None, Decimal("2.5"), False),
        (30, "Xác định nghĩa vụ thuế", StaffRole.SPECIALIST, tax.pk, Decimal("16.0"), False),
        (40, "Lãnh đạo Sở ký duyệt", StaffRole.AGENCY_LEADER, None, Decimal("8.0"), True),
    ]
    assert AuditEntry.objects.get(action="workflow_save").actor_id == admin.pk

    page = as_admin.get(edit_url(case)).content.decode()
    assert "Đã lưu quy trình nội bộ (4 bước)" in page and 'value="2,5"' in page
    assert "Khôi phục quy trình mặc định" in page
    assert as_admin.get(LIST).content.decode().count("(Mặc định)") == 0

    task = world.received().tasks.get()
    assert (task.name, task.role, task.agency) == ("Kiểm tra hồ sơ", StaffRole.SPECIALIST, world.department)


def test_deleted_and_blank_rows_are_no_steps(as_admin, case):
    rows = [
        row("Thẩm định", StaffRole.SPECIALIST),
        row("Bước bỏ đi", StaffRole.SPECIALIST, delete=True),
        row("", "", ""),
        row("Ký", StaffRole.DIVISION_HEAD, signs=True),
    ]
    assert as_admin.post(edit_url(case), post_data(rows, initial=4)).status_code == 303
    assert [(s[0], s[1]) for s in steps_of(case)] == [(10, "Thẩm định"), (20, "Ký")]


@pytest.mark.parametrize(
    ("rows", "message", "field"),
    [
        (
            [row("Thẩm định", StaffRole.SPECIALIST), row("Ký", StaffRole.AGENCY_LEADER)],
            "Quy trình cần đúng một bước ký số kết quả",
            "cac-buoc",
        ),
        ([row("", StaffRole.SPECIALIST), *NEW_PROCESS[1:]], "Bước 1: nhập tên bước.", "id_buoc-0-name"),
        (
            [NEW_PROCESS[0], row("Thẩm định", StaffRole.SPECIALIST, "0"), NEW_PROCESS[2]],
            "Bước 2: thời gian xử lý từ 0,5 đến 400 giờ làm việc",
            "id_buoc-1-budget_hours",
        ),
        (
            [NEW_PROCESS[0], row("Thẩm định", StaffRole.SPECIALIST, "mười"), NEW_PROCESS[2]],
            "Bước 2: nhập số giờ làm việc",
            "id_buoc-1-budget_hours",
        ),
        (
            [row("Ký", StaffRole.AGENCY_LEADER, signs=True), row("Thẩm định lại", StaffRole.SPECIALIST)],
            "Bước 1: bước ký số kết quả phải là bước cuối",
            "id_buoc-0-signs_result",
        ),
        ([row("x" * 201, StaffRole.SPECIALIST), *NEW_PROCESS[1:]], "Bước 1: tên bước dài tối đa 200", "id_buoc-0-name"),
        (
            [NEW_PROCESS[0], row("Liên thông", StaffRole.SPECIALIST, agency=10**9), NEW_PROCESS[2]],
            "Bước 2: chọn một cơ quan trong danh sách.",
            "id_buoc-1-agency",
        ),
    ],
)
def test_bad_input_shows_the_page_again_with_the_error_summary_and_changes_nothing(
    as_admin, case, rows, message, field
):
    as_admin.post(edit_url(case), post_data(NEW_PROCESS))
    before, audited = steps_of(case), AuditEntry.objects.count()

    response = as_admin.post(edit_url(case), post_data(rows))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Có lỗi cần sửa" in text and message in text
    assert f'href="#{field}"' in text
    if field.startswith("id_"):
        assert f'id="{field}_error"' in text and 'aria-invalid="true"' in text
    if rows[0]["name"]:
        assert f'value="{rows[0]["name"]}"' in text  # what was typed is kept
    assert "<script>" not in text
    assert (steps_of(case), AuditEntry.objects.count()) == (before, audited)


def test_a_row_with_only_a_name_asks_for_the_rest(as_admin, case):
    rows = [row("Thẩm định", "", ""), NEW_PROCESS[2]]
    text = as_admin.post(edit_url(case), post_data(rows)).content.decode()
    assert "Bước 1: chọn vai trò xử lý." in text and "Bước 1: nhập thời gian xử lý" in text
    assert steps_of(case) == []


def test_a_broken_form_is_refused_without_saving(as_admin, case):
    response = as_admin.post(edit_url(case), {"buoc-0-name": "Thẩm định"})  # no management form
    assert response.status_code == 400 and "Có lỗi cần sửa" in response.content.decode()
    rows = [row(f"Bước {n}", StaffRole.SPECIALIST) for n in range(20)] + [NEW_PROCESS[2]]
    response = as_admin.post(edit_url(case), post_data(rows, initial=3, blank_rows=0))
    assert response.status_code == 400 and "Quy trình có từ 1 đến 20 bước" in response.content.decode()
    assert steps_of(case) == []


# --- Reset -----------------------------------------------------------------------------------------------------
def test_reset_brings_back_the_default_process(world, as_admin, case):
    as_admin.post(edit_url(case), post_data(NEW_PROCESS))
    assert len(steps_of(case)) == 3

    response = as_admin.post(reset_url(case))
    assert response.status_code == 303 and response["Location"] == edit_url(case)
    assert steps_of(case) == []
    page = as_admin.get(edit_url(case)).content.decode()
    assert "Đã khôi phục quy trình mặc định" in page and 'value="Thẩm định hồ sơ"' in page
    assert world.received().tasks.get().name == "Thẩm định hồ sơ"
    assert as_admin.get(reset_url(case)).status_code == 405
