"""Demo data of the strategy app: Musterstadt's agreed digital strategy (published at
``/p/musterstadt/``), Beispielhausen's draft (not published).

The content is data: one file per strategy, ``strategy/data/demo-<organisation>.yaml``,
described by ``DemoStrategy`` below and checked when it is read (``load_demo_file``): a
broken file fails with a ``ContentError`` that names the file, the entry and the fault.
It is written through the services, so it passes the same checks as anything a user
enters. Measures refer to fields, goals and earlier measures by key; a measure can depend
on earlier measures only. The roadmap (``planned_quarter``) is left to the scheduler.
"""

from __future__ import annotations

import contextlib
import datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

from django.db import transaction
from django.utils import translation
from pydantic import Field, model_validator

from kommunalkompass.accounts.models import User
from kommunalkompass.assessments.maturity import recommendations
from kommunalkompass.assessments.models import Assessment
from kommunalkompass.core.content import Content, ContentError, Text, duplicate_values, load_content
from kommunalkompass.organisations.models import Department, Membership, Organisation, Role

from . import services
from .content import DATA_DIR, DimensionKey
from .models import FieldOfAction, Goal, Measure, Strategy

# The demo strategies, loaded in this order (Musterstadt first: the OZG demo builds on it).
DEMO_FILES = ("demo-musterstadt.yaml", "demo-beispielhausen.yaml")

MeasureStatus = Literal[tuple(Measure.Status.values)]  # type: ignore[valid-type]
StrategyStatus = Literal[tuple(Strategy.Status.values)]  # type: ignore[valid-type]
PriorityLevel = Literal[tuple(Measure.Priority.values)]  # type: ignore[valid-type]
Score = Annotated[int, Field(ge=0, le=5)]


# Schema ----------------------------------------------------------------------------------------


class DemoField(Content):
    """A field of action, with the maturity dimensions it draws on."""

    key: Text
    name: Text
    dimensions: tuple[DimensionKey, ...] = Field(min_length=1)
    description: str = ""


class Point(Content):
    """An indicator's baseline or target: a value on a date."""

    date: datetime.date
    value: Decimal


class Reading(Content):
    """A measured value; without a source, the indicator's source."""

    date: datetime.date
    value: Decimal
    source: Text | None = None


class DemoIndicator(Content):
    name: Text
    unit: str = ""
    direction: Literal["increase", "decrease"]
    baseline: Point
    target: Point
    source: Text
    values: tuple[Reading, ...] = ()


class DemoGoal(Content):
    """A goal in a field of action (by key), with one indicator."""

    key: Text
    field: Text
    title: Text
    description: str = ""
    indicator: DemoIndicator


class Cost(Content):
    """Euro: once, and each year the measure runs."""

    one_time: Decimal = Field(ge=0)
    annual: Decimal = Field(ge=0)


class Benefit(Content):
    """Scores 0–5 of the benefit criteria."""

    citizens: Score
    staff: Score
    efficiency: Score
    legal: Score
    goals: Score


class Priority(Content):
    """A priority set by hand, with its reason."""

    level: PriorityLevel
    reason: Text


class Report(Content):
    """A status report; ``spent``: euro spent since the last report."""

    date: datetime.date
    status: MeasureStatus
    progress: int = Field(ge=0, le=100)
    spent: Decimal | None = Field(default=None, ge=0)
    comment: str = ""


class DemoMeasure(Content):
    """A measure, numbered in the order of the file.

    Either it has its own ``title`` and ``description``, or it ``adopt``s a recommendation
    of the assessment (by key: title and text come from the recommendation, ``note`` is
    added to the text). ``after``: the keys of earlier measures it depends on. ``duration``
    in quarters, ``person_days`` per year. A measure with ``reports`` starts as planned and
    its reports take it to where it stands: the last one has its status and ``progress``.
    """

    key: Text
    title: Text | None = None
    description: Text | None = None
    adopt: Text | None = None
    note: Text | None = None
    fields: tuple[Text, ...] = ()
    goals: tuple[Text, ...] = ()
    lead: Text
    lead_person: str = ""
    participants: str = ""
    duration: int = Field(ge=1)
    cost: Cost
    funding: str = ""
    benefit: Benefit
    effort: int = Field(ge=1, le=5)
    risk: int = Field(ge=1, le=5)
    person_days: int = Field(ge=0)
    after: tuple[Text, ...] = ()
    earliest_start: datetime.date | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    status: MeasureStatus
    progress: int = Field(default=0, ge=0, le=100)
    priority: Priority | None = None
    reports: tuple[Report, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> DemoMeasure:
        if self.adopt is None and (self.title is None or self.description is None):
            raise ValueError(
                "a measure needs a title and a description, or a recommendation to adopt"
            )
        if self.adopt is not None and (self.title or self.description or not self.note):
            raise ValueError(
                "an adopted measure takes title and text from the recommendation: give a note, "
                "no title and no description"
            )
        if self.reports and (self.reports[-1].status, self.reports[-1].progress) != (
            self.status,
            self.progress,
        ):
            raise ValueError("the last report must have the measure's status and progress")
        return self


class Publication(Content):
    """The public strategy page ``/p/<slug>/``: published or not, and what it shows. Without
    it the strategy is not public (the default)."""

    published: bool
    show_costs: bool = False
    show_ozg: bool = False


class DemoStrategy(Content):
    """A demo strategy of the organisation ``organisation`` (its slug), built on its closed
    assessment ``assessment`` (by title). ``budgets`` (euro) and ``capacities`` (person-days)
    by year; ``roadmap``: compute the roadmap after loading."""

    organisation: Text
    title: Text
    start_year: int = Field(ge=2000, le=2100)
    horizon_years: int = Field(ge=1, le=10)
    assessment: Text | None = None
    roadmap: bool = False
    status: StrategyStatus
    agreed_on: datetime.date | None = None
    agreed_by: str = ""
    vision: Text
    principles: tuple[Text, ...] = ()
    foreword: str = ""
    publication: Publication | None = None
    budgets: dict[int, Decimal] = {}
    capacities: dict[int, int] = {}
    fields: tuple[DemoField, ...] = ()
    goals: tuple[DemoGoal, ...] = ()
    measures: tuple[DemoMeasure, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> DemoStrategy:
        if self.status == Strategy.Status.AGREED and not (self.agreed_on and self.agreed_by):
            raise ValueError("an agreed strategy needs agreed_on and agreed_by")
        years = set(range(self.start_year, self.start_year + self.horizon_years))
        outside = sorted((set(self.budgets) | set(self.capacities)) - years)
        if outside:
            raise ValueError(
                f"budgets and capacities are for the years of the horizon; not for {outside}"
            )
        return self


def _check_references(path: Path, demo: DemoStrategy) -> None:
    """Keys unique, and every key a goal or measure names defined (measures: earlier)."""
    for entry, what, keys in (
        ("fields", "field", [f.key for f in demo.fields]),
        ("goals", "goal", [g.key for g in demo.goals]),
        ("measures", "measure", [m.key for m in demo.measures]),
    ):
        duplicates = duplicate_values(keys)
        if duplicates:
            raise ContentError(path, entry, f"{what} keys must be unique: {', '.join(duplicates)}")
    fields = {f.key for f in demo.fields}
    goals = {g.key for g in demo.goals}
    for goal in demo.goals:
        if goal.field not in fields:
            raise ContentError(
                path, f"goals › {goal.key} › field", f"no field of action {goal.field!r}"
            )
    advice = recommendations()
    earlier: set[str] = set()
    for measure in demo.measures:
        where = f"measures › {measure.key}"
        for key in measure.fields:
            if key not in fields:
                raise ContentError(path, f"{where} › fields", f"no field of action {key!r}")
        for key in measure.goals:
            if key not in goals:
                raise ContentError(path, f"{where} › goals", f"no goal {key!r}")
        for key in measure.after:
            if key not in earlier:
                raise ContentError(
                    path, f"{where} › after", f"{key!r} is not a measure above this one"
                )
        if measure.adopt is not None:
            if advice.get(measure.adopt) is None:
                raise ContentError(path, f"{where} › adopt", f"no recommendation {measure.adopt!r}")
            if demo.assessment is None:
                raise ContentError(
                    path, "assessment", "measures adopt recommendations: name the assessment"
                )
        earlier.add(measure.key)


def load_demo_file(path: Path) -> DemoStrategy:
    """The demo strategy in ``path``; ``ContentError`` naming file, entry and fault."""
    demo = load_content(path, DemoStrategy)
    _check_references(path, demo)
    return demo


# Loader ----------------------------------------------------------------------------------------


def _values(path: Path, spec: DemoMeasure, departments: dict[str, Department]) -> dict:
    """The measure's own values, as the services take them."""
    if spec.lead not in departments:
        raise ContentError(
            path,
            f"measures › {spec.key} › lead",
            f"the organisation has no department {spec.lead!r}",
        )
    values = {
        "lead_department": departments[spec.lead],
        "lead_person": spec.lead_person,
        "participants": spec.participants,
        "duration_quarters": spec.duration,
        "one_time_cost": spec.cost.one_time,
        "annual_cost": spec.cost.annual,
        "funding_source": spec.funding,
        "benefit_citizens": spec.benefit.citizens,
        "benefit_staff": spec.benefit.staff,
        "benefit_efficiency": spec.benefit.efficiency,
        "benefit_legal": spec.benefit.legal,
        "benefit_goals": spec.benefit.goals,
        "effort": spec.effort,
        "risk": spec.risk,
        "person_days": spec.person_days,
        "earliest_start": spec.earliest_start,
        "start": spec.start,
        "end": spec.end,
    }
    if spec.priority is not None:
        values["priority_override"] = spec.priority.level
        values["priority_reason"] = spec.priority.reason
    return values


def _measure(
    path: Path,
    actor: User | None,
    strategy: Strategy,
    assessment: Assessment | None,
    spec: DemoMeasure,
    *,
    departments: dict[str, Department],
    fields: dict[str, FieldOfAction],
    goals: dict[str, Goal],
    measures: dict[str, Measure],
) -> Measure:
    relations = {
        "fields_of_action": [fields[key] for key in spec.fields],
        "goals": [goals[key] for key in spec.goals],
        "depends_on": [measures[key] for key in spec.after],
    }
    # A measure with reports starts as planned; its reports take it to where it stands.
    status = Measure.Status.PLANNED if spec.reports else spec.status
    if spec.adopt is not None:
        with translation.override("de"):
            measure = services.measure_adopt(
                actor=actor,
                strategy=strategy,
                assessment=assessment,
                recommendation_key=spec.adopt,
            )
        measure = services.measure_update(
            actor=actor,
            measure=measure,
            version=None,
            description=f"{measure.description}\n\n{spec.note}",
            status=status,
            **_values(path, spec, departments),
            **relations,
        )
    else:
        measure = services.measure_create(
            actor=actor,
            strategy=strategy,
            title=spec.title,
            description=spec.description,
            status=status,
            **_values(path, spec, departments),
            **relations,
        )
    for report in spec.reports:
        services.measure_report(
            actor=actor,
            measure=measure,
            status=report.status,
            progress=report.progress,
            spent=report.spent,
            comment=report.comment,
            reported_on=report.date,
        )
        measure.refresh_from_db()
    return measure


def _load(path: Path, spec: DemoStrategy) -> None:
    organisation = Organisation.objects.filter(slug=spec.organisation).first()
    if organisation is None:
        return
    membership = Membership.objects.filter(organisation=organisation, role=Role.ADMIN).first()
    actor = membership.user if membership else None
    Strategy.objects.filter(organisation=organisation, title=spec.title).delete()
    assessment = (
        Assessment.objects.filter(
            organisation=organisation, title=spec.assessment, status=Assessment.Status.CLOSED
        )
        .order_by("-closed_at")
        .first()
        if spec.assessment
        else None
    )
    strategy = services.strategy_create(
        actor=actor,
        organisation=organisation,
        title=spec.title,
        start_year=spec.start_year,
        horizon_years=spec.horizon_years,
        vision=spec.vision,
        principles="\n".join(spec.principles),
        foreword=spec.foreword,
        assessments=[assessment] if assessment else [],
    )
    if spec.status != Strategy.Status.DRAFT:
        services.strategy_set_status(
            actor=actor,
            strategy=strategy,
            status=spec.status,
            agreed_on=spec.agreed_on,
            agreed_by=spec.agreed_by,
        )
    services.strategy_set_limits(
        actor=actor, strategy=strategy, budgets=dict(spec.budgets), capacities=dict(spec.capacities)
    )

    fields = {
        field.key: services.field_create(
            actor=actor,
            strategy=strategy,
            name=field.name,
            description=field.description,
            dimensions=field.dimensions,
        )
        for field in spec.fields
    }
    goals = {}
    for goal_spec in spec.goals:
        goal = services.goal_create(
            actor=actor,
            strategy=strategy,
            field=fields[goal_spec.field],
            title=goal_spec.title,
            description=goal_spec.description,
        )
        indicator_spec = goal_spec.indicator
        indicator = services.indicator_create(
            actor=actor,
            goal=goal,
            name=indicator_spec.name,
            unit=indicator_spec.unit,
            direction=indicator_spec.direction,
            baseline=indicator_spec.baseline.value,
            baseline_date=indicator_spec.baseline.date,
            target=indicator_spec.target.value,
            target_date=indicator_spec.target.date,
        )
        for reading in indicator_spec.values:
            services.indicator_value_add(
                actor=actor,
                indicator=indicator,
                measured_on=reading.date,
                value=reading.value,
                source=reading.source or indicator_spec.source,
            )
        goals[goal_spec.key] = goal

    departments = {d.name: d for d in Department.objects.filter(organisation=organisation)}
    if assessment is None and any(m.adopt for m in spec.measures):
        raise ContentError(
            path, "assessment", f"{spec.organisation} has no closed assessment {spec.assessment!r}"
        )
    measures: dict[str, Measure] = {}
    for measure_spec in spec.measures:
        measures[measure_spec.key] = _measure(
            path,
            actor,
            strategy,
            assessment,
            measure_spec,
            departments=departments,
            fields=fields,
            goals=goals,
            measures=measures,
        )
    if spec.roadmap:
        services.roadmap_compute(actor=actor, strategy=strategy)
    publication = spec.publication or Publication(published=False)
    services.strategy_publication_update(
        actor=actor,
        organisation=organisation,
        published=publication.published,
        show_costs=publication.show_costs,
        show_ozg=publication.show_ozg,
    )


@transaction.atomic
def load(*, password: str, stdout=None) -> list:
    """Create or refresh the demo strategies (idempotent: replaced by title)."""
    demos = [(DATA_DIR / name, load_demo_file(DATA_DIR / name)) for name in DEMO_FILES]
    for path, spec in demos:
        _load(path, spec)
    _load_workshops(DATA_DIR / WORKSHOP_FILE, stdout)
    return []


# Workshops ------------------------------------------------------------------------------------

WORKSHOP_FILE = "demo-workshop-musterstadt.yaml"
AdoptKind = Literal["vision", "principle", "field", "goal", "measure"]


class DemoCluster(Content):
    name: str
    votes: int = Field(ge=0)
    cards: tuple[Annotated[str, Field(min_length=1, max_length=280)], ...]


class DemoAdoption(Content):
    cluster: str
    kind: AdoptKind
    text: str
    dimensions: tuple[DimensionKey, ...] = ()


class DemoOpenWorkshop(Content):
    title: str
    held_on: datetime.date
    question: str
    votes_per_participant: int = Field(ge=1, le=20)


class DemoWorkshop(Content):
    """A held workshop (clusters with their cards and votes, what was adopted) and an open
    one whose join link the demo command prints."""

    organisation: str
    strategy: str
    title: str
    held_on: datetime.date
    facilitator: str
    question: str
    votes_per_participant: int = Field(ge=1, le=20)
    participants: int = Field(ge=1)
    named: tuple[str, ...] = ()
    clusters: tuple[DemoCluster, ...]
    adopt: tuple[DemoAdoption, ...] = ()
    open_workshop: DemoOpenWorkshop

    @model_validator(mode="after")
    def _votes_fit(self) -> DemoWorkshop:
        cast = sum(c.votes for c in self.clusters)
        if cast > self.participants * self.votes_per_participant:
            raise ValueError(
                f"{cast} votes are more than {self.participants} participants can cast"
            )
        names = {c.name for c in self.clusters}
        unknown = [a.cluster for a in self.adopt if a.cluster not in names]
        if unknown:
            raise ValueError(f"adopt names clusters that do not exist: {', '.join(unknown)}")
        return self


def _load_workshops(path: Path, stdout=None) -> None:
    """Musterstadt's held vision workshop and an open second one (idempotent: the workshops
    belong to the demo strategy, which is made anew on every run)."""
    from kommunalkompass.core.links import absolute_url

    from .models import Workshop

    spec = load_content(path, DemoWorkshop)
    organisation = Organisation.objects.filter(slug=spec.organisation).first()
    if organisation is None:
        return
    strategy = Strategy.objects.filter(organisation=organisation, title=spec.strategy).first()
    if strategy is None:
        raise ContentError(
            path, "strategy", f"{spec.organisation} has no strategy {spec.strategy!r}"
        )
    membership = Membership.objects.filter(organisation=organisation, role=Role.ADMIN).first()
    actor = membership.user if membership else None
    Workshop.objects.filter(strategy=strategy).delete()
    workshop = services.workshop_create(
        actor=actor, strategy=strategy, title=spec.title, held_on=spec.held_on,
        question=spec.question, facilitator=spec.facilitator,
        votes_per_participant=spec.votes_per_participant,
    )  # fmt: skip
    users = {u.email: u for u in User.objects.filter(email__in=spec.named)}
    participants = [
        services.participant_join(
            workshop=workshop,
            secret=f"demo-{workshop.pk}-{n}",
            user=users.get(spec.named[n]) if n < len(spec.named) else None,
            named=n < len(spec.named),
        )
        for n in range(spec.participants)
    ]
    clusters = {}
    number = 0
    for cluster_spec in spec.clusters:
        cluster = services.cluster_create(actor=actor, workshop=workshop, name=cluster_spec.name)
        clusters[cluster_spec.name] = cluster
        for text in cluster_spec.cards:
            card, _created = services.card_post(
                workshop=workshop, participant=participants[number % len(participants)],
                text=text, client_key=f"demo-{number}",
            )  # fmt: skip
            services.card_assign(actor=actor, card=card, cluster=cluster)
            number += 1
    workshop = services.workshop_set_phase(actor=actor, workshop=workshop, phase="vote")
    targets = [clusters[c.name] for c in spec.clusters for _vote in range(c.votes)]
    for index, cluster in enumerate(targets):
        services.vote_cast(
            workshop=workshop,
            participant=participants[index // spec.votes_per_participant],
            cluster=cluster,
        )
    workshop = services.workshop_set_phase(actor=actor, workshop=workshop, phase="result")
    for adoption in spec.adopt:
        services.workshop_adopt(
            actor=actor, workshop=workshop, kind=adoption.kind, text=adoption.text,
            cluster=clusters[adoption.cluster], dimensions=list(adoption.dimensions),
        )  # fmt: skip
    services.workshop_set_phase(actor=actor, workshop=workshop, phase="closed")
    second = services.workshop_create(
        actor=actor, strategy=strategy, title=spec.open_workshop.title,
        held_on=spec.open_workshop.held_on, question=spec.open_workshop.question,
        facilitator=spec.facilitator,
        votes_per_participant=spec.open_workshop.votes_per_participant,
    )  # fmt: skip
    if stdout is not None:
        from django.core.exceptions import ImproperlyConfigured
        from django.urls import reverse

        link = reverse("strategy:workshop_join", args=[second.token])
        # Without SITE_URL: the path, to be opened on the server's address.
        with contextlib.suppress(ImproperlyConfigured):
            link = absolute_url(link)
        stdout.write(f"Open workshop of {organisation.name} ({second.title}): {link}")
