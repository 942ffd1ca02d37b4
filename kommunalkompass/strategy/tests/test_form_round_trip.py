"""Strategy forms read in German and saved unchanged keep their dates."""

import datetime

import pytest
from django.urls import reverse

from kommunalkompass.core.tests.html_forms import form_values, input_value
from kommunalkompass.strategy import services
from kommunalkompass.strategy.models import Strategy

from .factories import MeasureFactory

pytestmark = pytest.mark.django_db
GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9"}


@pytest.fixture
def agreed(editor):
    strategy = services.strategy_create(
        actor=editor.user, organisation=editor.organisation, title="Digital 2031", start_year=2027
    )
    return services.strategy_set_status(
        actor=editor.user,
        strategy=strategy,
        status="agreed",
        agreed_on=datetime.date(2025, 12, 31),
        agreed_by="Gemeinderat, Beschluss 2025/117",
    )


def test_the_agreed_on_date_is_shown_in_iso_in_german(client, editor, agreed):
    page = client.get(reverse("strategy:home", args=[editor.organisation.slug]), **GERMAN)
    html = page.content.decode()
    action = reverse("strategy:status", args=[editor.organisation.slug])
    assert "Beschlossen am" in html
    assert input_value(html, action, "agreed_on") == "2025-12-31"


def test_saving_the_status_unchanged_is_accepted_and_keeps_the_date(client, editor, agreed):
    page = client.get(reverse("strategy:home", args=[editor.organisation.slug]), **GERMAN)
    action = reverse("strategy:status", args=[editor.organisation.slug])

    response = client.post(action, form_values(page.content.decode(), action), **GERMAN)

    assert response.status_code == 302
    shown = client.get(response.url, **GERMAN).content.decode()
    assert "Der Status der Strategie wurde gespeichert." in shown
    strategy = Strategy.objects.get(pk=agreed.pk)
    assert strategy.status == "agreed"
    assert strategy.agreed_on == datetime.date(2025, 12, 31)
    assert strategy.agreed_by == "Gemeinderat, Beschluss 2025/117"


def test_saving_a_measure_unchanged_keeps_its_dates(client, editor, agreed):
    measure = MeasureFactory(
        strategy=agreed,
        start=datetime.date(2027, 1, 1),
        end=datetime.date(2027, 12, 31),
        earliest_start=datetime.date(2026, 10, 1),
    )
    page = client.get(
        reverse("strategy:measure", args=[editor.organisation.slug, measure.pk]), **GERMAN
    )
    action = reverse("strategy:measure_edit", args=[editor.organisation.slug, measure.pk])
    html = page.content.decode()
    assert input_value(html, action, "end") == "2027-12-31"

    response = client.post(action, form_values(html, action), **GERMAN)

    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.start, measure.end, measure.earliest_start) == (
        datetime.date(2027, 1, 1),
        datetime.date(2027, 12, 31),
        datetime.date(2026, 10, 1),
    )
