"""What we tell others about a dossier: the facts of ``domain.md`` §3–§4 as JSON, times in Vietnam's time zone.

Built inside the transition (the payload is the dossier as it was at that moment, not when it is delivered).
Webhooks get the status and the times but no personal data (partners read more through the API with their key);
the national portal gets the applicant too (name, ID number, kind), as the national sync requires.
"""

from datetime import datetime
from uuid import UUID

from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import national_code, state_label


def _time(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value is not None else None


def channel_of(dossier: Dossier) -> str:
    """``counter`` (entered by an officer at the desk) or ``online`` (submitted on the portal)."""
    return "counter" if dossier.received_at_counter else "online"


def _status(dossier: Dossier, action: str) -> dict:
    return {
        "dossier_code": dossier.code,
        "procedure_code": dossier.procedure.code,
        "procedure_name": dossier.procedure.name,
        "agency_code": dossier.agency.code,
        "agency_name": dossier.agency.name,
        "action": action,
        "state": dossier.state,
        "status_code": national_code(dossier.state),
        "status": state_label(dossier.state),
        "channel": channel_of(dossier),
        "submitted_at": _time(dossier.submitted_at),
        "received_at": _time(dossier.received_at),
        "due_at": _time(dossier.due_at),
        "finished_at": _time(dossier.finished_at),
        "returned_at": _time(dossier.returned_at),
    }


def webhook_payload(
    *, event_id: UUID, event_type: str, dossier: Dossier, action: str, from_state: str, at: datetime
) -> dict:
    """The body of a webhook: the event (id, type, time) and the dossier's status after it."""
    data = _status(dossier, action) | {"from_state": from_state, "version": dossier.version}
    return {"id": str(event_id), "type": event_type, "created_at": _time(at), "data": data}


def national_payload(*, message_id: UUID, sequence: int, dossier: Dossier, action: str, at: datetime) -> dict:
    """One sync message for the national portal: the dossier's status (code 1–10) and the fields of §3–§4."""
    return {
        "message_id": str(message_id),
        "sequence": sequence,
        "created_at": _time(at),
        "dossier": _status(dossier, action)
        | {
            "case": dossier.case.name if dossier.case_id and dossier.case.name else "",
            "applicant": {
                "kind": dossier.applicant_kind,
                "kind_label": dossier.get_applicant_kind_display(),
                "name": dossier.applicant_name,
                "id_number": dossier.applicant_id_number,
                "verified_by_vneid": dossier.verified_by_vneid,
            },
            "on_behalf_of": bool(dossier.principal),
            "result_delivery": dossier.result_delivery,
            "fee_total": dossier.fee_total,
            "duration": (
                {"value": str(dossier.duration_value), "unit": dossier.duration_unit}
                if dossier.duration_value is not None
                else None
            ),
        },
    }
