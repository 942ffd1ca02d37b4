"""What the positions module adds to the strategy's pages (through strategy.extensions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kommunalkompass.core.language import content_language
from kommunalkompass.strategy.extensions import MeasureSection

from . import selectors


def measure_section(measure, user) -> MeasureSection | None:
    """The roles a measure needs and the posts planned for them (two queries)."""
    if not user.has_perm("positions.view_posts", measure.organisation):
        return None
    return MeasureSection(
        key="positions",
        title=_("Roles this measure needs"),
        template_name="positions/_measure_section.html",
        context={
            "measure": measure,
            "needs": selectors.measure_needs(measure=measure, language=content_language()),
        },
    )
