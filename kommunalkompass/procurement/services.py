"""Writes of the procurement module: every change goes through here and is audited.

A published specification version and a signed-off evaluation are frozen: every service
that would change them refuses with a message saying so (code ``frozen``). A change to the
evaluation after a first sign-off withdraws that sign-off (recorded), so that two people
always sign the same figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kommunalkompass.audit.services import (
    audit_record,
    changed_fields,
    lock_for_edit,
    save_edit,
    snapshot,
)
from kommunalkompass.organisations.models import Organisation
from kommunalkompass.organisations.tenancy import membership_for

from . import catalogs
from . import evaluation as engine
from .models import (
    Bid,
    BidAnswer,
    BidPrice,
    Evaluation,
    Exclusion,
    Lot,
    Procurement,
    Requirement,
    Score,
    SignOff,
    SpecificationVersion,
)

if TYPE_CHECKING:
    from kommunalkompass.accounts.models import User
    from kommunalkompass.strategy.models import Measure

    from .sheets import ParsedSheet

PROCUREMENT_FIELDS = (
    "title", "subject", "situation", "buyer_contributions", "project_terms", "estimated_value",
    "evb_it_type",
)  # fmt: skip
REQUIREMENT_FIELDS = ("key", "group", "non_functional", "text", "text_en", "kind", "weight",
                      "evidence")  # fmt: skip
STALE = _("Someone else changed this procurement while you were editing; make your changes "
          "again on top of theirs.")  # fmt: skip


def _frozen_specification(specification: SpecificationVersion) -> ValidationError:
    return ValidationError(
        _(
            "Version %(number)d of the specification is published and frozen; start a new "
            "version to change it."
        )
        % {"number": specification.number},
        code="frozen",
    )


def _frozen_evaluation() -> ValidationError:
    return ValidationError(
        _("The evaluation is signed off and frozen; it can no longer be changed."), code="frozen"
    )


def _check_evb_it(value: str) -> None:
    if value and value not in dict(catalogs.evb_it_choices()):
        raise ValidationError({"evb_it_type": _("Choose one of the EVB-IT types offered.")})


def _check_requirement(requirement: Requirement) -> None:
    if requirement.kind == Requirement.Kind.A and requirement.weight:
        raise ValidationError({"weight": _("An A requirement excludes; its weight is 0.")})
    if requirement.kind == Requirement.Kind.B and not 1 <= requirement.weight <= 100:
        raise ValidationError({"weight": _("A B requirement needs a weight from 1 to 100.")})
    requirement.full_clean(exclude=["organisation", "specification"], validate_unique=False)
    clash = Requirement.objects.filter(
        specification_id=requirement.specification_id, key=requirement.key
    ).exclude(pk=requirement.pk)
    if clash.exists():
        raise ValidationError(
            {"key": _("The ID %(key)s is used already in this version.") % {"key": requirement.key}}
        )


# Procurements and specification versions ------------------------------------------------------


@transaction.atomic
def procurement_create(
    *,
    actor: User | None,
    organisation: Organisation,
    title: str,
    estimated_value: Decimal,
    catalog_key: str = "",
    subject: str = "",
    evb_it_type: str = "",
    measures: Iterable[Measure] = (),
) -> Procurement:
    """A new procurement with a first draft of its specification: the requirements of the
    catalog ``catalog_key`` (none without one) and one lot for the whole service."""
    catalog = catalogs.shipped_catalog(catalog_key) if catalog_key else None
    if catalog_key and catalog is None:
        raise ValidationError({"catalog_key": _("Choose one of the catalogs offered.")})
    if estimated_value is None or estimated_value < 0:
        raise ValidationError({"estimated_value": _("Enter the estimated value, 0 or more.")})
    evb_it_type = evb_it_type or (catalog.evb_it if catalog else "")
    _check_evb_it(evb_it_type)
    procurement = Procurement(
        organisation=organisation, title=title, subject=subject,
        estimated_value=estimated_value, evb_it_type=evb_it_type, catalog_key=catalog_key,
        situation=catalog.description.de if catalog else "",
    )  # fmt: skip
    procurement.full_clean(exclude=["organisation", "measures"])
    procurement.save()
    procurement.measures.set(_own_measures(organisation, measures))
    specification = SpecificationVersion.objects.create(
        organisation=organisation, procurement=procurement, number=1
    )
    Lot.objects.create(
        organisation=organisation, specification=specification, number=1, title=title[:200]
    )
    if catalog is not None:
        rows: list[Requirement] = []
        for group in catalog.groups:
            for item in group.requirements:
                rows.append(
                    Requirement(
                        organisation=organisation, specification=specification, key=item.key,
                        group=group.title.de, non_functional=group.non_functional,
                        text=item.text.de, text_en=item.text.en, kind=item.kind,
                        weight=item.weight, evidence=item.evidence.de[:300],
                        position=len(rows) + 1,
                    )
                )  # fmt: skip
        Requirement.objects.bulk_create(rows)
    audit_record(
        actor=actor, organisation=organisation, action="create", obj=procurement,
        changes=snapshot(procurement, ("title", "estimated_value", "evb_it_type", "catalog_key")),
    )  # fmt: skip
    return procurement


def _own_measures(organisation: Organisation, measures: Iterable[Measure]) -> list[Measure]:
    measures = list(measures)
    if any(m.organisation_id != organisation.pk for m in measures):
        raise ValidationError({"measures": _("Choose measures of this organisation.")})
    return measures


@transaction.atomic
def procurement_update(
    *,
    actor: User | None,
    procurement: Procurement,
    version: int | None,
    measures: Iterable[Measure] | None = None,
    **values: Any,
) -> Procurement:
    """Save the procurement's texts and figures and the measures it serves. The texts belong
    to the specification: once every version is published they are frozen too."""
    locked = lock_for_edit(procurement, version, stale_message=STALE)
    before = snapshot(locked, PROCUREMENT_FIELDS)
    for name in PROCUREMENT_FIELDS:
        if name in values:
            setattr(locked, name, values[name])
    text_changes = changed_fields(before, snapshot(locked, PROCUREMENT_FIELDS))
    if text_changes and not locked.versions.filter(status=SpecificationVersion.Status.DRAFT):
        raise _frozen_specification(locked.versions.order_by("-number").first())  # type: ignore[arg-type]
    _check_evb_it(locked.evb_it_type)
    locked.full_clean(exclude=["organisation", "measures"])
    also: dict[str, Any] = {}
    new_measures = None
    if measures is not None:
        new_measures = _own_measures(locked.organisation, measures)
        old = sorted(str(m) for m in locked.measures.all())
        new = sorted(str(m) for m in new_measures)
        if old != new:
            also["measures"] = [old, new]
    changes = save_edit(
        actor=actor, organisation=locked.organisation, obj=locked, before=before,
        fields=PROCUREMENT_FIELDS, also_changed=also,
    )  # fmt: skip
    if "measures" in changes and new_measures is not None:
        locked.measures.set(new_measures)
    return locked


def _draft(specification: SpecificationVersion) -> SpecificationVersion:
    locked = SpecificationVersion.objects.select_for_update().get(pk=specification.pk)
    if locked.is_frozen:
        raise _frozen_specification(locked)
    return locked


@transaction.atomic
def requirement_add(
    *, actor: User | None, specification: SpecificationVersion, **values: Any
) -> Requirement:
    """A new requirement at the end of the draft ``specification``."""
    specification = _draft(specification)
    last = specification.requirements.order_by("-position").first()
    requirement = Requirement(
        organisation_id=specification.organisation_id, specification=specification,
        position=(last.position + 1) if last else 1,
        **{k: v for k, v in values.items() if k in REQUIREMENT_FIELDS},
    )  # fmt: skip
    _check_requirement(requirement)
    requirement.save()
    audit_record(
        actor=actor, organisation=specification.organisation, action="create", obj=requirement,
        changes=snapshot(requirement, REQUIREMENT_FIELDS),
    )  # fmt: skip
    return requirement


@transaction.atomic
def requirement_update(
    *, actor: User | None, requirement: Requirement, **values: Any
) -> Requirement:
    """Change a requirement of a draft; a save without change writes nothing."""
    _draft(requirement.specification)
    locked = Requirement.objects.select_for_update().get(pk=requirement.pk)
    before = snapshot(locked, REQUIREMENT_FIELDS)
    for name in REQUIREMENT_FIELDS:
        if name in values:
            setattr(locked, name, values[name])
    if locked.kind == Requirement.Kind.A:
        locked.weight = 0
    changes = changed_fields(before, snapshot(locked, REQUIREMENT_FIELDS))
    if not changes:
        return locked
    _check_requirement(locked)
    locked.save()
    audit_record(
        actor=actor, organisation=locked.organisation, action="update", obj=locked,
        changes=changes,
    )  # fmt: skip
    return locked


@transaction.atomic
def requirement_delete(*, actor: User | None, requirement: Requirement) -> None:
    """Remove a requirement from a draft."""
    _draft(requirement.specification)
    audit_record(
        actor=actor, organisation=requirement.organisation, action="delete", obj=requirement,
        changes=snapshot(requirement, REQUIREMENT_FIELDS),
    )  # fmt: skip
    requirement.delete()


@transaction.atomic
def lot_add(*, actor: User | None, specification: SpecificationVersion, title: str) -> Lot:
    """A new lot (a line of the price sheet) of a draft."""
    specification = _draft(specification)
    if not title.strip():
        raise ValidationError({"title": _("Name the lot.")})
    last = specification.lots.order_by("-number").first()
    lot = Lot.objects.create(
        organisation_id=specification.organisation_id, specification=specification,
        number=(last.number + 1) if last else 1, title=title.strip()[:200],
    )  # fmt: skip
    audit_record(
        actor=actor, organisation=specification.organisation, action="create", obj=lot,
        changes=snapshot(lot, ("number", "title")),
    )  # fmt: skip
    return lot


@transaction.atomic
def lot_delete(*, actor: User | None, lot: Lot) -> None:
    """Remove a lot of a draft; the last lot stays (a price sheet needs one line)."""
    specification = _draft(lot.specification)
    if specification.lots.count() <= 1:
        raise ValidationError(_("The price sheet needs at least one lot."))
    audit_record(
        actor=actor, organisation=lot.organisation, action="delete", obj=lot,
        changes=snapshot(lot, ("number", "title")),
    )  # fmt: skip
    lot.delete()


@transaction.atomic
def specification_publish(
    *, actor: User | None, specification: SpecificationVersion
) -> SpecificationVersion:
    """Publish a draft: from now on it is frozen, and bidder sheets can be made from it."""
    specification = _draft(specification)
    faults = []
    if not specification.requirements.filter(kind=Requirement.Kind.B).exists():
        faults.append(_("The specification needs at least one B requirement to score bids."))
    if not specification.lots.exists():
        faults.append(_("The price sheet needs at least one lot."))
    if faults:
        raise ValidationError(faults)
    specification.status = SpecificationVersion.Status.PUBLISHED
    specification.published_at = timezone.now()
    specification.published_by = actor if getattr(actor, "is_authenticated", False) else None
    specification.sheet_token = SpecificationVersion.new_token()
    specification.save()
    audit_record(
        actor=actor, organisation=specification.organisation, action="update",
        obj=specification, changes={"status": ["draft", "published"]},
    )  # fmt: skip
    return specification


@transaction.atomic
def specification_new_draft(
    *, actor: User | None, procurement: Procurement
) -> SpecificationVersion:
    """A new draft copying the latest published version (its lots and requirements)."""
    Procurement.objects.select_for_update().get(pk=procurement.pk)
    latest = procurement.versions.order_by("-number").first()
    if latest is None or not latest.is_frozen:
        raise ValidationError(_("A draft exists already; change that one."))
    draft = SpecificationVersion.objects.create(
        organisation_id=procurement.organisation_id, procurement=procurement,
        number=latest.number + 1,
    )  # fmt: skip
    Lot.objects.bulk_create(
        Lot(organisation_id=lot.organisation_id, specification=draft, number=lot.number,
            title=lot.title)
        for lot in latest.lots.all()
    )  # fmt: skip
    Requirement.objects.bulk_create(
        Requirement(
            organisation_id=r.organisation_id, specification=draft, position=r.position,
            **{name: getattr(r, name) for name in REQUIREMENT_FIELDS},
        )
        for r in latest.requirements.all()
    )  # fmt: skip
    audit_record(
        actor=actor, organisation=procurement.organisation, action="create", obj=draft,
        changes={"number": draft.number, "copied_from": latest.number},
    )  # fmt: skip
    return draft


# Bids ------------------------------------------------------------------------------------------


def _open_evaluation(procurement: Procurement) -> Evaluation | None:
    evaluation = Evaluation.objects.select_for_update().filter(procurement=procurement).first()
    if evaluation is not None and evaluation.is_frozen:
        raise _frozen_evaluation()
    return evaluation


@transaction.atomic
def bid_import(*, actor: User | None, procurement: Procurement, parsed: ParsedSheet) -> Bid:
    """Store a bid from a bidder answer sheet that ``sheets.parse_answer_sheet`` accepted:
    its answers and its price per lot, all or nothing."""
    procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
    evaluation = _open_evaluation(procurement)
    if Bid.objects.filter(procurement=procurement, bidder=parsed.bidder).exists():
        raise ValidationError(
            {"file": _("A bid of %(bidder)s exists already; delete it first to replace it.")
             % {"bidder": parsed.bidder}}
        )  # fmt: skip
    bid = Bid.objects.create(
        organisation_id=procurement.organisation_id, procurement=procurement,
        specification=parsed.specification, bidder=parsed.bidder,
    )  # fmt: skip
    BidAnswer.objects.bulk_create(
        BidAnswer(organisation_id=bid.organisation_id, bid=bid, requirement=row.requirement,
                  fulfilled=row.fulfilled, answer=row.answer, evidence=row.evidence,
                  remarks=row.remarks)
        for row in parsed.answers
    )  # fmt: skip
    BidPrice.objects.bulk_create(
        BidPrice(organisation_id=bid.organisation_id, bid=bid, lot=lot, price=price)
        for lot, price in parsed.prices
    )  # fmt: skip
    audit_record(
        actor=actor, organisation=procurement.organisation, action="create", obj=bid,
        changes={"bidder": parsed.bidder, "version": parsed.specification.number,
                 "price": str(sum((p for _lot, p in parsed.prices), Decimal(0)))},
    )  # fmt: skip
    if evaluation is not None:
        _withdraw_signoffs(actor, evaluation)
    return bid


@transaction.atomic
def bid_delete(*, actor: User | None, bid: Bid) -> None:
    """Remove a bid (e.g. imported twice by mistake) before the evaluation is signed off."""
    evaluation = _open_evaluation(bid.procurement)
    audit_record(
        actor=actor, organisation=bid.organisation, action="delete", obj=bid,
        changes={"bidder": bid.bidder},
    )  # fmt: skip
    bid.delete()
    if evaluation is not None:
        _withdraw_signoffs(actor, evaluation)


# Evaluation -------------------------------------------------------------------------------------

PARAMETER_NAMES = (
    "tolerance", "decision", "reference", "weight_performance", "weight_price",
    "reference_performance", "reference_price", "formula", "max_price_points",
)  # fmt: skip


# The parameters each method reads; others a form sends along are not stored, so that saving
# the form unchanged changes nothing.
METHOD_PARAMETERS = {
    "simple": (),
    "extended": ("tolerance", "decision"),
    "weighted": ("reference", "weight_performance", "weight_price", "reference_performance",
                 "reference_price"),
    "price_points": ("formula", "max_price_points"),
}  # fmt: skip


def parameters_of(method: str, stored: dict[str, Any]) -> engine.Parameters:
    """The engine's parameters from the stored (JSON) ones; numbers are kept as text."""

    def number(name: str) -> Fraction | None:
        value = stored.get(name)
        return None if value in (None, "") else Fraction(str(value))

    values: dict[str, Any] = {"method": method}
    for name in ("decision", "reference", "formula"):
        if stored.get(name):
            values[name] = stored[name]
    for name in ("tolerance", "weight_performance", "weight_price", "max_price_points",
                 "reference_performance", "reference_price"):  # fmt: skip
        value = number(name)
        if value is not None:
            values[name] = value
    return engine.Parameters(**values)


def _withdraw_signoffs(actor: User | None, evaluation: Evaluation) -> None:
    for signoff in evaluation.signoffs.all():
        audit_record(
            actor=actor, organisation=evaluation.organisation, action="delete", obj=signoff,
            changes={"signer": signoff.signer_name, "reason": "evaluation changed"},
        )  # fmt: skip
        signoff.delete()


@transaction.atomic
def evaluation_configure(
    *, actor: User | None, procurement: Procurement, method: str, parameters: dict[str, Any]
) -> Evaluation:
    """Set the evaluation method and its parameters as announced in the tender. The
    parameters are checked by the engine; a weighted method needs weights adding up to 1."""
    relevant = METHOD_PARAMETERS.get(method, ())
    if method == "weighted" and parameters.get("reference") != "value":
        relevant = ("reference", "weight_performance", "weight_price")
    stored = {k: str(v) for k, v in parameters.items() if k in relevant and v not in (None, "")}
    try:
        parameters_of(method, stored).check()
    except engine.EvaluationError as error:
        raise ValidationError({error.field: str(error)}) from error
    except (ValueError, ZeroDivisionError) as error:
        raise ValidationError(_("The parameters are not numbers.")) from error
    evaluation = Evaluation.objects.select_for_update().filter(procurement=procurement).first()
    if evaluation is None:
        evaluation = Evaluation.objects.create(
            organisation_id=procurement.organisation_id, procurement=procurement,
            method=method, parameters=stored,
        )  # fmt: skip
        audit_record(
            actor=actor, organisation=procurement.organisation, action="create",
            obj=evaluation, changes={"method": method, **stored},
        )  # fmt: skip
        return evaluation
    if evaluation.is_frozen:
        raise _frozen_evaluation()
    changes = changed_fields(
        {"method": evaluation.method, **evaluation.parameters}, {"method": method, **stored}
    )
    if changes:
        evaluation.method, evaluation.parameters = method, stored
        evaluation.save()
        audit_record(
            actor=actor, organisation=procurement.organisation, action="update",
            obj=evaluation, changes=changes,
        )  # fmt: skip
        _withdraw_signoffs(actor, evaluation)
    return evaluation


def _locked_open(evaluation: Evaluation) -> Evaluation:
    locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if locked.is_frozen:
        raise _frozen_evaluation()
    return locked


@transaction.atomic
def scores_update(
    *, actor: User | None, evaluation: Evaluation, bid: Bid, points: dict[int, int | None]
) -> dict[str, list[Any]]:
    """Set a bid's points per B requirement (``{requirement id: points or None}``); each must
    lie in 0–10. A fault names the requirement, and nothing is stored. Returns the changes."""
    evaluation = _locked_open(evaluation)
    requirements = {r.pk: r for r in bid.specification.requirements.filter(kind=Requirement.Kind.B)}
    faults = {}
    for requirement_id, value in points.items():
        requirement = requirements.get(requirement_id)
        if requirement is None:
            faults[f"points_{requirement_id}"] = _("Not a B requirement of this bid's version.")
        elif value is not None and not 0 <= value <= engine.MAX_POINTS:
            faults[f"points_{requirement_id}"] = _(
                "%(key)s: points lie between 0 and 10, not %(value)s."
            ) % {"key": requirement.key, "value": value}
    if faults:
        raise ValidationError(faults)
    existing = {s.requirement_id: s for s in Score.objects.filter(evaluation=evaluation, bid=bid)}
    changes: dict[str, list[Any]] = {}
    for requirement_id, value in points.items():
        score = existing.get(requirement_id)
        old = score.points if score else None
        if old == value:
            continue
        changes[requirements[requirement_id].key] = [old, value]
        if value is None and score is not None:
            score.delete()
        elif score is None and value is not None:
            Score.objects.create(
                organisation_id=evaluation.organisation_id, evaluation=evaluation, bid=bid,
                requirement_id=requirement_id, points=value,
            )  # fmt: skip
        elif score is not None and value is not None:
            score.points = value
            score.save(update_fields=["points"])
    if changes:
        audit_record(
            actor=actor, organisation=evaluation.organisation, action="update", obj=bid,
            changes=changes, object_repr=_("Points of %(bidder)s") % {"bidder": bid.bidder},
        )  # fmt: skip
        _withdraw_signoffs(actor, evaluation)
    return changes


@transaction.atomic
def exclusion_set(
    *,
    actor: User | None,
    evaluation: Evaluation,
    bid: Bid,
    requirement: Requirement | None,
    reason: str,
) -> Exclusion:
    """Exclude a bid, naming the A requirement it misses (if any) and the reason."""
    evaluation = _locked_open(evaluation)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the exclusion.")})
    if requirement is not None and (
        requirement.kind != Requirement.Kind.A
        or requirement.specification_id != bid.specification_id
    ):
        raise ValidationError({"requirement": _("Choose an A requirement of the bid's version.")})
    exclusion, created = Exclusion.objects.update_or_create(
        evaluation=evaluation, bid=bid,
        defaults={"organisation_id": evaluation.organisation_id, "requirement": requirement,
                  "reason": reason},
    )  # fmt: skip
    audit_record(
        actor=actor, organisation=evaluation.organisation,
        action="create" if created else "update", obj=exclusion,
        changes={"bid": bid.bidder, "requirement": requirement.key if requirement else "",
                 "reason": reason},
    )  # fmt: skip
    _withdraw_signoffs(actor, evaluation)
    return exclusion


@transaction.atomic
def exclusion_remove(*, actor: User | None, exclusion: Exclusion) -> None:
    """Admit an excluded bid again."""
    evaluation = _locked_open(exclusion.evaluation)
    audit_record(
        actor=actor, organisation=exclusion.organisation, action="delete", obj=exclusion,
        changes={"bid": exclusion.bid.bidder, "reason": exclusion.reason},
    )  # fmt: skip
    exclusion.delete()
    _withdraw_signoffs(actor, evaluation)


REQUIRED_SIGNOFFS = 2


@transaction.atomic
def evaluation_sign(*, actor: User, evaluation: Evaluation) -> SignOff:
    """Sign the evaluation off. Two different people with the right to sign (editor or
    administrator) are needed; the second sign-off freezes the evaluation. Refused while
    a bid lacks points, and for someone who signed already."""
    from .selectors import evaluation_result

    evaluation = _locked_open(evaluation)
    membership = membership_for(actor, evaluation.organisation)
    if membership is None or not actor.has_perm(
        "procurement.sign_evaluation", evaluation.organisation
    ):
        raise ValidationError(_("Only an editor or administrator can sign the evaluation off."))
    if evaluation.signoffs.filter(user=actor).exists():
        raise ValidationError(
            _("You have signed this evaluation off already; the second sign-off must come "
              "from another person."),
            code="same_user",
        )  # fmt: skip
    result = evaluation_result(procurement=evaluation.procurement)
    if result.missing:
        raise ValidationError(
            _("Points are missing: %(missing)s.") % {"missing": "; ".join(result.missing[:10])}
        )
    if result.error:
        raise ValidationError(result.error)
    if result.ranking is None or result.ranking.winner is None:
        raise ValidationError(_("There is no admitted bid to award."))
    signoff = SignOff.objects.create(
        organisation_id=evaluation.organisation_id, evaluation=evaluation, user=actor,
        signer_name=actor.display_name, signer_role=membership.role, signed_at=timezone.now(),
    )  # fmt: skip
    audit_record(
        actor=actor, organisation=evaluation.organisation, action="create", obj=signoff,
        changes={"signer": signoff.signer_name, "winner": result.ranking.winner.key},
    )  # fmt: skip
    if evaluation.signoffs.count() >= REQUIRED_SIGNOFFS:
        evaluation.status = Evaluation.Status.SIGNED
        evaluation.frozen_at = timezone.now()
        evaluation.save(update_fields=["status", "frozen_at"])
        audit_record(
            actor=actor, organisation=evaluation.organisation, action="update",
            obj=evaluation, changes={"status": ["open", "signed"]},
        )  # fmt: skip
    return signoff
