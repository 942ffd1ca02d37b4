"""Journey phases 3 (Vision & strategy) and 4 (Implementation), from the strategy."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kommunalkompass.organisations.journey import PhaseReport, PhaseState

from .models import Measure, Strategy


def strategy_phase(organisation) -> PhaseReport:
    """Done when the current strategy is agreed; in progress while it is drafted."""
    strategy = Strategy.objects.filter(organisation=organisation, is_current=True).first()
    url = reverse("strategy:home", args=[organisation.slug])
    if strategy is None:
        return PhaseReport(
            state=PhaseState.NOT_STARTED,
            summary=_("Turn the maturity results into a vision, goals and measures."),
            next_step_label=_("Start the strategy"),
            next_step_url=url,
        )
    facts = [
        ngettext("%(count)d measure", "%(count)d measures", count) % {"count": count}
        for count in [strategy.measures.count()]
    ]
    if strategy.status == Strategy.Status.AGREED:
        return PhaseReport(
            state=PhaseState.DONE,
            summary=_("The strategy has been agreed."),
            next_step_label=_("Open the strategy"),
            next_step_url=url,
            facts=facts,
        )
    return PhaseReport(
        state=PhaseState.IN_PROGRESS,
        summary=_("The strategy is being drafted or revised."),
        next_step_label=_("Continue the strategy"),
        next_step_url=url,
        facts=facts,
    )


def implementation_phase(organisation) -> PhaseReport:
    """In progress while measures of the current strategy run; done when all are finished."""
    measures = Measure.objects.filter(organisation=organisation, strategy__is_current=True)
    statuses = list(measures.values_list("status", flat=True))
    url = reverse("strategy:measures", args=[organisation.slug])
    active = [s for s in statuses if s != Measure.Status.DROPPED]
    done = sum(s == Measure.Status.DONE for s in active)
    running = sum(s == Measure.Status.IN_PROGRESS for s in active)
    facts = [
        _("%(done)d of %(total)d measures completed") % {"done": done, "total": len(active)}
    ] if active else []  # fmt: skip
    if active and done == len(active):
        return PhaseReport(
            state=PhaseState.DONE,
            summary=_("Every measure of the strategy has been completed."),
            next_step_label=_("See the measures"),
            next_step_url=url,
            facts=facts,
        )
    if running or done:
        return PhaseReport(
            state=PhaseState.IN_PROGRESS,
            summary=_("Measures of the strategy are being carried out."),
            next_step_label=_("Track the measures"),
            next_step_url=url,
            facts=facts,
        )
    return PhaseReport(
        state=PhaseState.NOT_STARTED,
        summary=_("Implementation starts with the first measure of the strategy."),
        next_step_label=_("See the measures") if active else "",
        next_step_url=url if active else "",
        facts=facts,
    )
