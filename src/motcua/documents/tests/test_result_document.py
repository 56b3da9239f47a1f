"""The result document written in the system: its layout, then the same path as an upload (code, signature)."""

from datetime import date

import pytest

from motcua.core.errors import DomainError
from motcua.documents.result_document import file_name, paragraphs, result_document_pdf, result_generate
from motcua.documents.results import result_sign
from motcua.documents.signing import pdf_signature_check
from motcua.dossiers import services
from motcua.dossiers.tests.office import office_world

from .pdftext import read_pdf

pytestmark = pytest.mark.django_db

TITLE = "Giấy chứng nhận đủ điều kiện chăn nuôi số 12/GCN-SNN"
BODY = (
    "Chứng nhận cơ sở chăn nuôi Hưng Thịnh, địa chỉ thôn Kon Rờ Bàng, xã Vinh Quang, đủ điều kiện chăn nuôi "
    "theo quy định tại Điều 55 Luật Chăn nuôi.\r\n\r\n"
    "Quy mô: 1.200 con lợn thịt; phương thức: chăn nuôi trang trại quy mô lớn.\n"
    "Giấy chứng nhận có giá trị đến hết ngày 31 tháng 12 năm 2031.\n\n\n"
    "Ông/Bà Nguyễn Thị Hồng Nhung chịu trách nhiệm duy trì các điều kiện đã được chứng nhận; "
    "mọi thay đổi phải báo cáo Sở trong vòng 15 ngày."
)


@pytest.fixture(autouse=True)
def _demo_signing(settings, tmp_path_factory):
    """Signing with the demo CA (keys made in a temporary folder, as the signing tests do)."""
    settings.VAR_DIR = tmp_path_factory.mktemp("var")
    settings.PRODUCTION = False
    settings.MOTCUA_SIGNING_PKCS12 = ""
    settings.MOTCUA_SIGNING_PKCS12_PASSWORD = ""
    settings.MOTCUA_SIGNING_TRUST_ROOTS = []


@pytest.fixture
def world(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return office_world()


def at_leader(world):
    """A received dossier forwarded by the specialist then the division head: the leader signs the results."""
    dossier = world.received()
    for officer in (world.specialist, world.division_head):
        dossier = services.dossier_forward(dossier=dossier, officer=officer, note="Đủ điều kiện.")
    return dossier


def test_paragraphs_split_on_blank_lines_and_keep_single_line_breaks():
    assert paragraphs(BODY) == [
        "Chứng nhận cơ sở chăn nuôi Hưng Thịnh, địa chỉ thôn Kon Rờ Bàng, xã Vinh Quang, đủ điều kiện chăn nuôi "
        "theo quy định tại Điều 55 Luật Chăn nuôi.",
        "Quy mô: 1.200 con lợn thịt; phương thức: chăn nuôi trang trại quy mô lớn.\n"
        "Giấy chứng nhận có giá trị đến hết ngày 31 tháng 12 năm 2031.",
        "Ông/Bà Nguyễn Thị Hồng Nhung chịu trách nhiệm duy trì các điều kiện đã được chứng nhận; "
        "mọi thay đổi phải báo cáo Sở trong vòng 15 ngày.",
    ]
    assert paragraphs(" \n\t\n  ") == []
    assert paragraphs("Một\x00 dòng\tcó   khoảng trắng") == ["Một dòng có khoảng trắng"]


def test_the_document_has_the_header_title_basis_paragraphs_place_date_and_signer(world):
    dossier = world.received()
    pdf = read_pdf(result_document_pdf(dossier=dossier, title=TITLE, body=BODY, on=date(2026, 2, 5)))
    text = pdf.text
    for expected in (
        "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Kon Tum, ngày 05 tháng 02 năm 2026",
        TITLE.upper(),
        f"Căn cứ hồ sơ số {dossier.code} của {dossier.applicant_name}",
        "Cấp giấy chứng nhận đủ điều kiện chăn nuôi",
        "Nơi nhận:",
        "THỦ TRƯỞNG CƠ QUAN",
    ):
        assert expected in text, expected
    for paragraph in paragraphs(BODY):
        assert " ".join(paragraph.split()) in text  # Vietnamese letters read back exactly as typed
    assert pdf.title == f"{TITLE} {dossier.code}"
    assert pdf.author == "Sở Nông nghiệp và Môi trường"


def test_a_long_content_flows_over_pages_and_keeps_every_word(world):
    dossier = world.received()
    body = "\n\n".join(f"Điều {n}. Nội dung quy định thứ {n} về điều kiện chăn nuôi, vệ sinh thú y." for n in range(90))
    pdf = read_pdf(result_document_pdf(dossier=dossier, title=TITLE, body=body))
    assert len(pdf.pages) >= 2
    assert "Điều 89. Nội dung quy định thứ 89" in pdf.text
    assert "THỦ TRƯỞNG CƠ QUAN" in pdf.pages[-1]


def test_the_file_name_is_ascii():
    assert file_name("Giấy chứng nhận đủ điều kiện") == "giay-chung-nhan-du-dieu-kien.pdf"
    assert file_name("“…”") == "ket-qua.pdf"


def test_the_generated_result_is_coded_then_signed_by_the_leader(world):
    dossier = at_leader(world)
    result = result_generate(dossier=dossier, officer=world.leader, title=f"  {TITLE} ", body=BODY)
    assert result.code == f"{dossier.code}-KQ1" and result.title == TITLE and result.signed_at is None
    assert result.original_name == "giay-chung-nhan-du-dieu-kien-chan-nuoi-so-12-gcn-snn.pdf"
    with result.file.open("rb") as handle:
        assert TITLE.upper() in read_pdf(handle.read()).text

    signed = result_sign(result=result, officer=world.leader, verify_url=f"http://x/kiem-tra-ket-qua/{result.code}/")
    assert signed.signed_at is not None
    with signed.file.open("rb") as handle:
        data = handle.read()
    assert pdf_signature_check(data).valid
    assert BODY.split("\r\n")[0] in read_pdf(data).text  # the document under the stamp is unchanged


def test_the_same_text_sent_twice_the_same_day_is_one_result(world):
    dossier = at_leader(world)
    first = result_generate(dossier=dossier, officer=world.leader, title=TITLE, body=BODY)
    again = result_generate(dossier=dossier, officer=world.leader, title=TITLE, body=BODY)  # a double click
    assert again.pk == first.pk and dossier.results.count() == 1
    other = result_generate(dossier=dossier, officer=world.leader, title=TITLE, body=f"{BODY} Sửa lại.")
    assert other.code == f"{dossier.code}-KQ2"


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("  ", BODY, "Vui lòng nhập tên văn bản kết quả."),
        (TITLE, " \n\n ", "Vui lòng nhập nội dung văn bản kết quả."),
        (TITLE, "x" * 20_001, "Nội dung văn bản kết quả dài tối đa 20.000 ký tự."),
    ],
)
def test_an_empty_title_or_content_is_refused(world, title, body, message):
    dossier = at_leader(world)
    with pytest.raises(DomainError) as refused:
        result_generate(dossier=dossier, officer=world.leader, title=title, body=body)
    assert refused.value.message == message
    assert not dossier.results.exists()


def test_a_dossier_not_being_processed_gets_no_result(world):
    dossier = world.submitted()  # waiting for reception: no step yet
    with pytest.raises(DomainError) as refused:
        result_generate(dossier=dossier, officer=world.leader, title=TITLE, body=BODY)
    assert refused.value.code == "illegal_transition"
    assert not dossier.results.exists()
