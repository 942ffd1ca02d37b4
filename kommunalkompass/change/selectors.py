"""Reads of the change module, each page a fixed number of queries.

Private coaching notes are never read here for anybody but the coach and the coachee:
``session_notes`` is the one way to them.
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kommunalkompass.accounts.models import User
from kommunalkompass.assessments.models import Assessment
from kommunalkompass.assessments.selectors import assessment_results
from kommunalkompass.organisations.models import Department, Organisation

from .models import (
    ActionItem,
    CoachingSession,
    CommunicationItem,
    Initiative,
    Pulse,
    Risk,
    Stakeholder,
    StakeholderAssessment,
)
from .readiness import PulseFigures, pulse_figures, readiness_actions


def person_name(user: User | None) -> str:
    """A user's name as shown in the module (full name, else the e-mail address)."""
    if user is None:
        return ""
    return user.display_name


def member_choices(*, organisation: Organisation) -> QuerySet[User]:
    """The organisation's members: who may own an item, coach or be coached."""
    return User.objects.filter(memberships__organisation=organisation).order_by("email")


# Initiatives -----------------------------------------------------------------------------


def initiative_list(*, organisation: Organisation) -> QuerySet[Initiative]:
    """The initiatives with their checklist progress and open risks."""
    return (
        Initiative.objects.for_organisation(organisation)
        .select_related("owner")
        .annotate(
            steps_done=Count("steps", filter=Q(steps__done=True), distinct=True),
            open_risks=Count("risks", filter=Q(risks__status=Risk.Status.OPEN), distinct=True),
        )
        .order_by("title", "pk")
    )


def initiative_detail(*, initiative: Initiative) -> Initiative:
    """The initiative with steps, risks and measures prefetched."""
    return (
        Initiative.objects.filter(pk=initiative.pk)
        .select_related("owner")
        .prefetch_related(
            "steps",
            Prefetch("risks", queryset=Risk.objects.select_related("owner").order_by("pk")),
            "measures",
        )
        .get()
    )


# Stakeholders ----------------------------------------------------------------------------


def stakeholder_list(
    *, organisation: Organisation, initiative: Initiative | None = None, pk: int | None = None
) -> list[Stakeholder]:
    """The stakeholders (of one initiative, if given) with their history, oldest first."""
    queryset = (
        Stakeholder.objects.for_organisation(organisation)
        .select_related("owner", "department", "initiative")
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=StakeholderAssessment.objects.order_by("assessed_on", "created_at", "pk"),
            ),
            "measures",
        )
    )
    if initiative is not None:
        queryset = queryset.filter(initiative=initiative)
    if pk is not None:
        queryset = queryset.filter(pk=pk)
    return list(queryset)


@dataclass(frozen=True)
class GridPoint:
    number: int
    stakeholder: Stakeholder
    power: int
    interest: int
    previous: tuple[int, int] | None  # (power, interest) of the assessment before

    @property
    def moved(self) -> bool:
        return self.previous is not None and self.previous != (self.power, self.interest)


def stakeholder_grid(stakeholders: list[Stakeholder]) -> list[GridPoint]:
    """Each stakeholder's current position and, when re-assessed, the one before (the
    grid draws an arrow from it). Uses the prefetched history."""
    points = []
    for number, person in enumerate(stakeholders, 1):
        history = list(person.assessments.all())
        previous = (history[-2].power, history[-2].interest) if len(history) >= 2 else None
        points.append(GridPoint(number, person, person.power, person.interest, previous))
    return points


# Pulses ----------------------------------------------------------------------------------


def pulse_list(*, organisation: Organisation) -> QuerySet[Pulse]:
    """The pulses, oldest first, with their assessment and submitted respondents."""
    return (
        Pulse.objects.for_organisation(organisation)
        .select_related("assessment", "initiative", "department")
        .annotate(
            respondents=Count(
                "assessment__responses",
                filter=Q(assessment__responses__submitted_on__isnull=False),
            )
        )
        .order_by("created_at", "pk")
    )


def _department_names(organisation: Organisation) -> dict[int, str]:
    return dict(Department.objects.for_organisation(organisation).values_list("pk", "name"))


def pulse_results(
    *, pulse: Pulse, language: str, department_names: dict[int, str] | None = None
) -> PulseFigures:
    """What may be shown of one pulse (``readiness.pulse_figures``)."""
    assessment = pulse.assessment
    names = {d.key: d.name.get(language) for d in assessment.model.dimensions}
    if department_names is None:
        department_names = _department_names(pulse.organisation)
    return pulse_figures(
        assessment_results(assessment=assessment),
        names=names,
        department_names=department_names,
    )


@dataclass
class TrendSeries:
    """The pulses of one scope (an initiative or a department), oldest first."""

    label: str
    initiative: Initiative | None
    department: Department | None
    pulses: list[tuple[Pulse, PulseFigures]] = field(default_factory=list)

    @property
    def element_names(self) -> list[str]:
        return [e.name for e in self.pulses[0][1].elements] if self.pulses else []

    @property
    def rows(self) -> list[dict[str, Any]]:
        """Per element: its name and its shown score in each pulse (None where hidden)."""
        if not self.pulses:
            return []
        first = self.pulses[0][1]
        return [
            {
                "key": element.key,
                "name": element.name,
                "scores": [figures.elements[index].score for _pulse, figures in self.pulses],
            }
            for index, element in enumerate(first.elements)
        ]

    @property
    def latest(self) -> tuple[Pulse, PulseFigures] | None:
        """The latest pulse with figures that may be shown."""
        shown = [(p, f) for p, f in self.pulses if not f.suppressed]
        return shown[-1] if shown else None


@dataclass(frozen=True)
class Weakest:
    name: str
    score: float
    actions: list[str]


def readiness_trend(*, organisation: Organisation, language: str) -> list[TrendSeries]:
    """Per initiative and per department with pulses: the scores per element over its
    pulses. A query per pulse for its results (a handful per organisation)."""
    department_names = _department_names(organisation)
    series: dict[tuple, TrendSeries] = {}
    for pulse in pulse_list(organisation=organisation):
        if pulse.assessment.status == Assessment.Status.DRAFT:
            continue
        key = ("i", pulse.initiative_id) if pulse.initiative_id else ("d", pulse.department_id)
        if key not in series:
            label = str(pulse.initiative) if pulse.initiative else str(pulse.department)
            series[key] = TrendSeries(label, pulse.initiative, pulse.department)
        figures = pulse_results(pulse=pulse, language=language, department_names=department_names)
        series[key].pulses.append((pulse, figures))
    return list(series.values())


def weakest_element(series: TrendSeries, *, language: str) -> Weakest | None:
    """The weakest element of the series' latest shown pulse, with suggested actions."""
    latest = series.latest
    if latest is None:
        return None
    element = latest[1].weakest()
    if element is None or element.score is None:
        return None
    actions = readiness_actions().elements.get(element.key, ())
    return Weakest(element.name, element.score, [a.get(language) for a in actions])


# Communication plan ---------------------------------------------------------------------


def communication_list(*, organisation: Organisation) -> QuerySet[CommunicationItem]:
    """The communication plan by date."""
    return (
        CommunicationItem.objects.for_organisation(organisation)
        .select_related("owner", "initiative")
        .order_by("date", "pk")
    )


@dataclass(frozen=True)
class CalendarMonth:
    month: datetime.date
    weeks: list[list[tuple[datetime.date | None, list[CommunicationItem]]]]


def communication_calendar(items: list[CommunicationItem]) -> list[CalendarMonth]:
    """The months that have entries, as weeks (Monday first) of days with their entries."""
    by_day: dict[datetime.date, list[CommunicationItem]] = defaultdict(list)
    for item in items:
        by_day[item.date].append(item)
    months = sorted({day.replace(day=1) for day in by_day})
    result = []
    for month in months:
        weeks = []
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month):
            weeks.append(
                [
                    (day, by_day.get(day, [])) if day.month == month.month else (None, [])
                    for day in week
                ]
            )
        result.append(CalendarMonth(month, weeks))
    return result


# Coaching --------------------------------------------------------------------------------


def coaching_session_list(*, organisation: Organisation) -> QuerySet[CoachingSession]:
    """Sessions, newest first, with coach, coachee and actions — without their notes."""
    return (
        CoachingSession.objects.for_organisation(organisation)
        .defer("private_notes")
        .select_related("coach", "coachee", "initiative")
        .prefetch_related(Prefetch("actions", queryset=ActionItem.objects.select_related("owner")))
        .order_by("-date", "-pk")
    )


def session_notes(*, session: CoachingSession, user: Any) -> str | None:
    """The private notes for the coach or the coachee; None for anybody else (admins
    included), so that a caller cannot show them by mistake."""
    if not session.is_participant(user):
        return None
    return (
        CoachingSession.objects.filter(pk=session.pk).values_list("private_notes", flat=True).get()
    )


@dataclass(frozen=True)
class PersonActions:
    name: str
    open: list[ActionItem]
    overdue: int


def open_actions_by_person(
    *, organisation: Organisation, today: datetime.date
) -> list[PersonActions]:
    """The open action items, per owner (those without one last), due first."""
    items = (
        ActionItem.objects.for_organisation(organisation)
        .filter(status=ActionItem.Status.OPEN)
        .select_related("owner", "session")
        .order_by("due", "pk")
    )
    by_owner: dict[int | None, list[ActionItem]] = defaultdict(list)
    for item in items:
        by_owner[item.owner_id].append(item)
    rows = []
    for owner_id, owned in by_owner.items():
        name = person_name(owned[0].owner) if owner_id else _("Without owner")
        overdue = sum(1 for item in owned if item.due and item.due < today)
        rows.append((owner_id is None, name.lower(), PersonActions(name, owned, overdue)))
    return [row for *_key, row in sorted(rows, key=lambda r: (r[0], r[1]))]


def due_action_items(*, today: datetime.date) -> QuerySet[ActionItem]:
    """Open actions due today or earlier that have had no reminder since they fell due,
    across organisations (the reminder task), with an owner to write to."""
    return (
        ActionItem.objects.filter(
            status=ActionItem.Status.OPEN, due__lte=today, owner__isnull=False
        )
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=F("due")))
        .select_related("owner", "organisation", "session")
        .order_by("organisation_id", "owner_id", "due", "pk")
    )


# Overview, phase facts, measure section ---------------------------------------------------


@dataclass(frozen=True)
class Overview:
    initiatives: int
    stakeholders: int
    resistant: int
    pulses: int
    communications_planned: int
    open_actions: int


def overview(*, organisation: Organisation) -> Overview:
    """Counts for the module's start page and the Ablaufplan (a query per kind)."""
    stakeholders = Stakeholder.objects.for_organisation(organisation).aggregate(
        total=Count("pk"), resistant=Count("pk", filter=Q(attitude="resistant"))
    )
    return Overview(
        initiatives=Initiative.objects.for_organisation(organisation).count(),
        stakeholders=stakeholders["total"],
        resistant=stakeholders["resistant"],
        pulses=Pulse.objects.for_organisation(organisation).count(),
        communications_planned=CommunicationItem.objects.for_organisation(organisation)
        .filter(status=CommunicationItem.Status.PLANNED)
        .count(),
        open_actions=ActionItem.objects.for_organisation(organisation)
        .filter(status=ActionItem.Status.OPEN)
        .count(),
    )


def phase_facts(organisation: Organisation) -> list[str]:
    """The change facts for the Ablaufplan's implementation phase."""
    counts = overview(organisation=organisation)
    if not (counts.initiatives or counts.stakeholders or counts.pulses):
        return []
    return [
        ngettext(
            "Change: %(count)d initiative", "Change: %(count)d initiatives", counts.initiatives
        )
        % {"count": counts.initiatives},
        ngettext(
            "%(count)d stakeholder in the register",
            "%(count)d stakeholders in the register",
            counts.stakeholders,
        )
        % {"count": counts.stakeholders},
        ngettext("%(count)d readiness pulse", "%(count)d readiness pulses", counts.pulses)
        % {"count": counts.pulses},
        ngettext(
            "%(count)d open coaching action",
            "%(count)d open coaching actions",
            counts.open_actions,
        )
        % {"count": counts.open_actions},
    ]


def measure_stakeholders(*, measure: Any) -> list[Stakeholder]:
    """The stakeholders linked to a strategy measure (one query)."""
    return list(
        Stakeholder.objects.filter(organisation_id=measure.organisation_id, measures=measure)
        .select_related("owner")
        .order_by("name", "pk")
    )


def measure_section(measure: Any, user: Any) -> Any:
    """The stakeholders of a strategy measure, for its page (one query); None without any."""
    from kommunalkompass.strategy.extensions import MeasureSection

    stakeholders = measure_stakeholders(measure=measure)
    if not stakeholders:
        return None
    return MeasureSection(
        key="change",
        title=_("Stakeholders"),
        template_name="change/_measure_stakeholders.html",
        context={"stakeholders": stakeholders},
    )
