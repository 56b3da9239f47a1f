"""Processing inside the agency: "Việc của tôi", hand-overs, results and their signature, the register."""

from django.urls import path

from .views import decisions, documents, register, results, tasks

DOSSIER = "ho-so/<str:code>/"

urlpatterns = [
    path("viec-cua-toi/", tasks.my_tasks, name="my_tasks"),
    path("so-theo-doi/", register.register, name="register"),
    # Decisions on one dossier (posted from the processing panel of its page; GET: the form alone)
    path(f"{DOSSIER}chuyen-xu-ly/", decisions.forward, name="forward"),
    path(f"{DOSSIER}tra-lai/", decisions.send_back, name="send_back"),
    path(f"{DOSSIER}hoan-thanh/", decisions.finish, name="finish"),
    path(f"{DOSSIER}bo-sung-xu-ly/", decisions.supplement, name="processing_supplement"),
    path(f"{DOSSIER}nghia-vu-tai-chinh/", decisions.request_payment, name="request_payment"),
    path(f"{DOSSIER}xac-nhan-nghia-vu-tai-chinh/", decisions.confirm_payment, name="confirm_payment"),
    path(f"{DOSSIER}dung-xu-ly/", decisions.stop, name="stop"),
    path(f"{DOSSIER}xin-loi-gia-han/", decisions.apologise, name="apologise"),
    # Results
    path(f"{DOSSIER}ket-qua/tai-len/", results.result_upload, name="result_upload"),
    path(f"{DOSSIER}ket-qua/tao/", results.result_generate, name="result_generate"),
    path(f"{DOSSIER}ket-qua/<uuid:public_id>/ky-so/", results.result_sign, name="result_sign"),
    path(f"{DOSSIER}tra-ket-qua/", results.return_result, name="return_result"),
    # Forms 04, 05, 06
    path(f"{DOSSIER}mau-04.pdf", documents.form04, name="form04"),
    path(f"{DOSSIER}mau-05.pdf", documents.form05, name="form05"),
    path(f"{DOSSIER}mau-06.pdf", documents.form06, name="form06"),
]
