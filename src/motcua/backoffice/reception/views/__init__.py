"""Reception views: the queues (``queue``), the dossier page (``page``), the decisions and the documents."""

from .decisions import receive, refuse, request_supplement
from .documents import dossier_file, dossier_result, form01, form02, form03
from .page import dossier_page
from .queue import reception_queue, results_queue

__all__ = [
    "dossier_file",
    "dossier_page",
    "dossier_result",
    "form01",
    "form02",
    "form03",
    "receive",
    "reception_queue",
    "refuse",
    "request_supplement",
    "results_queue",
]
