"""Change management and coaching: initiatives (Kotter's eight steps, risks), stakeholders
with their assessment history, readiness pulses (assessments on a readiness model), the
communication plan and coaching sessions with action items."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kommunalkompass.organisations.tenancy import OrganisationOwned

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Attitude(models.TextChoices):
    SUPPORTIVE = "supportive", _("Supportive")
    NEUTRAL = "neutral", _("Neutral")
    RESISTANT = "resistant", _("Resistant")


class Quadrant(models.TextChoices):
    """The four fields of the power/interest grid (high power and high interest: manage
    closely; high power, low interest: keep satisfied; low power, high interest: keep
    informed; both low: monitor)."""

    MANAGE_CLOSELY = "manage_closely", _("Manage closely")
    KEEP_SATISFIED = "keep_satisfied", _("Keep satisfied")
    KEEP_INFORMED = "keep_informed", _("Keep informed")
    MONITOR = "monitor", _("Monitor")


def quadrant_of(power: int, interest: int) -> str:
    """The quadrant a power and an interest of 1–5 fall into; the middle (3) counts as
    high, as in the power/interest chart of ``documents``."""
    high_power, high_interest = power >= 3, interest >= 3
    if high_power and high_interest:
        return Quadrant.MANAGE_CLOSELY
    if high_power:
        return Quadrant.KEEP_SATISFIED
    if high_interest:
        return Quadrant.KEEP_INFORMED
    return Quadrant.MONITOR


class KotterStep(models.IntegerChoices):
    URGENCY = 1, _("Create a sense of urgency")
    COALITION = 2, _("Build a guiding coalition")
    VISION = 3, _("Form a vision and strategy")
    COMMUNICATE = 4, _("Communicate the vision")
    OBSTACLES = 5, _("Remove obstacles")
    WINS = 6, _("Generate short-term wins")
    SUSTAIN = 7, _("Sustain acceleration")
    ANCHOR = 8, _("Anchor the change in the culture")


class Initiative(OrganisationOwned):
    """A change initiative: the people side of one or more strategy measures."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        DONE = "done", _("Completed")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    measures = models.ManyToManyField(
        "strategy.Measure", verbose_name=_("measures"), blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("change initiative")
        verbose_name_plural = _("change initiatives")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class InitiativeStep(OrganisationOwned):
    """One of Kotter's eight steps of an initiative: done or not, with evidence and date."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="steps")
    step = models.PositiveSmallIntegerField(_("step"), choices=KotterStep.choices)
    done = models.BooleanField(_("done"), default=False)
    evidence = models.TextField(_("evidence"), blank=True)
    done_on = models.DateField(_("date"), null=True, blank=True)

    class Meta:
        verbose_name = _("Kotter step")
        verbose_name_plural = _("Kotter steps")
        ordering = ["initiative", "step"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "step"], name="change_step_unique")
        ]

    def __str__(self) -> str:
        return f"{self.step}. {self.get_step_display()}"


class Risk(OrganisationOwned):
    """A risk or a resistance of an initiative, with its owner and the response to it."""

    class Kind(models.TextChoices):
        RISK = "risk", _("Risk")
        RESISTANCE = "resistance", _("Resistance")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="risks")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.RISK)
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    response = models.TextField(_("response"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default="open")

    class Meta:
        verbose_name = _("risk or resistance")
        verbose_name_plural = _("risks and resistances")
        ordering = ["initiative", "pk"]

    def __str__(self) -> str:
        return self.title


class Stakeholder(OrganisationOwned):
    """A person or group affected by or influencing the change. Power, interest and attitude
    are those of the latest assessment (``assessments`` keeps every one)."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        GROUP = "group", _("Group")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.PERSON)
    role = models.CharField(_("role or department"), max_length=200, blank=True)
    department = models.ForeignKey(
        "organisations.Department",
        verbose_name=_("department"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stakeholders",
    )
    power = models.PositiveSmallIntegerField(_("power"), validators=SCORE_VALIDATORS)
    interest = models.PositiveSmallIntegerField(_("interest"), validators=SCORE_VALIDATORS)
    attitude = models.CharField(
        _("attitude"), max_length=12, choices=Attitude.choices, default=Attitude.NEUTRAL
    )
    wanted_quadrant = models.CharField(
        _("quadrant wanted"), max_length=16, choices=Quadrant.choices, blank=True
    )
    engagement = models.TextField(_("engagement strategy"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    measures = models.ManyToManyField(
        "strategy.Measure", verbose_name=_("measures"), blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def quadrant(self) -> str:
        return quadrant_of(self.power, self.interest)

    def get_quadrant_display(self) -> str:
        return str(Quadrant(self.quadrant).label)


class StakeholderAssessment(OrganisationOwned):
    """One assessment of a stakeholder: where they stood on a day."""

    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="assessments"
    )
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)
    power = models.PositiveSmallIntegerField(_("power"), validators=SCORE_VALIDATORS)
    interest = models.PositiveSmallIntegerField(_("interest"), validators=SCORE_VALIDATORS)
    attitude = models.CharField(_("attitude"), max_length=12, choices=Attitude.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("stakeholder assessment")
        verbose_name_plural = _("stakeholder assessments")
        ordering = ["stakeholder", "assessed_on", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.stakeholder} {self.assessed_on}"


class Pulse(OrganisationOwned):
    """A change-readiness pulse: an anonymous assessment on a readiness model, for an
    initiative or a department. Answers, threshold and suppression are the assessment's."""

    assessment = models.OneToOneField(
        "assessments.Assessment", on_delete=models.CASCADE, related_name="change_pulse"
    )
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pulses",
    )
    department = models.ForeignKey(
        "organisations.Department",
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("readiness pulse")
        verbose_name_plural = _("readiness pulses")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return str(self.assessment)


class CommunicationItem(OrganisationOwned):
    """One entry of the communication plan: who hears what, how, when, from whom.

    ``uid`` stays the same for the life of the item, so that a calendar re-importing the
    iCalendar export updates its event instead of adding a second one; ``sequence`` counts
    the changes (RFC 5545, 3.8.7.4)."""

    class Channel(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        EMAIL = "email", _("E-mail")
        INTRANET = "intranet", _("Intranet")
        NEWSLETTER = "newsletter", _("Newsletter")
        WORKSHOP = "workshop", _("Workshop")
        STAFF_MEETING = "staff_meeting", _("Staff meeting")
        LETTER = "letter", _("Letter")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communications",
    )
    audience = models.CharField(_("audience"), max_length=200)
    message = models.TextField(_("message"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    date = models.DateField(_("date"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("communication")
        verbose_name_plural = _("communication plan")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.date}: {self.audience}"


class CoachingSession(OrganisationOwned):
    """A coaching session. ``private_notes`` are read and written by the coach and the
    coachee only: not by admins, not in the API, not in documents, not in the audit log."""

    date = models.DateField(_("date"))
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    coachee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coachee"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coaching_sessions",
    )
    participants = models.CharField(_("further participants"), max_length=300, blank=True)
    topics = models.TextField(_("topics"), blank=True)
    agreements = models.TextField(_("agreements"), blank=True)
    private_notes = models.TextField(_("private notes"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("coaching session")
        verbose_name_plural = _("coaching sessions")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date}"

    def is_participant(self, user) -> bool:
        """The coach or the coachee: the two who may read the private notes."""
        user_id = getattr(user, "pk", None)
        return user_id is not None and user_id in (self.coach_id, self.coachee_id)


class ActionItem(OrganisationOwned):
    """An action agreed in a coaching session, with owner, due date and status."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    session = models.ForeignKey(CoachingSession, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=6, choices=Status.choices, default="open")
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due", "pk"]
        indexes = [models.Index(fields=["organisation", "status", "due"])]

    def __str__(self) -> str:
        return self.title
