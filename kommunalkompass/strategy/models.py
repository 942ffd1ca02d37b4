"""The digital strategy: versions, fields of action, goals and indicators, measures."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from kommunalkompass.organisations.tenancy import OrganisationOwned

# Benefit criteria of a measure (each scored 0–5) and their default weights in per cent.
BENEFIT_CRITERIA: tuple[tuple[str, str], ...] = (
    ("citizens", _("Citizens and businesses")),
    ("staff", _("Staff")),
    ("efficiency", _("Efficiency")),
    ("legal", _("Legal obligation")),
    ("goals", _("Contribution to goals")),
)
DEFAULT_WEIGHTS = {"citizens": 30, "staff": 20, "efficiency": 20, "legal": 15, "goals": 15}
MONEY = {"max_digits": 12, "decimal_places": 2}


class Strategy(OrganisationOwned):
    """One version of an organisation's digital strategy; one of them is the current one."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AGREED = "agreed", _("Agreed")
        REVISION = "revision", _("Under revision")

    title = models.CharField(_("title"), max_length=200)
    start_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    horizon_years = models.PositiveSmallIntegerField(
        _("horizon (years)"), default=5, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    vision = models.TextField(_("vision statement (Leitbild)"), blank=True)
    principles = models.TextField(
        _("guiding principles"), blank=True, help_text=_("One principle per line.")
    )
    foreword = models.TextField(_("foreword"), blank=True)
    assessments = models.ManyToManyField(
        "assessments.Assessment",
        blank=True,
        related_name="strategies",
        verbose_name=_("starting point (assessments)"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    agreed_by = models.CharField(
        _("agreed by"), max_length=200, blank=True, help_text=_("For example a council decision.")
    )
    is_current = models.BooleanField(_("current strategy"), default=False)
    weights = models.JSONField(_("benefit weights"), default=dict, blank=True)
    budgets = models.JSONField(
        _("budget per year"), default=dict, blank=True, help_text="Year → euro (string)."
    )
    capacities = models.JSONField(
        _("staff capacity per year"), default=dict, blank=True, help_text="Year → person-days."
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["-is_current", "-start_year", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(is_current=True),
                name="strategy_one_current_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def end_year(self) -> int:
        return self.start_year + self.horizon_years - 1

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.start_year + self.horizon_years))

    def benefit_weights(self) -> dict[str, int]:
        return {
            key: int(self.weights.get(key, DEFAULT_WEIGHTS[key])) for key, _ in BENEFIT_CRITERIA
        }

    def principle_list(self) -> list[str]:
        return [line.strip() for line in self.principles.splitlines() if line.strip()]


class FieldOfAction(OrganisationOwned):
    """Handlungsfeld: a field the strategy acts in, linked to maturity dimensions."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="fields")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    dimensions = models.JSONField(_("maturity dimensions"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "name"], name="field_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Goal(OrganisationOwned):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="goals")
    field = models.ForeignKey(
        FieldOfAction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("field of action"),
    )
    title = models.CharField(_("goal"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Indicator(OrganisationOwned):
    """A KPI of a goal: from a baseline to a target, measured over time."""

    class Direction(models.TextChoices):
        INCREASE = "increase", _("Higher is better")
        DECREASE = "decrease", _("Lower is better")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    baseline_date = models.DateField(_("baseline date"))
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    target_date = models.DateField(_("target date"))

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(OrganisationOwned):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    measured_on = models.DateField(_("measured on"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("measured value")
        verbose_name_plural = _("measured values")
        ordering = ["measured_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"], name="indicator_value_unique_date"
            )
        ]

    def __str__(self) -> str:
        return f"{date_format(self.measured_on, 'SHORT_DATE_FORMAT')}: {number_format(self.value)}"


class Measure(OrganisationOwned):
    """Maßnahme: what the strategy does, what it brings and to whom, when and at what cost."""

    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Completed")
        DROPPED = "dropped", _("Dropped")

    class Priority(models.TextChoices):
        HIGH = "high", _("High: start now")
        MEDIUM = "medium", _("Medium: within 2 years")
        LOW = "low", _("Low: within 4 years")

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="measures")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    fields = models.ManyToManyField(
        FieldOfAction, blank=True, related_name="measures", verbose_name=_("fields of action")
    )
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="measures", verbose_name=_("goals served")
    )
    lead_department = models.ForeignKey(
        "organisations.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead department"),
    )
    lead_person = models.CharField(_("lead person"), max_length=120, blank=True)
    participants = models.CharField(_("participants"), max_length=300, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    duration_quarters = models.PositiveSmallIntegerField(
        _("duration (quarters)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(40)],
    )
    earliest_start = models.DateField(_("earliest start"), null=True, blank=True)
    one_time_cost = models.DecimalField(
        _("one-time cost (EUR)"), default=Decimal(0), validators=[MinValueValidator(0)], **MONEY
    )
    annual_cost = models.DecimalField(
        _("annual cost (EUR)"), default=Decimal(0), validators=[MinValueValidator(0)], **MONEY
    )
    person_days = models.PositiveIntegerField(_("staff effort (person-days per year)"), default=0)
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    benefit_citizens = models.PositiveSmallIntegerField(
        _("benefit for citizens and businesses"), default=0, validators=[MaxValueValidator(5)]
    )
    benefit_staff = models.PositiveSmallIntegerField(
        _("benefit for staff"), default=0, validators=[MaxValueValidator(5)]
    )
    benefit_efficiency = models.PositiveSmallIntegerField(
        _("benefit for efficiency"), default=0, validators=[MaxValueValidator(5)]
    )
    benefit_legal = models.PositiveSmallIntegerField(
        _("legal obligation"), default=0, validators=[MaxValueValidator(5)]
    )
    benefit_goals = models.PositiveSmallIntegerField(
        _("contribution to goals"), default=0, validators=[MaxValueValidator(5)]
    )
    effort = models.PositiveSmallIntegerField(
        _("effort"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    risk = models.PositiveSmallIntegerField(
        _("risk"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    depends_on = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="dependents",
        verbose_name=_("depends on"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IDEA
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    priority_override = models.CharField(
        _("priority set by hand"), max_length=8, choices=Priority.choices, blank=True
    )
    priority_reason = models.CharField(_("reason for the priority"), max_length=300, blank=True)
    # Where it came from: a recommendation of an assessment, for one maturity dimension.
    source_assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adopted_measures",
    )
    recommendation_key = models.CharField(max_length=80, blank=True)
    dimension = models.CharField(_("maturity dimension"), max_length=20, blank=True)
    # The roadmap: planned start quarter (index from the strategy's first quarter).
    planned_quarter = models.SmallIntegerField(null=True, blank=True)
    pinned = models.BooleanField(_("start fixed by hand"), default=False)
    unplanned_reason = models.CharField(
        max_length=20, blank=True, help_text="Why the last computed roadmap left it out."
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="measure_unique_number"),
            models.CheckConstraint(
                condition=models.Q(one_time_cost__gte=0) & models.Q(annual_cost__gte=0),
                name="measure_costs_not_negative",
                violation_error_message=_("A cost cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"M{self.number:02d} {self.title}"

    @property
    def code(self) -> str:
        return f"M{self.number:02d}"


class MeasureUpdate(OrganisationOwned):
    """A status report on a measure: the history of its status, progress and spending."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="updates")
    reported_on = models.DateField(_("date"), default=timezone.localdate)
    status = models.CharField(_("status"), max_length=12, choices=Measure.Status.choices)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MaxValueValidator(100)]
    )
    spent = models.DecimalField(_("spent (EUR)"), null=True, blank=True, **MONEY)
    comment = models.TextField(_("comment"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        ordering = ["-reported_on", "-id"]

    def __str__(self) -> str:
        return (
            f"{date_format(self.reported_on, 'SHORT_DATE_FORMAT')}: "
            f"{self.get_status_display()} ({self.progress} %)"
        )


class StrategyPublication(OrganisationOwned):
    """Whether the organisation's current strategy is shown to everybody at ``/p/<slug>/``,
    and what the public page adds to it. One per organisation; without a row (or with
    ``published`` off) the public address answers 404. The page always shows the current
    strategy, so the address stays the same from one version to the next."""

    published = models.BooleanField(_("publish the strategy"), default=False)
    show_costs = models.BooleanField(_("show the costs of the measures"), default=False)
    show_ozg = models.BooleanField(_("show the share of OZG services online"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("publication of the strategy")
        verbose_name_plural = _("publications of the strategy")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"], name="strategy_publication_one_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name).capitalize()


# Vision workshops ------------------------------------------------------------------------------
# A live session of the leaders (docs/strategy.md, "Vision workshops"): cards collected,
# clustered, voted on; clusters and cards adopted into the strategy keep their origin.

CARD_MAX_LENGTH = 280


class Workshop(OrganisationOwned):
    """A vision workshop of a strategy version, run by a facilitator through its phases."""

    class Phase(models.TextChoices):
        COLLECT = "collect", _("Collect ideas")
        CLUSTER = "cluster", _("Cluster ideas")
        VOTE = "vote", _("Vote")
        RESULT = "result", _("Result")
        CLOSED = "closed", _("Closed")

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="workshops")
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    facilitator = models.CharField(_("facilitator"), max_length=120, blank=True)
    question = models.CharField(_("guiding question"), max_length=300)
    votes_per_participant = models.PositiveSmallIntegerField(
        _("votes per participant"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    phase = models.CharField(
        _("phase"), max_length=10, choices=Phase.choices, default=Phase.COLLECT
    )
    # The join link /w/<token>/: unguessable (128 bits), shown again to the facilitator for
    # the projector, so it is stored as it is (it opens a workshop, not personal data).
    token = models.CharField(max_length=43, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.phase == self.Phase.CLOSED


class WorkshopParticipant(OrganisationOwned):
    """Somebody who joined a workshop, from a phone or a laptop. Known to the browser by a
    secret cookie (only its hash is stored). A name and an account are kept only when the
    person joined signed in and agreed to be named; everybody else is anonymous."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    secret_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("workshop participant")
        verbose_name_plural = _("workshop participants")
        ordering = ["joined_at", "id"]

    def __str__(self) -> str:
        return self.name or str(_("Anonymous participant"))


class WorkshopCluster(OrganisationOwned):
    """A named group of cards, made by the facilitator."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="clusters")
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class WorkshopCard(OrganisationOwned):
    """One idea on a card. ``author`` only for a participant who agreed to be named; an
    anonymous card stores no author. ``client_key`` is made by the form each time it is
    shown, so that a card sent twice (a double click) is stored once."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="cards")
    text = models.CharField(_("card"), max_length=CARD_MAX_LENGTH)
    cluster = models.ForeignKey(
        WorkshopCluster,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cards",
        verbose_name=_("cluster"),
    )
    author = models.ForeignKey(
        WorkshopParticipant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cards",
    )
    client_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("card")
        verbose_name_plural = _("cards")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "client_key"], name="workshop_card_unique_client_key"
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class WorkshopVote(OrganisationOwned):
    """One of a participant's votes (a dot), on a cluster or on a card."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(
        WorkshopParticipant, on_delete=models.CASCADE, related_name="votes"
    )
    cluster = models.ForeignKey(
        WorkshopCluster, on_delete=models.CASCADE, null=True, blank=True, related_name="votes"
    )
    card = models.ForeignKey(
        WorkshopCard, on_delete=models.CASCADE, null=True, blank=True, related_name="votes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(cluster__isnull=False, card__isnull=True)
                    | models.Q(cluster__isnull=True, card__isnull=False)
                ),
                name="workshop_vote_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cluster or self.card}"


class WorkshopAdoption(OrganisationOwned):
    """A cluster or card of a workshop taken into the strategy: what it became and where it
    came from, shown on both sides."""

    class Kind(models.TextChoices):
        VISION = "vision", _("Vision sentence")
        PRINCIPLE = "principle", _("Guiding principle")
        FIELD = "field", _("Field of action")
        GOAL = "goal", _("Goal")
        MEASURE = "measure", _("Measure")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="adoptions")
    cluster = models.ForeignKey(
        WorkshopCluster,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adoptions",
    )
    card = models.ForeignKey(
        WorkshopCard, on_delete=models.SET_NULL, null=True, blank=True, related_name="adoptions"
    )
    kind = models.CharField(_("adopted as"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("wording"), max_length=300)
    field = models.ForeignKey(
        FieldOfAction, on_delete=models.SET_NULL, null=True, blank=True, related_name="origins"
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="origins"
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.SET_NULL, null=True, blank=True, related_name="origins"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("adoption from a workshop")
        verbose_name_plural = _("adoptions from workshops")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "kind"],
                condition=models.Q(cluster__isnull=False),
                name="workshop_adoption_once_per_cluster",
            ),
            models.UniqueConstraint(
                fields=["card", "kind"],
                condition=models.Q(card__isnull=False),
                name="workshop_adoption_once_per_card",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text}"
