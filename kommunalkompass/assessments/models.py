from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from kommunalkompass.organisations.models import State
from kommunalkompass.organisations.sizes import SizeClass
from kommunalkompass.organisations.tenancy import OrganisationOwned


class Assessment(OrganisationOwned):
    """One maturity survey of an organisation, answered on one model version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    model_ident = models.CharField(_("maturity model"), max_length=40)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    groups = models.JSONField(_("respondent groups"), default=list)
    use_departments = models.BooleanField(_("ask for the department"), default=False)
    anonymity_threshold = models.PositiveSmallIntegerField(
        _("anonymity threshold"),
        validators=[MinValueValidator(2), MaxValueValidator(50)],
        help_text=_("Breakdowns with fewer respondents than this are not shown."),
    )
    targets = models.JSONField(_("target levels"), default=dict, blank=True)
    group_sizes = models.JSONField(
        _("people per group"),
        default=dict,
        blank=True,
        help_text=_("How many people each group has: the base of the response rate."),
    )
    share_for_benchmark = models.BooleanField(_("share for peer benchmarks"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    ends_on = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("The last day of the survey: afterwards it closes by itself."),
    )

    # Not stored: what an open survey whose end date has passed reads until
    # ``manage.py survey_deadlines`` (run daily) closes it (deadlines.py).
    ENDED = "ended"

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def current_status(self) -> str:
        """The status as of today: ``ended`` for an open survey past its end date (it takes
        no more answers), else the stored status (draft, open, closed)."""
        from .deadlines import has_ended

        if self.status == self.Status.OPEN and has_ended(self):
            return self.ENDED
        return self.status

    @property
    def current_status_label(self) -> str:
        """``current_status`` as people read it ("Ended" rather than "Open" after the end
        date)."""
        if self.current_status == self.ENDED:
            return str(_("Ended"))
        return str(self.get_status_display())

    @cached_property
    def model(self):
        # Looked up once per instance: a survey page asks for it several times, and each
        # lookup checks the model's file (the ident of an assessment never changes).
        from .maturity import get_model

        return get_model(self.model_ident)


class SurveyAccess(OrganisationOwned):
    """A way into the survey: a one-use e-mail invitation or an open link for one group.

    Only a hash of the token is stored, and nothing about the person it was sent to.
    """

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Personal invitation")
        OPEN_LINK = "open_link", _("Open link")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="accesses")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    group = models.CharField(max_length=20, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateField(default=timezone.localdate)

    class Meta:
        verbose_name = _("survey access")
        verbose_name_plural = _("survey accesses")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.group or '–'})"


class Response(OrganisationOwned):
    """One respondent's answers. No user, e-mail or IP address; dates are days only."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="responses")
    access = models.OneToOneField(
        SurveyAccess, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    group = models.CharField(max_length=20, blank=True)
    department = models.ForeignKey(
        "organisations.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    number = models.PositiveIntegerField(
        help_text="Respondent number for exports, from ResponseNumbering: unique per assessment, "
        "in no order."
    )
    started_on = models.DateField(default=timezone.localdate)
    submitted_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["assessment", "submitted_on"])]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "number"], name="response_unique_number")
        ]

    def __str__(self) -> str:
        return f"#{self.number}"


class ResponseNumbering(models.Model):
    """Hands out an assessment's respondent numbers, each once (``numbering.py``).

    The row is locked while a number is taken, so respondents who start at the same moment
    queue for a moment instead of drawing the same number. ``issued`` counts the numbers
    handed out; the n-th is a keyed permutation of n, so the numbers of an export say
    nothing about the order in which people started. ``check_taken`` marks an assessment
    that had responses, numbered at random, before this row existed: its numbers are
    checked against those.
    """

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="+")
    issued = models.PositiveIntegerField(default=0)
    key = models.BigIntegerField(help_text="Secret of the permutation, random per assessment.")
    check_taken = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("respondent numbering")
        verbose_name_plural = _("respondent numberings")

    def __str__(self) -> str:
        return f"{self.assessment_id}: {self.issued}"


class Answer(models.Model):
    """The level (1–5) a respondent chose for one question; empty for "weiß nicht"."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question_key = models.CharField(max_length=60)
    dimension = models.CharField(max_length=20)
    weight = models.FloatField(default=1)
    level = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question_key"], name="answer_unique_question"
            )
        ]
        indexes = [models.Index(fields=["response", "dimension"])]

    def __str__(self) -> str:
        return f"{self.question_key}: {self.level or '–'}"


class SelfCheck(models.Model):
    """A public Quick-Check (``/quick-check/``) that its respondent agreed to share.

    Only the answers, the size class and the state are kept, with the month for the
    retention rule: no organisation, no user, no address, no exact time.
    """

    model_ident = models.CharField(_("maturity model"), max_length=40)
    size_class = models.CharField(_("size class"), max_length=10, choices=SizeClass.choices)
    state = models.CharField(_("state"), max_length=2, choices=State.choices)
    answers = models.JSONField(_("answers"), help_text="Question key → level 1–5 or null.")
    scores = models.JSONField(_("dimension scores"), help_text="Dimension key → score.")
    month = models.DateField(_("month"), help_text="First day of the month it was sent.")
    submission_hash = models.CharField(
        max_length=64, unique=True, help_text="Hash of the form's one-time key (no re-sending)."
    )

    class Meta:
        verbose_name = _("public self-check")
        verbose_name_plural = _("public self-checks")
        indexes = [models.Index(fields=["model_ident", "size_class"])]

    def __str__(self) -> str:
        return f"{self.model_ident} {self.size_class} {self.state} {self.month:%Y-%m}"


class SurveyInvitee(OrganisationOwned):
    """An e-mail address invited personally, kept only for a reminder while the survey is open.

    Nothing links the address to answers: ``marker_hash`` is a keyed hash of the
    invitation's token, different from the hash a response carries, and
    ``sealed_token_hash`` is the token encrypted with the installation's secret key, so that
    the reminder repeats the same link (both end in ``_hash`` so that an organisation export
    leaves them out). The row is deleted when its answers are submitted and when the survey
    closes, so that no list of who has answered ever exists (docs/scoring.md, "Survey
    administration").
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="invitees")
    email = models.EmailField()
    marker_hash = models.CharField(max_length=64, unique=True)
    sealed_token_hash = models.CharField(max_length=64)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("invited address")
        verbose_name_plural = _("invited addresses")

    def __str__(self) -> str:
        return self.email
