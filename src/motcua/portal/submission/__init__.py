"""Nộp hồ sơ trực tuyến: a wizard over a draft kept on the server, then "Nộp hồ sơ" and the confirmation.

Every step saves as the applicant goes (autosave, "Lưu nháp", "Tiếp tục"); nothing is required until the
"Kiểm tra" page and the submission, which list what is missing and on which step. Views parse, call one
service or selector, render; the rules (who may edit, what is complete, which files are acceptable) are the
dossier services'. Every ``DomainError`` becomes a page that says what happened, never a server error.

``wizard``: the frame shared by every page · ``steps``: the questions and the "Kiểm tra" page · ``files``:
"Thành phần hồ sơ" (uploads, removal, reuse) · ``pages``: start, resume, discard, submit, confirmation.
"""

from .files import draft_file_remove, draft_reuse, draft_upload
from .pages import acknowledgment, draft_discard, draft_resume, draft_submit, procedure_submit, submission_done
from .steps import draft_step

__all__ = [
    "acknowledgment",
    "draft_discard",
    "draft_file_remove",
    "draft_resume",
    "draft_reuse",
    "draft_step",
    "draft_submit",
    "draft_upload",
    "procedure_submit",
    "submission_done",
]
