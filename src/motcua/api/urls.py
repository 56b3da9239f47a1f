"""Mounted by ``conf/urls.py`` at ``/api/v1/`` (namespace ``api-v1``)."""

from .v1 import api

app_name = "api-v1"
urlpatterns = api.urls[0]
