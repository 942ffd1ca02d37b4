"""The charts of an assessment's results, shared by the results page and the report."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kommunalkompass.documents.charts import (
    GroupedBarChart,
    HeatCell,
    HeatMap,
    PeerRange,
    RadarChart,
    RangeChart,
    Series,
)
from kommunalkompass.documents.model import Figure

from .forms import GROUP_LABELS
from .peers import PeerBenchmark
from .scoring import Results


def group_name(model, key: str, language: str) -> str:
    group = next((g for g in model.groups if g.key == key), None)
    return group.name.get(language) if group else str(GROUP_LABELS.get(key, key))


def result_figures(*, assessment, results: Results, language: str) -> dict[str, Figure]:
    """Radar (current vs target), grouped bars and heat map of the perspectives.

    A chart that would need a suppressed value is left out (the radar needs every
    dimension); bars and heat map show suppressed groups as gaps.
    """
    model = assessment.model
    names = [d.name.get(language) for d in model.dimensions]
    figures: dict[str, Figure] = {}
    scores = [results.dimension(d.key).score for d in model.dimensions]
    if all(score is not None for score in scores):
        series = [Series(_("Current level"), scores)]
        targets = [results.dimension(d.key).target for d in model.dimensions]
        if all(target is not None for target in targets):
            series.append(Series(_("Target level"), targets))
        figures["radar"] = Figure(
            RadarChart(title=_("Maturity profile"), axes=names, series=series, language=language),
            caption=_("Score of each dimension (1–5) and, where set, the target level."),
        )
    group_series = [
        Series(
            group_name(model, group, language),
            [
                results.dimension(d.key).groups.get(group).score
                if results.dimension(d.key).groups.get(group)
                else None
                for d in model.dimensions
            ],
        )
        for group in assessment.groups
    ]
    if any(value is not None for s in group_series for value in s.values):
        figures["perspectives"] = Figure(
            GroupedBarChart(
                title=_("Perspectives of the respondent groups"),
                categories=names,
                series=group_series,
                language=language,
            ),
            caption=_("Groups with fewer respondents than the threshold are not shown."),
        )
        figures["heatmap"] = Figure(
            HeatMap(
                title=_("Dimensions by respondent group"),
                rows=names,
                columns=[group_name(model, g, language) for g in assessment.groups],
                values=[
                    [
                        HeatCell(
                            value=cell.score if cell else None,
                            suppressed=bool(cell and cell.suppressed),
                        )
                        for cell in (
                            results.dimension(d.key).groups.get(g) for g in assessment.groups
                        )
                    ]
                    for d in model.dimensions
                ],
                language=language,
            ),
            caption=_("Suppressed cells protect groups below the anonymity threshold."),
        )
    return figures


def benchmark_figure(
    *, assessment, benchmark: PeerBenchmark, language: str, own_name: str
) -> Figure | None:
    """The organisation's scores against the middle half and median of its peers."""
    if not benchmark.available:
        return None
    dimensions = [benchmark.dimension(d.key) for d in assessment.model.dimensions]
    if not any(d and d.shown for d in dimensions):
        return None
    return Figure(
        RangeChart(
            title=_("Comparison with similar organisations"),
            categories=[d.name.get(language) for d in assessment.model.dimensions],
            ranges=[
                PeerRange(d.lower, d.median, d.upper) if d and d.shown else None for d in dimensions
            ],
            own=[d.own if d else None for d in dimensions],
            own_name=own_name,
            language=language,
        ),
        caption=_(
            "The band spans the middle half of the peer organisations, the line marks their "
            "median; the diamond is this assessment."
        ),
    )
