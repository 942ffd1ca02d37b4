"""The strategy document and the measures workbook, as a council member would read them."""

import datetime
import io
import subprocess
import tempfile
import unicodedata
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from kommunalkompass.documents.model import Heading
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory
from kommunalkompass.strategy import services
from kommunalkompass.strategy.documents import strategy_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy(editor):
    user = editor.user
    strategy = services.strategy_create(
        actor=user, organisation=editor.organisation, title="Digitalstrategie Teststadt",
        start_year=2027, horizon_years=4, vision="Eine Verwaltung, die man gern nutzt.",
        principles="Nutzen vor Technik\nOffen und sicher", foreword="Liebe Leserinnen und Leser.",
    )  # fmt: skip
    field = services.field_create(
        actor=user, strategy=strategy, name="Verwaltung & Services", dimensions=["services"]
    )
    goal = services.goal_create(
        actor=user, strategy=strategy, title="Leistungen online", field=field
    )
    indicator = services.indicator_create(
        actor=user, goal=goal, name="Onlinedienste", unit="%", direction="increase",
        baseline=Decimal(20), baseline_date=datetime.date(2026, 1, 1), target=Decimal(80),
        target_date=datetime.date(2030, 12, 31),
    )  # fmt: skip
    services.indicator_value_add(
        actor=user, indicator=indicator, measured_on=datetime.date(2026, 9, 30), value=Decimal(31)
    )
    first = services.measure_create(
        actor=user, strategy=strategy, title="E-Akte einführen", fields_of_action=[field],
        goals=[goal], one_time_cost=Decimal(120_000), annual_cost=Decimal(15_000),
        benefit_staff=5, benefit_efficiency=5, duration_quarters=4,
    )  # fmt: skip
    services.measure_create(
        actor=user, strategy=strategy, title="Onlinedienste ausbauen", depends_on=[first],
        one_time_cost=Decimal(40_000), benefit_citizens=5,
    )  # fmt: skip
    services.roadmap_compute(actor=user, strategy=strategy)
    return strategy


def test_the_document_has_every_chapter_a_council_needs(strategy):
    document = strategy_document(strategy=strategy, language="de")
    headings = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 1]
    assert headings == [
        "Vorwort",
        "Ausgangslage",
        "Leitbild und Leitlinien",
        "Handlungsfelder, Ziele und Indikatoren",
        "Die Maßnahmen im Überblick",
        "Steckbriefe",
        "Fahrplan",
        "Budget je Jahr",
        "Monitoring und Fortschreibung",
    ]
    sheets = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 2]
    assert "M01 E-Akte einführen" in sheets and "M02 Onlinedienste ausbauen" in sheets
    assert document.meta.subtitle == "Digitalisierungsstrategie 2027–2030"


def test_pdf_and_docx_downloads(client, editor, strategy):
    slug = editor.organisation.slug
    pdf = client.get(reverse("strategy:document_pdf", args=[slug]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf.content)
        file.flush()
        text = subprocess.run(  # noqa: S603 - our own PDF, the tool from the system
            ["/usr/bin/pdftotext", file.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    text = unicodedata.normalize("NFC", text)
    assert "Eine Verwaltung, die man gern nutzt." in text
    assert "M01 E-Akte einführen" in text and "Budget per year" in text
    docx = client.get(reverse("strategy:document_docx", args=[slug]))
    assert docx.status_code == 200 and docx.content.startswith(b"PK")


def test_measures_workbook_has_a_row_per_measure_with_typed_cells(client, editor, strategy):
    response = client.get(reverse("strategy:measures_export_xlsx", args=[editor.organisation.slug]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[0] == "No." and "One-time cost" in header
    cost = header.index("One-time cost")
    assert [row[0] for row in rows[1:3]] == ["M01", "M02"]
    assert rows[1][cost] == 120_000
    assert rows[2][header.index("Depends on")] == "M01"


def test_without_a_strategy_there_is_no_document(client):
    viewer = MembershipFactory(role=Role.VIEWER)
    client.force_login(viewer.user)
    response = client.get(reverse("strategy:document_pdf", args=[viewer.organisation.slug]))
    assert response.status_code == 404
