"""What the OZG module contributes to the portfolio at ``/o/``: the share of relevant
services online, counted as ``selectors.headline`` counts it (the national rule, level 2
or more), for many organisations in one query."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kommunalkompass.core.language import content_language
from kommunalkompass.documents.formatting import format_percent
from kommunalkompass.documents.model import NumberFormat
from kommunalkompass.organisations.models import Organisation
from kommunalkompass.organisations.portfolio import PortfolioCell, register_portfolio_column

from .levels import COMPLIANT_LEVEL, ONLINE_LEVEL
from .models import ServiceState
from .selectors import Headline


def headlines(organisations: list[Organisation]) -> dict[int, Headline]:
    """``selectors.headline`` of each organisation that tracks services (one query)."""
    rows = (
        ServiceState.objects.filter(organisation__in=organisations, relevant=True)
        .values("organisation_id")
        .annotate(
            relevant=Count("pk"),
            online=Count("pk", filter=Q(level__gte=ONLINE_LEVEL)),
            compliant=Count("pk", filter=Q(level__gte=COMPLIANT_LEVEL)),
        )
        .order_by()
    )
    return {
        row["organisation_id"]: Headline(
            relevant=row["relevant"], online_national=row["online"], compliant=row["compliant"]
        )
        for row in rows
    }


def ozg_column(organisations: list[Organisation]) -> dict[int, PortfolioCell]:
    """The share online of each organisation with relevant services (one query)."""
    slugs = {organisation.pk: organisation.slug for organisation in organisations}
    cells = {}
    for pk, headline in headlines(organisations).items():
        share = headline.share_online
        if share is None:
            continue
        cells[pk] = PortfolioCell(
            value=share,
            text=format_percent(share, language=content_language()),
            detail=_("%(online)d of %(relevant)d")
            % {"online": headline.online_national, "relevant": headline.relevant},
            url=reverse("ozg:dashboard", args=[slugs[pk]]),
        )
    return cells


def register_portfolio() -> None:
    """Called by ``OzgConfig.ready()``: the OZG column of the portfolio."""
    register_portfolio_column(
        "ozg_online",
        gettext_lazy("OZG services online"),
        ozg_column,
        order=40,
        number_format=NumberFormat.PERCENT,
    )
