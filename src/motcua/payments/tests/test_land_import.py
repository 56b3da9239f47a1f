"""Tax notices in (land obligations): good, resent, corrected, bad rows — and nothing half-imported."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.utils import timezone

from motcua.accounts.models import StaffRole
from motcua.audit.selectors import audit_entries_for
from motcua.catalogue.tests.factories import AgencyFactory
from motcua.dossiers import services as dossier_services
from motcua.dossiers.tests.factories import ProcedureFactory, officer_of
from motcua.notifications.models import InboxMessage
from motcua.payments.models import FeeLine, FeeOrder, OrderKind, Stage, TaxNotice
from motcua.payments.services.land import TaxNoticeData, tax_notices_import


def notice(dossier, **overrides) -> TaxNoticeData:
    """A valid notice for ``dossier``: 12.500.000 đ of land use fee, notified yesterday."""
    yesterday = timezone.localdate() - timedelta(days=1)
    data = TaxNoticeData(
        dossier_code=dossier.code,
        tax_id="6100123456",
        notice_number="1234/TB-CCT",
        notice_date=yesterday,
        budget_subitem="1411",
        description="Tiền sử dụng đất",
        amount=12_500_000,
        payer_name="Nguyễn Văn An",
        payer_kind="household",
        due_date=yesterday + timedelta(days=30),
    )
    return replace(data, **overrides)


def imported(dossier, **overrides):
    result = tax_notices_import(notices=[notice(dossier, **overrides)], source="test")
    assert result.errors == [], result.errors
    return result.notices[0]


# --- Good notices ------------------------------------------------------------------------------------------------
def test_a_notice_opens_a_land_order_with_one_tax_line(dossier, account):
    result = tax_notices_import(notices=[notice(dossier)], source="api:Cục Thuế")
    assert (result.created, result.unchanged, result.errors) == (1, 0, [])
    tax_notice = TaxNotice.objects.get()
    order = tax_notice.order
    assert (order.kind, order.stage, order.amount, order.state) == (
        OrderKind.LAND,
        Stage.OBLIGATION,
        12_500_000,
        "open",
    )
    assert (order.dossier, order.account) == (dossier, account)
    line = order.lines.get()
    assert (line.kind, line.amount) == (FeeLine.Kind.TAX, 12_500_000)
    assert "1411" in line.description and "Tiền sử dụng đất" in line.description
    assert (tax_notice.dossier_code, tax_notice.notice_number, tax_notice.tax_id) == (
        dossier.code,
        "1234/TB-CCT",
        "6100123456",
    )
    assert audit_entries_for(subject_type="tax_notice", subject_id="1234/TB-CCT").get().data["source"] == "api:Cục Thuế"


def test_the_applicant_is_told_the_amount_and_where_to_pay(dossier, applicant):
    imported(dossier)
    message = InboxMessage.objects.filter(user=applicant).order_by("-id").first()
    assert "12.500.000 đ" in message.subject and dossier.code in message.subject
    assert message.link == "/nghia-vu-tai-chinh/"
    assert "Mười hai triệu năm trăm nghìn đồng" in message.body


def test_keys_are_normalised_on_the_way_in(dossier):
    tax_notice = imported(
        dossier,
        dossier_code=f"  {dossier.code.lower()} ",
        tax_id="6100123456 001",
        notice_number=" 1234/tb-cct ",
        payer_kind="household",
        payer_name="  Nguyễn   Văn An ",
    )
    assert (tax_notice.dossier_code, tax_notice.tax_id, tax_notice.notice_number, tax_notice.payer_name) == (
        dossier.code,
        "6100123456-001",
        "1234/TB-CCT",
        "Nguyễn Văn An",
    )


@pytest.mark.parametrize("tax_id", ["6100123456", "6100123456-001", "6100123456001", "062085001234"])
def test_tax_ids_of_businesses_branches_and_persons_are_accepted(dossier, tax_id):
    assert imported(dossier, tax_id=tax_id).tax_id.replace("-", "") == tax_id.replace("-", "")


def test_several_notices_for_one_dossier_each_get_their_order(dossier):
    result = tax_notices_import(
        notices=[notice(dossier), notice(dossier, notice_number="1235/TB-CCT", budget_subitem="2801", amount=500_000)],
        source="test",
    )
    assert result.created == 2
    assert FeeOrder.objects.filter(dossier=dossier, kind=OrderKind.LAND).count() == 2


# --- Idempotent, corrections, duplicates -------------------------------------------------------------------------
def test_the_same_notice_sent_again_is_unchanged(dossier):
    imported(dossier)
    again = tax_notices_import(notices=[notice(dossier, notice_number="1234/tb-cct ")], source="test")
    assert (again.created, again.unchanged, again.errors) == (0, 1, [])
    assert again.notices[0] == TaxNotice.objects.get()
    assert FeeOrder.objects.filter(kind=OrderKind.LAND).count() == 1


def test_a_notice_number_with_different_data_is_refused_and_nothing_changes(dossier):
    first = imported(dossier)
    result = tax_notices_import(
        notices=[notice(dossier, notice_number="9999/TB-CCT"), notice(dossier, amount=13_000_000)], source="test"
    )
    assert (result.created, result.unchanged) == (0, 0)
    [error] = result.errors
    assert (error.row, error.field) == (2, "notice_number")
    assert "số tiền" in error.message and "số thông báo mới" in error.message
    assert list(TaxNotice.objects.all()) == [first]
    assert TaxNotice.objects.get().amount == 12_500_000


def test_the_same_number_twice_in_one_call(dossier):
    same = tax_notices_import(notices=[notice(dossier), notice(dossier)], source="test")
    assert (same.created, same.unchanged, same.errors) == (1, 0, [])
    clash = tax_notices_import(
        notices=[notice(dossier, notice_number="5/TB"), notice(dossier, notice_number="5/TB", amount=1)], source="test"
    )
    assert [(e.row, e.field) for e in clash.errors] == [(2, "notice_number")]
    assert "lặp lại dòng 1" in clash.errors[0].message
    assert TaxNotice.objects.count() == 1


# --- Bad rows: a clear message each, nothing imported --------------------------------------------------------------
# Dates relative to "today" are computed when the test runs, not at collection: a run crossing midnight in
# Asia/Ho_Chi_Minh (17:00 UTC) would otherwise send "tomorrow" when it has become today.
class Days:
    def __init__(self, days: int = 0, *, year: int | None = None) -> None:
        self.days, self.year = days, year

    def __repr__(self) -> str:
        return f"today{self.days:+d}" if self.year is None else f"today-in-{self.year}"

    def resolve(self) -> date:
        today = timezone.localdate()
        return today.replace(year=self.year) if self.year else today + timedelta(days=self.days)


BAD_FIELDS = [
    ("dossier_code", "", "Thiếu mã hồ sơ"),
    ("dossier_code", "X" * 61, "dài quá"),
    ("dossier_code", "000.00.16.H34-991231-9999", "Không tìm thấy hồ sơ"),
    ("tax_id", "61001234", "Mã số thuế"),
    ("tax_id", "61001234AB", "Mã số thuế"),
    ("tax_id", "", "Mã số thuế"),
    ("notice_number", "", "Thiếu số thông báo"),
    ("notice_number", "12<script>", "Số thông báo chỉ gồm"),
    ("notice_number", "1" * 51, "Số thông báo chỉ gồm"),
    ("notice_date", None, "Thiếu ngày thông báo"),
    ("notice_date", Days(1), "sau ngày hôm nay"),
    ("notice_date", Days(year=1999), "trước năm 2000"),
    ("due_date", Days(-400), "Hạn nộp không được trước"),
    ("due_date", Days(4000), "quá 10 năm"),
    ("budget_subitem", "14", "Tiểu mục phải gồm 4 chữ số"),
    ("budget_subitem", "ABCD", "Tiểu mục phải gồm 4 chữ số"),
    ("description", "  ", "Thiếu nội dung"),
    ("description", "x" * 501, "dài quá 500"),
    ("amount", 0, "lớn hơn 0"),
    ("amount", -5, "lớn hơn 0"),
    ("amount", True, "số nguyên"),
    ("amount", 10**15, "quá lớn"),
    ("payer_name", "", "Thiếu tên người nộp"),
    ("payer_name", "x" * 301, "dài quá 300"),
    ("payer_kind", "company", "Loại người nộp"),
]


@pytest.mark.parametrize(("name", "value", "message"), BAD_FIELDS)
def test_each_bad_field_is_named_and_nothing_is_imported(dossier, applicant, name, value, message):
    value = value.resolve() if isinstance(value, Days) else value
    before = InboxMessage.objects.filter(user=applicant).count()
    good = notice(dossier, notice_number="1/TB")
    result = tax_notices_import(notices=[good, notice(dossier, **{name: value})], source="test")
    assert (result.created, result.unchanged) == (0, 0)
    assert [(e.row, e.field) for e in result.errors] == [(2, name)]
    assert message in result.errors[0].message
    assert str(result.errors[0]).startswith("Dòng 2: ")
    assert not TaxNotice.objects.exists() and not FeeOrder.objects.filter(kind=OrderKind.LAND).exists()
    assert InboxMessage.objects.filter(user=applicant).count() == before


def test_every_bad_row_is_reported_at_once(dossier):
    result = tax_notices_import(
        notices=[notice(dossier, tax_id="1"), notice(dossier, notice_number="2/TB", amount=0, budget_subitem="1")],
        source="test",
    )
    assert [(e.row, e.field) for e in result.errors] == [(1, "tax_id"), (2, "budget_subitem"), (2, "amount")]


def test_a_row_number_given_by_the_caller_is_kept(dossier):
    result = tax_notices_import(notices=[replace(notice(dossier, tax_id="x"), row=7)], source="csv")
    assert str(result.errors[0]).startswith("Dòng 7: Mã số thuế")


def test_an_empty_call_and_a_draft_or_finished_dossier_are_refused(dossier, procedure, applicant, officer):
    assert tax_notices_import(notices=[], source="test").errors[0].message == "Không có thông báo nào để nhận."
    refused = dossier_services.dossier_refuse(dossier=dossier, officer=officer, reason="Không đúng thẩm quyền")
    result = tax_notices_import(notices=[notice(refused)], source="test")
    assert "Không được tiếp nhận" in result.errors[0].message
    assert not TaxNotice.objects.exists()


# --- Officers: only for their agencies' dossiers -----------------------------------------------------------------
def test_an_officer_imports_for_their_agency(dossier, officer):
    result = tax_notices_import(notices=[notice(dossier)], source="csv:x.csv", actor=officer)
    assert result.created == 1
    assert audit_entries_for(subject_type="tax_notice", subject_id="1234/TB-CCT").get().actor_id == officer.pk


def test_an_officer_of_another_agency_cannot_tell_the_dossier_exists(dossier):
    stranger = officer_of(ProcedureFactory(agency=AgencyFactory()).agency, StaffRole.RECEPTION)
    result = tax_notices_import(notices=[notice(dossier)], source="csv:x.csv", actor=stranger)
    assert result.errors[0].message == f"Không tìm thấy hồ sơ có mã {dossier.code} trong các cơ quan bạn phụ trách."
    assert not TaxNotice.objects.exists()
