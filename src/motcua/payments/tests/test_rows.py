"""Raw bulk writes (services/rows.py) store exactly what bulk_create and save() store: times, JSON, choices, keys."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.payments.models import FeeOrder, OrderState, PaymentAttempt, Receipt, StatementImport, StatementLine
from motcua.payments.services.rows import rows_insert, rows_update

from .fixtures import submit

BOOKED = datetime(2026, 1, 2, 10, 15, 30, 123456, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def _stored(queryset, *ignored: str) -> list[dict]:
    return [{k: v for k, v in row.items() if k not in {"id", *ignored}} for row in queryset.order_by("pk").values()]


def _line(**fields) -> dict:
    return {"account_number": "113000123456", "booked_at": BOOKED, "amount": 70000, "memo": "GD1 nộp phí"} | fields


def test_rows_insert_stores_what_bulk_create_stores(accountant):
    source = StatementImport.objects.create(file_name="sk.csv", imported_by=accountant, lines_total=2)
    StatementLine.objects.bulk_create([StatementLine(**_line(bank_reference="FT1"), source=source)])
    assert rows_insert(StatementLine, [_line(bank_reference="FT2", source=source)]) == 1
    rows_insert(StatementLine, [_line(bank_reference="FT3", source_id=source.pk)])
    first, *raw = _stored(StatementLine.objects.all(), "bank_reference")
    assert raw == [first, first]
    assert StatementLine.objects.get(bank_reference="FT2").booked_at == BOOKED  # the same instant, aware
    assert first["state"] == StatementLine.State.UNMATCHED and first["attempt_id"] is None  # defaults


def test_rows_insert_stores_json_like_bulk_create(applicant, procedure, account):
    one, two = (FeeOrder.objects.get(dossier=submit(applicant, procedure)) for _ in range(2))
    lines = [{"kind": "phi", "label": "Phí", "description": "Phí thẩm định", "amount": 20000, "words": "Hai mươi"}]
    values = {
        "collector": account,
        "collector_name": "Sở Nông nghiệp",
        "collector_tax_code": "6100123456",
        "template_symbol": "01BLP0-001",
        "series": "26TAA",
        "year": 2026,
        "issued_at": timezone.now(),
        "payer_name": "Nguyễn Văn An",
        "dossier_code": "000.00.16.H34-260102-0001",
        "lines": lines,
        "total": 20000,
        "total_in_words": "Hai mươi nghìn đồng",
        "payment_method": "Chuyển khoản (mã QR)",
    }
    Receipt.objects.bulk_create([Receipt(order=one, number=1, **values)])
    rows_insert(Receipt, [{"order": two, "number": 2, **values}])
    made, raw = _stored(Receipt.objects.all(), "order_id", "number")
    assert raw == made
    assert Receipt.objects.get(order=two).lines == lines


def test_rows_insert_skips_a_known_row_only_when_asked(db):
    rows_insert(StatementLine, [_line(bank_reference="FT1")])
    assert rows_insert(StatementLine, [_line(bank_reference="FT1"), _line(bank_reference="FT2")], ignore_conflicts=True)
    assert sorted(StatementLine.objects.values_list("bank_reference", flat=True)) == ["FT1", "FT2"]
    with pytest.raises(IntegrityError), transaction.atomic():
        rows_insert(StatementLine, [_line(bank_reference="FT1")])


def test_rows_insert_refuses_a_model_stamped_on_save(db):
    with pytest.raises(ValueError, match="set on save"):
        rows_insert(PaymentAttempt, [])


def test_rows_update_saves_what_save_saves(applicant, procedure, account):
    one, two = (FeeOrder.objects.get(dossier=submit(applicant, procedure)) for _ in range(2))
    now = timezone.now()
    for order in (one, two):
        order.state, order.paid_amount, order.paid_at, order.paid_by, order.updated_at = (
            OrderState.PAID,
            70000,
            now,
            applicant,
            now,
        )
    one.save(update_fields=["state", "paid_amount", "paid_at", "paid_by", "updated_at"])
    rows_update([two], ["state", "paid_amount", "paid_at", "paid_by", "updated_at"])
    fields = ["state", "paid_amount", "paid_at", "paid_by_id"]
    saved, raw = (FeeOrder.objects.filter(pk=o.pk).values(*fields).get() for o in (one, two))
    assert raw == saved and raw["paid_at"] == now
    assert FeeOrder.objects.get(pk=two.pk).updated_at == now  # as given (save() stamps its own: auto_now)
