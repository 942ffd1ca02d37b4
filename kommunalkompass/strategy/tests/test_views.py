"""The strategy pages as an editor and a viewer use them."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kommunalkompass.assessments.maturity import recommendations
from kommunalkompass.assessments.tests.factories import AssessmentFactory
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import DepartmentFactory, MembershipFactory
from kommunalkompass.strategy import services
from kommunalkompass.strategy.models import FieldOfAction, Measure, Strategy

pytestmark = pytest.mark.django_db


def url(name, membership, *args):
    return reverse(f"strategy:{name}", args=[membership.organisation.slug, *args])


def test_without_a_strategy_the_page_offers_to_start_one(client, editor):
    page = client.get(url("home", editor))
    assert page.status_code == 200
    assert "Start the strategy" in page.content.decode()
    assert client.get(url("measures", editor)).status_code == 302  # back to the start
    response = client.post(
        url("create", editor),
        {"title": "Digitalstrategie", "start_year": 2027, "horizon_years": 5},
    )
    assert response.status_code == 302
    strategy = Strategy.objects.get(organisation=editor.organisation)
    assert strategy.is_current and strategy.status == "draft"


def test_a_bad_horizon_is_named_and_nothing_is_created(client, editor):
    page = client.post(
        url("create", editor), {"title": "X", "start_year": 2027, "horizon_years": 40}
    )
    assert page.status_code == 400
    assert "horizon_years" in page.content.decode()
    assert not Strategy.objects.exists()


def test_starter_fields_and_goals_are_added(client, editor, strategy):
    client.post(url("field_add", editor), {"starter": ["Education", "Participation"]})
    names = set(FieldOfAction.objects.values_list("name", flat=True))
    assert names == {"Education", "Participation"}
    field = FieldOfAction.objects.get(name="Education")
    assert field.dimensions == ["infrastructure", "collaboration"]
    client.post(url("goal_create", editor), {"title": "Schulen digital", "field": field.pk})
    page = client.get(url("home", editor)).content.decode()
    assert "Schulen digital" in page and "Education" in page


def test_measure_is_created_through_the_form_and_listed_by_priority(client, editor, strategy):
    department = DepartmentFactory(organisation=editor.organisation)
    response = client.post(
        url("measure_create", editor),
        {
            "title": "E-Akte einführen", "status": "planned", "progress": 0,
            "duration_quarters": 4, "one_time_cost": "120000", "annual_cost": "15000",
            "person_days": 60, "benefit_citizens": 3, "benefit_staff": 5,
            "benefit_efficiency": 5, "benefit_legal": 3, "benefit_goals": 4,
            "effort": 4, "risk": 3, "lead_department": department.pk,
        },
    )  # fmt: skip
    assert response.status_code == 302
    measure = Measure.objects.get()
    assert measure.code == "M01" and measure.lead_department == department
    listing = client.get(url("measures", editor)).content.decode()
    assert "E-Akte einführen" in listing and "Medium: within 2 years" in listing
    assert "135,000" in listing  # one-time + annual cost over its one year


def test_a_negative_cost_is_refused_with_the_field_named(client, editor, strategy):
    page = client.post(
        url("measure_create", editor),
        {"title": "X", "status": "idea", "progress": 0, "duration_quarters": 1,
         "one_time_cost": "-5", "annual_cost": "0", "person_days": 0, "effort": 3, "risk": 3,
         "benefit_citizens": 0, "benefit_staff": 0, "benefit_efficiency": 0,
         "benefit_legal": 0, "benefit_goals": 0},
    )  # fmt: skip
    assert page.status_code == 400
    assert "id_one_time_cost_error" in page.content.decode()
    assert not Measure.objects.exists()


def _form_data(measure, **changes):
    data = {
        "title": measure.title, "status": measure.status, "progress": measure.progress,
        "duration_quarters": measure.duration_quarters, "one_time_cost": "0",
        "annual_cost": "0", "person_days": 0, "effort": 3, "risk": 3, "benefit_citizens": 0,
        "benefit_staff": 0, "benefit_efficiency": 0, "benefit_legal": 0, "benefit_goals": 0,
        "version": measure.version,
    }  # fmt: skip
    data.update(changes)
    return data


def test_the_second_of_two_editors_sees_the_first_ones_changes(client, editor, strategy):
    measure = services.measure_create(actor=editor.user, strategy=strategy, title="Portal")
    stale = _form_data(measure)
    first = client.post(url("measure_edit", editor, measure.pk), _form_data(measure, title="A"))
    assert first.status_code == 302
    second = client.post(url("measure_edit", editor, measure.pk), {**stale, "title": "B"})
    assert second.status_code == 400
    text = second.content.decode()
    assert "Someone else changed this measure" in text
    assert "The measure now reads: “A”" in text
    measure.refresh_from_db()
    assert measure.title == "A"


def test_a_cycle_through_the_form_is_refused(client, editor, strategy):
    a = services.measure_create(actor=editor.user, strategy=strategy, title="A")
    b = services.measure_create(actor=editor.user, strategy=strategy, title="B", depends_on=[a])
    page = client.post(url("measure_edit", editor, a.pk), _form_data(a, depends_on=[b.pk]))
    assert page.status_code == 400
    assert "M01 → M02 → M01" in page.content.decode()


def test_status_reports_are_listed(client, editor, strategy):
    measure = services.measure_create(actor=editor.user, strategy=strategy, title="A")
    client.post(
        url("measure_report", editor, measure.pk),
        {"status": "in_progress", "progress": 40, "spent": "2500", "comment": "Pilot läuft"},
    )
    page = client.get(url("measure", editor, measure.pk)).content.decode()
    assert "Pilot läuft" in page and "40 %" in page


def test_viewers_read_but_cannot_change(client, strategy, editor):
    viewer = MembershipFactory(role=Role.VIEWER, organisation=editor.organisation)
    client.force_login(viewer.user)
    measure = services.measure_create(actor=editor.user, strategy=strategy, title="A")
    assert client.get(url("measure", viewer, measure.pk)).status_code == 200
    assert client.post(url("measure_edit", viewer, measure.pk), {}).status_code == 403
    assert "Edit the measure" not in client.get(url("measure", viewer, measure.pk)).content.decode()


def test_measure_list_costs_the_same_queries_for_many_measures(client, editor, strategy):
    for n in range(3):
        services.measure_create(actor=editor.user, strategy=strategy, title=f"M{n}")
    client.get(url("measures", editor))
    with CaptureQueriesContext(connection) as few:
        client.get(url("measures", editor))
    for n in range(20):
        services.measure_create(actor=editor.user, strategy=strategy, title=f"N{n}")
    with CaptureQueriesContext(connection) as many:
        client.get(url("measures", editor))
    assert len(many) == len(few)


def test_recommendations_of_the_weakest_dimensions_are_offered_and_adopted(
    client, editor, strategy
):
    from kommunalkompass.accounts.tokens import secret_hash
    from kommunalkompass.assessments.models import Answer, Response

    assessment = AssessmentFactory(organisation=editor.organisation, status="closed")
    levels = {"data": 1, "services": 1, "organisation": 2}  # the three weakest
    for number in range(5):
        response = Response.objects.create(
            organisation=editor.organisation, assessment=assessment, group="staff",
            token_hash=secret_hash(f"adopt-{number}"), number=500_000 + number,
            submitted_on="2026-10-01",
        )  # fmt: skip
        Answer.objects.bulk_create(
            Answer(response=response, question_key=q.key, dimension=d.key, weight=1,
                   level=levels.get(d.key, 4))
            for d in assessment.model.dimensions
            for q in d.questions
        )  # fmt: skip
    strategy.assessments.add(assessment)
    page = client.get(url("adopt", editor)).content.decode()
    offered = {
        o["name"] for o in client.get(url("adopt", editor)).context["offers"][0]["dimensions"]
    }
    assert offered == {
        "Data & interoperability",
        "Digital services & OZG",
        "Organisation & processes",
    }
    key = recommendations().for_level("data", 1)[0].key
    assert key in page
    client.post(url("adopt_one", editor), {"assessment": assessment.pk, "recommendation": key})
    measure = Measure.objects.get(recommendation_key=key)
    assert measure.source_assessment == assessment and measure.dimension == "data"
    assert "adopted" in client.get(url("adopt", editor)).content.decode()


def test_dashboard_shows_statuses_spending_overdue_and_changes(client, editor, strategy):
    late = services.measure_create(
        actor=editor.user, strategy=strategy, title="Späte Maßnahme", status="in_progress",
        start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31),
    )  # fmt: skip
    services.measure_report(
        actor=editor.user, measure=late, status="in_progress", progress=50,
        spent=Decimal("12500"), reported_on=datetime.date(2027, 3, 1),
    )  # fmt: skip
    services.measure_create(actor=editor.user, strategy=strategy, title="Fertig", status="done")
    page = client.get(url("dashboard", editor)).content.decode()
    assert "Overdue measures" in page
    assert "M01 Späte Maßnahme" in page and "due 2025-12-31" in page
    assert "12,500" in page  # spent in 2027
    assert "Changes to the strategy" in page and "M02 Fertig" in page


def test_dashboard_costs_the_same_queries_for_many_measures(client, editor, strategy):
    services.measure_create(actor=editor.user, strategy=strategy, title="A")
    client.get(url("dashboard", editor))
    with CaptureQueriesContext(connection) as few:
        client.get(url("dashboard", editor))
    for n in range(15):
        services.measure_create(actor=editor.user, strategy=strategy, title=f"N{n}")
    with CaptureQueriesContext(connection) as many:
        client.get(url("dashboard", editor))
    assert len(many) == len(few)


def test_indicators_get_values_and_a_progress_chart(client, editor, strategy):
    goal = services.goal_create(actor=editor.user, strategy=strategy, title="Online")
    prefix = f"goal-{goal.pk}"
    response = client.post(
        url("indicator_create", editor, goal.pk),
        {f"{prefix}-name": "Onlinedienste", f"{prefix}-unit": "%",
         f"{prefix}-direction": "increase", f"{prefix}-baseline": "20",
         f"{prefix}-baseline_date": "2026-01-01", f"{prefix}-target": "80",
         f"{prefix}-target_date": "2030-12-31"},
    )  # fmt: skip
    assert response.status_code == 302
    indicator = goal.indicators.get()
    prefix = f"indicator-{indicator.pk}"
    client.post(
        url("indicator_value", editor, indicator.pk),
        {f"{prefix}-measured_on": "2026-09-30", f"{prefix}-value": "31",
         f"{prefix}-source": "OZG-Dashboard"},
    )  # fmt: skip
    page = client.get(url("goals", editor)).content.decode()
    assert 'class="value"' in page  # the measured point in the chart
    assert "Latest value 31.0" in page


def test_an_indicator_aimed_the_wrong_way_is_refused_on_the_page(client, editor, strategy):
    goal = services.goal_create(actor=editor.user, strategy=strategy, title="Wartezeit")
    prefix = f"goal-{goal.pk}"
    page = client.post(
        url("indicator_create", editor, goal.pk),
        {f"{prefix}-name": "Wartezeit", f"{prefix}-direction": "decrease",
         f"{prefix}-baseline": "10", f"{prefix}-baseline_date": "2026-01-01",
         f"{prefix}-target": "20", f"{prefix}-target_date": "2030-12-31"},
    )  # fmt: skip
    assert page.status_code == 400
    assert "Lower is better for this indicator" in page.content.decode()
    assert not goal.indicators.exists()


def test_a_new_version_becomes_current_and_the_old_one_is_listed(client, editor, strategy):
    client.post(
        url("create", editor),
        {"title": "Fortschreibung 2029", "start_year": 2029, "horizon_years": 4},
    )
    page = client.get(url("home", editor)).content.decode()
    assert "<h1>Fortschreibung 2029</h1>" in page
    assert "Digital 2031 (2027–2031, Draft)" in page


def test_deleting_measures_fields_and_goals(client, editor, strategy):
    base = services.measure_create(actor=editor.user, strategy=strategy, title="Basis")
    services.measure_create(actor=editor.user, strategy=strategy, title="Aufbau", depends_on=[base])
    url = reverse("strategy:measure_delete", args=[editor.organisation.slug, base.pk])
    client.post(url, {"confirm": "falsch"})
    client.post(url, {"confirm": "M01"})  # M02 depends on it: refused
    assert Measure.objects.count() == 2
    page = client.get(reverse("strategy:measure", args=[editor.organisation.slug, base.pk]))
    assert "M01 cannot be deleted: M02 depend on it." in page.content.decode()
    Measure.objects.get(title="Aufbau").delete()
    client.post(url, {"confirm": "M01"})
    assert not Measure.objects.exists()
    field = services.field_create(
        actor=editor.user, strategy=strategy, name="Bildung", dimensions=["people"]
    )
    goal = services.goal_create(actor=editor.user, strategy=strategy, title="Ziel", field=field)
    client.post(reverse("strategy:field_delete", args=[editor.organisation.slug, field.pk]))
    goal.refresh_from_db()
    assert goal.field is None and not FieldOfAction.objects.exists()
    client.post(reverse("strategy:goal_delete", args=[editor.organisation.slug, goal.pk]))
    assert not strategy.goals.exists()


def test_the_measure_filter_narrows_the_list_and_keeps_the_choice(client, editor, strategy):
    services.measure_create(actor=editor.user, strategy=strategy, title="Geplant", status="planned")
    services.measure_create(actor=editor.user, strategy=strategy, title="Idee", status="idea")
    page = client.get(url("measures", editor), {"status": "planned"}).content.decode()
    assert "Geplant" in page and ">Idee</a>" not in page
    assert '<option value="planned" selected>' in page
