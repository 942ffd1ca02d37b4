"""The state of journey phase 1 (Einrichtung), derived from the organisation's data."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .journey import PhaseReport, PhaseState
from .selectors import organisation_counts, organisation_size_counts


def setup_phase(organisation) -> PhaseReport:
    """Done once the organisation has at least one department and a team of two or more."""
    counts = organisation_counts(organisation=organisation)
    facts = [
        ngettext("%(count)d member", "%(count)d members", counts["members"])
        % {"count": counts["members"]},
        ngettext("%(count)d department", "%(count)d departments", counts["departments"])
        % {"count": counts["departments"]},
    ]
    if counts["open_invitations"]:
        facts.append(
            ngettext(
                "%(count)d open invitation",
                "%(count)d open invitations",
                counts["open_invitations"],
            )
            % {"count": counts["open_invitations"]}
        )
    if counts["departments"] == 0:
        return PhaseReport(
            state=PhaseState.IN_PROGRESS,
            summary=_("Add the departments of the organisation."),
            next_step_label=_("Add departments"),
            next_step_url=reverse("organisations:departments", args=[organisation.slug]),
            facts=facts,
        )
    if counts["members"] < 2:
        return PhaseReport(
            state=PhaseState.IN_PROGRESS,
            summary=_("Invite the team that works on the digital transformation."),
            next_step_label=_("Invite the team"),
            next_step_url=reverse("organisations:members", args=[organisation.slug]),
            facts=facts,
        )
    return PhaseReport(
        state=PhaseState.DONE,
        summary=_("The organisation, its departments and its team are set up."),
        next_step_label=_("Review the team"),
        next_step_url=reverse("organisations:members", args=[organisation.slug]),
        facts=facts,
    )


def setup_states(organisations) -> dict[int, PhaseState]:
    """``setup_phase``'s state for many organisations (two queries)."""
    counts = organisation_size_counts(organisations=organisations)
    return {
        organisation.pk: (
            PhaseState.DONE
            if counts[organisation.pk]["departments"] and counts[organisation.pk]["members"] >= 2
            else PhaseState.IN_PROGRESS
        )
        for organisation in organisations
    }
