"""The dossier's states and the transitions allowed between them — as data.

Only ``services`` moves a dossier from one state to another, and only along a row of ``TRANSITIONS``.
Status codes follow the national portal's list (``domain.md`` §4); keep that mapping exact.
Overdue is not a state: it is derived from ``due_at`` and the finishing time.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import models

from motcua.core.errors import DomainError


class State(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    SUBMITTED = "submitted", "Mới đăng ký"
    RECEIVED = "received", "Được tiếp nhận"
    REFUSED = "refused", "Không được tiếp nhận"
    PROCESSING = "processing", "Đang xử lý"
    SUPPLEMENT_REQUESTED = "supplement_requested", "Yêu cầu bổ sung giấy tờ"
    AWAITING_PAYMENT = "awaiting_payment", "Yêu cầu thực hiện nghĩa vụ tài chính"
    WITHDRAWN = "withdrawn", "Công dân yêu cầu rút hồ sơ"
    STOPPED = "stopped", "Dừng xử lý"
    RESULT_READY = "result_ready", "Đã xử lý xong"
    RETURNED = "returned", "Đã trả kết quả"


# The national portal's status code for each state; a draft is not known to the portal.
NATIONAL_CODES: dict[str, int | None] = {
    State.DRAFT: None,
    State.SUBMITTED: 1,
    State.RECEIVED: 2,
    State.REFUSED: 3,
    State.PROCESSING: 4,
    State.SUPPLEMENT_REQUESTED: 5,
    State.AWAITING_PAYMENT: 6,
    State.WITHDRAWN: 7,
    State.STOPPED: 8,
    State.RESULT_READY: 9,
    State.RETURNED: 10,
}

# States after which the agency's work is over (they stop the clock for the on-time indicator).
FINISHED_STATES = frozenset({State.REFUSED, State.WITHDRAWN, State.STOPPED, State.RESULT_READY, State.RETURNED})
# States the applicant can no longer change anything in.
CLOSED_STATES = frozenset({State.REFUSED, State.WITHDRAWN, State.STOPPED, State.RETURNED})


class Action(models.TextChoices):
    SUBMIT = "submit", "Nộp hồ sơ"
    RECEIVE = "receive", "Tiếp nhận hồ sơ"
    REFUSE = "refuse", "Từ chối tiếp nhận"
    START_PROCESSING = "start_processing", "Chuyển xử lý"
    REQUEST_SUPPLEMENT = "request_supplement", "Yêu cầu bổ sung, hoàn thiện hồ sơ"
    SUPPLEMENT = "supplement", "Bổ sung hồ sơ"
    REQUEST_PAYMENT = "request_payment", "Yêu cầu thực hiện nghĩa vụ tài chính"
    PAY = "pay", "Hoàn thành nghĩa vụ tài chính"
    WITHDRAW = "withdraw", "Rút hồ sơ"
    STOP = "stop", "Dừng xử lý"
    FINISH = "finish", "Hoàn thành xử lý"
    RETURN_RESULT = "return_result", "Trả kết quả"
    # Hand-overs and acts inside the agency: recorded in the history, the state does not change.
    FORWARD = "forward", "Chuyển xử lý"
    SEND_BACK = "send_back", "Trả lại bước trước"
    ADD_RESULT = "add_result", "Cập nhật kết quả giải quyết"
    SIGN_RESULT = "sign_result", "Ký số kết quả"
    APOLOGISE = "apologise", "Xin lỗi và gia hạn thời gian giải quyết"


class Role(StrEnum):
    APPLICANT = "applicant"  # the account that owns the dossier
    OFFICER = "officer"  # an officer of the receiving agency
    SYSTEM = "system"  # a verified machine callback (e.g. a payment confirmation), no person


# ``to`` may be RESUME: back to the state the dossier was in before the pause this action ends
# (the ``from_state`` of the latest ``resumes`` event: a supplement request or a payment request).
RESUME = "resume"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    to: str
    roles: frozenset[Role]
    resumes: str | None = None  # for to=RESUME: the action whose from_state we go back to


def _t(action: str, sources: set[str], to: str, *roles: Role, resumes: str | None = None) -> Transition:
    return Transition(action, frozenset(sources), to, frozenset(roles), resumes)


S, A, R = State, Action, Role
_OPEN = {S.SUBMITTED, S.RECEIVED, S.PROCESSING}

# action                 from                                                   to                  who
TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        _t(A.SUBMIT, {S.DRAFT}, S.SUBMITTED, R.APPLICANT),
        _t(A.RECEIVE, {S.SUBMITTED}, S.RECEIVED, R.OFFICER),
        _t(A.REFUSE, {S.SUBMITTED}, S.REFUSED, R.OFFICER),
        _t(A.START_PROCESSING, {S.RECEIVED}, S.PROCESSING, R.OFFICER),
        _t(A.REQUEST_SUPPLEMENT, _OPEN, S.SUPPLEMENT_REQUESTED, R.OFFICER),
        _t(A.SUPPLEMENT, {S.SUPPLEMENT_REQUESTED}, RESUME, R.APPLICANT, resumes=A.REQUEST_SUPPLEMENT),
        _t(A.REQUEST_PAYMENT, {S.RECEIVED, S.PROCESSING}, S.AWAITING_PAYMENT, R.OFFICER),
        _t(A.PAY, {S.AWAITING_PAYMENT}, RESUME, R.APPLICANT, R.OFFICER, R.SYSTEM, resumes=A.REQUEST_PAYMENT),
        _t(A.WITHDRAW, _OPEN | {S.SUPPLEMENT_REQUESTED}, S.WITHDRAWN, R.APPLICANT),
        _t(
            A.STOP,
            {S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.AWAITING_PAYMENT},
            S.STOPPED,
            R.OFFICER,
        ),
        _t(A.FINISH, {S.RECEIVED, S.PROCESSING}, S.RESULT_READY, R.OFFICER),
        _t(A.RETURN_RESULT, {S.RESULT_READY}, S.RETURNED, R.OFFICER),
    )
}


# Acts that leave the state as it is: written to the history by ``services.core.record``, never through TRANSITIONS.
RECORDED_ACTIONS = frozenset({A.FORWARD, A.SEND_BACK, A.ADD_RESULT, A.SIGN_RESULT, A.APOLOGISE})


def state_label(state: str) -> str:
    return str(State(state).label)


def national_code(state: str) -> int | None:
    return NATIONAL_CODES[State(state)]


def transition_for(*, action: str, state: str) -> Transition:
    """The allowed transition for ``action`` from ``state``; ``DomainError`` (in Vietnamese) if there is none."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise DomainError(f"Thao tác “{action}” không tồn tại.", code="unknown_action")
    if state not in transition.sources:
        raise DomainError(
            f"Không thể thực hiện “{Action(action).label}” khi hồ sơ đang ở trạng thái “{state_label(state)}”.",
            code="illegal_transition",
        )
    return transition


def allowed_actions(*, state: str, role: Role) -> list[str]:
    """The actions ``role`` may take from ``state`` (for the buttons a page shows)."""
    return [t.action for t in TRANSITIONS.values() if state in t.sources and role in t.roles]
