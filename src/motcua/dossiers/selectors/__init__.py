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
from .partner import (
    PartnerPage,
    dossier_events_for_partner,
    dossier_files_for_partner,
    dossier_get_for_partner,
    dossier_list_for_partner,
    dossier_results_for_partner,
    partner_cursor_parse,
)

__all__ = [
    "TAB_DRAFTS",
    "TAB_SUBMITTED",
    "TAB_SUPPLEMENT",
    "PartnerPage",
    "PublicStatus",
    "counter_draft_files",
    "counter_draft_get_for_officer",
    "counter_drafts_for_officer",
    "counter_received_code_for_officer",
    "dossier_events_for_partner",
    "dossier_files_for_partner",
    "dossier_get_for_partner",
    "dossier_list_for_partner",
    "dossier_results_for_partner",
    "partner_cursor_parse",
]
