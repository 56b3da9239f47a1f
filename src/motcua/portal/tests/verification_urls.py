"""The whole site plus the verification page, until ``portal/urls.py`` wires it (then this adds a duplicate).

The site's URLconf is included by its dotted name: a test URLconf wraps the root one, it does not depend on it.
"""

from django.urls import include, path

from motcua.portal import verification

urlpatterns = [
    path("kiem-tra-ket-qua/<str:code>/", verification.result_verify, name="result_verify"),
    path("", include("motcua.conf.urls")),
]
