"""The OZG status report and the services workbook, as a council or a department reads them."""

import datetime
import io

import openpyxl
import pytest
from django.test import RequestFactory
from django.utils import timezone

from kommunalkompass.accounts.tests.factories import UserFactory
from kommunalkompass.documents.downloads import render
from kommunalkompass.documents.model import (
    BulletList,
    Figure,
    Heading,
    KeyFigures,
    Paragraph,
    Table,
)
from kommunalkompass.organisations.tests.factories import DepartmentFactory, OrganisationFactory
from kommunalkompass.ozg.documents import (
    build_report,
    build_services_workbook,
    services_workbook,
    status_report,
)
from kommunalkompass.ozg.models import Jurisdiction, Lebenslage, OzgSettings, Snapshot

from .factories import OzgLeistungFactory, ServiceStateFactory, ThemenfeldFactory

pytestmark = pytest.mark.django_db

CHAPTERS = [
    "Summary",
    "Maturity model and counting rules",
    "Levels and status",
    "Services by Themenfeld",
    "Services by department",
    "Overdue and due services",
    "Method and data basis",
]


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def organisation(today):
    """Five relevant services (2 online, 1 compliant, 1 overdue, 1 due, 1 unrated) and one
    that is not relevant, in two Themenfelder; another organisation's service beside them."""
    org = OrganisationFactory(name="Stadt Teststadt")
    bauamt = DepartmentFactory(organisation=org, name="Bauamt")
    buergeramt = DepartmentFactory(organisation=org, name="Bürgeramt")
    bauen = ThemenfeldFactory(name="Bauen & Wohnen", position=1)
    familie = ThemenfeldFactory(name="Familie & Kind", position=2)
    lage = Lebenslage.objects.create(name="Bauen", themenfeld=bauen)

    def state(name, themenfeld, **values):
        leistung = OzgLeistungFactory(name=name, themenfeld=themenfeld)
        return ServiceStateFactory(organisation=org, leistung=leistung, **values)

    live = today - datetime.timedelta(days=200)
    state("Baugenehmigung", bauen, level=3, status="online", department=bauamt, go_live=live,
          online_url="https://bau.example/")  # fmt: skip
    leistung = OzgLeistungFactory(
        name="Wohngeld", themenfeld=bauen, lebenslage=lage, jurisdiction=Jurisdiction.KOMMUNE
    )
    ServiceStateFactory(organisation=org, leistung=leistung, level=2, department=buergeramt)
    state("Abrissanzeige", bauen, level=0, target_level=3,
          target_date=today - datetime.timedelta(days=10), department=bauamt)  # fmt: skip
    state("Elterngeld", familie, level=1, target_level=3,
          target_date=today + datetime.timedelta(days=30))  # fmt: skip
    state("Kita-Platz", familie)  # not rated
    state("Jagdschein", familie, relevant=False, relevance_reason="Zuständig ist der Kreis.",
          status="not_relevant")  # fmt: skip
    ServiceStateFactory(level=4)  # another organisation's
    return org


def headings(document, level=1):
    return [b.text for b in document.blocks if isinstance(b, Heading) and b.level == level]


def tables(document):
    return {b.caption: b for b in document.blocks if isinstance(b, Table)}


def test_the_report_has_its_chapters_and_key_figures(organisation):
    document = status_report(organisation=organisation, language="en", author="Erika Muster")
    assert headings(document) == CHAPTERS
    assert headings(document, 2) == ["Overdue", "Due within 90 days"]
    meta = document.meta
    assert meta.title == "OZG status report" and meta.organisation == "Stadt Teststadt"
    assert meta.author == "Erika Muster" and meta.version == "OZG maturity model 1.1"

    figures = next(b for b in document.blocks if isinstance(b, KeyFigures)).items
    assert [(f.label, f.value) for f in figures] == [
        ("Relevant services", "5"),
        ("Online (level 2 or more)", "2"),
        ("OZG-compliant (level 3 or more)", "1"),
        ("Due", "1"),
        ("Overdue", "1"),
    ]
    assert figures[0].note == "of 6 tracked"
    assert figures[1].note == "40% of the relevant services"
    assert figures[2].note == "20% of the relevant services"
    summary = next(b for b in document.blocks if isinstance(b, BulletList)).items
    assert "2 of 5 relevant services (40%)" in summary[0]
    assert "Not rated yet: 1 of 5" in summary[2]

    found = tables(document)
    levels = found["The levels of the OZG maturity model 1.1"]
    assert [row[:2] for row in levels.rows] == [
        [0, "Offline"], [1, "Information"], [2, "Form assistant"], [3, "Online service"],
        [4, "Online transaction"],
    ]  # fmt: skip
    themes = found["Relevant, online and OZG-compliant services by Themenfeld"]
    assert themes.rows == [
        ["Bauen & Wohnen", 3, 2, 2 / 3, 1, 1 / 3],
        ["Familie & Kind", 2, 0, 0.0, 0, 0.0],
    ]
    assert themes.total_row == ["Total", 5, 2, 0.4, 1, 0.2]
    departments = found["Relevant, online and OZG-compliant services by department"]
    assert [row[:4] for row in departments.rows] == [
        ["Bauamt", 2, 1, 0.5], ["Bürgeramt", 1, 1, 1.0], ["No department assigned", 2, 0, 0.0],
    ]  # fmt: skip
    overdue = found["Overdue services"]
    assert [row[1:5] for row in overdue.rows] == [
        ["Abrissanzeige", 0, 3, timezone.localdate() - datetime.timedelta(days=10)]
    ]
    assert overdue.rows[0][5] == "Bauamt"
    due = found["Services due within 90 days"]
    assert [row[1] for row in due.rows] == ["Elterngeld"] and due.rows[0][5] == "–"
    status = found["Services by status"]
    assert status.total_row == ["Total", 6]

    charts = [b.chart for b in document.blocks if isinstance(b, Figure)]
    assert [chart.title for chart in charts] == [
        "Relevant services by level",
        "Relevant services by Themenfeld: compliant, online, not yet online",
    ]
    assert list(charts[0].categories) == [
        "Level 0: Offline", "Level 1: Information", "Level 2: Form assistant",
        "Level 3: Online service", "Level 4: Online transaction", "Not rated",
    ]  # fmt: skip
    assert list(charts[0].series[0].values) == [1, 1, 1, 1, 0, 1]
    assert charts[0].scale_max == 5
    # Bauen & Wohnen: 1 compliant, 1 more online, 1 not yet online; Familie & Kind: 2 offline
    assert list(charts[1].categories) == ["Bauen & Wohnen", "Familie & Kind"]
    assert [list(part.values) for part in charts[1].parts] == [[1, 0], [1, 0], [1, 2]]
    text = " ".join(str(b.content) for b in document.blocks if isinstance(b, Paragraph))
    assert "No monthly figures have been kept yet" in text


def test_the_german_report_speaks_german(organisation):
    document = status_report(organisation=organisation, language="de")
    assert document.meta.language == "de"
    assert headings(document)[0] == "Zusammenfassung"
    figures = next(b for b in document.blocks if isinstance(b, KeyFigures)).items
    assert figures[1].note.startswith("40\u00a0%")
    levels = next(t for t in tables(document).values() if t.rows and t.rows[0][0] == 0)
    assert levels.rows[2][1] == "Formular-Assistent"
    assert document.meta.version == "OZG-Reifegradmodell 1.1"


def test_progress_by_month_from_the_snapshots(organisation, today):
    first = (today.replace(day=1) - datetime.timedelta(days=40)).replace(day=1)
    second = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    Snapshot.objects.create(organisation=organisation, month=first,
                            figures={"relevant": 4, "online": 1, "compliant": 0})  # fmt: skip
    Snapshot.objects.create(organisation=organisation, month=second,
                            figures={"relevant": 5, "online": 2, "compliant": 1})  # fmt: skip
    document = status_report(organisation=organisation, language="en")
    assert headings(document) == [*CHAPTERS[:5], "Progress by month", *CHAPTERS[5:]]
    progress = tables(document)[
        "Relevant, online and OZG-compliant services at the end of each month"
    ]
    assert [row[1:] for row in progress.rows] == [[4, 1, 0.25, 0, 0.0], [5, 2, 0.4, 1, 0.2]]
    text = " ".join(str(b.content) for b in document.blocks if isinstance(b, Paragraph))
    assert "went from 1 to 2" in text and "No monthly figures" not in text


def test_services_rated_with_another_model_version_are_shown_and_named(organisation):
    ServiceStateFactory(organisation=organisation, model_version="2.0", level=5)
    document = status_report(organisation=organisation, language="en")
    chart = next(b.chart for b in document.blocks if isinstance(b, Figure))
    assert "Level 5" in chart.categories
    text = " ".join(str(b.content) for b in document.blocks if isinstance(b, Paragraph))
    assert "1 relevant service was rated with another version of the maturity model (2.0)" in text


def test_the_report_renders_as_pdf_and_docx(organisation):
    document = status_report(organisation=organisation, language="de")
    assert render(document, "pdf").startswith(b"%PDF")
    assert render(document, "docx").startswith(b"PK")


def test_without_tracked_services_the_report_says_so():
    organisation = OrganisationFactory(name="Gemeinde Leer")
    OzgSettings.objects.create(organisation=organisation, model_version="2.0")
    document = status_report(organisation=organisation, language="en")
    assert headings(document) == [
        "Summary",
        "Maturity model and counting rules",
        "Method and data basis",
    ]
    assert not any(isinstance(b, Figure | KeyFigures) for b in document.blocks)
    summary = next(b for b in document.blocks if isinstance(b, Paragraph))
    assert "does not track any OZG services" in summary.content
    levels = next(iter(tables(document).values()))
    assert len(levels.rows) == 8  # the chosen model 2.0: levels 0–7
    assert render(document, "pdf").startswith(b"%PDF")


def test_with_no_relevant_service_there_are_no_shares():
    state = ServiceStateFactory(relevant=False, relevance_reason="Kreisaufgabe",
                                status="not_relevant")  # fmt: skip
    document = status_report(organisation=state.organisation, language="en")
    assert headings(document) == [
        "Summary",
        "Maturity model and counting rules",
        "Method and data basis",
    ]
    assert not any(isinstance(b, Figure | KeyFigures) for b in document.blocks)
    text = " ".join(str(b.content) for b in document.blocks if isinstance(b, Paragraph))
    assert "None of the tracked services is marked as relevant" in text


def test_the_builders_take_the_language_from_the_request(organisation):
    request = RequestFactory().get("/", {"language": "en"})
    request.organisation = organisation
    request.user = UserFactory(full_name="Erika Muster")
    report = build_report(request)
    assert report.meta.language == "en" and report.meta.author == "Erika Muster"
    assert build_services_workbook(request).meta.title == "OZG services"


def test_the_workbook_has_a_row_per_service_with_typed_cells(organisation, today):
    document = services_workbook(organisation=organisation, language="en")
    sheet = openpyxl.load_workbook(io.BytesIO(render(document, "xlsx"))).active
    assert sheet.title == "Services"
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header == (
        "OZG-ID", "OZG-Leistung", "Themenfeld", "Lebenslage", "Jurisdiction", "Relevant",
        "Reason", "Maturity model", "Level", "Target level", "Target date", "Status",
        "Responsible department", "Responsible person", "Solution", "Solution name",
        "Provider", "Go-live", "Online address",
    )  # fmt: skip
    services = {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert sorted(services) == [
        "Abrissanzeige", "Baugenehmigung", "Elterngeld", "Jagdschein", "Kita-Platz", "Wohngeld",
    ]  # fmt: skip
    building = services["Baugenehmigung"]
    assert building["Level"] == 3 and isinstance(building["Level"], int)
    assert building["Go-live"].date() == today - datetime.timedelta(days=200)
    assert building["Status"] == "Online" and building["Online address"] == "https://bau.example/"
    assert building["Responsible department"] == "Bauamt"
    overdue = services["Abrissanzeige"]
    assert overdue["Target level"] == 3
    assert overdue["Target date"].date() == today - datetime.timedelta(days=10)
    housing = services["Wohngeld"]
    assert housing["Lebenslage"] == "Bauen" and housing["Jurisdiction"] == "Municipality (Kommune)"
    hunting = services["Jagdschein"]
    assert hunting["Relevant"] == "No" and hunting["Reason"] == "Zuständig ist der Kreis."
    assert services["Kita-Platz"]["Level"] is None
    assert services["Kita-Platz"]["Maturity model"] == "1.1"
    # ordered by Themenfeld, then name
    assert [row[1] for row in rows[1:4]] == ["Abrissanzeige", "Baugenehmigung", "Wohngeld"]
