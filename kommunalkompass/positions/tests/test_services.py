"""Posts and their description versions: created, changed as new versions, bad input refused."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kommunalkompass.audit.models import AuditEvent
from kommunalkompass.organisations.tests.factories import OrganisationFactory
from kommunalkompass.positions import selectors, services
from kommunalkompass.positions.models import Description, Post, RoleNeed, WorkProcess
from kommunalkompass.positions.services import ProcessInput

from .factories import RoleNeedFactory, described_post

pytestmark = pytest.mark.django_db

PROCESSES = [
    ProcessInput("Sicherheitskonzept fortschreiben", 40, "Schutzbedarf", ("special-difficulty",)),
    ProcessInput("Sicherheitsvorfälle bearbeiten", 25, "", ("special-performance",)),
    ProcessInput("Beschäftigte schulen", 35, "", ("university-level",)),
]


def _create(organisation, **kwargs):
    return services.post_create(
        actor=None, organisation=organisation,
        **{"number": "10.1", "title": "ISB", "processes": PROCESSES, **kwargs},
    )  # fmt: skip


def _update(post, **kwargs):
    description = selectors.current_description(post)
    values = {
        "actor": None, "organisation": post.organisation, "post": post, "version": post.version,
        "fields": {"title": post.title}, "processes": PROCESSES,
        "description": {name: getattr(description, name) for name in services.DESCRIPTION_FIELDS},
    }  # fmt: skip
    values.update(kwargs)
    return services.post_update(**values)


def test_a_post_is_created_with_its_first_version_and_graded():
    organisation = OrganisationFactory()
    post = _create(organisation)
    row = selectors.post_rows(organisation=organisation, language="de")[0]
    assert row.description.number == 1
    assert [p.share for p in row.description.processes.all()] == [40, 25, 35]
    assert row.hint.grade == "11"
    assert AuditEvent.objects.filter(object_id=str(post.pk), action="create").exists()


def test_a_template_gives_a_complete_description():
    organisation = OrganisationFactory()
    post = services.post_create_from_template(
        actor=None, organisation=organisation, role_key="sysadmin", number="IT-1"
    )
    description = selectors.current_description(post)
    assert post.title == "IT-Systemadministrator/in"
    assert sum(p.share for p in description.processes.all()) == 100
    assert description.competences[0] == {"name": "Server- und Netzwerkbetrieb", "level": 3}


@pytest.mark.parametrize(
    ("processes", "message"),
    [
        (PROCESSES[:2], "The time shares of the Arbeitsvorgänge add up to 65 %, not 100 %."),
        (
            [ProcessInput("  ", 60), ProcessInput("Zwei", 40)],
            "Arbeitsvorgang 1: the description is missing.",
        ),
        ([], "A description needs at least one Arbeitsvorgang."),
    ],
)
def test_bad_arbeitsvorgaenge_are_refused_naming_the_field_and_nothing_is_stored(
    processes, message
):
    organisation = OrganisationFactory()
    with pytest.raises(ValidationError) as error:
        _create(organisation, processes=processes)
    assert message in error.value.message_dict["processes"]
    assert not Post.objects.exists() and not Description.objects.exists()
    assert not WorkProcess.objects.exists()


def test_a_change_is_a_new_version_and_the_old_one_stays():
    post = _create(OrganisationFactory())
    changed = [ProcessInput(PROCESSES[0].title, 50, "", ("special-difficulty",)), *PROCESSES[1:2],
               ProcessInput(PROCESSES[2].title, 25, "", ("university-level",))]  # fmt: skip
    _update(post, processes=changed, note="Sicherheitskonzept wächst")
    post.refresh_from_db()
    versions = selectors.version_list(post=post)
    assert [v.number for v in versions] == [2, 1]
    assert versions[0].note == "Sicherheitskonzept wächst"
    old = selectors.version_of(post=post, number=1)
    assert [p.share for p in old.processes.all()] == [40, 25, 35]
    assert selectors.hint_for(post, old, "de").grade == "11"
    assert selectors.hint_for(post, selectors.version_of(post=post, number=2), "de").grade == "12"


def test_saving_unchanged_writes_nothing():
    post = _create(OrganisationFactory())
    events = AuditEvent.objects.count()
    _update(post)
    post.refresh_from_db()
    assert post.version == 1 and post.versions.count() == 1
    assert AuditEvent.objects.count() == events


def test_a_stale_edit_is_refused():
    post = _create(OrganisationFactory())
    _update(post, fields={"title": "Neu"})
    with pytest.raises(ValidationError, match="Someone else has changed this"):
        _update(post, version=1, fields={"title": "Anders"})


def test_a_post_reporting_to_itself_or_in_a_circle_is_refused():
    organisation = OrganisationFactory()
    head = _create(organisation, number="1")
    post = _create(organisation, number="2", reports_to=head)
    with pytest.raises(ValidationError) as error:
        _update(post, fields={"reports_to": post})
    assert error.value.message_dict["reports_to"] == ["A post cannot report to itself."]
    with pytest.raises(ValidationError) as error:
        _update(head, fields={"reports_to": post})
    assert error.value.message_dict["reports_to"] == [
        "This reporting line would go round in a circle: 1 → 2 → 1."
    ]
    head.refresh_from_db()
    assert head.reports_to is None and head.version == 1


def test_the_post_number_is_unique_in_the_organisation():
    organisation = OrganisationFactory()
    _create(organisation)
    with pytest.raises(ValidationError) as error:
        _create(organisation)
    assert "number" in error.value.message_dict
    _create(OrganisationFactory())  # another organisation may use it


def test_a_planned_post_from_a_role_need_counts_in_the_capacity_from_its_year():
    need = RoleNeedFactory(needed_from=datetime.date(2028, 4, 1), fte=Decimal("1"))
    organisation = need.organisation
    described_post(organisation, scope="part", hours=Decimal("19.5"))
    years = [2027, 2028]
    assert selectors.staff_fte_by_year(organisation=organisation, years=years) == {
        2027: Decimal("0.5"), 2028: Decimal("1.5"),
    }  # fmt: skip
    post = services.post_create_from_need(
        actor=None, organisation=organisation, need=need, number="P-1"
    )
    assert post.status == "planned" and post.available_from == need.needed_from
    assert selectors.open_needs(organisation=organisation) == []
    plans = selectors.planned_by_year(
        organisation=organisation,
        rows=selectors.post_rows(organisation=organisation, language="de"),
    )
    assert [(p.year, len(p.posts), len(p.needs)) for p in plans] == [(2028, 1, 0)]
    assert selectors.staff_fte_by_year(organisation=organisation, years=years)[2028] == Decimal(
        "1.5"
    )


def test_a_role_need_names_a_known_role():
    need = RoleNeedFactory.build()
    with pytest.raises(ValidationError) as error:
        services.role_need_create(
            actor=None, organisation=need.measure.organisation, measure=need.measure,
            role_key="astronaut", fte=Decimal(1), needed_from=datetime.date(2028, 1, 1),
        )  # fmt: skip
    assert "role_key" in error.value.message_dict
    assert not RoleNeed.objects.exists()
