"""The periodic report table: its grouped header (as in the periodic report forms) and its cells.

Columns come from ``reports.selectors.METRICS`` and ``RATES``; this module only groups them under the headings
officers know ("Tiếp nhận", "Đã giải quyết", "Đang giải quyết", …). A metric the reports app adds later lands in
"Tình trạng khác", so no number is ever left out.
"""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from motcua.reports.selectors import DRILLABLE, METRICS, RATES, ReportRow

from .charts import count, percent

RECEIVED = ("carried_over", "received", "received_online", "received_counter", "received_post")
FINISHED = ("finished", "finished_early", "finished_on_time", "finished_late")
IN_PROGRESS = ("in_progress", "in_progress_within", "in_progress_overdue")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    rate: bool = False  # a rate or an average (not drillable), else a count of dossiers

    @property
    def drillable(self) -> bool:
        return not self.rate and self.key in DRILLABLE


@dataclass(frozen=True)
class ColumnGroup:
    label: str
    columns: list[Column]


@dataclass(frozen=True)
class Cell:
    column: Column
    text: str
    value: float | None

    @property
    def link(self) -> bool:
        """Drill down from a count that is not zero (a link to an empty list helps nobody)."""
        return self.column.drillable and bool(self.value)


def report_columns() -> list[ColumnGroup]:
    totals = {"finished": _("Tổng số"), "in_progress": _("Tổng số")}
    placed = {*RECEIVED, *FINISHED, *IN_PROGRESS}

    def counts(keys: tuple[str, ...] | list[str]) -> list[Column]:
        return [Column(key, totals.get(key, METRICS[key])) for key in keys if key in METRICS]

    groups = [
        ColumnGroup(_("Tiếp nhận"), counts(RECEIVED)),
        ColumnGroup(_("Đã giải quyết"), counts(FINISHED)),
        ColumnGroup(_("Đang giải quyết"), counts(IN_PROGRESS)),
        ColumnGroup(_("Tình trạng khác"), counts([key for key in METRICS if key not in placed])),
        ColumnGroup(_("Tỷ lệ, thời gian"), [Column(key, label, rate=True) for key, label in RATES.items()]),
    ]
    return [group for group in groups if group.columns]


def _rate_text(key: str, value: float | None) -> str:
    if value is None:
        return "—"
    if key == "avg_processing_days":
        return number_format(value, decimal_pos=1)
    return percent(value)


def row_cells(row: ReportRow, groups: list[ColumnGroup]) -> list[Cell]:
    cells = []
    for group in groups:
        for column in group.columns:
            if column.rate:
                value = row.rates.get(column.key)
                cells.append(Cell(column, _rate_text(column.key, value), value))
            else:
                number = row.counts.get(column.key, 0)
                cells.append(Cell(column, count(number), number))
    return cells
