"""OZG: the shared service catalog and each organisation's state of its services.

The catalog (Themenfelder, Lebenslagen, OZG-Leistungen and their Verwaltungsleistungen with
LeiKa keys) belongs to the installation; an organisation's `ServiceState` rows say, per
OZG-Leistung, whether it is relevant, how mature it is online and what comes next.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kommunalkompass.organisations.tenancy import OrganisationOwned

validate_ozg_id = RegexValidator(r"^\d{5}$", _("An OZG-ID has 5 digits, for example 10513."))
validate_leika_key = RegexValidator(
    r"^\d{14}$", _("A LeiKa key has 14 digits, for example 99012001000000.")
)


class Jurisdiction(models.TextChoices):
    BUND = "bund", _("Federation (Bund)")
    LAND = "land", _("State (Land)")
    KOMMUNE = "kommune", _("Municipality (Kommune)")


class Themenfeld(models.Model):
    name = models.CharField(_("Themenfeld"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("Themenfeld")
        verbose_name_plural = _("Themenfelder")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Lebenslage(models.Model):
    """A Lebenslage (citizens) or Unternehmenslage (businesses) within a Themenfeld."""

    name = models.CharField(_("Lebenslage"), max_length=150, unique=True)
    themenfeld = models.ForeignKey(
        Themenfeld, on_delete=models.SET_NULL, null=True, blank=True, related_name="lebenslagen"
    )

    class Meta:
        verbose_name = _("Lebenslage")
        verbose_name_plural = _("Lebenslagen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OzgLeistung(models.Model):
    """An OZG-Leistung: a bundle of Verwaltungsleistungen, identified by its OZG-ID."""

    ozg_id = models.CharField(_("OZG-ID"), max_length=5, unique=True, validators=[validate_ozg_id])
    name = models.CharField(_("name"), max_length=200)
    themenfeld = models.ForeignKey(
        Themenfeld, on_delete=models.SET_NULL, null=True, blank=True, related_name="leistungen"
    )
    lebenslage = models.ForeignKey(
        Lebenslage, on_delete=models.SET_NULL, null=True, blank=True, related_name="leistungen"
    )
    jurisdiction = models.CharField(
        _("jurisdiction"), max_length=10, choices=Jurisdiction.choices, blank=True
    )

    class Meta:
        verbose_name = _("OZG-Leistung")
        verbose_name_plural = _("OZG-Leistungen")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.ozg_id})"


class Verwaltungsleistung(models.Model):
    """A service of the federal service catalog (LeiKa) within an OZG-Leistung."""

    leistung = models.ForeignKey(
        OzgLeistung, on_delete=models.CASCADE, related_name="verwaltungsleistungen"
    )
    leika_key = models.CharField(_("LeiKa key"), max_length=14, validators=[validate_leika_key])
    name = models.CharField(_("name"), max_length=300)
    leika_type = models.CharField(_("LeiKa type"), max_length=10, blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)

    class Meta:
        verbose_name = _("Verwaltungsleistung")
        verbose_name_plural = _("Verwaltungsleistungen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["leistung", "leika_key"], name="verwaltungsleistung_unique_key"
            )
        ]
        indexes = [models.Index(fields=["leika_key"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.leika_key})"


class OzgSettings(OrganisationOwned):
    """What an organisation tracks: the maturity model version, and whether it shares."""

    model_version = models.CharField(_("maturity model"), max_length=5, default="1.1")
    share_for_aggregation = models.BooleanField(_("share for aggregate views"), default=False)

    class Meta:
        verbose_name = _("OZG settings")
        verbose_name_plural = _("OZG settings")
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="ozg_settings_one_per_org")
        ]

    def __str__(self) -> str:
        # One per organisation: its name is what it is.
        return capfirst(str(self._meta.verbose_name))


class ServiceState(OrganisationOwned):
    """Where one organisation stands with one OZG-Leistung."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PLANNING = "planning", _("Planning")
        IN_PROGRESS = "in_progress", _("In progress")
        ONLINE = "online", _("Online")
        NOT_RELEVANT = "not_relevant", _("Not relevant")

    class Solution(models.TextChoices):
        EFA = "efa", _("EfA service of another state")
        STATE_PORTAL = "state_portal", _("The state's portal")
        OWN = "own", _("Own development")
        VENDOR = "vendor", _("Vendor product")

    leistung = models.ForeignKey(OzgLeistung, on_delete=models.CASCADE, related_name="states")
    relevant = models.BooleanField(_("relevant"), default=True)
    relevance_reason = models.CharField(_("reason"), max_length=300, blank=True)
    model_version = models.CharField(_("maturity model"), max_length=5, default="1.1")
    level = models.PositiveSmallIntegerField(
        _("level"), null=True, blank=True, validators=[MaxValueValidator(7)]
    )
    criteria = models.JSONField(_("criteria ratings"), default=dict, blank=True)
    target_level = models.PositiveSmallIntegerField(
        _("target level"), null=True, blank=True, validators=[MaxValueValidator(7)]
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    department = models.ForeignKey(
        "organisations.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible department"),
    )
    responsible_person = models.CharField(_("responsible person"), max_length=120, blank=True)
    solution = models.CharField(_("solution"), max_length=12, choices=Solution.choices, blank=True)
    solution_name = models.CharField(_("solution name"), max_length=200, blank=True)
    solution_provider = models.CharField(_("provider"), max_length=200, blank=True)
    solution_url = models.URLField(_("link to the solution"), blank=True)
    go_live = models.DateField(_("go-live"), null=True, blank=True)
    online_url = models.URLField(_("online address"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    measure = models.ForeignKey(
        "strategy.Measure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ozg_services",
        verbose_name=_("strategy measure"),
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("service state")
        verbose_name_plural = _("service states")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "leistung"], name="service_state_one_per_service"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            # The relevant states below online (level 2, the national counting rule; none
            # yet counts as 0): an OZG-Leistung is "flächendeckend" online among some
            # organisations when none of theirs is here (ozg/aggregates.py asks it one
            # probe per Leistung instead of reading every state).
            models.Index(
                fields=["leistung", "organisation"],
                condition=Q(relevant=True) & (Q(level__isnull=True) | Q(level__lt=2)),
                name="service_state_below_online",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.leistung} – {self.get_status_display()}"


class OzgLevelCount(models.Model):
    """How many of one organisation's relevant services in one Themenfeld stand at each
    level: the service states, counted.

    Kept by ``ozg/counts.py`` in the transaction of every change to a service state, so that
    the figures across organisations (``ozg/aggregates.py``) add up one row per organisation
    and Themenfeld instead of reading every service state. Not relevant states are not
    counted. Rebuilt from the states by ``manage.py ozg_recount``; an organisation export
    leaves the rows out and an import counts them anew.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    # None: the OZG-Leistungen without a Themenfeld.
    themenfeld = models.ForeignKey(
        Themenfeld, on_delete=models.CASCADE, null=True, related_name="+"
    )
    # Relevant services without a level yet, and at each level of the maturity models (0-7).
    unrated = models.IntegerField(default=0)
    level_0 = models.IntegerField(default=0)
    level_1 = models.IntegerField(default=0)
    level_2 = models.IntegerField(default=0)
    level_3 = models.IntegerField(default=0)
    level_4 = models.IntegerField(default=0)
    level_5 = models.IntegerField(default=0)
    level_6 = models.IntegerField(default=0)
    level_7 = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("OZG level count")
        verbose_name_plural = _("OZG level counts")
        constraints = [
            # One row per organisation and Themenfeld, "no Themenfeld" included (a plain
            # unique constraint would let NULLs repeat); the upsert names these expressions.
            models.UniqueConstraint(
                F("organisation"),
                Coalesce(F("themenfeld"), Value(0)),
                name="ozg_level_count_one_per_themenfeld",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} / {self.themenfeld_id}"


class UsageCount(OrganisationOwned):
    """How often an online service was used in a month (optional)."""

    state = models.ForeignKey(ServiceState, on_delete=models.CASCADE, related_name="usage")
    month = models.DateField(_("month"))
    count = models.PositiveIntegerField(_("uses"))

    class Meta:
        verbose_name = _("usage count")
        verbose_name_plural = _("usage counts")
        constraints = [
            models.UniqueConstraint(fields=["state", "month"], name="usage_one_per_month")
        ]

    def __str__(self) -> str:
        return f"{date_format(self.month, 'YEAR_MONTH_FORMAT')}: {self.count}"


class Snapshot(OrganisationOwned):
    """The organisation's figures at the end of a month, for progress over time."""

    month = models.DateField(_("month"))
    figures = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("monthly snapshot")
        verbose_name_plural = _("monthly snapshots")
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "month"], name="snapshot_one_per_month")
        ]

    def __str__(self) -> str:
        month = date_format(self.month, "YEAR_MONTH_FORMAT")
        return f"{capfirst(str(self._meta.verbose_name))} {month}"


class LegalDuty(models.Model):
    """A legal duty beyond the OZG (shipped as data, extendable per installation)."""

    key = models.SlugField(max_length=60, unique=True)
    title = models.CharField(_("duty"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    applies_to = models.CharField(_("applies to"), max_length=300)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    state = models.CharField(
        _("state"), max_length=2, blank=True, help_text="Only for duties of one state's law."
    )
    shipped = models.BooleanField(default=True, help_text="Shipped with the product.")

    class Meta:
        verbose_name = _("legal duty")
        verbose_name_plural = _("legal duties")
        ordering = ["deadline", "title"]

    def __str__(self) -> str:
        return self.title


class DutyState(OrganisationOwned):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        FULFILLED = "fulfilled", _("Fulfilled")
        NOT_APPLICABLE = "not_applicable", _("Does not apply")

    duty = models.ForeignKey(LegalDuty, on_delete=models.CASCADE, related_name="states")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    evidence = models.TextField(_("evidence"), blank=True)
    responsible_person = models.CharField(_("responsible person"), max_length=120, blank=True)
    deadline = models.DateField(_("own deadline"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    measure = models.ForeignKey(
        "strategy.Measure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="legal_duties",
        verbose_name=_("strategy measure"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("duty state")
        verbose_name_plural = _("duty states")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "duty"], name="duty_state_one_per_duty")
        ]

    def __str__(self) -> str:
        return f"{self.duty} – {self.get_status_display()}"
