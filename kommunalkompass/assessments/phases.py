"""Journey phase 2 (Quick-Check & Reifegrad), from the assessments. Phase 5 (erneute
Messung) depends on the strategy's starting point and is reported by ``strategy.phases``."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kommunalkompass.organisations.journey import PhaseReport, PhaseState

from .maturity import QUICK_CHECK_MODEL, maturity_idents
from .models import Assessment


def _status_counts(organisation) -> dict[str, int]:
    return Assessment.objects.filter(
        organisation=organisation, model_ident__in=maturity_idents()
    ).aggregate(
        draft=Count("id", filter=Q(status=Assessment.Status.DRAFT)),
        open=Count("id", filter=Q(status=Assessment.Status.OPEN)),
        closed=Count("id", filter=Q(status=Assessment.Status.CLOSED)),
    )


def assessment_phase(organisation) -> PhaseReport:
    """Done when an assessment is closed; in progress while one is drafted or open."""
    counts = _status_counts(organisation)
    url = reverse("assessments:list", args=[organisation.slug])
    facts = [
        ngettext("%(count)d closed assessment", "%(count)d closed assessments", counts["closed"])
        % {"count": counts["closed"]}
    ]
    if counts["closed"]:
        return PhaseReport(
            state=PhaseState.DONE,
            summary=_("The maturity of the organisation has been measured."),
            next_step_label=_("See the results"),
            next_step_url=url,
            facts=facts,
        )
    if counts["open"] or counts["draft"]:
        return PhaseReport(
            state=PhaseState.IN_PROGRESS,
            summary=_("An assessment is being prepared or answered."),
            next_step_label=_("Go to the assessments"),
            next_step_url=url,
            facts=facts,
        )
    return PhaseReport(
        state=PhaseState.NOT_STARTED,
        summary=_("Start with the Quick-Check: about 10 minutes for each respondent."),
        next_step_label=_("Start a Quick-Check"),
        next_step_url=reverse("assessments:create", args=[organisation.slug])
        + f"?model={QUICK_CHECK_MODEL}",
        facts=facts,
    )
