"""Copying fields of action, goals and measures from one organisation's strategy into
another's (services.strategy_copy_parts, /o/<slug>/strategy/copy/)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kommunalkompass.audit.models import AuditEvent
from kommunalkompass.organisations.models import Membership, Role
from kommunalkompass.organisations.tests.factories import (
    DepartmentFactory,
    MembershipFactory,
    OrganisationFactory,
)
from kommunalkompass.strategy import services
from kommunalkompass.strategy.models import FieldOfAction, Goal, Measure, Strategy
from kommunalkompass.strategy.tests.factories import GoalFactory, MeasureFactory, StrategyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultant(django_user_model):
    return django_user_model.objects.create_user(email="berater@example.org", password="x")


@pytest.fixture
def source(consultant):
    organisation = OrganisationFactory(name="Quellstadt")
    MembershipFactory(organisation=organisation, user=consultant, role=Role.VIEWER)
    strategy = StrategyFactory(organisation=organisation)
    online = FieldOfAction.objects.create(
        organisation=organisation, strategy=strategy, name="Online-Dienste",
        description="Alles online", dimensions=["services"], position=1,
    )  # fmt: skip
    staff = FieldOfAction.objects.create(
        organisation=organisation, strategy=strategy, name="Personal",
        dimensions=["people"], position=2,
    )  # fmt: skip
    goal = GoalFactory(strategy=strategy, field=online, title="Alle Anträge online")
    GoalFactory(strategy=strategy, field=staff, title="Alle geschult")
    measure = MeasureFactory(
        strategy=strategy, title="Terminbuchung", status=Measure.Status.IN_PROGRESS,
        one_time_cost=Decimal("12000"), start=datetime.date(2027, 1, 1),
        end=datetime.date(2027, 12, 31), lead_person="Frau Quelle",
        lead_department=DepartmentFactory(organisation=organisation), progress=40,
    )  # fmt: skip
    measure.fields.set([online, staff])
    measure.goals.set([goal])
    MeasureFactory(strategy=strategy, title="Schulungen").fields.set([staff])
    return organisation


@pytest.fixture
def target(consultant):
    organisation = OrganisationFactory(name="Zielhausen")
    MembershipFactory(organisation=organisation, user=consultant, role=Role.EDITOR)
    StrategyFactory(organisation=organisation)
    return organisation


def _ids(organisation, *names):
    return list(
        FieldOfAction.objects.filter(organisation=organisation, name__in=names).values_list(
            "pk", flat=True
        )
    )


class TestCopyService:
    def test_copies_a_field_with_its_goals_and_measures_as_a_starting_point(
        self, consultant, source, target
    ):
        result = services.strategy_copy_parts(
            actor=consultant, source=source, target=target,
            field_ids=_ids(source, "Online-Dienste"),
        )  # fmt: skip
        assert [f.name for f in result.fields] == ["Online-Dienste"]
        field = FieldOfAction.objects.get(organisation=target)
        assert (field.description, field.dimensions) == ("Alles online", ["services"])
        assert [g.title for g in Goal.objects.filter(organisation=target)] == [
            "Alle Anträge online"
        ]
        measure = Measure.objects.get(organisation=target)
        assert measure.title == "Terminbuchung"
        assert measure.one_time_cost == Decimal("12000")
        # What belongs to the source town stays there.
        assert measure.status == Measure.Status.IDEA
        assert (measure.start, measure.end, measure.progress) == (None, None, 0)
        assert (measure.lead_person, measure.lead_department) == ("", None)
        assert list(measure.fields.all()) == [field]  # only the copied field
        assert [g.title for g in measure.goals.all()] == ["Alle Anträge online"]
        # The source is unchanged.
        assert Measure.objects.filter(organisation=source).count() == 2

    def test_a_measure_of_two_chosen_fields_is_copied_once(self, consultant, source, target):
        services.strategy_copy_parts(
            actor=consultant, source=source, target=target,
            field_ids=_ids(source, "Online-Dienste", "Personal"), with_goals=False,
        )  # fmt: skip
        assert Measure.objects.filter(organisation=target).count() == 2
        assert not Goal.objects.filter(organisation=target).exists()
        booking = Measure.objects.get(organisation=target, title="Terminbuchung")
        assert booking.fields.count() == 2

    def test_the_copy_is_recorded_in_both_audit_logs(self, consultant, source, target):
        services.strategy_copy_parts(
            actor=consultant, source=source, target=target,
            field_ids=_ids(source, "Online-Dienste"),
        )  # fmt: skip
        copied_from = AuditEvent.objects.get(organisation=target, changes__has_key="copied_from")
        copied_to = AuditEvent.objects.get(organisation=source, changes__has_key="copied_to")
        assert "Quellstadt" in copied_from.changes["copied_from"][1]
        assert "Zielhausen" in copied_to.changes["copied_to"][1]
        assert copied_from.actor == copied_to.actor == consultant
        # Every created object is in the target's log too.
        assert AuditEvent.objects.filter(organisation=target, action="create").count() == 3

    def test_a_viewer_of_the_target_may_not_copy(self, consultant, source, target):
        Membership.objects.filter(organisation=target, user=consultant).update(role=Role.VIEWER)
        with pytest.raises(PermissionDenied, match="editor"):
            services.strategy_copy_parts(
                actor=consultant, source=source, target=target,
                field_ids=_ids(source, "Personal"),
            )  # fmt: skip
        assert not FieldOfAction.objects.filter(organisation=target).exists()

    def test_nobody_copies_from_an_organisation_they_are_not_a_member_of(
        self, consultant, source, target
    ):
        Membership.objects.filter(organisation=source, user=consultant).delete()
        with pytest.raises(PermissionDenied):
            services.strategy_copy_parts(
                actor=consultant, source=source, target=target,
                field_ids=_ids(source, "Personal"),
            )  # fmt: skip
        assert not FieldOfAction.objects.filter(organisation=target).exists()

    def test_a_name_the_target_has_stores_nothing(self, consultant, source, target):
        FieldOfAction.objects.create(
            organisation=target, strategy=Strategy.objects.get(organisation=target),
            name="personal", dimensions=["people"],
        )  # fmt: skip
        with pytest.raises(ValidationError, match="„Personal“"):
            services.strategy_copy_parts(
                actor=consultant, source=source, target=target,
                field_ids=_ids(source, "Online-Dienste", "Personal"),
            )  # fmt: skip
        assert FieldOfAction.objects.filter(organisation=target).count() == 1
        assert not Measure.objects.filter(organisation=target).exists()
        assert not AuditEvent.objects.filter(organisation=source).exists()

    def test_a_field_of_another_strategy_is_refused(self, consultant, source, target):
        other = FieldOfAction.objects.create(
            organisation=target, strategy=Strategy.objects.get(organisation=target),
            name="Eigenes",
            dimensions=["people"],
        )  # fmt: skip
        with pytest.raises(ValidationError):
            services.strategy_copy_parts(
                actor=consultant, source=source, target=target, field_ids=[other.pk]
            )


class TestCopyPage:
    def test_offers_only_the_users_own_organisations(self, client, consultant, source, target):
        stranger = OrganisationFactory(name="Fremdstadt")
        StrategyFactory(organisation=stranger)
        client.force_login(consultant)
        url = reverse("strategy:copy", args=[target.slug])
        page = client.get(url).content.decode()
        assert "Quellstadt" in page and "Fremdstadt" not in page
        response = client.get(url, {"source": stranger.slug})
        assert "Fremdstadt" not in response.content.decode()
        assert response.context["form"] is None
        response = client.post(
            url, {"source": stranger.slug, "fields_of_action": _ids(stranger, "x")}
        )
        assert response.status_code == 400

    def test_copies_and_says_what(self, client, consultant, source, target):
        client.force_login(consultant)
        url = reverse("strategy:copy", args=[target.slug])
        page = client.get(url, {"source": source.slug}).content.decode()
        assert "Online-Dienste" in page and "Personal" in page
        response = client.post(
            url,
            {
                "source": source.slug,
                "fields_of_action": _ids(source, "Online-Dienste"),
                "with_goals": "on",
                "with_measures": "on",
            },
            follow=True,
        )
        assert response.redirect_chain[-1][0] == reverse("strategy:fields", args=[target.slug])
        assert "Quellstadt" in response.content.decode()
        assert FieldOfAction.objects.filter(organisation=target, name="Online-Dienste").exists()

    def test_a_clash_is_shown_and_nothing_is_stored(self, client, consultant, source, target):
        FieldOfAction.objects.create(
            organisation=target, strategy=Strategy.objects.get(organisation=target),
            name="Personal", dimensions=["people"],
        )  # fmt: skip
        client.force_login(consultant)
        response = client.post(
            reverse("strategy:copy", args=[target.slug]),
            {"source": source.slug, "fields_of_action": _ids(source, "Personal")},
        )
        assert response.status_code == 400
        assert "Nothing has been copied" in response.content.decode()
        assert FieldOfAction.objects.filter(organisation=target).count() == 1

    def test_without_another_organisation_the_page_says_so(self, client, target, consultant):
        client.force_login(consultant)
        response = client.get(reverse("strategy:copy", args=[target.slug]))
        assert response.status_code == 200
        assert response.context["sources"] == []
