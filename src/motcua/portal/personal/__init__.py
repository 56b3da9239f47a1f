"""Trang cá nhân: "Danh sách giao dịch", the dossier page and what the applicant does there (supplement,
withdraw, survey), the documents issued, "Thông báo" and "Kho dữ liệu cá nhân".

Every lookup goes through a selector given the signed-in person: anybody else's dossier, file, notice or
data-store item is a 404, never a 403 that would confirm it exists. Rules live in the services; a
``DomainError`` comes back as a message on the page (400 for what the person can fix, 409 for a dossier in
the wrong state), never as a 500.
"""

from .documents import apology_form04, refusal_form03, result_download, stop_form05
from .dossiers import (
    dossier_detail,
    dossier_file,
    receipt_form01,
    supplement_form02,
    survey,
    transactions,
    withdraw,
)
from .store import data_item_delete, data_item_download, data_store, inbox
from .supplement import supplement, supplement_file_remove, supplement_upload

__all__ = [
    "apology_form04",
    "data_item_delete",
    "data_item_download",
    "data_store",
    "dossier_detail",
    "dossier_file",
    "inbox",
    "receipt_form01",
    "refusal_form03",
    "result_download",
    "stop_form05",
    "supplement",
    "supplement_file_remove",
    "supplement_form02",
    "supplement_upload",
    "survey",
    "transactions",
    "withdraw",
]
