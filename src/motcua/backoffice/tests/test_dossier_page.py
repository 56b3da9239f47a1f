"""The back-office dossier page: what it shows, to whom, and the files, results and forms it links to."""

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import pdf_upload
from motcua.dossiers.tests.office import office_world

pytestmark = pytest.mark.django_db


def _page(client, dossier):
    return client.get(reverse("backoffice:dossier", args=[dossier.code]))


def test_the_page_shows_the_dossier_its_applicant_and_every_file_with_view_and_download_links(client, world, sign_in):
    dossier = world.submitted()
    file = dossier.files.get()
    response = _page(sign_in(client, world.reception), dossier)
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        dossier.code,
        "Cấp giấy chứng nhận đủ điều kiện chăn nuôi",
        "Sở Nông nghiệp và Môi trường",
        "Mới đăng ký",
        "mã trạng thái 1",
        "Thông tin người nộp",
        dossier.applicant_name,
        "Thành phần hồ sơ",
        "Đơn đề nghị cấp giấy chứng nhận",
        file.original_name,
        "Lịch sử hồ sơ",
        "Nộp hồ sơ",
    ):
        assert text in html, text
    file_url = reverse("backoffice:dossier_file", args=[dossier.code, file.public_id])
    assert f'href="{file_url}?xem=1"' in html and f'href="{file_url}" download' in html


def test_the_reception_officer_sees_the_three_decisions_with_the_page_version(client, world, sign_in):
    dossier = world.submitted()
    html = _page(sign_in(client, world.reception), dossier).content.decode()
    for label in ("Tiếp nhận</button>", "Yêu cầu bổ sung</button>", "Từ chối tiếp nhận</button>"):
        assert label in html
    assert f'name="version" value="{dossier.version}"' in html
    assert 'name="component_' in html and 'name="other_1_name"' in html
    assert reverse("backoffice:receive", args=[dossier.code]) in html


def test_a_specialist_of_the_agency_sees_the_page_without_the_reception_decisions(client, world, sign_in):
    dossier = world.submitted()
    response = _page(sign_in(client, world.specialist), dossier)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tiếp nhận</button>" not in html and "Từ chối tiếp nhận</button>" not in html


def test_after_reception_the_page_shows_the_due_date_and_the_hand_over_to_the_first_step(client, world, sign_in):
    dossier = world.received()
    task = dossier.tasks.get()
    html = _page(sign_in(client, world.specialist), dossier).content.decode()
    assert "Được tiếp nhận" in html and "Ngày hẹn trả kết quả" in html
    assert "còn lại" in html  # time left before the appointment, in working time
    assert "Quá trình xử lý" in html and "Thẩm định hồ sơ" in html
    assert "Chuyên viên xử lý" in html and str(world.reception) in html  # the step's role; who handed it over
    assert timezone.localtime(task.due_at).strftime("%H:%M %d/%m/%Y") in html  # the step's own due time
    assert reverse("backoffice:form01", args=[dossier.code]) in html
    assert "Tiếp nhận</button>" not in html


def test_an_officer_of_another_agency_gets_404_on_the_dossier_its_files_results_and_forms(client, world, sign_in):
    dossier = world.received()
    file = dossier.files.get()
    result = services.result_add(
        dossier=dossier, officer=world.specialist, title="Giấy chứng nhận", upload=pdf_upload()
    )
    stranger = office_world()
    for officer in (stranger.reception, stranger.specialist):
        client.logout()
        sign_in(client, officer)
        urls = [
            reverse("backoffice:dossier", args=[dossier.code]),
            reverse("backoffice:dossier_file", args=[dossier.code, file.public_id]),
            reverse("backoffice:dossier_result", args=[dossier.code, result.public_id]),
            reverse("backoffice:form01", args=[dossier.code]),
        ]
        for url in urls:
            assert client.get(url).status_code == 404, url
        assert client.post(reverse("backoffice:receive", args=[dossier.code]), {"version": "1"}).status_code == 404


def test_a_file_of_another_dossier_is_not_reached_through_this_dossier(client, world, sign_in):
    mine, other = world.submitted(), world.submitted()
    sign_in(client, world.reception)
    url = reverse("backoffice:dossier_file", args=[mine.code, other.files.get().public_id])
    assert client.get(url).status_code == 404


def test_a_pdf_opens_in_place_sandboxed_and_downloads_otherwise(client, world, sign_in):
    dossier = world.submitted()
    url = reverse("backoffice:dossier_file", args=[dossier.code, dossier.files.get().public_id])
    sign_in(client, world.reception)
    preview = client.get(f"{url}?xem=1")
    assert preview.status_code == 200
    assert preview["Content-Disposition"].startswith("inline")
    assert preview["Content-Security-Policy"] == "sandbox"
    assert preview["X-Content-Type-Options"] == "nosniff"
    assert b"".join(preview.streaming_content).startswith(b"%PDF")
    assert client.get(url)["Content-Disposition"].startswith("attachment")


def test_results_are_listed_with_their_code_and_signature_and_download(client, world, sign_in):
    dossier = world.received()
    result = services.result_add(
        dossier=dossier, officer=world.specialist, title="Giấy chứng nhận", upload=pdf_upload()
    )
    sign_in(client, world.reception)
    html = _page(client, dossier).content.decode()
    assert "Kết quả giải quyết" in html and result.code in html and "Chưa ký số" in html
    response = client.get(reverse("backoffice:dossier_result", args=[dossier.code, result.public_id]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_form_01_exists_only_once_the_dossier_is_received(client, world, sign_in):
    waiting, received = world.submitted(), world.received()
    sign_in(client, world.reception)
    assert client.get(reverse("backoffice:form01", args=[waiting.code])).status_code == 404
    response = client.get(reverse("backoffice:form01", args=[received.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_a_dossier_filed_on_behalf_of_someone_shows_the_principal(client, world, sign_in):
    dossier = world.submitted()
    principal = {"kind": "business", "name": "Công ty TNHH Chăn nuôi Đắk Hà", "id_number": "6100123456"}
    Dossier.objects.filter(pk=dossier.pk).update(principal=principal)  # set-up: the wizard's "nộp thay" step
    html = _page(sign_in(client, world.reception), dossier).content.decode()
    assert "Nộp thay cho (người ủy quyền)" in html
    assert "Công ty TNHH Chăn nuôi Đắk Hà" in html and "6100123456" in html and "Doanh nghiệp" in html
