import asyncio
import os
import threading
import zlib
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from io import BytesIO

import pytest
import segno
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from django.core.checks import Error
from django.utils import timezone
from fpdf import FPDF
from PIL import Image
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from motcua.catalogue.models import Agency
from motcua.core.errors import DomainError
from motcua.documents import signing, signing_keys
from motcua.documents.checks import result_signing_config
from motcua.dossiers.tests.factories import pdf_bytes
from motcua.identity.contrib.certificate.pki import ca_create, organisation_certificate_issue

from .pdftext import _page_text

CODE = "000.00.16.H34-261123-0007-KQ1"
VERIFY = f"https://dichvucong.kontum.gov.vn/kiem-tra-ket-qua/{CODE}/"


@pytest.fixture(scope="module")
def shared_var(tmp_path_factory):
    """One demo CA for the module: keys are made once, as they are once per installation."""
    return tmp_path_factory.mktemp("var")


@pytest.fixture(autouse=True)
def _demo_signing(settings, shared_var):
    settings.VAR_DIR = shared_var
    settings.PRODUCTION = False
    settings.MOTCUA_SIGNING_PKCS12 = ""
    settings.MOTCUA_SIGNING_PKCS12_PASSWORD = ""
    settings.MOTCUA_SIGNING_TRUST_ROOTS = []


@pytest.fixture
def agency():
    """Signing reads only the agency's code, name and parent: no database needed."""
    return Agency(code="000.00.16.H34", name="Sở Khoa học và Công nghệ")


def sign(data: bytes, agency: Agency, **overrides) -> bytes:
    arguments = {"result_code": CODE, "verify_url": VERIFY, "signer_name": "Nguyễn Văn An"} | overrides
    return signing.result_pdf_signed(pdf_bytes=data, agency=agency, **arguments)


def pages_pdf(count: int, **encryption) -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for number in range(count):
        pdf.add_page()
        pdf.cell(text=f"Trang {number + 1}")
    if encryption:
        pdf.set_encryption(**encryption)
    return bytes(pdf.output())


def stamp_of(data: bytes) -> tuple[dict, str]:
    """The latest signature widget on the last page, and the text of its appearance (the stamp)."""
    reader = PdfFileReader(BytesIO(data))
    page = reader.root["/Pages"]["/Kids"][-1].get_object()
    *_earlier, widget = (a.get_object() for a in page["/Annots"] if a.get_object().get("/FT") == "/Sig")
    stamp = widget["/AP"]["/N"]["/Resources"]["/XObject"]["/Stamp"].get_object()
    return widget, _page_text({"/Resources": stamp["/Resources"], "/Contents": stamp})


@pytest.fixture
def signed(agency):
    return sign(pdf_bytes("Giay phep moi truong"), agency)


# --- Signing ------------------------------------------------------------------------------------------
def test_a_signed_result_checks_as_signed_intact_and_trusted(signed):
    check = signing.pdf_signature_check(signed)
    assert (check.signed, check.intact, check.trusted, check.valid) == (True, True, True, True)
    assert check.signer == "Sở Khoa học và Công nghệ"
    assert check.problem == ""
    assert abs(check.signed_at - timezone.now()) < timedelta(minutes=1)


def test_signing_appends_to_the_document_and_leaves_it_unchanged(signed):
    original = pdf_bytes("Giay phep moi truong")
    assert signed.startswith(original)
    assert b"/ETSI.CAdES.detached" in signed  # PAdES baseline


def test_the_stamp_carries_the_code_the_agency_the_time_and_the_address(signed):
    widget, text = stamp_of(signed)
    assert "Ký số bởi: Sở Khoa học và Công nghệ" in text
    assert "Người ký: Nguyễn Văn An" in text
    assert f"Mã kết quả: {CODE}" in text
    assert "Thời gian ký: " in text and f"ngày {timezone.localdate():%d/%m/%Y}" in text
    assert VERIFY in text.replace(" ", "")  # printed in clear beside the QR code (it may wrap)
    assert widget["/Rect"][0] > 200 and widget["/Rect"][1] < 100  # bottom right of an A4 page


def test_the_stamp_is_also_a_link_to_the_verification_page(signed):
    page = PdfFileReader(BytesIO(signed)).root["/Pages"]["/Kids"][-1].get_object()
    links = [a.get_object() for a in page["/Annots"] if a.get_object().get("/Subtype") == "/Link"]
    assert [link["/A"]["/URI"] for link in links] == [VERIFY]


def test_the_qr_code_encodes_the_verification_address(signed):
    """The stamp's image is segno's rendering of the address, pixel for pixel (segno is deterministic)."""
    stamp = stamp_of(signed)[0]["/AP"]["/N"]["/Resources"]["/XObject"]["/Stamp"].get_object()
    (image,) = (x.get_object() for x in stamp["/Resources"]["/XObject"].values())
    png = BytesIO()
    segno.make(VERIFY, error="m").save(png, kind="png", scale=6, border=1)
    expected = Image.open(png).convert("L")
    width, height = image["/Width"], image["/Height"]
    assert (width, height) == expected.size
    # fpdf2 stores the grey pixels as unfiltered PNG rows (a 0 filter byte before each row) under Flate.
    raw = zlib.decompress(image.encoded_data)
    rows = [raw[row * (width + 1) : (row + 1) * (width + 1)] for row in range(height)]
    assert {row[0] for row in rows} == {0}
    assert b"".join(row[1:] for row in rows) == expected.tobytes()


def test_the_stamp_goes_on_the_last_page(agency):
    data = sign(pages_pdf(3), agency)
    reader = PdfFileReader(BytesIO(data))
    kids = [kid.get_object() for kid in reader.root["/Pages"]["/Kids"]]
    assert [("/Annots" in kid) for kid in kids] == [False, False, True]
    assert signing.pdf_signature_check(data).valid


def test_a_small_page_keeps_the_stamp_inside_it(agency):
    pdf = FPDF(format=(100, 70))
    pdf.add_page()
    data = sign(bytes(pdf.output()), agency)
    x1, y1, x2, y2 = (float(v) for v in stamp_of(data)[0]["/Rect"])
    assert x1 >= 0 and x2 <= 100 * signing.MM + 0.1 and y1 >= 0 and y2 <= 70 * signing.MM + 0.1


def test_a_signed_result_can_be_signed_again_and_the_check_reads_the_latest(signed, agency):
    twice = sign(signed, agency, result_code=f"{CODE}-B", signer_name="")
    assert signing.pdf_signature_check(twice).valid
    assert f"Mã kết quả: {CODE}-B" in stamp_of(twice)[1]


def test_an_encrypted_pdf_is_refused(agency):
    with pytest.raises(DomainError) as refused:
        sign(pages_pdf(1, owner_password="chu-so-huu"), agency)
    assert refused.value.code == "encrypted"
    assert "mật khẩu" in refused.value.message


@pytest.mark.parametrize("data", [b"", b"%PDF-1.7\n", b"khong phai PDF", os.urandom(2048)])
def test_what_is_not_a_pdf_is_refused(agency, data):
    with pytest.raises(DomainError) as refused:
        sign(data, agency)
    assert refused.value.code == "not_pdf"


def test_signing_and_checking_work_inside_a_running_event_loop(agency):
    """pyHanko's sync API starts an event loop of its own: an async caller must not break it."""

    async def inside():
        return signing.pdf_signature_check(sign(pages_pdf(1), agency))

    # Our own thread and loop: in a full run this thread may already hold Playwright's loop (browser tests).
    outcome = {}
    runner = threading.Thread(target=lambda: outcome.setdefault("check", asyncio.run(inside())))
    runner.start()
    runner.join()
    assert outcome["check"].valid


# --- Checking -----------------------------------------------------------------------------------------
def test_one_flipped_byte_breaks_the_signature(signed):
    tampered = bytearray(signed)
    tampered[len(signed) // 10] ^= 0x01
    check = signing.pdf_signature_check(bytes(tampered))
    assert check.signed and not check.intact and not check.valid
    assert check.problem == signing.CHANGED


def test_an_update_appended_after_signing_is_not_covered(signed):
    writer = IncrementalPdfFileWriter(BytesIO(signed))
    writer.root["/Lang"] = signing.pdf_string("en")
    writer.update_root()
    out = BytesIO()
    writer.write(out)
    check = signing.pdf_signature_check(out.getvalue())
    assert check.signed and not check.intact
    assert check.problem == signing.ADDED_AFTER


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", signing.NOT_PDF),
        (b"garbage", signing.NOT_PDF),
        (os.urandom(4096), signing.NOT_PDF),
        (pages_pdf(1), signing.NOT_SIGNED),
        (pages_pdf(1, owner_password="x"), signing.ENCRYPTED),
    ],
)
def test_unsigned_or_garbage_input_never_raises(data, problem):
    check = signing.pdf_signature_check(data)
    assert (check.signed, check.valid, check.problem) == (False, False, problem)


def test_damage_anywhere_never_raises(signed):
    for position in range(0, len(signed), max(1, len(signed) // 97)):
        damaged = signed[:position] + b"\x00\xff(" + signed[position + 3 :]
        assert not signing.pdf_signature_check(damaged).valid or damaged == signed
    assert not signing.pdf_signature_check(signed[: len(signed) // 2]).valid


def test_a_signature_from_an_unknown_ca_is_intact_but_not_trusted(signed, settings, tmp_path):
    settings.VAR_DIR = tmp_path  # another installation: another demo CA
    check = signing.pdf_signature_check(signed)
    assert (check.intact, check.trusted) == (True, False)
    assert check.problem == signing.UNTRUSTED


def test_production_trusts_only_the_configured_roots(signed, settings, shared_var):
    settings.PRODUCTION = True
    assert not signing.pdf_signature_check(signed).trusted  # the demo CA is never trusted in production
    settings.MOTCUA_SIGNING_TRUST_ROOTS = [str(signing_keys.demo_ca_path())]
    assert signing.pdf_signature_check(signed).valid


# --- The signing identity -----------------------------------------------------------------------------
def test_demo_keys_live_in_var_one_per_agency(signed, shared_var):
    folder = shared_var / "demo-signing"
    assert {"ca.pem", "ca-bundle.pem", "000.00.16.H34.pem"} <= {path.name for path in folder.iterdir()}
    assert oct((folder / "000.00.16.H34.pem").stat().st_mode)[-3:] == "600"
    assert b"PRIVATE KEY" not in (folder / "ca.pem").read_bytes()


def test_concurrent_first_uses_agree_on_one_key(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    agency = Agency(code="000.00.99.H34", name="UBND xã Đăk Blà")
    with ThreadPoolExecutor(max_workers=6) as pool:
        signers = list(pool.map(lambda _: signing_keys.agency_signer(agency), range(6)))
    assert len({s.signing_cert.dump() for s in signers}) == 1
    assert not [p for p in (tmp_path / "demo-signing").iterdir() if p.name.startswith(".tmp")]


def test_create_once_keeps_the_first_content(tmp_path):
    assert signing_keys._create_once(tmp_path / "k.pem", b"first") == b"first"
    assert signing_keys._create_once(tmp_path / "k.pem", b"second") == b"first"


@pytest.fixture
def p12(tmp_path):
    """A .p12 as a licensed CA would deliver it: the agency's key and certificate with the CA's certificate."""
    ca = ca_create(name="CA thử nghiệm")
    issued = organisation_certificate_issue(ca, tax_code="6100100100", organisation_name="Sở Tư pháp tỉnh Kon Tum")
    data = pkcs12.serialize_key_and_certificates(
        name=b"so-tu-phap",
        key=issued.key,
        cert=issued.certificate,
        cas=[ca.certificate],
        encryption_algorithm=serialization.BestAvailableEncryption(b"mat-khau"),
    )
    (tmp_path / "000.00.16.H34.p12").write_bytes(data)
    (tmp_path / "ca.pem").write_bytes(ca.certificate_pem())
    return tmp_path


def test_production_signs_with_the_configured_pkcs12(settings, agency, p12):
    settings.PRODUCTION = True
    settings.MOTCUA_SIGNING_PKCS12 = str(p12 / "000.00.16.H34.p12")
    settings.MOTCUA_SIGNING_PKCS12_PASSWORD = "mat-khau"
    settings.MOTCUA_SIGNING_TRUST_ROOTS = [str(p12 / "ca.pem")]
    check = signing.pdf_signature_check(sign(pages_pdf(1), agency))
    assert check.valid and check.signer == "Sở Tư pháp tỉnh Kon Tum"
    assert result_signing_config(None) == []


def test_a_folder_of_pkcs12_gives_each_agency_its_own(settings, agency, p12):
    settings.MOTCUA_SIGNING_PKCS12, settings.MOTCUA_SIGNING_PKCS12_PASSWORD = str(p12), "mat-khau"
    assert signing_keys.pkcs12_path(agency) == p12 / "000.00.16.H34.p12"
    assert signing_keys.agency_signer(agency).signing_cert.subject.native["common_name"] == "Sở Tư pháp tỉnh Kon Tum"
    with pytest.raises(DomainError) as missing:
        signing_keys.agency_signer(Agency(code="000.00.17.H34", name="Sở Y tế"))
    assert missing.value.code == "signing_unavailable"


def test_a_wrong_password_is_refused_and_reported_by_the_check(settings, agency, p12):
    settings.MOTCUA_SIGNING_PKCS12 = str(p12 / "000.00.16.H34.p12")
    settings.MOTCUA_SIGNING_PKCS12_PASSWORD = "sai"
    with pytest.raises(DomainError) as refused:
        sign(pages_pdf(1), agency)
    assert refused.value.code == "signing_unavailable"
    assert [message.id for message in result_signing_config(None)] == ["documents.E002"]


def test_production_without_pkcs12_refuses_to_sign_and_fails_the_check(settings, agency):
    settings.PRODUCTION = True
    with pytest.raises(DomainError) as refused:
        sign(pages_pdf(1), agency)
    assert "MOTCUA_SIGNING_PKCS12" in refused.value.message
    messages = result_signing_config(None)
    assert [message.id for message in messages] == ["documents.E001", "documents.W002"]
    assert isinstance(messages[0], Error)


def test_the_check_is_quiet_in_the_embedded_mode():
    assert result_signing_config(None) == []
