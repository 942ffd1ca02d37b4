"""What the procurement module adds to a strategy measure's page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kommunalkompass.strategy.extensions import MeasureSection

from .selectors import measure_procurements


def measure_section(measure, user) -> MeasureSection | None:
    """The procurements serving the measure, linked (one query); for those who may see them."""
    if not user.has_perm("procurement.view_procurements", measure.organisation):
        return None
    procurements = measure_procurements(measure=measure)
    return MeasureSection(
        key="procurement",
        title=_("Procurements"),
        template_name="procurement/_measure_section.html",
        context={
            "procurements": procurements,
            "slug": measure.organisation.slug,
            "measure_id": measure.pk,
            "can_create": user.has_perm("procurement.manage_procurements", measure.organisation),
        },
    )
