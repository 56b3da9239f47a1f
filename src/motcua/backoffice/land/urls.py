"""Nghĩa vụ tài chính đất đai in the back office: tax notices received for the officer's agencies, CSV upload."""

from django.urls import path

from . import views

urlpatterns = [
    path("nghia-vu-tai-chinh/", views.tax_notices_page, name="tax_notices"),
]
