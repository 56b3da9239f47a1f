"""Reception (Bộ phận Tiếp nhận và Trả kết quả): the online queue, the dossier page, the reception decisions."""

from django.urls import path

from . import views

urlpatterns = [
    path("tiep-nhan/", views.reception_queue, name="reception_queue"),
    path("tiep-nhan/tra-ket-qua/", views.results_queue, name="results_queue"),
    path("ho-so/<str:code>/", views.dossier_page, name="dossier"),
    path("ho-so/<str:code>/tep/<uuid:file_id>/", views.dossier_file, name="dossier_file"),
    path("ho-so/<str:code>/ket-qua/<uuid:result_id>/", views.dossier_result, name="dossier_result"),
    path("ho-so/<str:code>/mau-01.pdf", views.form01, name="form01"),
    path("ho-so/<str:code>/mau-02/<int:request_id>.pdf", views.form02, name="form02"),
    path("ho-so/<str:code>/mau-03.pdf", views.form03, name="form03"),
    path("ho-so/<str:code>/tiep-nhan/", views.receive, name="receive"),
    path("ho-so/<str:code>/yeu-cau-bo-sung/", views.request_supplement, name="request_supplement"),
    path("ho-so/<str:code>/tu-choi/", views.refuse, name="refuse"),
]
