"""After submission: reception with the appointment date, the ONE consolidated supplement request and its answer,
the applicant's withdrawal, and the satisfaction survey. Deadlines come only from ``workdays``.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.catalogue.models import ComponentRequirement
from motcua.core.errors import DomainError
from motcua.workdays.calendar import Duration, due_at, shift_due, working_time_between
from motcua.workdays.selectors import calendar_for

from ..models import Dossier, DossierFile, SatisfactionSurvey, SupplementRequest
from ..workflow import Action, State, transition_for
from .core import actor_role, apply, check_version, lock, open_task
from .files import supplement_open
from .processing import task_open_first

# The 9 criteria of the survey at result return (``domain.md`` §9), each scored 2 / 1 / 0.
SURVEY_CRITERIA: tuple[tuple[str, str], ...] = (
    ("procedure_public", _("Thủ tục hành chính được niêm yết, công khai đầy đủ, dễ tìm hiểu")),
    ("guidance", _("Cán bộ hướng dẫn kê khai, bổ sung hồ sơ rõ ràng, một lần")),
    ("components", _("Thành phần hồ sơ phải nộp đúng như quy định được công khai")),
    ("fees", _("Phí, lệ phí phải nộp đúng như quy định được công khai")),
    ("on_time", _("Kết quả được trả đúng hoặc sớm hơn ngày hẹn")),
    ("trips", _("Số lần phải đi lại để hoàn thành thủ tục (không quá một lần)")),
    ("attitude", _("Thái độ, tác phong của cán bộ lịch sự, tận tình")),
    ("result_correct", _("Kết quả giải quyết chính xác, đúng quy định")),
    ("feedback", _("Ý kiến, kiến nghị được tiếp nhận và phản hồi kịp thời")),
)
SURVEY_SCORES = {2: _("Tốt"), 1: _("Chưa tốt"), 0: _("Không đạt")}


def _duration(dossier: Dossier) -> Duration | None:
    if dossier.duration_value is None:
        return None
    return Duration(Decimal(dossier.duration_value), dossier.duration_unit or "working_days")


def dossier_receive(*, dossier: Dossier, officer: User, note: str = "", expected_version: int | None = None) -> Dossier:
    """ "Tiếp nhận": the dossier is accepted at the desk; the appointment date is counted from now in working time,
    and the dossier goes to the first step of its internal process."""
    with transaction.atomic():
        locked = lock(dossier)
        check_version(locked, expected_version)
        return receive_now(locked, officer=officer, note=note)


def receive_now(locked: Dossier, *, officer: User, note: str) -> Dossier:
    """Receive ``locked`` (in the caller's transaction): appointment date, first workflow step, event."""
    transition = transition_for(action=Action.RECEIVE, state=locked.state)
    actor_role(dossier=locked, actor=officer, transition=transition)
    now = timezone.now()
    locked.due_at = due_at(start=now, duration=_duration(locked), calendar=calendar_for(agency=locked.agency))
    locked.save(update_fields=["due_at", "updated_at"])
    task_open_first(dossier=locked, officer=officer, note=note, at=now)
    return apply(dossier=locked, transition=transition, actor=officer, note=note)


def dossier_request_supplement(
    *,
    dossier: Dossier,
    officer: User,
    reason: str,
    items: list[dict],
    contact: str = "",
    expected_version: int | None = None,
) -> SupplementRequest:
    """ONE consolidated request: every missing or incomplete document with why, at once. The clock pauses.

    ``items``: ``[{"component_id": int | None, "name": str, "note": str}]``; a component of the dossier's case may
    be named by its id (its name is then taken from the catalogue).
    """
    reason = reason.strip()
    if not reason:
        raise DomainError("Vui lòng ghi rõ lý do yêu cầu bổ sung.", code="reason_required")
    rows = []
    for item in items:
        component = None
        if item.get("component_id") is not None:
            component = ComponentRequirement.objects.filter(pk=item["component_id"], case_id=dossier.case_id).first()
            if component is None:
                raise DomainError("Thành phần hồ sơ yêu cầu bổ sung không thuộc hồ sơ này.", code="component")
        name = (component.name if component else str(item.get("name", ""))).strip()
        if not name:
            raise DomainError("Mỗi giấy tờ cần bổ sung phải có tên.", code="item_name")
        rows.append({"component_id": component.pk if component else None, "name": name, "note": item.get("note", "")})
    if not rows:
        raise DomainError("Yêu cầu bổ sung phải liệt kê ít nhất một giấy tờ.", code="items_required")
    names = [row["name"].casefold() for row in rows]
    if len(set(names)) != len(names):
        # Files answer an item by its name: two items named alike must say whose (e.g. "… của chồng", "… của vợ").
        raise DomainError("Mỗi giấy tờ cần bổ sung phải có tên khác nhau (ghi rõ của ai, bản nào).", code="item_name")
    with transaction.atomic():
        locked = lock(dossier)
        check_version(locked, expected_version)
        transition = transition_for(action=Action.REQUEST_SUPPLEMENT, state=locked.state)
        actor_role(dossier=locked, actor=officer, transition=transition)
        now = timezone.now()
        request = SupplementRequest.objects.create(
            dossier=locked,
            items=rows,
            reason=reason,
            requested_by=officer,
            requested_by_label=str(officer),
            contact=contact.strip()[:300],
            requested_at=now,
        )
        apply(dossier=locked, transition=transition, actor=officer, note=reason)
        return request


def dossier_supplement(*, dossier: Dossier, actor: User, note: str = "") -> Dossier:
    """The applicant sends what the request asked for: every row needs a file. The code never changes; the due
    date moves by the working time the dossier waited."""
    with transaction.atomic():
        locked = lock(dossier)
        transition = transition_for(action=Action.SUPPLEMENT, state=locked.state)
        actor_role(dossier=locked, actor=actor, transition=transition)
        request = supplement_open(locked)
        answered = set(DossierFile.objects.filter(supplement=request).values_list("component_name", flat=True))
        missing = [item["name"] for item in request.items if item["name"] not in answered]
        if missing:
            raise DomainError("Chưa đính kèm: " + "; ".join(missing), code="incomplete")
        now = timezone.now()
        request.answered_at, request.answer_note = now, note.strip()
        request.save(update_fields=["answered_at", "answer_note"])
        if locked.due_at is not None:
            calendar = calendar_for(agency=locked.agency)
            paused = working_time_between(start=request.requested_at, end=now, calendar=calendar)
            locked.due_at = shift_due(due=locked.due_at, paused=paused, calendar=calendar)
            locked.save(update_fields=["due_at", "updated_at"])
        task = open_task(locked)  # the step that asked waits too: its own due time moves by its paused time
        if task is not None and task.due_at is not None:
            task_calendar = calendar_for(agency=task.agency)
            paused = working_time_between(start=request.requested_at, end=now, calendar=task_calendar)
            task.due_at = shift_due(due=task.due_at, paused=paused, calendar=task_calendar)
            task.save(update_fields=["due_at"])
        return apply(dossier=locked, transition=transition, actor=actor, note=note.strip())


def dossier_withdraw(*, dossier: Dossier, actor: User, reason: str) -> Dossier:
    """ "Rút hồ sơ": the applicant asks the agency to stop; the dossier will not be processed further."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Vui lòng cho biết lý do rút hồ sơ.", code="reason_required")
    with transaction.atomic():
        locked = lock(dossier)
        transition = transition_for(action=Action.WITHDRAW, state=locked.state)
        actor_role(dossier=locked, actor=actor, transition=transition)
        return apply(dossier=locked, transition=transition, actor=actor, note=reason[:2000])


def dossier_survey_submit(
    *, dossier: Dossier, actor: User, scores: dict[str, int], convenience: str, overall: str, comment: str = ""
) -> SatisfactionSurvey:
    """The satisfaction survey, once, by the applicant, after the result is ready or returned."""
    if dossier.applicant_id != actor.pk:
        raise DomainError("Bạn không có quyền đánh giá hồ sơ này.", code="forbidden")
    if dossier.state not in (State.RESULT_READY, State.RETURNED):
        raise DomainError("Chỉ đánh giá được sau khi hồ sơ có kết quả.", code="too_early")
    keys = [key for key, _label in SURVEY_CRITERIA]
    if sorted(scores) != sorted(keys) or any(
        type(value) is not int or value not in SURVEY_SCORES for value in scores.values()
    ):
        raise DomainError("Vui lòng chấm điểm đủ 9 tiêu chí.", code="scores")
    ratings = SatisfactionSurvey.Rating.values
    if convenience not in ratings or overall not in ratings:
        raise DomainError("Vui lòng chọn mức độ hài lòng.", code="rating")
    with transaction.atomic():
        if SatisfactionSurvey.objects.filter(dossier=dossier).exists():
            raise DomainError("Hồ sơ này đã được đánh giá. Cảm ơn bạn!", code="already")
        return SatisfactionSurvey.objects.create(
            dossier=dossier,
            scores={key: scores[key] for key in keys},
            convenience=convenience,
            overall=overall,
            comment=comment.strip()[:2000],
        )
