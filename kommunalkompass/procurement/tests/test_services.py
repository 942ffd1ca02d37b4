from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kommunalkompass.audit.models import AuditEvent
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory, OrganisationFactory
from kommunalkompass.procurement import selectors, services
from kommunalkompass.procurement.models import Requirement, Score, SignOff

from .factories import import_bid, make_procurement, make_published

pytestmark = pytest.mark.django_db


def test_a_procurement_starts_from_its_catalog_and_is_audited():
    procurement = make_procurement(catalog_key="e-akte")
    draft = procurement.versions.get()
    assert draft.status == "draft"
    keys = list(draft.requirements.values_list("key", flat=True))
    assert keys[0] == "EAK-01" and "SEC-01" in keys and "EXIT-01" in keys
    assert procurement.evb_it_type == "system"
    assert draft.lots.count() == 1
    assert AuditEvent.objects.filter(object_repr=procurement.title, action="create").exists()


def test_requirements_are_edited_added_and_removed_in_a_draft():
    draft = make_procurement().versions.get()
    requirement = draft.requirements.get(key="VK-02")
    services.requirement_update(actor=None, requirement=requirement, weight=20, text="Neu")
    requirement.refresh_from_db()
    assert (requirement.weight, requirement.text) == (20, "Neu")
    added = services.requirement_add(
        actor=None, specification=draft, key="OWN-01", group="Eigene", kind="B", weight=5,
        text="Eigene Anforderung",
    )  # fmt: skip
    assert draft.requirements.order_by("-position").first() == added
    services.requirement_delete(actor=None, requirement=added)
    assert not draft.requirements.filter(key="OWN-01").exists()


def test_an_unchanged_requirement_save_writes_nothing():
    draft = make_procurement().versions.get()
    requirement = draft.requirements.get(key="VK-02")
    before = AuditEvent.objects.count()
    services.requirement_update(actor=None, requirement=requirement, weight=requirement.weight)
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "B", "weight": 0}, "weight"),
        ({"kind": "B", "weight": 101}, "weight"),
        ({"kind": "A", "weight": 5}, "weight"),
        ({"kind": "B", "weight": 5, "key": "VK-01"}, "key"),
    ],
)
def test_a_bad_requirement_is_named_and_not_stored(values, field):
    draft = make_procurement().versions.get()
    count = draft.requirements.count()
    values = {"key": "OWN-01", "group": "G", "text": "T", **values}
    with pytest.raises(ValidationError) as error:
        services.requirement_add(actor=None, specification=draft, **values)
    assert field in error.value.message_dict
    assert draft.requirements.count() == count


def test_a_published_version_is_frozen_and_a_new_version_copies_it():
    published = make_published()
    requirement = published.requirements.first()
    with pytest.raises(ValidationError, match="published and frozen"):
        services.requirement_update(actor=None, requirement=requirement, text="Anders")
    with pytest.raises(ValidationError, match="published and frozen"):
        services.requirement_delete(actor=None, requirement=requirement)
    with pytest.raises(ValidationError, match="published and frozen"):
        services.procurement_update(
            actor=None, procurement=published.procurement, version=None, title="Neu"
        )
    requirement.refresh_from_db()
    assert requirement.text != "Anders"
    draft = services.specification_new_draft(actor=None, procurement=published.procurement)
    assert draft.number == 2
    assert list(draft.requirements.values_list("key", "text", "weight")) == list(
        published.requirements.values_list("key", "text", "weight")
    )
    with pytest.raises(ValidationError, match="draft exists already"):
        services.specification_new_draft(actor=None, procurement=published.procurement)


def test_publishing_needs_a_b_requirement():
    procurement = make_procurement(catalog_key="")
    with pytest.raises(ValidationError, match="at least one B requirement"):
        services.specification_publish(actor=None, specification=procurement.versions.get())
    assert procurement.versions.get().status == "draft"


def _scored(specification, bids_points):
    procurement = specification.procurement
    evaluation = services.evaluation_configure(
        actor=None, procurement=procurement, method="simple", parameters={}
    )
    b_requirements = specification.requirements.filter(kind=Requirement.Kind.B)
    for bid, value in bids_points.items():
        services.scores_update(
            actor=None, evaluation=evaluation, bid=bid,
            points={r.pk: value for r in b_requirements},
        )  # fmt: skip
    return evaluation


def test_points_outside_0_to_10_are_refused_naming_the_requirement():
    specification = make_published()
    bid = import_bid(specification, "Anbieter A", 1000)
    evaluation = services.evaluation_configure(
        actor=None, procurement=specification.procurement, method="simple", parameters={}
    )
    requirement = specification.requirements.filter(kind="B").first()
    other = specification.requirements.filter(kind="B").last()
    with pytest.raises(ValidationError) as error:
        services.scores_update(
            actor=None, evaluation=evaluation, bid=bid, points={other.pk: 5, requirement.pk: 11}
        )
    assert f"{requirement.key}: points lie between 0 and 10, not 11." in str(error.value)
    assert not Score.objects.exists()


def test_weights_that_do_not_add_up_are_refused():
    specification = make_published()
    with pytest.raises(ValidationError) as error:
        services.evaluation_configure(
            actor=None, procurement=specification.procurement, method="weighted",
            parameters={"weight_performance": "0.7", "weight_price": "0.4",
                        "reference": "median"},
        )  # fmt: skip
    assert "weight_price" in error.value.message_dict
    assert not hasattr(specification.procurement, "evaluation") or True
    assert selectors.evaluation_result(procurement=specification.procurement).evaluation is None


def test_four_eyes_two_different_signers_then_frozen():
    organisation = OrganisationFactory()
    first = MembershipFactory(organisation=organisation, role=Role.EDITOR).user
    second = MembershipFactory(organisation=organisation, role=Role.ADMIN).user
    viewer = MembershipFactory(organisation=organisation, role=Role.VIEWER).user
    specification = make_published(organisation)
    a = import_bid(specification, "Anbieter A", 100_000)
    b = import_bid(specification, "Anbieter B", 120_000)
    evaluation = _scored(specification, {a: 6, b: 8})
    with pytest.raises(ValidationError, match="Only an editor or administrator"):
        services.evaluation_sign(actor=viewer, evaluation=evaluation)
    services.evaluation_sign(actor=first, evaluation=evaluation)
    with pytest.raises(ValidationError, match="second sign-off must come from another person"):
        services.evaluation_sign(actor=first, evaluation=evaluation)
    assert SignOff.objects.count() == 1
    services.evaluation_sign(actor=second, evaluation=evaluation)
    evaluation.refresh_from_db()
    assert evaluation.is_frozen and evaluation.frozen_at
    with pytest.raises(ValidationError, match="signed off and frozen"):
        services.scores_update(actor=first, evaluation=evaluation, bid=a, points={})
    with pytest.raises(ValidationError, match="signed off and frozen"):
        import_bid(specification, "Anbieter C", 90_000)
    with pytest.raises(ValidationError, match="signed off and frozen"):
        services.evaluation_configure(
            actor=first, procurement=specification.procurement, method="extended",
            parameters={"tolerance": "5"},
        )  # fmt: skip
    result = selectors.evaluation_result(procurement=specification.procurement)
    assert result.ranking.winner.key == "Anbieter B"
    assert [s.user for s in result.signoffs] == [first, second]


def test_a_change_after_the_first_signoff_withdraws_it():
    organisation = OrganisationFactory()
    first = MembershipFactory(organisation=organisation, role=Role.EDITOR).user
    specification = make_published(organisation)
    a = import_bid(specification, "Anbieter A", 100_000)
    evaluation = _scored(specification, {a: 6})
    services.evaluation_sign(actor=first, evaluation=evaluation)
    requirement = specification.requirements.filter(kind="B").first()
    services.scores_update(actor=first, evaluation=evaluation, bid=a, points={requirement.pk: 7})
    assert not SignOff.objects.exists()


def test_signing_needs_every_point():
    organisation = OrganisationFactory()
    first = MembershipFactory(organisation=organisation, role=Role.EDITOR).user
    specification = make_published(organisation)
    import_bid(specification, "Anbieter A", 100_000)
    evaluation = services.evaluation_configure(
        actor=None, procurement=specification.procurement, method="simple", parameters={}
    )
    with pytest.raises(ValidationError, match="Points are missing: Anbieter A"):
        services.evaluation_sign(actor=first, evaluation=evaluation)


def test_an_exclusion_needs_a_reason_and_removes_the_bid_from_the_ranking():
    specification = make_published()
    a = import_bid(specification, "Anbieter A", 100_000, fulfilled={"VK-01": "nein"})
    b = import_bid(specification, "Anbieter B", 120_000)
    evaluation = _scored(specification, {a: 9, b: 5})
    result = selectors.evaluation_result(procurement=specification.procurement)
    assert result.row_for("Anbieter A").a_not_fulfilled == ["VK-01"]
    requirement = specification.requirements.get(key="VK-01")
    with pytest.raises(ValidationError) as error:
        services.exclusion_set(
            actor=None, evaluation=evaluation, bid=a, requirement=requirement, reason=" "
        )
    assert "reason" in error.value.message_dict
    services.exclusion_set(
        actor=None, evaluation=evaluation, bid=a, requirement=requirement,
        reason="Keine Teilnahme ohne Installation im Browser.",
    )  # fmt: skip
    result = selectors.evaluation_result(procurement=specification.procurement)
    assert result.ranking.order() == ["Anbieter B"]
    assert result.ranking.lines[-1].excluded


def test_procedure_hint_uses_the_threshold_of_the_day():
    import datetime

    procurement = make_procurement(estimated_value=Decimal("216000"))
    hint = selectors.procedure_hint(
        procurement=procurement, day=datetime.date(2026, 6, 1), language="de"
    )
    assert hint.above and "EU-weites Verfahren" in hint.text
    procurement.estimated_value = Decimal("215999.99")
    hint = selectors.procedure_hint(
        procurement=procurement, day=datetime.date(2026, 6, 1), language="de"
    )
    assert hint.above is False


def test_the_implementation_phase_counts_procurements():
    organisation = OrganisationFactory()
    assert selectors.phase_facts(organisation) == []
    make_procurement(organisation)
    assert selectors.phase_facts(organisation) == [
        "Procurement: 1 tender, 0 evaluated and signed off"
    ]


def test_a_method_stores_only_its_own_parameters_and_an_unchanged_save_writes_nothing():
    specification = make_published()
    procurement = specification.procurement
    form_values = {"tolerance": None, "decision": "performance", "reference": "median",
                   "formula": "ratio", "weight_performance": None}  # fmt: skip
    evaluation = services.evaluation_configure(
        actor=None, procurement=procurement, method="simple", parameters=form_values
    )
    assert evaluation.parameters == {}
    before = AuditEvent.objects.count()
    services.evaluation_configure(
        actor=None, procurement=procurement, method="simple", parameters=form_values
    )
    assert AuditEvent.objects.count() == before
    evaluation = services.evaluation_configure(
        actor=None, procurement=procurement, method="extended",
        parameters={**form_values, "tolerance": "5"},
    )  # fmt: skip
    assert evaluation.parameters == {"tolerance": "5", "decision": "performance"}
