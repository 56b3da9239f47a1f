"""The demo business's digital-signature certificate, so that certificate login can be tried without a USB token.

``certificate_load_demo`` creates once, in ``var/demo-ca/``, a demo CA and a certificate for the demo business
(``UID=MST:<tax code>``) with its key as PEM and as a password-protected .p12, and returns the path of a README
(Vietnamese) listing those files, the .p12 password and the signing command: print it in the demo printout.
The demo CA is trusted only while ``MOTCUA_CERT_DEMO_CA`` is on (never in production).
"""

import secrets
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings

from .pki import Issued, ca_create, organisation_certificate_issue
from .trust import DEMO_CA_DIRNAME, DEMO_CA_FILENAME

README = """Chứng thư số demo (chỉ dùng thử, không có giá trị pháp lý)
Đơn vị: {name} — MST {tax_code}

{dirname}/{ca}        CA demo (Cổng chỉ tin cậy khi MOTCUA_CERT_DEMO_CA bật)
{dirname}/{cert}      chứng thư số của đơn vị
{dirname}/{key}       khóa bí mật (PEM, không mật khẩu)
{dirname}/{p12}       chứng thư số + khóa (PKCS#12), mật khẩu: {password}

Đăng nhập bằng chữ ký số: mở /tai-khoan/chu-ky-so/, tải challenge.txt, rồi ký:
  openssl cms -sign -binary -outform DER -in challenge.txt -signer {cert_path} -inkey {key_path} -out challenge.p7s
và tải tệp challenge.p7s lên.
"""


def _write(path: Path, data: bytes, *, private: bool = False) -> None:
    path.write_bytes(data)
    if private:
        path.chmod(0o600)


def certificate_load_demo(*, tax_code: str, organisation_name: str) -> Path:
    """Path of the README to print for the demo: where the CA, the business's certificate, key and .p12 are,
    the .p12 password and the signing command. Created on the first call, reused after."""
    folder = Path(settings.VAR_DIR) / DEMO_CA_DIRNAME
    folder.mkdir(parents=True, exist_ok=True)
    ca_cert_path, ca_key_path = folder / DEMO_CA_FILENAME, folder / "ca-key.pem"
    if ca_cert_path.exists() and ca_key_path.exists():
        ca = Issued(
            certificate=x509.load_pem_x509_certificate(ca_cert_path.read_bytes()),
            key=serialization.load_pem_private_key(ca_key_path.read_bytes(), password=None),
        )
    else:
        ca = ca_create(name="Motcua Demo CA (không có giá trị pháp lý)")
        _write(ca_key_path, ca.key_pem(), private=True)
        _write(ca_cert_path, ca.certificate_pem())

    stem = f"doanh-nghiep-{tax_code}"
    cert_path, key_path, p12_path, readme_path = (
        folder / f"{stem}.pem",
        folder / f"{stem}-key.pem",
        folder / f"{stem}.p12",
        folder / f"{stem}.txt",
    )
    if not (cert_path.exists() and key_path.exists() and p12_path.exists() and readme_path.exists()):
        issued = organisation_certificate_issue(ca, tax_code=tax_code, organisation_name=organisation_name)
        password = secrets.token_urlsafe(9)
        _write(cert_path, issued.certificate_pem())
        _write(key_path, issued.key_pem(), private=True)
        p12 = pkcs12.serialize_key_and_certificates(
            name=organisation_name.encode(),
            key=issued.key,
            cert=issued.certificate,
            cas=[ca.certificate],
            encryption_algorithm=serialization.BestAvailableEncryption(password.encode()),
        )
        _write(p12_path, p12, private=True)
        readme = README.format(
            name=organisation_name,
            tax_code=tax_code,
            dirname=folder,
            ca=ca_cert_path.name,
            cert=cert_path.name,
            key=key_path.name,
            p12=p12_path.name,
            password=password,
            cert_path=cert_path,
            key_path=key_path,
        )
        _write(readme_path, readme.encode(), private=True)
    return readme_path
