"""Summary tables the reports are summed from (``rollup``), background exports, and the visit counter."""

from .exports import ExportJob
from .rollup import DayBucket, DossierFact, MonthBucket, RollupMark, RollupState
from .visits import VisitDay

__all__ = ["DayBucket", "DossierFact", "ExportJob", "MonthBucket", "RollupMark", "RollupState", "VisitDay"]
