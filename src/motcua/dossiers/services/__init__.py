"""Writes on dossiers — the ONLY code that changes a dossier, always in one transaction with its event.

``core``: the dossier code and the transition engine · ``drafts``: the wizard's draft and submission ·
``files``: attachments (inspect, stream, store, collect orphans) · ``lifecycle``: reception, supplements,
withdrawal, the satisfaction survey.
"""

from .core import dossier_code_allocate, dossier_transition, procedure_check_open
from .drafts import (
    STEPS,
    ApplicantData,
    PrincipalData,
    Problem,
    applicant_locked_fields,
    dossier_draft_choose_case,
    dossier_draft_create,
    dossier_draft_discard,
    dossier_draft_reach,
    dossier_draft_update_applicant,
    dossier_draft_update_delivery,
    dossier_submit,
    online_channel,
    submission_problems,
)
from .files import (
    dossier_file_add,
    dossier_file_remove,
    dossier_file_reuse,
    files_collect_garbage,
    supplement_file_add,
    supplement_open,
)
from .lifecycle import (
    SURVEY_CRITERIA,
    SURVEY_SCORES,
    dossier_receive,
    dossier_request_supplement,
    dossier_supplement,
    dossier_survey_submit,
    dossier_withdraw,
)

__all__ = [
    "STEPS",
    "SURVEY_CRITERIA",
    "SURVEY_SCORES",
    "ApplicantData",
    "PrincipalData",
    "Problem",
    "applicant_locked_fields",
    "dossier_code_allocate",
    "dossier_draft_choose_case",
    "dossier_draft_create",
    "dossier_draft_discard",
    "dossier_draft_reach",
    "dossier_draft_update_applicant",
    "dossier_draft_update_delivery",
    "dossier_file_add",
    "dossier_file_remove",
    "dossier_file_reuse",
    "dossier_receive",
    "dossier_request_supplement",
    "dossier_submit",
    "dossier_supplement",
    "dossier_survey_submit",
    "dossier_transition",
    "dossier_withdraw",
    "files_collect_garbage",
    "online_channel",
    "procedure_check_open",
    "submission_problems",
    "supplement_file_add",
    "supplement_open",
]
