"""Synthetic dossiers for the back-office benchmarks (``motcua generate-dossiers --count N``).

``dossiers_generate`` adds ``count`` dossiers to whatever the database holds, spread over a realistic province:
the agencies of the loaded catalogue, completed to ~20 departments (Sở, received by the provincial public-service
centre: ``served_by``) and ~100 communes (each receives its own), with synthetic agencies, procedures, officers and
a pool of ~1,000 applicant accounts where the catalogue has fewer. States are spread like two years of a real
province: most dossiers returned, ~2 % waiting for reception, ~9 % received / in processing (each holding one open
``DossierTask`` at a realistic agency and role, due within ±10 working days of today), some with a result ready.

Codes are ``<agency code>-YYMMDD-NNNN`` like real ones but computed here (the counter table is left alone): the
numbers continue after the highest code already in the database for that agency and day, and every dossier is
dated before today, so a later run or a real submission today never collides. Rows are written per batch with
``bulk_create`` (memory stays flat whatever ``count`` is). Everything generated is named ``bench.…`` / ``G01``.

Only ``django.setup()`` is needed. Also written: the closed steps each dossier went through (``history``). Not
written: the event history, files, supplement requests and results (no back-office list reads them). Rows are
inserted in random time order, which is pessimistic for the heap locality of the queues (a real table grows in
submission order).
"""

from .dossiers import dossiers_generate
from .province import PREFIX, WITH_OPEN_TASK, GenerateReport, officer_for_bench, officer_username

__all__ = [
    "PREFIX",
    "WITH_OPEN_TASK",
    "GenerateReport",
    "dossiers_generate",
    "officer_for_bench",
    "officer_username",
]
