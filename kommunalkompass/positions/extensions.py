"""What the positions module adds to the strategy's pages (through strategy.extensions)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

from kommunalkompass.core.language import content_language
from kommunalkompass.documents.model import Column, Heading, NumberFormat, Paragraph, Table
from kommunalkompass.strategy.extensions import MeasureSection, StaffCapacity

from . import selectors


def measure_section(measure, user) -> MeasureSection | None:
    """The roles a measure needs and the posts planned for them (two queries)."""
    if not user.has_perm("positions.view_posts", measure.organisation):
        return None
    return MeasureSection(
        key="positions",
        title=gettext_lazy("Roles this measure needs"),
        template_name="positions/_measure_section.html",
        context={
            "measure": measure,
            "needs": selectors.measure_needs(measure=measure, language=content_language()),
        },
    )


def staff_capacity(strategy) -> StaffCapacity | None:
    """The roadmap's staff capacity derived from existing and planned posts (None: no posts)."""
    organisation = strategy.organisation
    fte = selectors.staff_fte_by_year(organisation=organisation, years=strategy.years)
    if not any(fte.values()):
        return None
    settings = selectors.position_settings(organisation=organisation)
    days = selectors.staff_capacity(strategy=strategy)
    return StaffCapacity(
        key="positions",
        by_year=days,
        template_name="positions/_capacity.html",
        context={
            "rows": [(year, fte[year].normalize() + 0, days[year]) for year in strategy.years],
            "person_days_per_fte": settings.person_days_per_fte,
        },
    )


def planned_posts_blocks(strategy, language: str) -> list:
    """The strategy document's section on the posts the strategy needs."""
    lines = selectors.planned_posts_for_strategy(strategy=strategy, language=language)
    if not lines:
        return []
    with translation.override(language):
        return [
            Heading(gettext("Planned posts"), 1),
            Paragraph(
                gettext(
                    "The posts the measures need and the posts already planned for them, by "
                    "the year they start in (from the job descriptions)."
                )
            ),
            Table(
                columns=[
                    Column(gettext("Year"), width=1),
                    Column(gettext("Post or role"), width=4),
                    Column(gettext("Measure"), width=1),
                    Column(gettext("FTE"), NumberFormat.DECIMAL, decimals=2, width=1),
                ],
                rows=[
                    [str(year) if year else "–", title, code or "–", fte]
                    for year, title, code, fte in lines
                ],
            ),
        ]
