"""Which CAs and CRLs the certificate login trusts: files named in settings, read from disk, never fetched.

``MOTCUA_CERT_TRUSTED_CAS``: files or folders of CA certificates (PEM, several per file allowed, or DER); every one
is a trust anchor (a licensed CA's own certificate, or the national root above it). ``MOTCUA_CERT_CRLS``: files or
folders of CRLs (PEM or DER), refreshed by the operator. With ``MOTCUA_CERT_DEMO_CA`` the demo CA made by
``certificate_load_demo`` (``var/demo-ca/ca.pem``) is trusted too.
"""

import logging
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import crl, pem, x509
from django.conf import settings

logger = logging.getLogger(__name__)

DEMO_CA_DIRNAME = "demo-ca"
DEMO_CA_FILENAME = "ca.pem"


@dataclass(frozen=True)
class TrustStore:
    roots: tuple[x509.Certificate, ...] = ()
    crls: tuple[crl.CertificateList, ...] = ()
    problems: tuple[str, ...] = field(default=(), compare=False)


def demo_ca_path() -> Path:
    return Path(settings.VAR_DIR) / DEMO_CA_DIRNAME / DEMO_CA_FILENAME


def _files(entries: list[str]) -> list[Path]:
    paths = []
    for entry in entries:
        path = Path(entry).expanduser()
        paths.extend(sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path])
    return paths


def _blobs(path: Path) -> list[bytes]:
    data = path.read_bytes()
    if pem.detect(data):
        return [der for _type, _headers, der in pem.unarmor(data, multiple=True)]
    return [data]


def trust_store_load() -> TrustStore:
    """Read the configured CAs and CRLs; files that cannot be read are skipped and reported as problems."""
    roots: list[x509.Certificate] = []
    crls: list[crl.CertificateList] = []
    problems: list[str] = []
    ca_entries = list(settings.MOTCUA_CERT_TRUSTED_CAS)
    if settings.MOTCUA_CERT_DEMO_CA and demo_ca_path().exists():
        ca_entries.append(str(demo_ca_path()))
    for kind, entries, loader, target in (
        ("CA", ca_entries, x509.Certificate.load, roots),
        ("CRL", list(settings.MOTCUA_CERT_CRLS), crl.CertificateList.load, crls),
    ):
        for path in _files(entries):
            try:
                for blob in _blobs(path):
                    item = loader(blob, strict=True)
                    item.native  # noqa: B018  (parse now, not in the middle of a login)
                    target.append(item)
            except (OSError, ValueError, TypeError) as error:
                problems.append(f"{kind} {path}: {error}")
                logger.warning("Certificate login: cannot read %s %s: %s", kind, path, error)
    return TrustStore(roots=tuple(roots), crls=tuple(crls), problems=tuple(problems))
