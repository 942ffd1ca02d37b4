"""Journey phases 3 (Vision & strategy), 4 (Implementation) and 5 (Re-assessment), from the
strategy: its measures, and the assessments it starts from (docs/strategy.md, "Ablaufplan").

The measure figures come from ``selectors.measure_tally``, the same counts the strategy
pages, the implementation dashboard, its API answer and the strategy document show.
"""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kommunalkompass.assessments.models import Assessment
from kommunalkompass.assessments.selectors import maturity_assessments
from kommunalkompass.organisations.journey import PhaseReport, PhaseState

from .models import Strategy
from .selectors import MeasureTally, measure_tally


def _current(organisation) -> Strategy | None:
    return Strategy.objects.filter(organisation=organisation, is_current=True).first()


def measure_facts(tally: MeasureTally) -> list[str]:
    """What the strategy's measures are: in total, to be implemented, ideas, dropped."""
    facts = [
        ngettext("%(count)d measure in total", "%(count)d measures in total", tally.total)
        % {"count": tally.total}
    ]
    if tally.total:
        facts.append(
            _("%(count)d of them to be implemented (planned, in progress or completed)")
            % {"count": tally.to_implement}
        )
    if tally.ideas:
        facts.append(
            ngettext(
                "%(count)d idea, not yet planned", "%(count)d ideas, not yet planned", tally.ideas
            )
            % {"count": tally.ideas}
        )
    if tally.dropped:
        facts.append(_("%(count)d dropped") % {"count": tally.dropped})
    return facts


def implementation_fact(tally: MeasureTally) -> str:
    """How far the measures to be implemented are, saying what is not counted."""
    return ngettext(
        "%(done)d of %(total)d measure to be implemented completed, %(running)d in progress "
        "(ideas and dropped measures are not counted)",
        "%(done)d of %(total)d measures to be implemented completed, %(running)d in progress "
        "(ideas and dropped measures are not counted)",
        tally.to_implement,
    ) % {"done": tally.done, "total": tally.to_implement, "running": tally.in_progress}


def strategy_phase(organisation) -> PhaseReport:
    """Done when the current strategy is agreed; in progress while it is drafted."""
    strategy = _current(organisation)
    url = reverse("strategy:home", args=[organisation.slug])
    if strategy is None:
        return PhaseReport(
            state=PhaseState.NOT_STARTED,
            summary=gettext_lazy("Turn the maturity results into a vision, goals and measures."),
            next_step_label=gettext_lazy("Start the strategy"),
            next_step_url=url,
        )
    facts = measure_facts(measure_tally(strategy=strategy))
    if strategy.status == Strategy.Status.AGREED:
        return PhaseReport(
            state=PhaseState.DONE,
            summary=gettext_lazy("The strategy has been agreed."),
            next_step_label=gettext_lazy("Open the strategy"),
            next_step_url=url,
            facts=facts,
        )
    return PhaseReport(
        state=PhaseState.IN_PROGRESS,
        summary=gettext_lazy("The strategy is being drafted or revised."),
        next_step_label=gettext_lazy("Continue the strategy"),
        next_step_url=url,
        facts=facts,
    )


def implementation_phase(organisation) -> PhaseReport:
    """In progress once a measure to be implemented has started; done when all of them are
    completed (ideas and dropped measures do not count)."""
    strategy = _current(organisation)
    tally = measure_tally(strategy=strategy) if strategy else None
    url = reverse("strategy:measures", args=[organisation.slug])
    facts = [implementation_fact(tally)] if tally and tally.to_implement else []
    if tally and tally.to_implement and tally.done == tally.to_implement:
        return PhaseReport(
            state=PhaseState.DONE,
            summary=gettext_lazy("Every measure to be implemented has been completed."),
            next_step_label=gettext_lazy("See the measures"),
            next_step_url=url,
            facts=facts,
        )
    if tally and (tally.in_progress or tally.done):
        return PhaseReport(
            state=PhaseState.IN_PROGRESS,
            summary=gettext_lazy("Measures of the strategy are being carried out."),
            next_step_label=gettext_lazy("Track the measures"),
            next_step_url=url,
            facts=facts,
        )
    return PhaseReport(
        state=PhaseState.NOT_STARTED,
        summary=gettext_lazy("Implementation starts with the first measure of the strategy."),
        next_step_label=gettext_lazy("See the measures") if tally and tally.total else "",
        next_step_url=url if tally and tally.total else "",
        facts=facts,
    )


def _day(moment) -> str:
    return date_format(localtime(moment), "SHORT_DATE_FORMAT")


def reassessment_phase(organisation) -> PhaseReport:
    """Done when an assessment closed after the current strategy's starting point: the
    latest closing of the closed assessments the strategy starts from, or, where it names
    none, the day the strategy was created. The starting assessments themselves never
    count, however many there are. In progress while another assessment is drafted or
    open; not started without a strategy (four queries at most)."""
    strategy = _current(organisation)
    if strategy is None:
        return PhaseReport(
            state=PhaseState.NOT_STARTED,
            summary=gettext_lazy(
                "Once the strategy's measures have taken effect, a new assessment shows what "
                "has changed."
            ),
        )
    starting = list(
        strategy.assessments.filter(status=Assessment.Status.CLOSED)
        .order_by("-closed_at", "-pk")
        .only("pk", "title", "closed_at")
    )
    baseline = starting[0] if starting else None
    since = baseline.closed_at if baseline else strategy.created_at
    fact = (
        _("Starting point: “%(title)s”, closed on %(date)s")
        % {"title": baseline.title, "date": _day(baseline.closed_at)}
        if baseline
        else _("Starting point: the strategy, begun on %(date)s")
        % {"date": _day(strategy.created_at)}
    )
    # Maturity assessments only: a change module's readiness pulse is no re-assessment.
    others = (
        maturity_assessments()
        .filter(organisation=organisation)
        .exclude(pk__in=[a.pk for a in starting])
    )
    later = (
        others.filter(status=Assessment.Status.CLOSED, closed_at__gt=since)
        .order_by("-closed_at", "-pk")
        .first()
    )
    if later is not None:
        if baseline is not None:
            compare = reverse("assessments:compare", args=[organisation.slug])
            return PhaseReport(
                state=PhaseState.DONE,
                summary=_(
                    "“%(later)s”, closed on %(date)s, shows the progress against “%(earlier)s”."
                )
                % {"later": later.title, "date": _day(later.closed_at), "earlier": baseline.title},
                next_step_label=gettext_lazy("Compare the assessments"),
                next_step_url=f"{compare}?earlier={baseline.pk}&later={later.pk}",
                facts=[fact],
            )
        return PhaseReport(
            state=PhaseState.DONE,
            summary=_("“%(later)s” was closed on %(date)s, after the strategy began.")
            % {"later": later.title, "date": _day(later.closed_at)},
            next_step_label=gettext_lazy("See the results"),
            next_step_url=reverse("assessments:results", args=[organisation.slug, later.pk]),
            facts=[fact],
        )
    running = (
        others.filter(status__in=[Assessment.Status.DRAFT, Assessment.Status.OPEN])
        .order_by("-created_at", "-pk")
        .first()
    )
    if running is not None:
        return PhaseReport(
            state=PhaseState.IN_PROGRESS,
            summary=(
                _(
                    "“%(title)s” is being prepared or answered; once closed, it shows the "
                    "progress against “%(earlier)s”."
                )
                % {"title": running.title, "earlier": baseline.title}
                if baseline
                else _("“%(title)s” is being prepared or answered.") % {"title": running.title}
            ),
            next_step_label=gettext_lazy("Go to the assessments"),
            next_step_url=reverse("assessments:detail", args=[organisation.slug, running.pk]),
            facts=[fact],
        )
    return PhaseReport(
        state=PhaseState.NOT_STARTED,
        summary=gettext_lazy(
            "Measure again once measures have taken effect, for example after a year."
        ),
        next_step_label=gettext_lazy("Prepare the re-assessment"),
        next_step_url=reverse("assessments:create", args=[organisation.slug]),
        facts=[fact],
    )
