"""The job description as PDF and DOCX, the advertisement as DOCX and text, from one source."""

import io

import pytest
from django.urls import reverse
from docx import Document as WordDocument

from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory
from kommunalkompass.positions import services
from kommunalkompass.positions.documents import advertisement, advertisement_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(client):
    membership = MembershipFactory(role=Role.VIEWER)
    client.force_login(membership.user)
    services.position_settings_update(
        actor=None, organisation=membership.organisation, version=None,
        employer_offer="Flexible Arbeitszeiten\nFortbildungen", full_time_hours=39,
        person_days_per_fte=200,
    )  # fmt: skip
    return services.post_create_from_template(
        actor=None, organisation=membership.organisation, role_key="isb", number="IT-9"
    )


def test_the_description_downloads_as_pdf_and_docx(client, post):
    slug = post.organisation.slug
    pdf = client.get(reverse("positions:description_pdf", args=[slug, post.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("positions:description_docx", args=[slug, post.pk]))
    word = WordDocument(io.BytesIO(docx.content))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    text = "\n".join([p.text for p in word.paragraphs] + cells)
    assert "Informationssicherheitsbeauftragte/r" in text
    assert "Entgeltgruppe 11 TVöD" in text and "not a decision" in text


def test_the_advertisement_is_german_with_mwd_tasks_profile_grade_and_offer(post):
    ad = advertisement(organisation=post.organisation, post=post)
    text = advertisement_text(ad)
    assert "Informationssicherheitsbeauftragte/r (m/w/d)" in text
    assert "Ihre Aufgaben:\n- Sicherheitskonzept erstellen und fortschreiben" in text
    assert "Ihr Profil:" in text and "IT-Grundschutz (Expertenwissen)" in text
    assert "vorgesehen ist Entgeltgruppe 11 TVöD" in text
    assert "Wir bieten:\n- Flexible Arbeitszeiten\n- Fortbildungen" in text
