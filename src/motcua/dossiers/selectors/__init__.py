"""Reads on dossiers, always scoped to the actor: the applicant's (``applicant``) and the officer's (``office``)."""

from .applicant import *  # noqa: F403 — the applicant-side API, unchanged
from .applicant import TAB_DRAFTS, TAB_SUBMITTED, TAB_SUPPLEMENT, PublicStatus
from .counter import (
    counter_draft_files,
    counter_draft_get_for_officer,
    counter_drafts_for_officer,
    counter_received_code_for_officer,
)
from .office import *  # noqa: F403

__all__ = [
    "TAB_DRAFTS",
    "TAB_SUBMITTED",
    "TAB_SUPPLEMENT",
    "PublicStatus",
    "counter_draft_files",
    "counter_draft_get_for_officer",
    "counter_drafts_for_officer",
    "counter_received_code_for_officer",
]
