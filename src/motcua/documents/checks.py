"""Misconfigured result signing shows up in ``manage.py check`` (never when an officer signs the first result)."""

from django.conf import settings
from django.core.checks import Error, Warning, register

from .signing_keys import pkcs12_path, pkcs12_signer, trust_roots

HINT = "Set MOTCUA_SIGNING_PKCS12 to the agency's .p12 file (or a folder of <agency code>.p12) and its password."


def _pkcs12_problems() -> list[str]:
    """Why the configured .p12 (or each .p12 of a folder) cannot be used to sign; empty when all open."""
    path = pkcs12_path()
    if path is None:
        return []
    files = sorted(path.glob("*.p12")) if path.is_dir() else [path]
    if not files:
        return [f"{path}: no .p12 file in this folder"]
    problems = []
    for file in files:
        try:
            pkcs12_signer(file)
        except (OSError, ValueError) as error:
            problems.append(f"{file}: {error}")
    return problems


@register()
def result_signing_config(app_configs, **kwargs) -> list[Error | Warning]:
    messages: list[Error | Warning] = []
    if settings.PRODUCTION and not settings.MOTCUA_SIGNING_PKCS12:
        messages.append(
            Error(
                "Result signing: MOTCUA_SIGNING_PKCS12 is not set; results cannot be signed.",
                hint=HINT,
                id="documents.E001",
            )
        )
    messages += [
        Error(f"Result signing: cannot open the signing certificate ({problem}).", hint=HINT, id="documents.E002")
        for problem in _pkcs12_problems()
    ]
    roots, problems = trust_roots()
    messages += [
        Warning(f"Result verification: unreadable trust root ({problem}).", id="documents.W001") for problem in problems
    ]
    if settings.PRODUCTION and not roots:
        messages.append(
            Warning(
                "Result verification: no trusted CA; the public verification page will call every signature untrusted.",
                hint="Set MOTCUA_SIGNING_TRUST_ROOTS to the CA certificates that issue the agencies' certificates.",
                id="documents.W002",
            )
        )
    return messages
