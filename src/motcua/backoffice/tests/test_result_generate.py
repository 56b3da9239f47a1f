"""“Tạo văn bản kết quả” through HTTP: the system writes the result PDF, then it is a result like an upload."""

import pytest
from django.urls import reverse

from motcua.accounts.models import StaffRole
from motcua.catalogue.tests.factories import AgencyFactory
from motcua.documents.tests.pdftext import read_pdf
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, WorkflowStep
from motcua.dossiers.tests.factories import officer_of
from motcua.dossiers.tests.office import office_world

pytest_plugins = ["motcua.backoffice.tests.processing_fixtures"]
pytestmark = pytest.mark.django_db

TITLE = "Giấy chứng nhận đủ điều kiện chăn nuôi"
BODY = "Chứng nhận cơ sở chăn nuôi Hưng Thịnh đủ điều kiện chăn nuôi.\n\nGiấy chứng nhận có giá trị 05 năm."


def _generate(client, dossier: Dossier, **overrides):
    form = {"version": dossier.version, "title": TITLE, "body": BODY} | overrides
    return client.post(reverse("backoffice:result_generate", args=[dossier.code]), form)


def _messages(client) -> str:
    return " ".join(str(m) for m in client.get(reverse("backoffice:my_tasks")).context["messages"])


def test_the_leader_generates_the_result_and_finds_it_listed_to_sign(office, desk, at_step):
    dossier = at_step(office, 3)
    client = desk(office.leader)
    response = _generate(client, dossier)
    assert response.status_code == 303
    assert response["Location"] == reverse("backoffice:dossier", args=[dossier.code])
    result = dossier.results.get()
    assert (result.code, result.title, result.signed_at) == (f"{dossier.code}-KQ1", TITLE, None)
    with result.file.open("rb") as handle:
        text = read_pdf(handle.read()).text
    assert TITLE.upper() in text and "Giấy chứng nhận có giá trị 05 năm." in text

    page = client.get(response["Location"]).content.decode()
    assert result.code in page and TITLE in page
    assert reverse("backoffice:result_sign", args=[dossier.code, result.public_id]) in page
    assert "Đã tạo văn bản kết quả" in page  # the message, shown once on the dossier page


def test_the_panel_offers_the_form_with_its_own_ids(office, desk, at_step):
    dossier = at_step(office, 3)
    page = desk(office.leader).get(reverse("backoffice:dossier", args=[dossier.code])).content.decode()
    assert reverse("backoffice:result_generate", args=[dossier.code]) in page
    for id_ in ("xl-result-title", "xl-generate-title", "xl-generate-body"):
        assert page.count(f'id="{id_}"') == 1
    # One field per label text: "Tên văn bản kết quả" stays the upload form's (people and browser tests find it so).
    assert page.count(">Tên văn bản kết quả</label>") == 1 and page.count(">Tên văn bản</label>") == 1


def test_a_missing_content_shows_the_form_again_and_creates_nothing(office, desk, at_step):
    dossier = at_step(office, 3)
    response = _generate(desk(office.leader), dossier, body="  \r\n  ")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_body"' in html and "Vui lòng nhập nội dung văn bản kết quả." in html
    assert TITLE in html  # what was typed is kept
    assert not dossier.results.exists()


def test_an_officer_not_holding_the_step_is_refused(office, desk):
    """The tax office held step 2 (liên thông): it still sees the dossier at the leader's step, but adds nothing."""
    tax = AgencyFactory(name="Chi cục Thuế khu vực")
    tax_officer = officer_of(tax, StaffRole.SPECIALIST)
    case = office.procedure.cases.get()
    for position, role, agency in ((1, StaffRole.SPECIALIST, None), (2, StaffRole.SPECIALIST, tax)):
        WorkflowStep.objects.create(case=case, position=position, name="Bước", role=role, agency=agency, budget_hours=8)
    WorkflowStep.objects.create(
        case=case, position=3, name="Ký duyệt", role=StaffRole.AGENCY_LEADER, budget_hours=4, signs_result=True
    )
    dossier = services.dossier_forward(dossier=office.received(), officer=office.specialist)
    dossier = services.dossier_forward(dossier=dossier, officer=tax_officer)

    client = desk(tax_officer)
    response = _generate(client, dossier)
    assert response.status_code == 303
    assert "không có quyền cập nhật kết quả" in _messages(client)
    assert not dossier.results.exists()


def test_another_agency_gets_a_404_and_a_get_is_not_allowed(office, desk, at_step):
    dossier = at_step(office, 3)
    assert _generate(desk(office_world().leader), dossier).status_code == 404
    url = reverse("backoffice:result_generate", args=[dossier.code])
    assert desk(office.leader).get(url).status_code == 405
    assert not dossier.results.exists()
