"""The assessment report and the staff council's information sheet, and their downloads."""

import io

import docx
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from kommunalkompass.assessments import selectors, services
from kommunalkompass.assessments.documents import information_sheet, report_document
from kommunalkompass.assessments.maturity import recommendations
from kommunalkompass.documents.docx import render_docx
from kommunalkompass.documents.formatting import format_number
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import DepartmentFactory, MembershipFactory

pytestmark = pytest.mark.django_db

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _respond(assessment, group: str, level: int, count: int) -> None:
    """``count`` respondents of ``group`` answer every question they see with ``level``."""
    for _ in range(count):
        response, _token = services.survey_start(token=services.open_link_token(assessment, group))
        services.response_save_answers(
            response=response,
            answers={question.key: level for question in services.questions_for(response)},
        )
        services.response_submit(response=response)


def _assessment(membership, responses: dict[str, tuple[int, int]], targets=None):
    assessment = services.assessment_create(
        actor=membership.user,
        organisation=membership.organisation,
        title="Quick-Check 2026",
        model_ident="quick-1.0",
    )
    services.assessment_open(actor=membership.user, assessment=assessment)
    assessment.refresh_from_db()
    for group, (level, count) in responses.items():
        _respond(assessment, group, level, count)
    if targets:
        services.assessment_set_targets(
            actor=membership.user, assessment=assessment, targets=targets
        )
    services.assessment_close(actor=membership.user, assessment=assessment)
    assessment.refresh_from_db()
    return assessment


@pytest.fixture
def admin():
    return MembershipFactory(role=Role.ADMIN)


@pytest.fixture
def closed(admin):
    """Staff (6) at level 2 are reported; IT (2) is below k = 5, and the leaders (6, all at
    level 5) are hidden too, because IT could otherwise be worked out by subtraction."""
    return _assessment(
        admin,
        {"staff": (2, 6), "leaders": (5, 6), "it": (1, 2)},
        targets={"strategy": 4, "data": 3},
    )


@pytest.fixture
def too_few(admin):
    return _assessment(admin, {"staff": (3, 3)})


def _texts(document) -> tuple[str, list[list[list[str]]]]:
    """All text of a DOCX (paragraphs and table cells) and its tables as rows of cells."""
    word = docx.Document(io.BytesIO(render_docx(document)))
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in word.tables]
    text = "\n".join(
        [p.text for p in word.paragraphs] + [c for t in tables for row in t for c in row]
    )
    return text, tables


def _table_with(tables, header: str):
    return next(t for t in tables if t and header in t[0])


def _not_reported(language="de") -> str:
    with translation.override(language):
        return gettext("not reported")


def test_report_of_a_closed_assessment(closed, admin):
    results = selectors.assessment_results(assessment=closed)
    document = report_document(
        assessment=closed, results=results, language="de", author=admin.user.display_name
    )
    text, tables = _texts(document)
    model = closed.model
    assert "Quick-Check 2026" in document.meta.title
    for dimension in model.dimensions:
        assert dimension.name.de in text
        level = results.dimension(dimension.key).level
        assert level == 3  # (6 × 2 + 6 × 5 + 2 × 1) / 14 = 3.1
        for recommendation in recommendations().for_level(dimension.key, level):
            assert recommendation.title.de in text
    # The perspectives table shows the staff and hides the leaders and IT in every row.
    staff, leaders, it = (
        next(g.name.de for g in model.groups if g.key == key) for key in ("staff", "leaders", "it")
    )
    perspectives = _table_with(tables, staff)
    header = perspectives[0]
    for row in perspectives[1:]:
        assert row[header.index(staff)] == "2,0"
        assert row[header.index(leaders)] == _not_reported()
        assert row[header.index(it)] == _not_reported()
    # The leaders' hidden score (5.0) appears nowhere, neither does the IT's in any table.
    assert "5,0" not in text
    assert all("1,0" not in cell for t in tables for row in t for cell in row)
    # The development potential, largest first: strategy 4 − 3.1, then data 3 − 3.1.
    with translation.override("de"):
        header = [gettext(h) for h in ("Dimension", "Score", "Target", "Potential")]
    potential = next(t for t in tables if t[0] == header)
    strategy, data = (
        next(d.name.de for d in model.dimensions if d.key == k) for k in ("strategy", "data")
    )
    assert [row[0] for row in potential[1:]] == [strategy, data]
    assert potential[1][-1] == format_number(4 - 44 / 14, 1, "de")
    assert potential[2][-1] == format_number(3 - 44 / 14, 1, "de")


def test_report_with_too_few_respondents(too_few, admin):
    results = selectors.assessment_results(assessment=too_few)
    assert results.score is None
    document = report_document(assessment=too_few, results=results, language="de", author="")
    text, tables = _texts(document)
    profile = _table_with(tables, "Dimension")
    assert all(row[1] == _not_reported() for row in profile[1:])
    assert "3,0" not in text  # the three staff members' score


def test_report_in_english(closed):
    results = selectors.assessment_results(assessment=closed)
    text, _tables = _texts(
        report_document(assessment=closed, results=results, language="en", author="")
    )
    assert "Maturity assessment: Quick-Check 2026" in text
    assert all(d.name.en in text for d in closed.model.dimensions)
    assert "not reported" in text
    assert "3.1" in text


def test_information_sheet_lists_every_question(closed):
    document = information_sheet(assessment=closed, language="de")
    text, _tables = _texts(document)
    assert closed.organisation.name in text
    assert "k = 5" in text
    for question in closed.model.questions():
        assert question.text.de in text
        assert all(answer.text.de in text for answer in question.answers)
    # Nothing about the respondents is in it.
    assert "2,0" not in text


def test_information_sheet_names_the_departments_to_choose_from(admin):
    DepartmentFactory(organisation=admin.organisation, name="Bürgerbüro")
    assessment = services.assessment_create(
        actor=admin.user,
        organisation=admin.organisation,
        title="Mit Fachbereichen",
        model_ident="full-1.0",
        use_departments=True,
    )
    text, _tables = _texts(information_sheet(assessment=assessment, language="de"))
    assert "Bürgerbüro" in text
    assert len(assessment.model.questions()) == 64
    assert all(q.text.de in text for q in assessment.model.questions())


def test_information_sheet_without_answers(too_few):
    text, _tables = _texts(information_sheet(assessment=too_few, language="en"))
    assert "Information for the staff council" in text


def test_viewers_download_both_documents(client, closed):
    viewer = MembershipFactory(organisation=closed.organisation, role=Role.VIEWER)
    client.force_login(viewer.user)
    args = [closed.organisation.slug, closed.pk]
    for name, content_type in [
        ("report_pdf", PDF),
        ("report_docx", DOCX),
        ("information_sheet_pdf", PDF),
        ("information_sheet_docx", DOCX),
    ]:
        response = client.get(reverse(f"assessments:{name}", args=args))
        assert response.status_code == 200, name
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"].startswith("attachment;")
    assert response.content[:2] == b"PK"
    # The document's language can differ from the page's.
    english = client.get(reverse("assessments:report_docx", args=args), {"language": "en"})
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(english.content)).paragraphs)
    assert "Maturity assessment: Quick-Check 2026" in text


def test_the_report_of_another_organisation_is_not_found(client, closed):
    outsider = MembershipFactory(role=Role.ADMIN)
    client.force_login(outsider.user)
    for name in ("report_pdf", "report_docx", "information_sheet_pdf", "information_sheet_docx"):
        # Through the own organisation's URL and through the other one's.
        for slug in (outsider.organisation.slug, closed.organisation.slug):
            url = reverse(f"assessments:{name}", args=[slug, closed.pk])
            assert client.get(url).status_code == 404, (name, slug)
