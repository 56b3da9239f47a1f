"""Misconfiguration of the certificate login shows up in ``manage.py check`` (never at the first login)."""

from django.conf import settings
from django.core.checks import Warning, register

from .trust import trust_store_load


@register()
def certificate_login_config(app_configs, **kwargs) -> list[Warning]:
    store = trust_store_load()
    problems = [
        Warning(f"Certificate login: unreadable file ({problem}).", id="identity_certificate.W001")
        for problem in store.problems
    ]
    if not store.roots and (settings.MOTCUA_CERT_TRUSTED_CAS or not settings.MOTCUA_CERT_DEMO_CA):
        problems.append(
            Warning(
                "Certificate login: no trusted CA; organisations cannot sign in with a certificate.",
                hint="Set MOTCUA_CERT_TRUSTED_CAS to the licensed CAs' certificates (files or folders).",
                id="identity_certificate.W002",
            )
        )
    return problems
