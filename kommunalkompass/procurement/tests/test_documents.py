import io

import pytest
from docx import Document as DocxDocument

from kommunalkompass.documents.docx import render_docx
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory, OrganisationFactory
from kommunalkompass.procurement import documents, selectors, services
from kommunalkompass.procurement.models import Requirement

from .factories import import_bid, make_published

pytestmark = pytest.mark.django_db


def _text(document) -> str:
    docx = DocxDocument(io.BytesIO(render_docx(document)))
    parts = [p.text for p in docx.paragraphs]
    for table in docx.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_the_specification_lists_every_requirement_by_group():
    specification = make_published(catalog_key="e-akte", title="E-Akte")
    text = _text(documents.specification_document(
        procurement=specification.procurement, language="de"
    ))  # fmt: skip
    assert "3.2 Nicht-funktionale Anforderungen" in text
    assert "EAK-07" in text and "XDOMEA" in text and "EXIT-01" in text
    assert "EVB-IT System" in text


def test_the_report_holds_method_scores_exclusions_ranking_and_signoffs():
    organisation = OrganisationFactory()
    editor = MembershipFactory(organisation=organisation, role=Role.EDITOR).user
    admin = MembershipFactory(organisation=organisation, role=Role.ADMIN).user
    specification = make_published(organisation)
    procurement = specification.procurement
    a = import_bid(specification, "Anbieter A", 100_000)
    b = import_bid(specification, "Anbieter B", 125_000)
    c = import_bid(specification, "Anbieter C", 90_000, fulfilled={"VK-01": "nein"})
    evaluation = services.evaluation_configure(
        actor=None, procurement=procurement, method="simple", parameters={}
    )
    for bid, points in ((a, 6), (b, 8), (c, 9)):
        services.scores_update(
            actor=None, evaluation=evaluation, bid=bid,
            points={r.pk: points for r in specification.requirements.filter(kind="B")},
        )  # fmt: skip
    services.exclusion_set(
        actor=None, evaluation=evaluation, bid=c,
        requirement=specification.requirements.get(key="VK-01", kind=Requirement.Kind.A),
        reason="Teilnahme nur mit installierter App.",
    )  # fmt: skip
    services.evaluation_sign(actor=editor, evaluation=evaluation)
    services.evaluation_sign(actor=admin, evaluation=evaluation)
    result = selectors.evaluation_result(procurement=procurement)
    text = _text(documents.report_document(procurement=procurement, language="de"))
    assert "Einfache Richtwertmethode: Z = L / P" in text
    assert "Anbieter C: VK-01 – Teilnahme nur mit installierter App." in text
    assert f"Z = {int(result.row_for('Anbieter B').performance)}" in text
    assert editor.display_name in text and admin.display_name in text
    assert "Sensitivität" in text
