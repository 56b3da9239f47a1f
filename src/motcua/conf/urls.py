from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from motcua.portal import views as portal_views

urlpatterns = [
    path("healthz", portal_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
    path("", include("motcua.portal.urls")),
]

if not settings.PRODUCTION:
    # In production media is served by the storage backend or the reverse proxy, never by Django.
    urlpatterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))
