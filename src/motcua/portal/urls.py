from django.urls import include, path

from . import personal, submission, verification, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    # "Thanh toán phí/lệ phí" (portal/payments) and land financial obligations (portal/land).
    path("", include("motcua.portal.payments.urls")),
    path("", include("motcua.portal.land.urls")),
    path("", include("motcua.portal.statistics.urls")),  # "Thống kê": public figures (portal/statistics)
    path("thu-tuc/", views.procedure_search, name="procedure_search"),
    path("thu-tuc/goi-y/", views.procedure_suggest, name="procedure_suggest"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure_detail"),
    path("tra-cuu-ho-so/", views.dossier_lookup, name="dossier_lookup"),
    path("kiem-tra-ket-qua/<str:code>/", verification.result_verify, name="result_verify"),
    path("huong-dan/", views.guides, name="guides"),
    path("hop-thu/", views.outbox, name="outbox"),
    path("hien-thi/", views.display_settings, name="display_settings"),
    path("tai-khoan/dang-ky/", views.register, name="register"),
    path("tai-khoan/dang-ky/vneid/", views.register_vneid, name="register_vneid"),
    # "Nộp hồ sơ trực tuyến": the wizard over a server-side draft (portal/submission.py)
    path("thu-tuc/<str:code>/nop-ho-so/", submission.procedure_submit, name="procedure_submit"),
    path("nop-ho-so/<uuid:public_id>/", submission.draft_resume, name="draft_resume"),
    path("nop-ho-so/<uuid:public_id>/xoa/", submission.draft_discard, name="draft_discard"),
    path("nop-ho-so/<uuid:public_id>/nop/", submission.draft_submit, name="draft_submit"),
    path(
        "nop-ho-so/<uuid:public_id>/thanh-phan/<int:component_id>/tai-len/",
        submission.draft_upload,
        name="draft_upload",
    ),
    path(
        "nop-ho-so/<uuid:public_id>/thanh-phan/<int:component_id>/kho-du-lieu/",
        submission.draft_reuse,
        name="draft_reuse",
    ),
    path("nop-ho-so/<uuid:public_id>/tep/<uuid:file_id>/xoa/", submission.draft_file_remove, name="draft_file_remove"),
    path("nop-ho-so/<uuid:public_id>/<slug:step>/", submission.draft_step, name="draft_step"),
    path("ca-nhan/ho-so/<str:code>/da-nop/", submission.submission_done, name="submission_done"),
    path("ca-nhan/ho-so/<str:code>/phieu-xac-nhan.pdf", submission.acknowledgment, name="acknowledgment"),
    # "Trang cá nhân" (portal/personal.py)
    path("ca-nhan/", views.profile, name="profile"),
    path("ca-nhan/giao-dich/", personal.transactions, name="transactions"),
    path("ca-nhan/thong-bao/", personal.inbox, name="inbox"),
    path("ca-nhan/kho-du-lieu/", personal.data_store, name="data_store"),
    path("ca-nhan/kho-du-lieu/<uuid:item_id>/", personal.data_item_download, name="data_item_download"),
    path("ca-nhan/kho-du-lieu/<uuid:item_id>/xoa/", personal.data_item_delete, name="data_item_delete"),
    path("ca-nhan/tep/<uuid:file_id>/", personal.dossier_file, name="dossier_file"),
    path("ca-nhan/ho-so/<str:code>/", personal.dossier_detail, name="dossier_detail"),
    path("ca-nhan/ho-so/<str:code>/giay-tiep-nhan.pdf", personal.receipt_form01, name="receipt_form01"),
    path("ca-nhan/ho-so/<str:code>/phieu-tu-choi.pdf", personal.refusal_form03, name="refusal_form03"),
    path("ca-nhan/ho-so/<str:code>/van-ban-xin-loi.pdf", personal.apology_form04, name="apology_form04"),
    path("ca-nhan/ho-so/<str:code>/thong-bao-dung.pdf", personal.stop_form05, name="stop_form05"),
    path("ca-nhan/ho-so/<str:code>/ket-qua/<uuid:result_id>/", personal.result_download, name="result_download"),
    path(
        "ca-nhan/ho-so/<str:code>/bo-sung/<int:request_id>/phieu.pdf",
        personal.supplement_form02,
        name="supplement_form02",
    ),
    path("ca-nhan/ho-so/<str:code>/bo-sung/", personal.supplement, name="supplement"),
    path(
        "ca-nhan/ho-so/<str:code>/bo-sung/<int:item_index>/tai-len/",
        personal.supplement_upload,
        name="supplement_upload",
    ),
    path(
        "ca-nhan/ho-so/<str:code>/bo-sung/tep/<uuid:file_id>/xoa/",
        personal.supplement_file_remove,
        name="supplement_file_remove",
    ),
    path("ca-nhan/ho-so/<str:code>/rut-ho-so/", personal.withdraw, name="withdraw"),
    path("ca-nhan/ho-so/<str:code>/danh-gia/", personal.survey, name="survey"),
]
