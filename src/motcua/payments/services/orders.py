"""Fee orders: opened from the procedure's fee items when the dossier reaches the stage they are collected at."""

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.audit.services import audit_record
from motcua.catalogue.models import Agency, Channel, FeeItem
from motcua.core.errors import DomainError
from motcua.dossiers.access import officer_agency_ids
from motcua.dossiers.hooks import on_transition
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import Action, State

from ..models import CollectionAccount, FeeLine, FeeOrder, OrderKind, OrderState, PaymentAttempt, Stage

# The transition that makes each stage's fees due.
_STAGE_OF_ACTION = {Action.SUBMIT: Stage.SUBMISSION, Action.SUPPLEMENT: Stage.SUPPLEMENT, Action.FINISH: Stage.RESULT}
_CANCELLING_STATES = {State.REFUSED, State.WITHDRAWN, State.STOPPED}


def collection_account_for(agency: Agency) -> CollectionAccount | None:
    """The account ``agency`` collects into: its own, else the province's default (None: none declared yet)."""
    return (
        CollectionAccount.objects.filter(agency=agency).first() or CollectionAccount.objects.filter(agency=None).first()
    )


def _fee_items(dossier: Dossier, stage: str) -> list[FeeItem]:
    if dossier.case_id is None:
        return []
    kind = Channel.Kind.IN_PERSON if dossier.received_at_counter else Channel.Kind.ONLINE
    channels = list(dossier.case.channels.prefetch_related("fee_items").order_by("position", "id"))
    chosen = next((c for c in channels if c.kind == kind), None) or next(
        (c for c in channels if c.fee_items.all()), None
    )
    return [item for item in chosen.fee_items.all() if item.collect_at == stage] if chosen else []


def fee_order_open(*, dossier: Dossier, stage: str) -> FeeOrder | None:
    """The fee order of ``dossier`` for ``stage`` (created once, from the fee items as they are now); None if free."""
    existing = FeeOrder.objects.filter(dossier=dossier, kind=OrderKind.FEES, stage=stage).first()
    if existing is not None:
        return existing
    items = _fee_items(dossier, stage)
    if not items:
        return None
    with transaction.atomic():
        order = FeeOrder.objects.create(
            dossier=dossier,
            kind=OrderKind.FEES,
            stage=stage,
            account=collection_account_for(dossier.agency),
            amount=sum(item.amount for item in items),
        )
        FeeLine.objects.bulk_create(
            FeeLine(
                order=order,
                kind=item.kind,
                description=item.description or item.get_kind_display(),
                amount=item.amount,
                position=index,
            )
            for index, item in enumerate(items)
        )
        audit_record(
            actor=None,
            subject_type="fee_order",
            subject_id=order.reference,
            action="open",
            to_state=order.state,
            data={"dossier": dossier.code, "stage": stage, "amount": order.amount},
        )
    return order


@on_transition
def fee_orders_on_transition(*, dossier: Dossier, action: str, from_state: str, to_state: str) -> None:
    """Runs inside every dossier transition: open the stage's fees; a refused/withdrawn/stopped dossier owes none."""
    stage = _STAGE_OF_ACTION.get(action)
    if stage is not None:
        fee_order_open(dossier=dossier, stage=stage)
    if to_state in _CANCELLING_STATES:
        for order in FeeOrder.objects.select_for_update().filter(dossier=dossier, state=OrderState.OPEN):
            order.state = OrderState.CANCELLED
            order.save(update_fields=["state", "updated_at"])
            audit_record(
                actor=None,
                subject_type="fee_order",
                subject_id=order.reference,
                action="cancel",
                from_state=OrderState.OPEN,
                to_state=OrderState.CANCELLED,
                data={"dossier": dossier.code},
            )


def officer_may_collect(*, order: FeeOrder, officer: User) -> bool:
    """Officers of the dossier's agency, or of the desk that receives for it, handle its fees."""
    return order.dossier.agency_id in officer_agency_ids(officer=officer)


def fee_line_exempt(*, order: FeeOrder, line_id: int, officer: User, reason: str) -> FeeOrder:
    """Grant the exemption the procedure provides for one line (người có công, hộ nghèo …), with its reason."""
    reason = reason.strip()[:500]
    if not reason:
        raise DomainError("Vui lòng ghi rõ đối tượng được miễn và căn cứ.", code="reason_required")
    with transaction.atomic():
        locked = FeeOrder.objects.select_for_update(of=("self",)).select_related("dossier").get(pk=order.pk)
        if not officer_may_collect(order=locked, officer=officer):
            raise DomainError("Bạn không có quyền thực hiện thao tác này trên hồ sơ.", code="forbidden")
        if locked.state != OrderState.OPEN:
            raise DomainError("Chỉ miễn được khoản chưa thanh toán.", code="not_open")
        if PaymentAttempt.objects.filter(order=locked, state="pending").exists():
            raise DomainError("Người nộp đang thanh toán khoản này; vui lòng thử lại sau ít phút.", code="pending")
        line = locked.lines.filter(pk=line_id, exempt=False).first()
        if line is None:
            raise DomainError("Không tìm thấy dòng phí, lệ phí cần miễn.", code="not_found")
        line.exempt, line.exemption_reason = True, reason
        line.save(update_fields=["exempt", "exemption_reason"])
        locked.amount = sum(x.amount for x in locked.lines.all() if not x.exempt)
        if locked.amount == 0:
            locked.state = OrderState.EXEMPT
        locked.save(update_fields=["amount", "state", "updated_at"])
        audit_record(
            actor=officer,
            subject_type="fee_order",
            subject_id=locked.reference,
            action="exempt",
            note=reason,
            data={"line": line.pk, "amount": line.amount},
            at=timezone.now(),
        )
        return locked
