"""Nộp hồ sơ trực tuyến, “Thành phần hồ sơ”: uploads checked by content, limits, removal, reuse from the data store."""

import hashlib
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from motcua.accounts.models import EDataItem
from motcua.dossiers.models import DossierFile
from motcua.dossiers.tests.factories import (
    ComponentFactory,
    citizen,
)

from .support import (
    AGENCY,
    html,
    make_pdf,
    make_png,
    step_url,
    upload,
    upload_url,
)

pytestmark = pytest.mark.django_db


# --- Step 3: Thành phần hồ sơ ---------------------------------------------------------------------------------
def test_components_page_lists_each_component_with_its_rules(signed_in, draft, component, optional_component):
    page = html(signed_in.get(step_url(draft, "thanh-phan")))
    for text in [
        "Thành phần hồ sơ",
        "Còn thiếu:",
        f'href="#component-{component.pk}"',
        "Bắt buộc",
        "Không bắt buộc",
        "01 bản chính, 00 bản sao",
        "PDF, ảnh PNG",
        "tối đa 2 MB",
        'enctype="multipart/form-data"',
        'name="tep" multiple accept=".pdf,application/pdf,.png,image/png"',
        f'<label for="tep-{component.pk}">Chọn tệp<span class="visually-hidden"> cho “Tờ khai đăng ký”</span></label>',
        "Chọn từ Kho dữ liệu cá nhân",
        "Bạn vẫn có thể bấm “Tiếp tục”",
        'src="/static/portal/upload.js" defer',
    ]:
        assert text in page, text
    response = signed_in.post(step_url(draft, "thanh-phan"), {"action": "tiep-tuc"})
    assert response.headers["Location"] == step_url(draft, "nhan-ket-qua")  # allowed with something missing


def test_upload_is_kept_and_shown(signed_in, draft, component):
    response = signed_in.post(upload_url(draft, component), {"tep": upload("tờ khai.pdf", make_pdf())})
    assert response.headers["Location"] == step_url(draft, "thanh-phan") + f"#component-{component.pk}"
    stored = DossierFile.objects.get()
    assert (stored.dossier, stored.component, stored.original_name) == (draft, component, "tờ khai.pdf")
    assert stored.file.name.startswith("ho-so/") and default_storage.exists(stored.file.name)
    page = html(signed_in.get(step_url(draft, "thanh-phan")))
    assert f'href="/ca-nhan/tep/{stored.public_id}/"' in page and "tờ khai.pdf" in page
    assert "Đã tải lên: “tờ khai.pdf”." in page
    assert reverse("portal:draft_file_remove", args=[draft.public_id, stored.public_id]) in page
    assert "Đã đính kèm đủ các thành phần hồ sơ bắt buộc." in page


def test_several_files_at_once_each_checked_by_name(signed_in, draft, component):
    exe = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 4000
    response = signed_in.post(
        upload_url(draft, component),
        {"tep": [upload("trang-1.pdf", make_pdf()), upload("chuong-trinh.pdf", exe), upload("anh.png", make_png())]},
    )
    page = html(response)
    assert response.status_code == 400
    assert "Tệp “chuong-trinh.pdf” không thuộc loại được nhận" in page
    assert "Đã tải lên: “trang-1.pdf”, “anh.png”." in page
    assert sorted(DossierFile.objects.values_list("original_name", flat=True)) == ["anh.png", "trang-1.pdf"]


def test_an_exe_renamed_pdf_is_refused_and_nothing_is_stored(signed_in, draft, component):
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 2000
    response = signed_in.post(upload_url(draft, component), {"tep": upload("to-khai.pdf", exe)})
    page = html(response)
    assert response.status_code == 400
    assert "không thuộc loại được nhận" in page and "PDF, ảnh PNG" in page
    assert f'href="#component-{component.pk}"' in page  # the error summary points at the component
    assert not DossierFile.objects.exists()
    assert not default_storage.exists("ho-so") or not any(default_storage.listdir("ho-so")[1])


def test_a_disguised_file_is_judged_by_its_content(signed_in, draft, component, procedure):
    pdf_only = ComponentFactory(procedure=procedure, name="Bản vẽ", accepted_types="pdf")
    response = signed_in.post(upload_url(draft, pdf_only), {"tep": upload("ban-ve.pdf", make_png(), "application/pdf")})
    assert response.status_code == 400 and "không thuộc loại được nhận" in html(response)
    # Where PNG is accepted, a PNG named .pdf is kept under its true extension.
    signed_in.post(upload_url(draft, component), {"tep": upload("anh-chup.pdf", make_png(), "application/pdf")})
    stored = DossierFile.objects.get()
    assert (stored.original_name, stored.content_type) == ("anh-chup.png", "image/png")


def test_a_file_over_the_component_limit_is_refused(signed_in, draft, component):
    big = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024 + 10)
    response = signed_in.post(upload_url(draft, component), {"tep": upload("ban-quet.pdf", big)})
    assert response.status_code == 400
    assert "vượt quá dung lượng cho phép (tối đa 2 MB)" in html(response)
    assert not DossierFile.objects.exists()


def test_path_traversal_names_are_cleaned(signed_in, draft, component):
    signed_in.post(upload_url(draft, component), {"tep": upload("../../etc/passwd.pdf", make_pdf())})
    stored = DossierFile.objects.get()
    assert stored.original_name == "passwd.pdf"
    assert re.fullmatch(r"ho-so/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", stored.file.name)


def test_the_same_file_sent_twice_is_kept_once(signed_in, draft, component):
    content = make_pdf("cung-mot-tep")
    for _ in range(2):
        assert signed_in.post(upload_url(draft, component), {"tep": upload("a.pdf", content)}).status_code == 302
    assert DossierFile.objects.count() == 1


def test_choosing_no_file_says_so(signed_in, draft, component):
    response = signed_in.post(upload_url(draft, component), {})
    assert response.status_code == 400 and "Chưa chọn tệp nào để tải lên" in html(response)


def test_an_upload_request_over_the_site_limit_is_refused_cleanly(signed_in, draft, component, settings):
    settings.MOTCUA_UPLOAD_MAX_MB = 1
    component.max_size_mb = 50
    component.save(update_fields=["max_size_mb"])
    message = "Tệp vượt quá dung lượng cho phép (tối đa 1 MB"
    # Announced within the envelope but over the limit: cut off by the upload handler while streaming.
    streamed = b"%PDF-1.4\n" + b"0" * (1536 * 1024)
    response = signed_in.post(upload_url(draft, component), {"tep": upload("lon.pdf", streamed)})
    assert response.status_code == 413 and message in html(response)
    # Announced far over the limit: refused from its Content-Length, before the body is read.
    announced = b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024)
    response = signed_in.post(upload_url(draft, component), {"tep": upload("rat-lon.pdf", announced)})
    assert response.status_code == 413 and message in html(response)
    # The script's request gets just the component's row.
    response = signed_in.post(
        upload_url(draft, component), {"tep": upload("lon.pdf", streamed)}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 413 and message in html(response) and "<html" not in html(response)
    assert not DossierFile.objects.exists()


def test_the_script_gets_the_component_row_and_the_missing_summary(signed_in, draft, component, optional_component):
    response = signed_in.post(
        upload_url(draft, component), {"tep": upload("to-khai.pdf", make_pdf())}, HTTP_HX_REQUEST="true"
    )
    page = html(response)
    assert response.status_code == 200 and "<html" not in page
    assert page.lstrip().startswith(f'<li class="component component--done" id="component-{component.pk}"')
    assert "to-khai.pdf" in page and "data-focus" in page
    assert 'id="missing-components"' in page and 'hx-swap-oob="true"' in page
    assert "Đã đính kèm đủ các thành phần hồ sơ bắt buộc." in page
    assert f'id="component-{optional_component.pk}"' not in page


def test_remove_a_file(signed_in, draft, component):
    signed_in.post(upload_url(draft, component), {"tep": upload("a.pdf", make_pdf())})
    stored = DossierFile.objects.get()
    url = reverse("portal:draft_file_remove", args=[draft.public_id, stored.public_id])
    assert signed_in.get(url).status_code == 405
    response = signed_in.post(url)
    assert response.headers["Location"] == step_url(draft, "thanh-phan") + f"#component-{component.pk}"
    assert not DossierFile.objects.exists()
    assert "Đã xóa tệp “a.pdf”." in html(signed_in.get(step_url(draft, "thanh-phan")))
    assert signed_in.post(url).status_code == 404  # already gone


def test_remove_answers_the_script_with_the_row(signed_in, draft, component):
    signed_in.post(upload_url(draft, component), {"tep": upload("a.pdf", make_pdf())})
    stored = DossierFile.objects.get()
    url = reverse("portal:draft_file_remove", args=[draft.public_id, stored.public_id])
    page = html(signed_in.post(url, HTTP_HX_REQUEST="true"))
    assert f'id="component-{component.pk}"' in page and "Chưa có tệp nào." in page and "Còn thiếu:" in page


# --- Kho dữ liệu cá nhân ---------------------------------------------------------------------------------------
def data_store_item(owner, content: bytes, **fields) -> EDataItem:
    name = default_storage.save("kho-du-lieu/giay.pdf", ContentFile(content))
    values = {
        "title": "Giấy chứng nhận quyền sử dụng đất",
        "source_code": f"{AGENCY}-250102-0003",
        "file": name,
        "original_name": "giay-chung-nhan.pdf",
        "content_type": "application/pdf",
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
    }
    return EDataItem.objects.create(owner=owner, **(values | fields))


def test_reuse_a_document_from_the_personal_data_store(signed_in, draft, component, applicant):
    url = reverse("portal:draft_reuse", args=[draft.public_id, component.pk])
    page = html(signed_in.get(url))
    assert "Chưa có giấy tờ phù hợp" in page and "Quay lại và tải tệp lên" in page
    item = data_store_item(applicant, make_pdf("so-do"))
    data_store_item(applicant, b"PK\x03\x04", content_type="application/msword", title="Đơn cũ (Word)", sha256="0" * 64)
    page = html(signed_in.get(url))
    assert "Giấy chứng nhận quyền sử dụng đất" in page and f"{AGENCY}-250102-0003" in page
    assert "Đơn cũ (Word)" not in page  # the component does not accept Word files
    response = signed_in.post(url, {"item": str(item.public_id)})
    assert response.headers["Location"] == step_url(draft, "thanh-phan") + f"#component-{component.pk}"
    reused = DossierFile.objects.get()
    assert (reused.reused_from, reused.file.name, reused.component) == (item, item.file.name, component)


def test_nobody_reuses_someone_elses_document(signed_in, draft, component):
    item = data_store_item(citizen(), make_pdf("cua-nguoi-khac"))
    url = reverse("portal:draft_reuse", args=[draft.public_id, component.pk])
    assert signed_in.post(url, {"item": str(item.public_id)}).status_code == 404
    assert not DossierFile.objects.exists()
