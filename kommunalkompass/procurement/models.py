"""Procurement: tender specifications (Leistungsverzeichnisse), bids and their evaluation.

A ``Procurement`` holds versions of its specification; a version is a draft until it is
published, and then frozen (requirements, lots and texts never change again; a new draft
copies it). Bids answer one published version through the bidder answer sheet. The
``Evaluation`` of a procurement holds the method as announced, the evaluators' points per B
requirement and bid, the exclusions by A requirements with their reasons, and two sign-offs
by different people, after which it is frozen.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kommunalkompass.organisations.tenancy import OrganisationOwned


class Procurement(OrganisationOwned):
    title = models.CharField(_("title"), max_length=200)
    subject = models.TextField(_("subject"), blank=True)
    situation = models.TextField(_("situation and goals"), blank=True)
    buyer_contributions = models.TextField(_("what the buyer provides"), blank=True)
    project_terms = models.TextField(
        _("project organisation, acceptance, documentation, training"), blank=True
    )
    estimated_value = models.DecimalField(
        _("estimated value (net, euro)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    evb_it_type = models.CharField(_("EVB-IT contract type"), max_length=30, blank=True)
    catalog_key = models.CharField(_("catalog"), max_length=40, blank=True)
    measures = models.ManyToManyField(
        "strategy.Measure",
        blank=True,
        related_name="procurements",
        verbose_name=_("strategy measures served"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("procurement")
        verbose_name_plural = _("procurements")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    class Stage(models.TextChoices):
        DRAFT = "draft", _("Specification in draft")
        PUBLISHED = "published", _("Published, bids open")
        EVALUATING = "evaluating", _("Evaluation open")
        SIGNED = "signed", _("Evaluation signed off")

    @property
    def stage(self) -> str:
        """Where the procurement stands, derived from its versions and its evaluation (the
        list annotates ``published_count``; otherwise one query)."""
        evaluation = getattr(self, "evaluation", None)
        if evaluation is not None:
            return self.Stage.SIGNED if evaluation.is_frozen else self.Stage.EVALUATING
        published = getattr(self, "published_count", None)
        if published is None:
            published = self.versions.filter(status="published").count()
        return self.Stage.PUBLISHED if published else self.Stage.DRAFT

    @property
    def stage_label(self) -> str:
        return str(self.Stage(self.stage).label)


class SpecificationVersion(OrganisationOwned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Embedded in the bidder answer sheet: an upload names the version it was made from.
    sheet_token = models.CharField(max_length=32, default="", blank=True)

    class Meta:
        verbose_name = _("specification version")
        verbose_name_plural = _("specification versions")
        ordering = ["procurement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["procurement", "number"], name="spec_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.procurement} – {self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @staticmethod
    def new_token() -> str:
        return uuid.uuid4().hex


class Lot(OrganisationOwned):
    """A lot of the specification: one line of the price sheet."""

    specification = models.ForeignKey(
        SpecificationVersion, on_delete=models.CASCADE, related_name="lots"
    )
    number = models.PositiveSmallIntegerField(_("lot"))
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering = ["specification", "number"]
        constraints = [
            models.UniqueConstraint(fields=["specification", "number"], name="lot_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.title}"


class Requirement(OrganisationOwned):
    class Kind(models.TextChoices):
        A = "A", _("A – must (excludes)")
        B = "B", _("B – scored")

    specification = models.ForeignKey(
        SpecificationVersion, on_delete=models.CASCADE, related_name="requirements"
    )
    key = models.CharField(_("ID"), max_length=30)
    group = models.CharField(_("group"), max_length=120)
    non_functional = models.BooleanField(_("non-functional"), default=False)
    text = models.TextField(_("requirement"))
    text_en = models.TextField(_("requirement (English)"), blank=True)
    kind = models.CharField(_("kind"), max_length=1, choices=Kind.choices)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=0, validators=[MaxValueValidator(100)]
    )
    evidence = models.CharField(_("evidence asked"), max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["specification", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["specification", "key"], name="requirement_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.text[:60]}"


class Bid(OrganisationOwned):
    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="bids")
    specification = models.ForeignKey(
        SpecificationVersion, on_delete=models.CASCADE, related_name="bids"
    )
    bidder = models.CharField(_("bidder"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        ordering = ["procurement", "bidder"]
        constraints = [
            models.UniqueConstraint(fields=["procurement", "bidder"], name="bid_unique_bidder")
        ]

    def __str__(self) -> str:
        return self.bidder


class BidPrice(OrganisationOwned):
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="prices")
    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="+")
    price = models.DecimalField(_("price (net, euro)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("bid price")
        verbose_name_plural = _("bid prices")
        constraints = [models.UniqueConstraint(fields=["bid", "lot"], name="bid_price_per_lot")]

    def __str__(self) -> str:
        return f"{self.bid} – {self.lot}"


class BidAnswer(OrganisationOwned):
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="answers")
    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="+")
    fulfilled = models.BooleanField(_("fulfilled"), null=True)
    answer = models.TextField(_("answer"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    remarks = models.TextField(_("remarks"), blank=True)

    class Meta:
        verbose_name = _("bid answer")
        verbose_name_plural = _("bid answers")
        constraints = [
            models.UniqueConstraint(fields=["bid", "requirement"], name="bid_answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.bid} – {self.requirement.key}"


class Evaluation(OrganisationOwned):
    class Method(models.TextChoices):
        SIMPLE = "simple", _("Einfache Richtwertmethode (Z = L / P)")
        EXTENDED = "extended", _("Erweiterte Richtwertmethode (tolerance band)")
        WEIGHTED = "weighted", _("Gewichtete Richtwertmethode (reference)")
        PRICE_POINTS = "price_points", _("Price points (L + PP)")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SIGNED = "signed", _("Signed off")

    procurement = models.OneToOneField(
        Procurement, on_delete=models.CASCADE, related_name="evaluation"
    )
    method = models.CharField(
        _("method"), max_length=20, choices=Method.choices, default=Method.SIMPLE
    )
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"{self.procurement} – {self.get_method_display()}"

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.SIGNED


class Score(OrganisationOwned):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="scores")
    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="+")
    points = models.PositiveSmallIntegerField(_("points"), validators=[MaxValueValidator(10)])

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "bid", "requirement"], name="score_unique"
            ),
            models.CheckConstraint(condition=models.Q(points__lte=10), name="score_at_most_10"),
        ]

    def __str__(self) -> str:
        return f"{self.bid} – {self.requirement.key}: {self.points}"


class Exclusion(OrganisationOwned):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="exclusions")
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="exclusions")
    requirement = models.ForeignKey(
        Requirement, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("exclusion")
        verbose_name_plural = _("exclusions")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "bid"], name="exclusion_one_per_bid")
        ]

    def __str__(self) -> str:
        return f"{self.bid}: {self.reason[:60]}"


class SignOff(OrganisationOwned):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="signoffs")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    signer_name = models.CharField(_("signed by"), max_length=200)
    signer_role = models.CharField(_("role"), max_length=20)
    signed_at = models.DateTimeField(_("signed"))

    class Meta:
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "user"], name="signoff_once_per_user")
        ]

    def __str__(self) -> str:
        return self.signer_name
