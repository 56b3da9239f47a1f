"""Writes on statistics: ``exports`` (background CSV/XLSX files) · ``visits`` (the visit counter) · ``facts``,
``rollup`` and ``refresh`` (the summary tables: a dossier's facts, the incremental refresh, the full rebuild)."""

from .exports import EXPORT_FORMATS, export_file_open, export_get_for_user, export_run, export_start
from .rebuild import rollup_rebuild
from .refresh import rollup_refresh
from .visits import visit_record, visits_flush

__all__ = [
    "EXPORT_FORMATS",
    "export_file_open",
    "export_get_for_user",
    "export_run",
    "export_start",
    "rollup_rebuild",
    "rollup_refresh",
    "visit_record",
    "visits_flush",
]
