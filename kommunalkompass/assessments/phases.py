"""Journey phases 2 (Quick-Check & Reifegrad) and 5 (erneute Messung), from the assessments."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kommunalkompass.organisations.journey import PhaseReport, PhaseState

from .maturity import QUICK_CHECK_MODEL
from .models import Assessment


def _status_counts(organisation) -> dict[str, int]:
    return Assessment.objects.filter(organisation=organisation).aggregate(
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


def reassessment_phase(organisation) -> PhaseReport:
    """Done when a second assessment has been closed after the first."""
    counts = _status_counts(organisation)
    url = reverse("assessments:list", args=[organisation.slug])
    if counts["closed"] >= 2:
        return PhaseReport(
            state=PhaseState.DONE,
            summary=_("A later assessment shows the progress against the first."),
            next_step_label=_("Compare the assessments"),
            next_step_url=reverse("assessments:compare", args=[organisation.slug]),
        )
    if counts["closed"] == 1 and (counts["open"] or counts["draft"]):
        return PhaseReport(
            state=PhaseState.IN_PROGRESS,
            summary=_("The re-assessment is being prepared or answered."),
            next_step_label=_("Go to the assessments"),
            next_step_url=url,
        )
    return PhaseReport(
        state=PhaseState.NOT_STARTED,
        summary=_("Measure again once measures have taken effect, for example after a year."),
    )
