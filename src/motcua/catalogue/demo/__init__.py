"""The Kon Tum demo catalogue: agencies, support contacts and procedures in the national format.

``catalogue_load_demo`` is idempotent: it creates what is missing and never overwrites what an
administrator changed since (agencies and contacts are only created; procedures are re-imported only when
the shipped record itself changed).
"""

import json
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction

from ..models import Agency, ComponentRequirement, SupportContact
from ..services import ImportReport, procedures_import
from .template_forms import template_form_pdf

DEMO_DIR = Path(__file__).resolve().parent


@transaction.atomic
def agencies_load_demo() -> None:
    data = json.loads((DEMO_DIR / "agencies.json").read_text(encoding="utf-8"))
    by_code: dict[str, Agency] = {}
    for position, item in enumerate(data["agencies"]):
        agency, _ = Agency.objects.get_or_create(
            code=item["code"],
            defaults={
                "name": item["name"],
                "short_name": item.get("short_name", ""),
                "level": item["level"],
                "parent": by_code.get(item["parent"]) if item["parent"] else None,
                "address": item.get("address", ""),
                "phone": item.get("phone", ""),
                "counter": item.get("counter", ""),
                "position": position,
            },
        )
        by_code[agency.code] = agency
    for item in data["agencies"]:  # after the loop: the desk may be listed after the agencies it serves
        served_by = by_code.get(item.get("served_by") or "")
        if served_by is not None and by_code[item["code"]].served_by_id is None:
            Agency.objects.filter(pk=by_code[item["code"]].pk).update(served_by=served_by)
    for position, item in enumerate(data["support_contacts"]):
        SupportContact.objects.get_or_create(
            label=item["label"],
            phone=item["phone"],
            defaults={
                "agency": by_code.get(item["agency"]) if item["agency"] else None,
                "note": item["note"],
                "in_footer": item["in_footer"],
                "position": position,
            },
        )


def components_attach_demo_templates(*, limit: int | None = None) -> int:
    """Give components that name a template file (``MAUDON``) a printable PDF form, once; at most ``limit``."""
    made = 0
    pending = (
        ComponentRequirement.objects.filter(template="")
        .exclude(template_name="")
        .select_related("case__procedure__agency")
    )
    for component in pending[:limit] if limit else pending.iterator():
        pdf = template_form_pdf(component=component)
        component.template.save(Path(component.template_name).name or "mau-don.pdf", ContentFile(pdf), save=True)
        made += 1
    return made


def catalogue_load_demo(*, with_templates: bool = True) -> ImportReport:
    agencies_load_demo()
    records = json.loads((DEMO_DIR / "procedures.json").read_text(encoding="utf-8"))
    report = procedures_import(records=records)
    if with_templates:
        components_attach_demo_templates()
    return report
