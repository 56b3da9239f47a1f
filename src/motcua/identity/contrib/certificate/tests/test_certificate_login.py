"""Login with the unit's certificate: one-time challenge, pyHanko verification, every refusal in Vietnamese."""

import datetime as dt
from unittest import mock

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID
from django.contrib.auth import SESSION_KEY
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.accounts.tests.factories import organisation_account
from motcua.identity.contrib.certificate import pki
from motcua.identity.contrib.certificate.demo import certificate_load_demo
from motcua.identity.contrib.certificate.models import LoginChallenge
from motcua.identity.contrib.certificate.services import certificate_login
from motcua.identity.contrib.certificate.trust import trust_store_load
from motcua.identity.contrib.certificate.views import SESSION_KEY as CHALLENGE_KEY

pytestmark = pytest.mark.django_db

URL = "/tai-khoan/chu-ky-so/"
TAX_CODE = "6100123456"


@pytest.fixture
def ca():
    return pki.ca_create(name="CA thử nghiệm")


@pytest.fixture
def pki_settings(settings, tmp_path, ca):
    """The test CA trusted through a PEM file; no CRL; the demo CA off."""
    (tmp_path / "ca.pem").write_bytes(ca.certificate_pem())
    settings.MOTCUA_CERT_TRUSTED_CAS = [str(tmp_path / "ca.pem")]
    settings.MOTCUA_CERT_CRLS = []
    settings.MOTCUA_CERT_DEMO_CA = False
    settings.VAR_DIR = tmp_path / "var"
    return tmp_path


@pytest.fixture
def organisation(db):
    return organisation_account(password="Mat-khau-du-dai-1", tax_code=TAX_CODE)


@pytest.fixture
def signer(ca):
    return pki.organisation_certificate_issue(
        ca, tax_code=TAX_CODE, organisation_name="Công ty TNHH Nông sản Ngọc Linh"
    )


def _challenge(client) -> bytes:
    response = client.get(URL)
    assert response.status_code == 200
    return LoginChallenge.objects.get(pk=client.session[CHALLENGE_KEY]["id"]).text.encode()


def _upload(client, signature: bytes, name="challenge.p7s"):
    return client.post(URL, {"signature": SimpleUploadedFile(name, signature, "application/pkcs7-signature")})


def _refused(response, message: str) -> None:
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html, html[html.find("error-summary") :][:800]
    assert 'href="#id_signature"' in html


def test_the_page_shows_a_fresh_challenge_bound_to_the_session_with_instructions(client, pki_settings):
    html = client.get(URL).content.decode()
    challenge = LoginChallenge.objects.get()
    assert challenge.text in html and "openssl cms -sign -binary -outform DER" in html and "USB token" in html
    assert dt.timedelta(minutes=4) < challenge.expires_at - timezone.now() <= dt.timedelta(minutes=5)
    assert client.session[CHALLENGE_KEY]["id"] == challenge.pk
    assert client.session[CHALLENGE_KEY]["secret"] not in challenge.session_binding  # only its hash is stored
    assert client.get(URL).content.decode().count(challenge.text) == 1  # same open challenge on reload
    download = client.get(URL + "challenge.txt")
    assert download.content == challenge.text.encode() and "attachment" in download["Content-Disposition"]
    other = type(client)()
    other.get(URL)
    assert LoginChallenge.objects.count() == 2  # another browser, another challenge


@pytest.mark.parametrize("detached", [True, False], ids=["detached", "attached"])
def test_a_signature_over_the_challenge_signs_the_organisation_in(client, pki_settings, organisation, signer, detached):
    signature = pki.cms_sign(_challenge(client), signer, detached=detached)
    response = _upload(client, signature)
    assert response.status_code == 302
    assert int(client.session[SESSION_KEY]) == organisation.pk
    assert client.session["_auth_user_backend"] == "django.contrib.auth.backends.ModelBackend"
    challenge = LoginChallenge.objects.get()
    assert challenge.used_at is not None and challenge.signer_tax_code == TAX_CODE


def test_pem_armoured_signatures_and_a_trailing_line_break_are_accepted(client, pki_settings, organisation, signer):
    from asn1crypto import pem

    signature = pki.cms_sign(_challenge(client) + b"\n", signer)
    assert _upload(client, pem.armor("CMS", signature)).status_code == 302


def test_the_same_signed_file_cannot_sign_in_twice(client, pki_settings, organisation, signer):
    signature = pki.cms_sign(_challenge(client), signer)
    assert _upload(client, signature).status_code == 302
    client.logout()
    _refused(_upload(client, signature), "không còn chuỗi xác thực")
    client.get(URL)
    _refused(_upload(client, signature), "Chữ ký không phải cho chuỗi xác thực đang hiển thị")
    assert SESSION_KEY not in client.session


def test_a_challenge_is_single_use_even_within_its_session(pki_settings, organisation, signer):
    from motcua.identity.contrib.certificate.services import login_challenge_issue

    challenge, secret = login_challenge_issue(host="testserver")
    signature = pki.cms_sign(challenge.text.encode(), signer)
    assert certificate_login(challenge_id=challenge.pk, secret=secret, signature=signature) == organisation
    with pytest.raises(Exception, match="đã được dùng"):
        certificate_login(challenge_id=challenge.pk, secret=secret, signature=signature)
    with pytest.raises(Exception, match="không còn chuỗi xác thực"):
        certificate_login(challenge_id=challenge.pk, secret="another session", signature=signature)


def test_an_expired_challenge_is_refused_and_replaced(client, pki_settings, organisation, signer):
    signature = pki.cms_sign(_challenge(client), signer)
    LoginChallenge.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    _refused(_upload(client, signature), "Chuỗi xác thực đã hết hạn")
    assert SESSION_KEY not in client.session
    assert LoginChallenge.objects.count() == 2  # a new one is shown


def test_a_signature_over_another_challenge_is_refused(client, pki_settings, organisation, signer):
    _challenge(client)
    _refused(
        _upload(client, pki.cms_sign(b"motcua-dang-nhap testserver cu 20250101T000000Z", signer)),
        "Chữ ký không phải cho chuỗi",
    )
    _refused(_upload(client, pki.cms_sign(b"khac", signer, detached=False)), "Chữ ký không phải cho chuỗi")
    assert SESSION_KEY not in client.session
    assert LoginChallenge.objects.get().used_at is None  # still open for the right file


def test_an_untrusted_ca_is_refused(client, pki_settings, organisation):
    stranger = pki.organisation_certificate_issue(pki.ca_create(name="CA lạ"), tax_code=TAX_CODE, organisation_name="X")
    _refused(
        _upload(client, pki.cms_sign(_challenge(client), stranger)), "không do tổ chức cung cấp dịch vụ chứng thực"
    )


def test_a_self_signed_certificate_is_refused(client, pki_settings, organisation, ca):
    selfsigned = pki.organisation_certificate_issue(ca, tax_code=TAX_CODE, organisation_name="X")
    fake = pki.Issued(
        certificate=x509.CertificateBuilder()
        .subject_name(selfsigned.certificate.subject)
        .issuer_name(selfsigned.certificate.subject)
        .public_key(selfsigned.key.public_key())
        .serial_number(1)
        .not_valid_before(timezone.now() - dt.timedelta(days=1))
        .not_valid_after(timezone.now() + dt.timedelta(days=1))
        .add_extension(selfsigned.certificate.extensions.get_extension_for_class(x509.KeyUsage).value, critical=True)
        .sign(selfsigned.key, pki.hashes.SHA256()),
        key=selfsigned.key,
    )
    _refused(_upload(client, pki.cms_sign(_challenge(client), fake)), "không được Cổng tin cậy")


def test_an_expired_certificate_is_refused(client, pki_settings, organisation, ca):
    old = pki.organisation_certificate_issue(
        ca, tax_code=TAX_CODE, organisation_name="X", not_before=timezone.now() - dt.timedelta(days=400), days=30
    )
    _refused(_upload(client, pki.cms_sign(_challenge(client), old)), "Chứng thư số đã hết hạn")


def test_a_certificate_not_for_signing_is_refused(client, pki_settings, organisation, ca):
    encipher = pki.organisation_certificate_issue(ca, tax_code=TAX_CODE, organisation_name="X", digital_signature=False)
    _refused(_upload(client, pki.cms_sign(_challenge(client), encipher)), "không dùng để ký số")


def test_a_revoked_certificate_is_refused_per_the_configured_crl(
    client, settings, pki_settings, organisation, ca, signer
):
    (pki_settings / "ca.crl").write_bytes(pki.crl_create(ca, revoked=[signer.certificate]))
    settings.MOTCUA_CERT_CRLS = [str(pki_settings / "ca.crl")]
    _refused(_upload(client, pki.cms_sign(_challenge(client), signer)), "Chứng thư số đã bị thu hồi")
    assert SESSION_KEY not in client.session


def test_a_crl_listing_others_lets_the_signer_in_but_a_stale_crl_does_not(
    client, settings, pki_settings, organisation, ca, signer
):
    other = pki.organisation_certificate_issue(ca, tax_code="0101234567", organisation_name="Y")
    crl_path = pki_settings / "ca.crl"
    settings.MOTCUA_CERT_CRLS = [str(crl_path)]
    crl_path.write_bytes(pki.crl_create(ca, revoked=[], issued_days_ago=10, days=3))
    _refused(_upload(client, pki.cms_sign(_challenge(client), signer)), "danh sách thu hồi (CRL) của nhà cung cấp")
    crl_path.write_bytes(pki.crl_create(ca, revoked=[other.certificate]))
    assert _upload(client, pki.cms_sign(_challenge(client), signer)).status_code == 302


@pytest.mark.parametrize(
    "content",
    [b"", b"hello", b"\x30\x03\x02\x01\x01", b"-----BEGIN CMS-----\nnot base64\n-----END CMS-----\n", b"\x00" * 70_000],
    ids=["empty", "text", "other-der", "bad-pem", "too-large"],
)
def test_a_file_that_is_not_a_signature_is_refused(client, pki_settings, organisation, content):
    _challenge(client)
    response = _upload(client, content)
    html = response.content.decode()
    assert response.status_code == 400
    assert any(m in html for m in ["không phải chữ ký số dạng CMS/PKCS#7", "Tệp chữ ký số rỗng", "Tệp quá lớn"]), html
    assert LoginChallenge.objects.get().used_at is None


def test_a_truncated_signature_and_no_file_are_refused(client, pki_settings, organisation, signer):
    signature = pki.cms_sign(_challenge(client), signer)
    _refused(_upload(client, signature[:300]), "không phải chữ ký số dạng CMS/PKCS#7")
    _refused(client.post(URL, {}), "Vui lòng chọn tệp chữ ký số")


def test_no_organisation_with_that_tax_code(client, pki_settings, ca):
    stranger = pki.organisation_certificate_issue(ca, tax_code="0101234567", organisation_name="Z")
    _refused(_upload(client, pki.cms_sign(_challenge(client), stranger)), "mang mã số thuế 0101234567")


def test_a_personal_certificate_without_a_tax_code_is_refused(client, pki_settings, organisation, ca):
    person = pki.organisation_certificate_issue(
        ca,
        tax_code="",
        organisation_name="",
        subject=x509.Name(
            [x509.NameAttribute(NameOID.COMMON_NAME, "Nguyễn Văn An"), x509.NameAttribute(pki.UID, "CCCD:012345678901")]
        ),
    )
    _refused(_upload(client, pki.cms_sign(_challenge(client), person)), "không chứa mã số thuế")


@pytest.mark.parametrize(
    "attributes",
    [
        [(NameOID.SERIAL_NUMBER, f"MST:{TAX_CODE}")],
        [(NameOID.SERIAL_NUMBER, TAX_CODE)],
        [(NameOID.COMMON_NAME, f"CÔNG TY NGỌC LINH - MST: {TAX_CODE}")],
    ],
    ids=["serialNumber-MST", "serialNumber-bare", "CN"],
)
def test_the_tax_code_may_be_in_serial_number_or_the_common_name(client, pki_settings, organisation, ca, attributes):
    subject = x509.Name([x509.NameAttribute(oid, value) for oid, value in attributes])
    issued = pki.organisation_certificate_issue(ca, tax_code="", organisation_name="", subject=subject)
    assert _upload(client, pki.cms_sign(_challenge(client), issued)).status_code == 302


def test_nothing_trusted_is_a_clear_refusal(client, settings, pki_settings, organisation, signer):
    settings.MOTCUA_CERT_TRUSTED_CAS = []
    _refused(_upload(client, pki.cms_sign(_challenge(client), signer)), "chưa được cấu hình")


# --- trust configuration and the demo ---------------------------------------------------------------


def test_trusted_cas_and_crls_load_from_pem_der_and_folders(settings, tmp_path, ca):
    other = pki.ca_create(name="CA khác")
    folder = tmp_path / "cas"
    folder.mkdir()
    (folder / "bundle.pem").write_bytes(ca.certificate_pem() + other.certificate_pem())
    (folder / "third.cer").write_bytes(pki.ca_create(name="CA 3").certificate.public_bytes(serialization.Encoding.DER))
    (tmp_path / "ca.crl").write_bytes(pki.crl_create(ca, revoked=[]))
    (tmp_path / "broken.pem").write_bytes(b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    settings.MOTCUA_CERT_TRUSTED_CAS = [str(folder), str(tmp_path / "broken.pem"), str(tmp_path / "missing.pem")]
    settings.MOTCUA_CERT_CRLS = [str(tmp_path / "ca.crl")]
    settings.MOTCUA_CERT_DEMO_CA = False
    store = trust_store_load()
    assert len(store.roots) == 3 and len(store.crls) == 1 and len(store.problems) == 2

    from motcua.identity.contrib.certificate.checks import certificate_login_config

    assert {warning.id for warning in certificate_login_config(None)} == {"identity_certificate.W001"}


def test_the_demo_certificate_logs_the_demo_business_in_only_while_the_demo_ca_is_on(
    client, settings, tmp_path, organisation
):
    settings.VAR_DIR = tmp_path
    settings.MOTCUA_CERT_TRUSTED_CAS = []
    settings.MOTCUA_CERT_DEMO_CA = True
    readme = certificate_load_demo(tax_code=TAX_CODE, organisation_name="Công ty TNHH Nông sản Ngọc Linh")
    assert readme == certificate_load_demo(tax_code=TAX_CODE, organisation_name="x")  # created once
    text = readme.read_text()
    folder = tmp_path / "demo-ca"
    cert = x509.load_pem_x509_certificate((folder / f"doanh-nghiep-{TAX_CODE}.pem").read_bytes())
    key = serialization.load_pem_private_key((folder / f"doanh-nghiep-{TAX_CODE}-key.pem").read_bytes(), None)
    password = text.split("mật khẩu: ")[1].split()[0]
    from cryptography.hazmat.primitives.serialization import pkcs12

    assert (
        pkcs12.load_key_and_certificates((folder / f"doanh-nghiep-{TAX_CODE}.p12").read_bytes(), password.encode())[1]
        == cert
    )
    assert "openssl cms -sign" in text and (folder / "ca.pem").exists()
    signer = pki.Issued(certificate=cert, key=key)
    assert _upload(client, pki.cms_sign(_challenge(client), signer)).status_code == 302
    client.logout()
    settings.MOTCUA_CERT_DEMO_CA = False
    _refused(_upload(client, pki.cms_sign(_challenge(client), signer)), "chưa được cấu hình")


def test_concurrent_use_is_refused_under_the_row_lock(pki_settings, organisation, signer):
    from motcua.identity.contrib.certificate.services import login_challenge_issue

    challenge, secret = login_challenge_issue(host="testserver")
    signature = pki.cms_sign(challenge.text.encode(), signer)
    real_get = LoginChallenge.objects.select_for_update

    def spent_meanwhile():
        LoginChallenge.objects.filter(pk=challenge.pk).update(used_at=timezone.now())
        return real_get()

    with (
        mock.patch.object(LoginChallenge.objects, "select_for_update", side_effect=spent_meanwhile),
        pytest.raises(Exception, match="đã được dùng"),
    ):
        certificate_login(challenge_id=challenge.pk, secret=secret, signature=signature)
