"""Public addresses printed on documents (as QR codes and text): they must work from any phone, for years.

Built from ``MOTCUA_PUBLIC_URL`` when it is set (behind a proxy the request's host may be an internal name), from
the request otherwise. The paths are public URLs of the portal (``/tra-cuu-ho-so/``, ``/kiem-tra-ket-qua/``).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from motcua.dossiers.models import Dossier, DossierResult


def public_url(request: HttpRequest | None, path: str) -> str:
    if settings.MOTCUA_PUBLIC_URL or request is None:
        return f"{settings.MOTCUA_PUBLIC_URL.rstrip('/')}{path}"
    return request.build_absolute_uri(path)


def lookup_url(request: HttpRequest | None, dossier: Dossier) -> str:
    """The public status lookup of ``dossier`` ("Tra cứu hồ sơ"), printed on the standard forms."""
    return public_url(request, f"{reverse('portal:dossier_lookup')}?{urlencode({'ma_ho_so': dossier.code})}")


def result_verify_url(request: HttpRequest | None, result: DossierResult) -> str:
    """The public verification page of a result, printed as the QR code on the signed document."""
    return public_url(request, reverse("portal:result_verify", args=[result.code]))
