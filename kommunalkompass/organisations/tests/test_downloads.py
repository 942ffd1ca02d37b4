"""Document downloads of an organisation: served behind the permission, offered by role."""

import html
import io
import zipfile

import pytest
from django.urls import reverse

from kommunalkompass.organisations.downloads import Offer, downloads, registered_documents
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import DepartmentFactory, MembershipFactory

pytestmark = pytest.mark.django_db


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


def test_outsider_gets_404(client):
    MembershipFactory(organisation__slug="musterort")
    stranger = MembershipFactory(role=Role.ADMIN)
    client.force_login(stranger.user)
    assert (
        client.get(reverse("organisations:team_document_pdf", args=["musterort"])).status_code
        == 404
    )


def _request(rf, membership):
    request = rf.get("/")
    request.user = membership.user
    request.organisation = membership.organisation
    return request


@pytest.mark.parametrize(("role", "formats"), [(Role.VIEWER, []), (Role.EDITOR, ["xlsx", "csv"])])
def test_a_page_offers_only_the_formats_the_role_may_download(rf, role, formats):
    membership = MembershipFactory(role=role, organisation__slug="musterort")
    offered = downloads(
        _request(rf, membership),
        Offer("organisations:team_document", "Teamliste"),
        Offer("assessments:responses", "Rohdaten", {"pk": 7}),  # editors and admins only
    )
    assert [link.extension for link in offered[0].links] == ["pdf", "docx", "xlsx"]
    assert offered[0].links[0].url == "/o/musterort/team.pdf"
    raw = [link.extension for d in offered if d.title == "Rohdaten" for link in d.links]
    assert raw == formats
    if formats:
        assert offered[1].links[1].url == "/o/musterort/assessments/7/responses.csv"


def test_offering_a_document_that_is_not_registered_fails(rf):
    membership = MembershipFactory(role=Role.ADMIN)
    with pytest.raises(ValueError, match="strategy:nothing"):
        downloads(_request(rf, membership), Offer("strategy:nothing", "Nichts"))


def test_the_registry_names_each_format_with_its_permission():
    by_url_name = {document.url_name: document for document in registered_documents()}
    team = by_url_name["organisations:team_document_docx"]
    assert (team.name, team.extension, team.permission) == (
        "organisations:team_document",
        "docx",
        "organisations.view_members",
    )
    assert by_url_name["assessments:responses_csv"].permission == "assessments.view_raw_answers"
