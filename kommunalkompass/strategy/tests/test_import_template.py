"""The measure import offers a template: an XLSX with the German headings and one example
row, which the import reads back as it is."""

import io

import openpyxl
import pytest
from django.urls import reverse

from kommunalkompass.documents.tables import read_table
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import DepartmentFactory, MembershipFactory
from kommunalkompass.strategy import imports, services
from kommunalkompass.strategy.models import Measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy(editor):
    strategy = services.strategy_create(
        actor=editor.user, organisation=editor.organisation, title="Digital 2031", start_year=2027
    )
    field = services.field_create(
        actor=editor.user, strategy=strategy, name="Verwaltung", dimensions=["services"]
    )
    services.goal_create(actor=editor.user, strategy=strategy, title="Alles online", field=field)
    DepartmentFactory(organisation=editor.organisation, name="Bauamt")
    return strategy


def _template(client, editor) -> bytes:
    path = reverse("strategy:measure_import_template_xlsx", args=[editor.organisation.slug])
    response = client.get(path)
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_measures_page_links_the_template_for_editors(client, editor, strategy):
    page = client.get(reverse("strategy:measures", args=[editor.organisation.slug]))
    path = reverse("strategy:measure_import_template_xlsx", args=[editor.organisation.slug])
    assert path in page.content.decode()


def test_the_template_has_the_german_headings_and_one_example_row(client, editor, strategy):
    sheet = openpyxl.load_workbook(io.BytesIO(_template(client, editor))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(imports.TEMPLATE_HEADINGS.values())
    assert rows[0][:3] == ("Titel", "Beschreibung", "Handlungsfelder")
    assert len(rows) == 2
    assert rows[1][0] == "E-Akte im Bauamt einführen"
    # Each heading is one the import accepts for its column.
    for key, heading in imports.TEMPLATE_HEADINGS.items():
        assert heading.lower() in imports.COLUMNS[key]
    assert list(imports.TEMPLATE_HEADINGS) == list(imports.COLUMNS)


def test_the_template_imports_as_it_is(client, editor, strategy):
    table = read_table(_template(client, editor), "vorlage.xlsx", max_rows=imports.MAX_ROWS)
    [created] = services.measures_import(actor=editor.user, strategy=strategy, table=table)
    measure = Measure.objects.get(pk=created.pk)
    assert measure.title == "E-Akte im Bauamt einführen"
    assert [f.name for f in measure.fields.all()] == ["Verwaltung"]
    assert measure.lead_department.name == "Bauamt"
    assert measure.status == "planned"
    assert measure.one_time_cost == 45000


def test_a_viewer_gets_no_template(client, editor, strategy):
    viewer = MembershipFactory(role=Role.VIEWER, organisation=editor.organisation)
    client.force_login(viewer.user)
    path = reverse("strategy:measure_import_template_xlsx", args=[editor.organisation.slug])
    assert client.get(path).status_code == 403
