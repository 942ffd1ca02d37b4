import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .tenancy import OrganisationOwned


class State(models.TextChoices):
    """The 16 states, keyed by the first two digits of the AGS."""

    SH = "01", "Schleswig-Holstein"
    HH = "02", "Hamburg"
    NI = "03", "Niedersachsen"
    HB = "04", "Bremen"
    NW = "05", "Nordrhein-Westfalen"
    HE = "06", "Hessen"
    RP = "07", "Rheinland-Pfalz"
    BW = "08", "Baden-Württemberg"
    BY = "09", "Bayern"
    SL = "10", "Saarland"
    BE = "11", "Berlin"
    BB = "12", "Brandenburg"
    MV = "13", "Mecklenburg-Vorpommern"
    SN = "14", "Sachsen"
    ST = "15", "Sachsen-Anhalt"
    TH = "16", "Thüringen"


AGS_PATTERN = re.compile(r"^\d{8}$")


def validate_ags(value: str) -> None:
    """An AGS has 8 digits and starts with the key of one of the 16 states."""
    if not AGS_PATTERN.match(value or ""):
        raise ValidationError(
            _("The AGS must have exactly 8 digits (for example 03241001)."), code="ags_format"
        )
    if value[:2] not in State.values:
        raise ValidationError(
            _("The AGS must start with a state key from 01 to 16, not %(prefix)s."),
            code="ags_state",
            params={"prefix": value[:2]},
        )


class Organisation(models.Model):
    """The tenant: a public body that runs the journey."""

    class Kind(models.TextChoices):
        GEMEINDE = "gemeinde", _("Municipality (Gemeinde)")
        STADT = "stadt", _("Town or city (Stadt)")
        KREISFREIE_STADT = "kreisfreie_stadt", _("District-free city (kreisfreie Stadt)")
        LANDKREIS = "landkreis", _("District (Landkreis)")
        AMT = "amt", _("Amt")
        VERBANDSGEMEINDE = "verbandsgemeinde", _("Verbandsgemeinde")
        SAMTGEMEINDE = "samtgemeinde", _("Samtgemeinde")
        VERWALTUNGSGEMEINSCHAFT = "verwaltungsgemeinschaft", _("Verwaltungsgemeinschaft")
        OTHER = "other", _("Other public body")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    ags = models.CharField(
        _("official municipality key (AGS)"),
        max_length=8,
        blank=True,
        validators=[validate_ags],
        help_text=_("8 digits; the first two name the state."),
    )
    state = models.CharField(_("state"), max_length=2, choices=State.choices)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    slug = models.SlugField(
        _("short name in addresses"),
        max_length=60,
        unique=True,
        help_text=_(
            "Lower-case letters, digits and hyphens; used in the address /o/<short name>/."
        ),
    )
    notes = models.TextField(_("notes"), blank=True)
    # A small logo for the running header of printed documents; kept in the database so
    # that app servers stay stateless and an export of the organisation is complete.
    logo = models.BinaryField(_("logo"), null=True, blank=True, editable=False)
    logo_content_type = models.CharField(max_length=20, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: an edit made on a stale copy is refused, not silently applied.
    version = models.PositiveIntegerField(default=1)
    # Verification: an installation admin confirmed that the organisation is the public body
    # its AGS names (organisations.services.organisation_verify). Only verified organisations
    # count in comparisons across organisations (peer benchmarks, OZG figures), so that made-up
    # organisations cannot single out a real one. Set by the installation, not by the
    # organisation: not editable on its pages and not carried by its export.
    verified = models.BooleanField(_("verified"), default=False, editable=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verification_note = models.CharField(
        _("verification note"), max_length=300, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ags"], condition=~models.Q(ags=""), name="organisation_unique_ags"
            )
        ]

    # The installation's judgement of the organisation, not the organisation's own data.
    VERIFICATION_FIELDS = ("verified", "verified_at", "verified_by", "verification_note")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.ags and self.state and self.ags[:2] != self.state:
            raise ValidationError(
                {"state": _("The state does not match the first two digits of the AGS.")}
            )


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")


ROLE_RANK = {Role.VIEWER: 1, Role.EDITOR: 2, Role.ADMIN: 3}


class Department(OrganisationOwned):
    """An organisational unit (Fachbereich, Amt, Dezernat, Referat)."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("abbreviation"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="department_unique_name_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.short_name})" if self.short_name else self.name


class Membership(OrganisationOwned):
    """A user's role in one organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.VIEWER)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("department"),
        related_name="memberships",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="membership_unique_user_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class Invitation(OrganisationOwned):
    """An e-mailed, one-use invitation to join an organisation with a role."""

    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.VIEWER)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class RegisterEntry(models.Model):
    """One record of the official municipality register (Destatis GV-ISys).

    Every record type of the register is kept (state, administrative region, region,
    district, Gemeindeverband, Gemeinde) so that districts and Ämter can be found too.
    """

    class RecordType(models.IntegerChoices):
        STATE = 10, _("State")
        ADMINISTRATIVE_REGION = 20, _("Administrative region")
        REGION = 30, _("Region")
        DISTRICT = 40, _("District")
        MUNICIPAL_ASSOCIATION = 50, _("Municipal association")
        MUNICIPALITY = 60, _("Municipality")

    record_type = models.PositiveSmallIntegerField(choices=RecordType.choices)
    key = models.CharField(max_length=12, help_text="Register key of the record (ARS prefix).")
    ags = models.CharField(max_length=8, blank=True, db_index=True)
    ars = models.CharField(max_length=12, blank=True)
    name = models.CharField(max_length=200)
    search_name = models.CharField(max_length=200, blank=True, db_index=True)
    text_code = models.CharField(max_length=2, blank=True)
    state = models.CharField(max_length=2, choices=State.choices)
    district_key = models.CharField(max_length=5, blank=True)
    district_name = models.CharField(max_length=200, blank=True)
    population = models.PositiveIntegerField(null=True, blank=True)
    area_km2 = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    postcode = models.CharField(max_length=5, blank=True)
    urbanisation_code = models.CharField(max_length=2, blank=True)
    urbanisation = models.CharField(max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("register entry")
        verbose_name_plural = _("municipality register")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["record_type", "key"], name="register_unique_key")
        ]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.ags or self.key})"

    def save(self, *args, **kwargs) -> None:
        # The bulk import sets it itself; single saves (admin, tests) keep it in step.
        self.search_name = self.name.casefold()
        super().save(*args, **kwargs)

    @property
    def kind_label(self) -> str:
        return REGISTER_TEXT_CODES.get(self.text_code, (self.get_record_type_display(), ""))[0]

    @property
    def organisation_kind(self) -> str:
        return REGISTER_TEXT_CODES.get(self.text_code, ("", Organisation.Kind.OTHER))[1]

    def organisation_prefill(self) -> dict:
        """The values this entry gives an organisation form."""
        return {
            "name": self.name,
            "ags": self.ags,
            "kind": self.organisation_kind,
            "state": self.state,
            "population": self.population,
        }


# Destatis "Textkennzeichen": the official label and the organisation kind it maps to.
REGISTER_TEXT_CODES: dict[str, tuple[str, str]] = {
    "41": ("Kreisfreie Stadt", Organisation.Kind.KREISFREIE_STADT),
    "42": ("Stadtkreis", Organisation.Kind.KREISFREIE_STADT),
    "43": ("Kreis", Organisation.Kind.LANDKREIS),
    "44": ("Landkreis", Organisation.Kind.LANDKREIS),
    "45": ("Regionalverband", Organisation.Kind.OTHER),
    "50": ("Verbandsfreie Gemeinde", Organisation.Kind.GEMEINDE),
    "51": ("Amt", Organisation.Kind.AMT),
    "52": ("Samtgemeinde", Organisation.Kind.SAMTGEMEINDE),
    "53": ("Verbandsgemeinde", Organisation.Kind.VERBANDSGEMEINDE),
    "54": ("Verwaltungsgemeinschaft", Organisation.Kind.VERWALTUNGSGEMEINSCHAFT),
    "55": ("Kirchspielslandgemeinde", Organisation.Kind.OTHER),
    "56": ("Verwaltungsverband", Organisation.Kind.VERWALTUNGSGEMEINSCHAFT),
    "57": ("Verbandsgemeinde (Trägermodell)", Organisation.Kind.VERBANDSGEMEINDE),
    "58": ("Erfüllende Gemeinde", Organisation.Kind.OTHER),
    "60": ("Markt", Organisation.Kind.GEMEINDE),
    "61": ("Kreisfreie Stadt", Organisation.Kind.KREISFREIE_STADT),
    "62": ("Stadtkreis", Organisation.Kind.KREISFREIE_STADT),
    "63": ("Stadt", Organisation.Kind.STADT),
    "64": ("Kreisangehörige Gemeinde", Organisation.Kind.GEMEINDE),
    "65": ("Gemeindefreies Gebiet, bewohnt", Organisation.Kind.OTHER),
    "66": ("Gemeindefreies Gebiet, unbewohnt", Organisation.Kind.OTHER),
    "67": ("Große Kreisstadt", Organisation.Kind.STADT),
}
