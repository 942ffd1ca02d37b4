import datetime
import html
import io
import zipfile

import pytest
from django.urls import reverse

from kommunalkompass.documents.downloads import document_filename, document_response
from kommunalkompass.documents.model import Document, Metadata
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import DepartmentFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_file_name_keeps_umlauts_and_drops_unsafe_characters():
    document = Document(
        meta=Metadata(title='Maßnahmen: Übersicht / "Entwurf"?', date=datetime.date(2026, 11, 26)),
        blocks=[],
    )
    assert document_filename(document, "pdf") == "Maßnahmen-_Übersicht_-_-Entwurf_2026-11-26.pdf"


@pytest.fixture
def viewer(client):
    admin = MembershipFactory(role=Role.ADMIN, organisation__slug="musterort")
    DepartmentFactory(organisation=admin.organisation, name="Bürgerbüro")
    membership = MembershipFactory(organisation=admin.organisation, role=Role.VIEWER)
    client.force_login(membership.user)
    return membership


@pytest.mark.parametrize(
    ("extension", "content_type", "magic"),
    [
        ("pdf", "application/pdf", b"%PDF"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
    ],
)
def test_team_document_downloads(client, viewer, extension, content_type, magic):
    response = client.get(reverse(f"organisations:team_document_{extension}", args=["musterort"]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f".{extension}" in disposition
    assert response.content.startswith(magic)
    if extension != "pdf":
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            xml = html.unescape(
                "".join(
                    archive.read(name).decode("utf-8", "replace")
                    for name in archive.namelist()
                    if name.endswith(".xml")
                )
            )
        assert viewer.user.email in xml
        assert "Bürgerbüro" in xml


def test_umlauts_in_the_file_name_are_sent_as_utf8():
    document = Document(
        meta=Metadata(title="Maßnahmenübersicht", date=datetime.date(2026, 11, 26)), blocks=[]
    )
    response = document_response(document, "xlsx")
    disposition = response["Content-Disposition"]
    assert "filename*=utf-8''Ma%C3%9Fnahmen%C3%BCbersicht_2026-11-26.xlsx" in disposition


def test_outsider_gets_404(client):
    MembershipFactory(organisation__slug="musterort")
    stranger = MembershipFactory(role=Role.ADMIN)
    client.force_login(stranger.user)
    assert (
        client.get(reverse("organisations:team_document_pdf", args=["musterort"])).status_code
        == 404
    )
