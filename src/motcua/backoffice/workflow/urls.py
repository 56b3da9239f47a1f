"""Internal processes ("Quy trình nội bộ") of the cases of an agency's procedures, edited by its administrator."""

from django.urls import path

from . import views

urlpatterns = [
    path("quy-trinh/", views.workflow_list, name="workflow_list"),
    path("quy-trinh/<int:case_id>/", views.workflow_edit, name="workflow_edit"),
    path("quy-trinh/<int:case_id>/mac-dinh/", views.workflow_reset, name="workflow_reset"),
]
