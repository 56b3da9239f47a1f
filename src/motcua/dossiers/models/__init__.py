"""Dossiers: the dossier and its history (``dossier``), its internal processing and results (``processing``)."""

from .dossier import (
    ApplicantKind,
    Dossier,
    DossierCodeCounter,
    DossierEvent,
    DossierFile,
    ResultDelivery,
    SatisfactionSurvey,
    SupplementRequest,
    _dossier_file_path,
)
from .processing import CaseWorkflow, DossierResult, DossierTask, TaskOutcome, WorkflowStep

__all__ = [
    "ApplicantKind",
    "CaseWorkflow",
    "Dossier",
    "DossierCodeCounter",
    "DossierEvent",
    "DossierFile",
    "DossierResult",
    "DossierTask",
    "ResultDelivery",
    "SatisfactionSurvey",
    "SupplementRequest",
    "TaskOutcome",
    "WorkflowStep",
    "_dossier_file_path",
]
