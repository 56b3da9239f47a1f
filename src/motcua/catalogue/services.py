"""Writes on the catalogue. The only code that creates or changes procedures."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from motcua.core.text import fold

from .cache import catalogue_changed
from .importing import ProcedureRecord, RecordError, parse_record
from .models import (
    Agency,
    Channel,
    ComponentRequirement,
    FeeItem,
    Field,
    LegalBasis,
    Procedure,
    ProcedureCase,
    ProcedureStep,
)


def _padded(*parts: str) -> str:
    folded = fold(" ".join(part for part in parts if part))
    return f" {folded} " if folded else ""


def procedure_refresh_search(*, procedure: Procedure) -> None:
    """Recompute the folded text the search index reads (name apart from the rest, for ranking)."""
    fields = " ".join(field.name for field in procedure.fields.all())  # uses a prefetch when there is one
    procedure.search_name = _padded(procedure.name)
    procedure.search_body = _padded(
        procedure.code,
        procedure.local_code,
        procedure.keywords,
        procedure.agency.name,
        fields,
        procedure.target_subjects,
        procedure.results,
        procedure.description,
    )
    Procedure.objects.filter(pk=procedure.pk).update(
        search_name=procedure.search_name, search_body=procedure.search_body
    )
    transaction.on_commit(catalogue_changed)


def procedures_refresh_search(*, agency: Agency | None = None, field: Field | None = None) -> int:
    """Refresh the search text of every procedure of an agency or field (after it was renamed)."""
    procedures = Procedure.objects.select_related("agency").prefetch_related("fields")
    if agency is not None:
        procedures = procedures.filter(agency=agency)
    if field is not None:
        procedures = procedures.filter(fields=field)
    count = 0
    for procedure in procedures.iterator(chunk_size=500):
        procedure_refresh_search(procedure=procedure)
        count += 1
    return count


def _agency_for(record: ProcedureRecord) -> Agency:
    agency, _ = Agency.objects.get_or_create(
        code=record.agency_code, defaults={"name": record.agency_name, "level": Agency.Level.DEPARTMENT}
    )
    return agency


def _replace_children(procedure: Procedure, record: ProcedureRecord) -> None:
    procedure.cases.all().delete()
    procedure.legal_bases.all().delete()
    for position, legal in enumerate(record.legal_bases):
        LegalBasis.objects.create(
            procedure=procedure,
            number=legal.number,
            title=legal.title,
            issued_on=legal.issued_on,
            position=position,
        )
    for case_position, case_record in enumerate(record.cases):
        case = ProcedureCase.objects.create(procedure=procedure, name=case_record.name, position=case_position)
        for position, item in enumerate(case_record.channels):
            channel = Channel.objects.create(
                case=case,
                kind=item.kind,
                duration_value=item.duration_value,
                duration_unit=item.duration_unit,
                note=item.note,
                position=position,
            )
            FeeItem.objects.bulk_create(
                FeeItem(channel=channel, kind=fee.kind, amount=fee.amount, description=fee.description, position=i)
                for i, fee in enumerate(item.fees)
            )
        ComponentRequirement.objects.bulk_create(
            ComponentRequirement(
                case=case,
                name=c.name,
                originals=c.originals,
                copies=c.copies,
                template_name=c.template_name,
                required=c.required,
                position=i,
            )
            for i, c in enumerate(case_record.components)
        )
        ProcedureStep.objects.bulk_create(
            ProcedureStep(case=case, description=text, position=i) for i, text in enumerate(case_record.steps)
        )


@transaction.atomic
def procedure_upsert(*, record: ProcedureRecord) -> str:
    """Create or update one procedure from a national record. Returns "created", "updated" or "unchanged"."""
    procedure = Procedure.objects.select_for_update().filter(code=record.code).first()
    if procedure is not None and procedure.source_hash == record.source_hash:
        return "unchanged"
    values: dict[str, Any] = {
        "local_code": record.local_code,
        "name": record.name,
        "kind": record.kind,
        "implementing_levels": record.implementing_levels,
        "agency": _agency_for(record),
        "competent_authority": record.competent_authority,
        "reception_address": record.reception_address,
        "online_level": record.online_level,
        "required_identity_level": record.required_identity_level,
        "description": record.description,
        "target_subjects": record.target_subjects,
        "results": record.results,
        "conditions": record.conditions,
        "keywords": record.keywords,
        "decision_number": record.decision_number,
        "decision_date": record.decision_date,
        "source_hash": record.source_hash,
    }
    outcome = "updated"
    if procedure is None:
        procedure = Procedure.objects.create(code=record.code, **values)
        outcome = "created"
    else:
        for name, value in values.items():
            setattr(procedure, name, value)
        procedure.save()
    fields = []
    for code, name in record.fields:
        field_obj, _ = Field.objects.get_or_create(code=code, defaults={"name": name})
        fields.append(field_obj)
    procedure.fields.set(fields)
    _replace_children(procedure, record)
    procedure_refresh_search(procedure=procedure)
    return outcome


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (position, code, reason)

    @property
    def ok(self) -> bool:
        return not self.errors


def procedures_import(*, records: Iterable[Any], on_progress: Callable[[int], None] | None = None) -> ImportReport:
    """Upsert every valid record; each bad one is reported (1-based position, code, reason) and skipped.

    Each record is written in its own transaction: a record is either fully imported or not at all.
    """
    report = ImportReport()
    for position, raw in enumerate(records, start=1):
        code = str(raw.get("MaTTHC", ""))[:40] if isinstance(raw, dict) else ""
        try:
            outcome = procedure_upsert(record=parse_record(raw))
        except RecordError as error:
            report.errors.append((position, code, str(error)))
        else:
            setattr(report, outcome, getattr(report, outcome) + 1)
        if on_progress:
            on_progress(position)
    return report
