"""Reporting periods: month, quarter, 6 and 9 months, year, custom range — and every impossible one refused."""

import datetime as dt

import pytest

from motcua.reports.periods import Period, ReportFilterError, period_parse

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("kind", "number", "start", "end", "label"),
    [
        ("month", 2, dt.date(2024, 2, 1), dt.date(2024, 2, 29), "Tháng 02/2024"),  # leap year
        ("quarter", 4, dt.date(2024, 10, 1), dt.date(2024, 12, 31), "Quý IV/2024"),
        ("quarter", 1, dt.date(2024, 1, 1), dt.date(2024, 3, 31), "Quý I/2024"),
        ("half", None, dt.date(2024, 1, 1), dt.date(2024, 6, 30), "6 tháng đầu năm 2024"),
        ("nine_months", None, dt.date(2024, 1, 1), dt.date(2024, 9, 30), "9 tháng đầu năm 2024"),
        ("year", None, dt.date(2024, 1, 1), dt.date(2024, 12, 31), "Năm 2024"),
    ],
)
def test_each_kind_of_period_covers_its_days(kind, number, start, end, label):
    period = period_parse(kind=kind, year=2024, number=number, today=TODAY)
    assert (period.start, period.end, period.label) == (start, end, label)


def test_a_custom_range_is_labelled_with_its_dates():
    period = period_parse(kind="custom", start=dt.date(2026, 10, 1), end=dt.date(2026, 11, 23), today=TODAY)
    assert period == Period(dt.date(2026, 10, 1), dt.date(2026, 11, 23), "custom")
    assert period.label == "01/10/2026 – 23/11/2026"
    assert period.days == 54


def test_the_current_year_may_run_past_today():
    assert period_parse(kind="year", year=2026, today=TODAY).end == dt.date(2026, 12, 31)


@pytest.mark.parametrize(
    ("options", "field", "message"),
    [
        ({"kind": "week"}, "period", "Loại kỳ báo cáo không hợp lệ."),
        ({"kind": "month", "year": 2026}, "period", "Vui lòng chọn tháng từ 1 đến 12."),
        ({"kind": "month", "year": 2026, "number": 13}, "period", "Vui lòng chọn tháng từ 1 đến 12."),
        ({"kind": "quarter", "year": 2026, "number": 5}, "period", "Vui lòng chọn quý từ I đến IV."),
        ({"kind": "year"}, "period", "Vui lòng chọn năm báo cáo."),
        ({"kind": "year", "year": 1999}, "period", "Năm báo cáo phải từ 2000 đến 2026."),
        ({"kind": "year", "year": 2027}, "period", "Năm báo cáo phải từ 2000 đến 2026."),
        ({"kind": "month", "year": 2026, "number": 12}, "start", "Kỳ báo cáo chưa bắt đầu"),
        ({"kind": "custom", "end": dt.date(2026, 1, 1)}, "start", "Vui lòng nhập ngày bắt đầu."),
        ({"kind": "custom", "start": dt.date(2026, 1, 1)}, "end", "Vui lòng nhập ngày kết thúc."),
        (
            {"kind": "custom", "start": dt.date(2026, 5, 2), "end": dt.date(2026, 5, 1)},
            "end",
            "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.",
        ),
        ({"kind": "custom", "start": dt.date(2026, 12, 1), "end": dt.date(2026, 12, 2)}, "start", "tương lai"),
        ({"kind": "custom", "start": dt.date(1999, 12, 1), "end": dt.date(2000, 1, 2)}, "start", "năm 2000"),
        ({"kind": "custom", "start": dt.date(2020, 1, 1), "end": dt.date(2026, 1, 2)}, "end", "dài quá 5 năm"),
    ],
)
def test_an_impossible_period_is_refused_with_a_message_for_its_field(options, field, message):
    with pytest.raises(ReportFilterError) as error:
        period_parse(today=TODAY, **options)
    assert error.value.field == field
    assert message in error.value.message
