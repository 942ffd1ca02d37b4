"""Job descriptions (Stellenbeschreibungen): posts, their description versions and
Arbeitsvorgänge, the roles the roadmap's measures need, and the organisation's settings.

The description belongs to the post, not the person. A description is never edited in
place: a change saves a new ``Description`` version with its own Arbeitsvorgänge, and the
earlier versions stay readable.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kommunalkompass.organisations.tenancy import OrganisationOwned

from .content import DEFAULT_RULES


class RoleNeed(OrganisationOwned):
    """A role a strategy measure needs: a role template, how many FTE, from when."""

    measure = models.ForeignKey(
        "strategy.Measure", on_delete=models.CASCADE, related_name="role_needs"
    )
    role_key = models.CharField(_("role"), max_length=60)
    fte = models.DecimalField(
        _("full-time equivalents"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("50"))],
    )
    needed_from = models.DateField(_("needed from"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("role need")
        verbose_name_plural = _("role needs")
        ordering = ["needed_from", "pk"]
        indexes = [models.Index(fields=["organisation", "needed_from"])]

    def __str__(self) -> str:
        return f"{self.role_key} ({self.fte})"


class Post(OrganisationOwned):
    """A post (Stelle) of the organisation, existing or planned."""

    class Scope(models.TextChoices):
        FULL = "full", _("Full time")
        PART = "part", _("Part time")

    class Status(models.TextChoices):
        EXISTING = "existing", _("Existing")
        PLANNED = "planned", _("Planned")

    number = models.CharField(_("post number"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    role_key = models.CharField(_("role template"), max_length=60, blank=True)
    rules_key = models.CharField(_("grade rules"), max_length=60, default=DEFAULT_RULES)
    department = models.ForeignKey(
        "organisations.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    reports_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("reports to"),
    )
    deputises_for = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputised_by",
        verbose_name=_("deputises for"),
    )
    leads = models.CharField(_("leads"), max_length=300, blank=True)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.FULL)
    hours = models.DecimalField(
        _("weekly hours"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("39"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("60"))],
    )
    purpose = models.TextField(_("purpose of the post"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.EXISTING
    )
    available_from = models.DateField(_("from"), null=True, blank=True)
    need = models.ForeignKey(
        RoleNeed,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("role need of the roadmap"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="positions_post_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Description(OrganisationOwned):
    """One version of a post's description; a change makes the next version."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    signing_authority = models.TextField(_("signing authority"), blank=True)
    budget_authority = models.TextField(_("budget authority"), blank=True)
    education = models.TextField(_("education"), blank=True)
    experience = models.TextField(_("experience"), blank=True)
    competences = models.JSONField(_("competences"), default=list, blank=True)
    driving_licence = models.CharField(_("driving licence"), max_length=100, blank=True)
    other_requirements = models.TextField(_("other requirements"), blank=True)
    working_conditions = models.TextField(_("working conditions"), blank=True)

    class Meta:
        verbose_name = _("description version")
        verbose_name_plural = _("description versions")
        ordering = ["post", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["post", "number"], name="positions_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.post} v{self.number}"


class WorkProcess(OrganisationOwned):
    """An Arbeitsvorgang: a work process leading to a separable result, with its time share."""

    description = models.ForeignKey(Description, on_delete=models.CASCADE, related_name="processes")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.TextField(_("Arbeitsvorgang"))
    share = models.PositiveSmallIntegerField(
        _("time share (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    tasks = models.TextField(_("tasks"), blank=True)
    features = models.JSONField(_("grading features met"), default=list, blank=True)

    class Meta:
        verbose_name = _("Arbeitsvorgang")
        verbose_name_plural = _("Arbeitsvorgänge")
        ordering = ["description", "position", "pk"]

    def __str__(self) -> str:
        return self.title[:80]

    @property
    def task_list(self) -> list[str]:
        return [line.strip() for line in self.tasks.splitlines() if line.strip()]


class PositionSettings(OrganisationOwned):
    """What the organisation offers in its advertisements, and its full-time hours."""

    employer_offer = models.TextField(_("what we offer"), blank=True)
    full_time_hours = models.DecimalField(
        _("full-time weekly hours"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("39"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("60"))],
    )
    person_days_per_fte = models.PositiveSmallIntegerField(
        _("working days per full-time post and year"),
        default=200,
        validators=[MinValueValidator(1), MaxValueValidator(260)],
        help_text=_(
            "Used to turn posts into the roadmap's staff capacity (person-days). "
            "200 is an assumption, not a verified standard: set your own figure."
        ),
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("job description settings")
        verbose_name_plural = _("job description settings")
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="positions_settings_one_per_org")
        ]

    def __str__(self) -> str:
        return str(_("job description settings"))
