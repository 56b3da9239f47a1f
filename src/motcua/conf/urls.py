from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from django.views.static import serve

from motcua.portal import views as portal_views

urlpatterns = [
    path("healthz", portal_views.healthz, name="healthz"),
    # The language switch only sets the visitor's language cookie: CSRF-exempt so public pages carry no token.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("quan-tri/", admin.site.urls),
    # Protocol endpoints belong to the identity plug-ins that speak them.
    path("tai-khoan/vneid/", include("motcua.identity.contrib.oidc.urls", namespace="vneid")),
    path("tai-khoan/chu-ky-so/", include("motcua.identity.contrib.certificate.urls", namespace="certificate")),
    path("mot-cua/", include("motcua.backoffice.urls", namespace="backoffice")),
    # Protocol endpoints of the payment providers (return, IPN, webhook), owned by each plug-in.
    path("thanh-toan/", include("motcua.payments.urls")),
    path("api/v1/", include("motcua.api.urls")),
    path("altcha/", include("altcha_django.urls")),
    path("tai-khoan/", include("motcua.portal.account_urls")),
    path("", include("motcua.portal.urls")),
]

if settings.MOTCUA_VNEID_SANDBOX:
    # A real OpenID Connect provider emulating VNeID for the demo and the tests; never in production.
    urlpatterns.insert(0, path("sandbox/vneid/", include("motcua.identity.contrib.sandbox.urls", namespace="sandbox")))
if settings.MOTCUA_NATIONAL_SANDBOX:
    # The national portal's receiver inside the demo: records and shows every sync message it is sent.
    urlpatterns.insert(0, path("sandbox/cong-dvc-quoc-gia/", include("motcua.integrations.contrib.sandbox.urls")))

if not settings.PRODUCTION:
    # Only the catalogue's printable forms are public media. Dossier files (``ho-so/``) are private: they are
    # streamed by the portal's views after checking who asks, never served by path. In production the reverse
    # proxy or the storage backend serves ``/media/catalogue/`` only (docs/deployment.md).
    def public_media(request, path):
        return serve(request, path, document_root=Path(settings.MEDIA_ROOT) / "catalogue")

    urlpatterns.append(path("media/catalogue/<path:path>", public_media))
