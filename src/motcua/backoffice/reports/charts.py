"""The statistics charts as geometry: numbers in, coordinates out; the templates draw them as inline SVG.

No JavaScript library and no style attribute (the CSP forbids inline styles): sizes and colours are SVG
presentation attributes and classes of ``backoffice/reports.css``. Every chart also gets a text summary (its
``<desc>``) and the page shows the same numbers as a table.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 480, 260
LEFT, RIGHT, TOP, BOTTOM = 52, 30, 14, 40  # plot margins: y labels left, x labels below
MAX_X_LABELS = 6
RANK_ROW, RANK_LIMIT = 42, 20


def count(value: int) -> str:
    """``1382`` → ``1.382`` in Vietnamese (``1,382`` in English): Django's Vietnamese format does not group digits."""
    return f"{value:,}".replace(",", str(get_format("THOUSAND_SEPARATOR")))


def percent(value: float | None) -> str:
    """``85.25`` → ``85,3%`` in Vietnamese; ``None`` → ``—`` (no dossier to count)."""
    return "—" if value is None else f"{number_format(value, decimal_pos=1)}%"


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class XLabel:
    x: float
    label: str


@dataclass(frozen=True)
class Mark:
    """A point of a line (cx, cy) or a column (x, y, width, height), with its label and value as text."""

    x: float
    y: float
    label: str
    text: str
    width: float = 0
    height: float = 0


@dataclass
class TimeChart:
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM
    ticks: list[Tick] = field(default_factory=list)
    xlabels: list[XLabel] = field(default_factory=list)
    segments: list[str] = field(default_factory=list)  # path data of each unbroken run of a line
    marks: list[Mark] = field(default_factory=list)
    summary: str = ""

    @property
    def empty(self) -> bool:
        return not self.marks


def _y(value: float) -> float:
    return round(HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) * max(0.0, min(value, 100.0)) / 100, 1)


def _frame(labels: Sequence[str], *, centred: bool) -> tuple[TimeChart, list[float]]:
    chart = TimeChart(ticks=[Tick(_y(v), f"{v}%") for v in (0, 25, 50, 75, 100)])
    n = len(labels)
    span = WIDTH - RIGHT - LEFT
    if centred:  # columns: each in the middle of its slot
        xs = [round(LEFT + span * (i + 0.5) / max(n, 1), 1) for i in range(n)]
    else:  # a line: from the first slot to the last
        xs = [round(LEFT + span * (i / (n - 1) if n > 1 else 0.5), 1) for i in range(n)]
    step = max(1, -(-n // MAX_X_LABELS))
    chart.xlabels = [XLabel(xs[i], labels[i]) for i in range(0, n, step)]
    return chart, xs


def _summary(title: str, points: Sequence[tuple[str, float | None]]) -> str:
    known = [(label, value) for label, value in points if value is not None]
    if not known:
        return _("%(title)s: chưa có số liệu trong kỳ.") % {"title": title}
    low = min(known, key=lambda item: item[1])
    high = max(known, key=lambda item: item[1])
    return _("%(title)s: thấp nhất %(low)s (%(low_at)s), cao nhất %(high)s (%(high_at)s), gần nhất %(last)s.") % {
        "title": title,
        "low": percent(low[1]),
        "low_at": low[0],
        "high": percent(high[1]),
        "high_at": high[0],
        "last": percent(known[-1][1]),
    }


def rate_line(points: Sequence[tuple[str, float | None]], *, title: str) -> TimeChart:
    """A rate (0–100) over time as a line; a point without a value breaks the line there."""
    chart, xs = _frame([label for label, _value in points], centred=False)
    run: list[str] = []
    for (label, value), x in zip(points, xs, strict=True):
        if value is None:
            if run:
                chart.segments.append(" ".join(run))
            run = []
            continue
        y = _y(value)
        run.append(f"{'L' if run else 'M'}{x} {y}")
        chart.marks.append(Mark(x, y, label, percent(value)))
    if run:
        chart.segments.append(" ".join(run))
    chart.summary = _summary(title, points)
    return chart


def rate_columns(points: Sequence[tuple[str, float | None]], *, title: str) -> TimeChart:
    """A rate (0–100) over time as columns; no column where there is no value."""
    chart, xs = _frame([label for label, _value in points], centred=True)
    slot = (WIDTH - RIGHT - LEFT) / max(len(points), 1)
    width = round(max(2.0, min(slot * 0.6, 48.0)), 1)
    for (label, value), x in zip(points, xs, strict=True):
        if value is not None:
            y = _y(value)
            chart.marks.append(
                Mark(round(x - width / 2, 1), y, label, percent(value), width, round(HEIGHT - BOTTOM - y, 1))
            )
    chart.summary = _summary(title, points)
    return chart


@dataclass(frozen=True)
class RankBar:
    y: float  # top of the row: the name on the first line, the bar below it
    label: str
    text: str
    width: float


@dataclass
class RankChart:
    rows: list[RankBar]
    total: int  # agencies in the ranking (the chart shows the first RANK_LIMIT)
    summary: str
    width: int = WIDTH
    bar_x: int = 8
    bar_max: int = WIDTH - 96

    @property
    def height(self) -> int:
        return len(self.rows) * RANK_ROW + 8

    @property
    def empty(self) -> bool:
        return not self.rows


def ranked(items: Sequence[tuple[str, float | None]], *, title: str) -> RankChart:
    """Horizontal bars, best first (the order given), the first ``RANK_LIMIT``."""
    rows = [
        RankBar(i * RANK_ROW + 4, label, percent(value), round((WIDTH - 96) * (value or 0) / 100, 1))
        for i, (label, value) in enumerate(items[:RANK_LIMIT])
    ]
    known = [(label, value) for label, value in items if value is not None]
    if known:
        summary = _("%(title)s: cao nhất %(best)s (%(best_value)s), thấp nhất %(worst)s (%(worst_value)s).") % {
            "title": title,
            "best": known[0][0],
            "best_value": percent(known[0][1]),
            "worst": known[-1][0],
            "worst_value": percent(known[-1][1]),
        }
    else:
        summary = _("%(title)s: chưa có hồ sơ giải quyết xong trong kỳ.") % {"title": title}
    return RankChart(rows=rows, total=len(items), summary=summary)
