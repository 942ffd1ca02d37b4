"""The OZG charts, shared by the dashboard and the status report (each with its data table)."""

from __future__ import annotations

from django.utils import dateformat
from django.utils.translation import gettext as _

from kommunalkompass.documents.charts import GroupedBarChart, LineChart, Series, StackedBarChart
from kommunalkompass.documents.charts.base import nice_ticks
from kommunalkompass.documents.model import Figure


def count_scale_top(largest: int) -> int:
    """A round upper end for a count axis: at least 5, on a tick of the scale."""
    if largest <= 5:
        return 5
    ticks = nice_ticks(0, largest)
    step = ticks[1] - ticks[0]
    return int(-(-largest // step) * step)


def progress_figure(progress: list[dict], language: str) -> Figure | None:
    """Online and OZG-compliant services at the end of each kept month, as lines."""
    if not progress:
        return None
    chart = LineChart(
        title=_("Online and OZG-compliant services by month"),
        periods=[dateformat.format(row["month"], "M Y") for row in progress],
        series=[
            Series(_("Relevant"), [row.get("relevant", 0) for row in progress]),
            Series(_("Online (level 2+)"), [row.get("online", 0) for row in progress]),
            Series(_("OZG-compliant (level 3+)"), [row.get("compliant", 0) for row in progress]),
        ],
        language=language,
        period_label=_("Month"),
    )
    return Figure(
        chart,
        caption=_("Relevant, online and OZG-compliant services at the end of each month"),
    )


def themenfeld_figure(rows: list[dict], language: str) -> Figure | None:
    """Per Themenfeld with relevant services: the shares OZG-compliant, online (level 2, not
    yet compliant) and not yet online, as one bar of 100 % each."""
    shown = [row for row in rows if row["relevant"]]
    if not shown:
        return None
    chart = StackedBarChart(
        title=_("Relevant services by Themenfeld: compliant, online, not yet online"),
        categories=[row["name"] or _("No Themenfeld") for row in shown],
        parts=[
            Series(_("OZG-compliant (level 3+)"), [row["compliant"] for row in shown]),
            Series(
                _("Online, not yet compliant (level 2)"),
                [row["online"] - row["compliant"] for row in shown],
            ),
            Series(_("Not yet online"), [row["relevant"] - row["online"] for row in shown]),
        ],
        language=language,
        category_label=_("Themenfeld"),
        rest_last=True,
    )
    return Figure(chart, caption=_("Shares of the relevant services of each Themenfeld (%)"))


def status_figure(by_status: list[tuple], language: str) -> Figure | None:
    """The tracked services by status, as bars."""
    counts = [count for _value, _label, count in by_status]
    if not any(counts):
        return None
    chart = GroupedBarChart(
        title=_("Tracked services by status"),
        categories=[str(label) for _value, label, _count in by_status],
        series=[Series(_("Services"), counts)],
        language=language,
        scale_min=0,
        scale_max=count_scale_top(max(counts)),
        decimals=0,
    )
    return Figure(chart, caption=_("Tracked services by status"))
