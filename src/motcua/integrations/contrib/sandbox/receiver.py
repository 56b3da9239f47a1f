"""The sandbox portal's side: check the signature, validate the message, keep it in order, answer like a portal.

Answers (HTTP status, ``{"ma_loi", "mo_ta"}``): 200 ``00`` received; 200 ``01`` already received (same message
id: a retry after a lost answer); 400 ``02`` invalid message; 409 ``03`` out of order (the dossier's previous
message has not arrived); 401 ``97`` bad signature; 500 ``99`` the sandbox was told to fail.
"""

import time
import uuid
from dataclasses import dataclass
from typing import cast

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from motcua.integrations.signing import signature_verify

from .adapter import national_secret
from .models import Behaviour, ReceivedMessage


@dataclass(frozen=True)
class Answer:
    status: int
    code: str
    text: str

    def as_json(self) -> dict:
        return {"ma_loi": self.code, "mo_ta": self.text, "thoi_gian": timezone.localtime().isoformat()}


def behaviour_current() -> Behaviour:
    return Behaviour.objects.get_or_create(pk=1)[0]


def behaviour_set(*, mode: str, remaining: int | None, slow_seconds: int = 15) -> Behaviour:
    Behaviour.objects.update_or_create(
        pk=1, defaults={"mode": mode, "remaining": remaining, "slow_seconds": slow_seconds}
    )
    return behaviour_current()


def _behaviour_take() -> Behaviour:
    """The mode for this message; a counted mode is used up one message at a time, then back to normal."""
    with transaction.atomic():
        behaviour = behaviour_current()
        if behaviour.mode != Behaviour.Mode.NORMAL and behaviour.remaining is not None:
            if behaviour.remaining <= 1:
                Behaviour.objects.filter(pk=1).update(mode=Behaviour.Mode.NORMAL, remaining=None)
            else:
                Behaviour.objects.filter(pk=1).update(remaining=F("remaining") - 1)
    return behaviour


def _problems(message: object) -> list[str]:
    if not isinstance(message, dict):
        return ["nội dung phải là một đối tượng JSON"]
    problems = []
    try:
        uuid.UUID(str(message.get("message_id")))
    except ValueError:
        problems.append("message_id phải là một UUID")
    sequence = message.get("sequence")
    if not isinstance(sequence, int) or isinstance(sequence, bool) or sequence < 1:
        problems.append("sequence phải là số nguyên từ 1")
    dossier = message.get("dossier")
    if not isinstance(dossier, dict):
        return [*problems, "thiếu thông tin hồ sơ (dossier)"]
    for field in ("dossier_code", "procedure_code", "agency_code"):
        if not isinstance(dossier.get(field), str) or not dossier[field].strip():
            problems.append(f"thiếu {field}")
    code = dossier.get("status_code")
    if not isinstance(code, int) or isinstance(code, bool) or not 1 <= code <= 10:
        problems.append("status_code phải là mã trạng thái từ 1 đến 10")
    applicant = dossier.get("applicant")
    if not isinstance(applicant, dict) or not str(applicant.get("name", "")).strip():
        problems.append("thiếu tên chủ hồ sơ (applicant.name)")
    return problems


def message_receive(*, body: bytes, signature: str, message: object) -> Answer:
    """Handle one push (``message``: the parsed body, or None if it was not JSON)."""
    if not signature_verify(secret=national_secret(), body=body, header=signature):
        return Answer(401, "97", "Chữ ký không hợp lệ.")
    behaviour = _behaviour_take()
    if behaviour.mode == Behaviour.Mode.ERROR:
        return Answer(500, "99", "Lỗi hệ thống (cổng thử nghiệm đang được đặt chế độ lỗi).")
    if behaviour.mode == Behaviour.Mode.REJECT:
        return Answer(400, "02", "Bản tin bị từ chối (cổng thử nghiệm đang được đặt chế độ từ chối).")
    if behaviour.mode == Behaviour.Mode.SLOW:
        time.sleep(behaviour.slow_seconds)
    problems = _problems(message)
    if problems:
        return Answer(400, "02", "Bản tin không hợp lệ: " + "; ".join(problems) + ".")
    message = cast(dict, message)  # _problems checked its shape
    dossier, sequence = message["dossier"], message["sequence"]
    code = dossier["dossier_code"].strip()
    with transaction.atomic():
        if ReceivedMessage.objects.filter(message_id=message["message_id"]).exists():
            return Answer(200, "01", "Bản tin đã được nhận trước đó.")
        last = ReceivedMessage.objects.filter(dossier_code=code).aggregate(last=Max("sequence"))["last"] or 0
        if sequence != last + 1:
            text = f"Bản tin số {sequence} của hồ sơ {code} đến sai thứ tự: cổng mới nhận đến số {last}."
            return Answer(409, "03", text)
        try:
            with transaction.atomic():
                ReceivedMessage.objects.create(
                    message_id=message["message_id"],
                    dossier_code=code,
                    sequence=sequence,
                    status_code=dossier["status_code"],
                    payload=message,
                )
        except IntegrityError:
            return Answer(409, "03", f"Bản tin số {sequence} của hồ sơ {code} đã có (gửi đồng thời).")
    return Answer(200, "00", "Đã tiếp nhận bản tin.")
