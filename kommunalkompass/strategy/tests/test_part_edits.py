"""Fields of action, goals, indicators and measured values can be edited, not only deleted:
through audited services that write nothing when saved unchanged, and through a page each."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kommunalkompass.audit.models import AuditEvent
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory
from kommunalkompass.strategy import services
from kommunalkompass.strategy.models import FieldOfAction, Goal, Indicator, IndicatorValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def field(editor, strategy):
    return services.field_create(
        actor=editor.user, strategy=strategy, name="Verwaltung", dimensions=["services", "data"]
    )


@pytest.fixture
def goal(editor, strategy, field):
    return services.goal_create(
        actor=editor.user, strategy=strategy, title="Alles online", field=field
    )


@pytest.fixture
def indicator(editor, goal):
    return services.indicator_create(
        actor=editor.user, goal=goal, name="Onlinedienste", unit="%", direction="increase",
        baseline=Decimal(20), baseline_date=datetime.date(2026, 1, 1), target=Decimal(80),
        target_date=datetime.date(2030, 12, 31),
    )  # fmt: skip


@pytest.fixture
def entry(editor, indicator):
    return services.indicator_value_add(
        actor=editor.user, indicator=indicator, measured_on=datetime.date(2027, 6, 30),
        value=Decimal(35), source="Dashboard",
    )  # fmt: skip


def url(name, membership, *args):
    return reverse(f"strategy:{name}", args=[membership.organisation.slug, *args])


def _events(obj) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_id=str(obj.pk), action="update"))


# Services --------------------------------------------------------------------------------


def test_a_field_of_action_is_renamed_and_the_change_recorded(editor, field):
    services.field_update(
        actor=editor.user, field=field, name="Verwaltung & Services", description="Bürgernah",
        dimensions=["services"],
    )  # fmt: skip
    field.refresh_from_db()
    assert (field.name, field.description, field.dimensions) == (
        "Verwaltung & Services", "Bürgernah", ["services"],
    )  # fmt: skip
    [event] = _events(field)
    assert event.changes["name"] == ["Verwaltung", "Verwaltung & Services"]


def test_a_field_of_action_keeps_the_names_unique_and_needs_a_dimension(editor, strategy, field):
    services.field_create(actor=editor.user, strategy=strategy, name="Bildung", dimensions=["data"])
    with pytest.raises(ValidationError) as error:
        services.field_update(actor=editor.user, field=field, name="bildung", dimensions=["data"])
    assert "name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.field_update(actor=editor.user, field=field, name="Verwaltung", dimensions=[])
    assert "dimensions" in error.value.message_dict
    # Its own name, in another case, is no clash.
    services.field_update(
        actor=editor.user, field=field, name="VERWALTUNG", dimensions=["services", "data"]
    )
    field.refresh_from_db()
    assert field.name == "VERWALTUNG"


def test_a_field_saved_unchanged_writes_nothing_even_with_its_dimensions_in_another_order(
    editor, field
):
    events = AuditEvent.objects.count()
    services.field_update(
        actor=editor.user, field=field, name="Verwaltung", dimensions=["data", "services"]
    )
    field.refresh_from_db()
    assert field.dimensions == ["services", "data"]
    assert AuditEvent.objects.count() == events


def test_a_goal_is_reworded_and_moved_to_another_field(editor, strategy, goal):
    other = services.field_create(
        actor=editor.user, strategy=strategy, name="Bildung", dimensions=["people"]
    )
    services.goal_update(
        actor=editor.user, goal=goal, title="90 % online", field=other, description="Bis 2030"
    )
    goal.refresh_from_db()
    assert (goal.title, goal.field, goal.description) == ("90 % online", other, "Bis 2030")
    [event] = _events(goal)
    assert event.changes["field"] == ["Verwaltung", "Bildung"]
    assert event.changes["title"] == ["Alles online", "90 % online"]


def test_a_goal_refuses_a_field_of_another_strategy_and_an_empty_title(editor, goal):
    foreign = FieldOfAction.objects.create(
        organisation=editor.organisation,
        strategy=services.strategy_create(
            actor=editor.user, organisation=editor.organisation, title="Alt", start_year=2020,
            make_current=False,
        ),
        name="Fremd",
        dimensions=["data"],
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.goal_update(actor=editor.user, goal=goal, title="X", field=foreign)
    assert "field" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.goal_update(actor=editor.user, goal=goal, title="  ", field=None)
    assert "title" in error.value.message_dict
    goal.refresh_from_db()
    assert goal.title == "Alles online"


def test_a_goal_saved_unchanged_writes_nothing(editor, goal, field):
    events = AuditEvent.objects.count()
    services.goal_update(actor=editor.user, goal=goal, title="Alles online", field=field)
    assert AuditEvent.objects.count() == events


def test_an_indicator_is_changed_under_the_rules_of_a_new_one(editor, indicator):
    services.indicator_update(
        actor=editor.user, indicator=indicator, target=Decimal("90.00"),
        target_date=datetime.date(2031, 12, 31),
    )  # fmt: skip
    indicator.refresh_from_db()
    assert (indicator.target, indicator.target_date) == (Decimal(90), datetime.date(2031, 12, 31))
    [event] = _events(indicator)
    assert event.changes["target"] == ["80", "90"]
    with pytest.raises(ValidationError) as error:
        services.indicator_update(actor=editor.user, indicator=indicator, target=Decimal(10))
    assert "target" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.indicator_update(
            actor=editor.user, indicator=indicator, target_date=datetime.date(2025, 1, 1)
        )
    assert "target_date" in error.value.message_dict
    indicator.refresh_from_db()
    assert indicator.target == Decimal(90)


def test_an_indicator_saved_unchanged_writes_nothing(editor, indicator):
    events = AuditEvent.objects.count()
    services.indicator_update(
        actor=editor.user, indicator=indicator, name="Onlinedienste", baseline=Decimal("20.00")
    )
    assert AuditEvent.objects.count() == events


def test_a_measured_value_is_corrected_but_not_onto_a_date_that_has_one(editor, indicator, entry):
    services.indicator_value_add(
        actor=editor.user, indicator=indicator, measured_on=datetime.date(2027, 12, 31),
        value=Decimal(40),
    )  # fmt: skip
    services.indicator_value_update(
        actor=editor.user, entry=entry, measured_on=datetime.date(2027, 7, 1), value=Decimal(36),
        source="Zählung",
    )  # fmt: skip
    entry.refresh_from_db()
    assert (entry.measured_on, entry.value, entry.source) == (
        datetime.date(2027, 7, 1), Decimal(36), "Zählung",
    )  # fmt: skip
    assert _events(entry)
    with pytest.raises(ValidationError) as error:
        services.indicator_value_update(
            actor=editor.user, entry=entry, measured_on=datetime.date(2027, 12, 31),
            value=Decimal(36),
        )  # fmt: skip
    assert "measured_on" in error.value.message_dict
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 2


def test_a_measured_value_saved_unchanged_writes_nothing(editor, entry):
    events = AuditEvent.objects.count()
    services.indicator_value_update(
        actor=editor.user, entry=entry, measured_on=entry.measured_on, value=Decimal("35.00"),
        source="Dashboard",
    )  # fmt: skip
    assert AuditEvent.objects.count() == events


# Pages -----------------------------------------------------------------------------------


def test_the_fields_and_goals_pages_link_the_edit_pages(client, editor, field, goal, entry):
    fields_page = client.get(url("fields", editor)).content.decode()
    assert url("field_edit", editor, field.pk) in fields_page
    goals_page = client.get(url("goals", editor)).content.decode()
    assert url("goal_edit", editor, goal.pk) in goals_page
    assert url("indicator_edit", editor, entry.indicator_id) in goals_page
    assert url("indicator_value_edit", editor, entry.pk) in goals_page


def test_a_viewer_sees_no_edit_links_and_cannot_edit(client, editor, goal):
    viewer = MembershipFactory(role=Role.VIEWER, organisation=editor.organisation)
    client.force_login(viewer.user)
    assert (
        url("goal_edit", editor, goal.pk) not in client.get(url("goals", editor)).content.decode()
    )
    assert client.post(url("goal_edit", editor, goal.pk), {"title": "X"}).status_code == 403
    goal.refresh_from_db()
    assert goal.title == "Alles online"


def test_the_goal_page_edits_the_goal(client, editor, goal, field):
    page = client.get(url("goal_edit", editor, goal.pk))
    assert page.status_code == 200
    assert 'value="Alles online"' in page.content.decode()
    response = client.post(
        url("goal_edit", editor, goal.pk),
        {"title": "Alle Leistungen online", "field": field.pk, "description": "Bis 2030"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#goal-{goal.pk}")
    goal.refresh_from_db()
    assert (goal.title, goal.description) == ("Alle Leistungen online", "Bis 2030")


def test_goals_are_collapsed_to_title_and_traffic_lights(client, editor, goal, entry):
    page = client.get(url("goals", editor)).content.decode()
    section = page.split(f'id="goal-{goal.pk}"')[1].split("</details>")[0]
    summary = section.split("</summary>")[0]
    assert page.split(f'id="goal-{goal.pk}"')[0].endswith('<details class="card goal" ')
    assert "Alles online" in summary and "Verwaltung" in summary
    assert 'class="badge badge--' in summary and "Onlinedienste:" in summary
    assert "<svg" not in summary and "<svg" in section  # the chart opens on demand


def test_a_goal_is_deleted_on_its_edit_page_below_the_form_not_beside_the_edit_link(
    client, editor, goal, field, entry
):
    delete = url("goal_delete", editor, goal.pk)
    assert delete not in client.get(url("goals", editor)).content.decode()
    page = client.get(url("goal_edit", editor, goal.pk)).content.decode().split("<main")[1]
    form, rest = page.split("</form>", 1)
    assert "Save" in form and delete not in form
    assert f'action="{delete}"' in rest
    assert 'class="kern-btn kk-btn--danger">Delete for good</button>' in rest
    response = client.post(delete)
    assert response.status_code == 302
    assert not Goal.objects.filter(pk=goal.pk).exists()
    assert not IndicatorValue.objects.filter(pk=entry.pk).exists()
    assert FieldOfAction.objects.filter(pk=field.pk).exists()


def test_a_field_is_deleted_on_its_edit_page(client, editor, field):
    delete = url("field_delete", editor, field.pk)
    assert delete not in client.get(url("fields", editor)).content.decode()
    page = client.get(url("field_edit", editor, field.pk)).content.decode().split("<main")[1]
    rest = page.split("</form>", 1)[1]
    assert f'action="{delete}"' in rest and "kk-btn--danger" in rest


def test_a_value_recorded_returns_to_its_goal_opened(client, editor, goal, indicator):
    response = client.post(
        url("indicator_value", editor, indicator.pk),
        {f"indicator-{indicator.pk}-measured_on": "2028-06-30",
         f"indicator-{indicator.pk}-value": "40"},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == url("goals", editor) + f"#goal-{goal.pk}"
    refused = client.post(
        url("indicator_value", editor, indicator.pk), {f"indicator-{indicator.pk}-value": "x"}
    )
    assert refused.status_code == 400
    assert f'<details class="card goal" id="goal-{goal.pk}" open>' in refused.content.decode()


def test_the_field_page_names_a_taken_name_at_the_field(client, editor, strategy, field):
    services.field_create(actor=editor.user, strategy=strategy, name="Bildung", dimensions=["data"])
    page = client.post(
        url("field_edit", editor, field.pk), {"name": "Bildung", "dimensions": ["data"]}
    )
    assert page.status_code == 400
    assert 'id="id_name_error"' in page.content.decode()
    field.refresh_from_db()
    assert field.name == "Verwaltung"


def test_the_indicator_page_shows_iso_dates_and_names_a_bad_target(client, editor, indicator):
    page = client.get(url("indicator_edit", editor, indicator.pk)).content.decode()
    assert 'value="2030-12-31"' in page  # the browser's date field shows only ISO dates
    data = {
        "name": "Onlinedienste", "unit": "%", "direction": "increase", "baseline": "20",
        "baseline_date": "2026-01-01", "target": "10", "target_date": "2030-12-31",
    }  # fmt: skip
    page = client.post(url("indicator_edit", editor, indicator.pk), data)
    assert page.status_code == 400
    assert 'id="id_target_error"' in page.content.decode()
    indicator.refresh_from_db()
    assert indicator.target == Decimal(80)
    data["target"] = "95"
    assert client.post(url("indicator_edit", editor, indicator.pk), data).status_code == 302
    indicator.refresh_from_db()
    assert indicator.target == Decimal(95)


def test_the_value_page_corrects_the_value(client, editor, entry):
    page = client.get(url("indicator_value_edit", editor, entry.pk)).content.decode()
    assert 'value="2027-06-30"' in page
    response = client.post(
        url("indicator_value_edit", editor, entry.pk),
        {"measured_on": "2027-06-30", "value": "37.5", "source": "Dashboard"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.value == Decimal("37.5")


def test_an_edit_page_of_another_organisations_object_answers_404(client, editor, goal):
    other = MembershipFactory(role=Role.EDITOR)
    client.force_login(other.user)
    services.strategy_create(
        actor=other.user, organisation=other.organisation, title="X", start_year=2027
    )
    path = reverse("strategy:goal_edit", args=[other.organisation.slug, goal.pk])
    assert client.get(path).status_code == 404
    assert Goal.objects.get(pk=goal.pk).title == "Alles online"
    assert Indicator.objects.count() == 0
