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
    path("", include("motcua.portal.urls")),
]

if not settings.PRODUCTION:
    # In production media is served by the storage backend or the reverse proxy, never by Django.
    urlpatterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))
