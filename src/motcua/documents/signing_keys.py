"""Who signs results, and whom the verification trusts: the agency's key and certificate, and the trust roots.

Production: ``MOTCUA_SIGNING_PKCS12`` names the agency's .p12 (key, certificate and its CA chain) opened with
``MOTCUA_SIGNING_PKCS12_PASSWORD``; when it names a folder, each agency signs with ``<agency code>.p12`` in it.
Verification trusts the CAs in ``MOTCUA_SIGNING_TRUST_ROOTS`` (PEM or DER files: the licensed CAs' roots, e.g.
the Government's or a public CA's).

Embedded mode (outside production, with no .p12 configured): on first use a "motcua demo signing CA" and one
certificate per agency are created in ``var/demo-signing/`` (no legal value); verification trusts that CA too.
Two processes may make them at the same moment: each file is written under a temporary name and linked into
place only if absent, so both end up using the same key (the loser reads the winner's file).
"""

import contextlib
import os
import re
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings
from pyhanko.sign.signers import SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore

from motcua.catalogue.models import Agency
from motcua.core.errors import DomainError

DEMO_DIRNAME = "demo-signing"
DEMO_CA_NAME = "motcua demo signing CA (không có giá trị pháp lý)"
DEMO_YEARS = 10  # long enough that a demo document signed today still verifies later (no timestamp server)
_BUNDLE = "ca-bundle.pem"  # the demo CA's key and certificate, together so that they always match
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def demo_dir() -> Path:
    return Path(settings.VAR_DIR) / DEMO_DIRNAME


def demo_ca_path() -> Path:
    """The demo CA's certificate alone: install it in a PDF reader to see the demo signatures as trusted."""
    return demo_dir() / "ca.pem"


def _file_stem(agency: Agency) -> str:
    """The agency's code as a file name ("000.00.16.H34"): ``<stem>.pem`` in the demo, ``<stem>.p12`` in a folder."""
    return _UNSAFE.sub("_", agency.code or f"agency-{agency.pk}")


# --- Making the demo keys -----------------------------------------------------------------------------
def _create_once(path: Path, data: bytes) -> bytes:
    """Write ``data`` to ``path`` unless it already exists; return what ``path`` holds (ours or the winner's)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")  # mode 600: it may hold a key
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        with contextlib.suppress(FileExistsError):  # the first writer wins; os.link never replaces a file
            os.link(temporary, path)
    finally:
        os.unlink(temporary)
    return path.read_bytes()


def _pem(key: rsa.RSAPrivateKey, *certificates: x509.Certificate) -> bytes:
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return key_pem + b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certificates)


def _usage(*, signs_certificates: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not signs_certificates,
        content_commitment=not signs_certificates,  # non-repudiation: what a document signature asserts
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=signs_certificates,
        crl_sign=signs_certificates,
        encipher_only=False,
        decipher_only=False,
    )


def _issue(subject: x509.Name, key, *, issuer: x509.Name, issuer_key, ca: bool) -> x509.Certificate:
    start = datetime.now(UTC) - timedelta(days=1)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=365 * DEMO_YEARS))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
        .add_extension(_usage(signs_certificates=ca), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if not ca:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _split(data: bytes) -> tuple[bytes, list[bytes]]:
    """(PKCS#8 key DER, [certificate DER, …]) of a PEM bundle written by ``_pem``."""
    blocks = list(pem.unarmor(data, multiple=True))
    key = next(der for kind, _headers, der in blocks if kind == "PRIVATE KEY")
    return key, [der for kind, _headers, der in blocks if kind == "CERTIFICATE"]


def _demo_ca() -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    path = demo_dir() / _BUNDLE
    if not path.exists():
        key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
        name = x509.Name(
            [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"), x509.NameAttribute(NameOID.COMMON_NAME, DEMO_CA_NAME)]
        )
        _create_once(path, _pem(key, _issue(name, key, issuer=name, issuer_key=key, ca=True)))
    key_der, (certificate_der, *_rest) = _split(path.read_bytes())
    key = serialization.load_der_private_key(key_der, password=None)
    certificate = x509.load_der_x509_certificate(certificate_der)
    if not demo_ca_path().exists():
        _create_once(demo_ca_path(), certificate.public_bytes(serialization.Encoding.PEM))
    return key, certificate


def _agency_subject(agency: Agency) -> x509.Name:
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.LOCALITY_NAME, settings.MOTCUA_PROVINCE_NAME),
    ]
    if agency.parent_id:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, agency.parent.name[:64]))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, agency.name[:64]))
    return x509.Name(attributes)


def _demo_bundle(agency: Agency) -> bytes:
    path = demo_dir() / f"{_file_stem(agency)}.pem"
    if path.exists():
        return path.read_bytes()
    ca_key, ca_certificate = _demo_ca()
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    certificate = _issue(_agency_subject(agency), key, issuer=ca_certificate.subject, issuer_key=ca_key, ca=False)
    return _create_once(path, _pem(key, certificate, ca_certificate))


# --- The signer ---------------------------------------------------------------------------------------
def pkcs12_path(agency: Agency | None = None) -> Path | None:
    """The configured .p12 for ``agency`` (``<code>.p12`` when the setting names a folder); None when not set."""
    if not settings.MOTCUA_SIGNING_PKCS12:
        return None
    configured = Path(settings.MOTCUA_SIGNING_PKCS12).expanduser()
    if configured.is_dir() and agency is not None:
        return configured / f"{_file_stem(agency)}.p12"
    return configured


def pkcs12_signer(path: Path) -> SimpleSigner:
    """Open a .p12 with the configured password; ``ValueError`` or ``OSError`` when it cannot be used."""
    password = settings.MOTCUA_SIGNING_PKCS12_PASSWORD.encode() or None
    return SimpleSigner.load_pkcs12_data(path.read_bytes(), other_certs=[], passphrase=password)


def agency_signer(agency: Agency) -> SimpleSigner:
    """The key and certificate chain ``agency`` signs results with; ``DomainError`` when there is none."""
    path = pkcs12_path(agency)
    if path is not None:
        try:
            return pkcs12_signer(path)
        except (OSError, ValueError) as error:
            raise DomainError(
                f"Không mở được chứng thư số ký kết quả của {agency.name} ({path.name}): {error}. "
                "Vui lòng báo quản trị hệ thống.",
                code="signing_unavailable",
            ) from None
    if settings.PRODUCTION:
        raise DomainError(
            "Chưa cấu hình chứng thư số ký kết quả (MOTCUA_SIGNING_PKCS12). Vui lòng báo quản trị hệ thống.",
            code="signing_unavailable",
        )
    key_der, certificates = _split(_demo_bundle(agency))
    certificate, *chain = (asn1_x509.Certificate.load(der) for der in certificates)
    return SimpleSigner(
        signing_cert=certificate,
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs(chain),
    )


# --- Trust --------------------------------------------------------------------------------------------
def _certificates_in(path: Path) -> list[asn1_x509.Certificate]:
    data = path.read_bytes()
    blobs = (
        [der for kind, _h, der in pem.unarmor(data, multiple=True) if kind == "CERTIFICATE"]
        if pem.detect(data)
        else [data]
    )
    certificates = [asn1_x509.Certificate.load(blob) for blob in blobs]
    for certificate in certificates:
        certificate.native  # noqa: B018  (parse now: a broken file shows up in the system check, not on a page)
    return certificates


def trust_roots() -> tuple[list[asn1_x509.Certificate], list[str]]:
    """The CAs a signature must chain to, and the configured files that could not be read."""
    roots, problems = [], []
    for entry in settings.MOTCUA_SIGNING_TRUST_ROOTS:
        try:
            roots.extend(_certificates_in(Path(entry).expanduser()))
        except (OSError, ValueError, TypeError) as error:
            problems.append(f"{entry}: {error}")
    if not settings.PRODUCTION and demo_ca_path().exists():
        roots.extend(_certificates_in(demo_ca_path()))
    return roots, problems
