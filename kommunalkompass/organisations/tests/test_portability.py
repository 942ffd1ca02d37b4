"""Organisation export and import (organisations/portability/): what an archive holds and
leaves out, how a bad archive is refused, the download for admins and the two commands.
The round trip through every module is tests/test_organisation_portability.py."""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from kommunalkompass.accounts.models import User
from kommunalkompass.accounts.tests.factories import UserFactory
from kommunalkompass.audit.models import AuditEvent
from kommunalkompass.organisations.models import Department, Invitation, Membership, Organisation
from kommunalkompass.organisations.portability import (
    ArchiveError,
    export_bytes,
    organisation_import,
)

from .factories import DepartmentFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def archive_data(archive: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        return json.loads(zipped.read("organisation.json"))


def rebuilt(archive: bytes, change=None, drop: str | None = None) -> io.BytesIO:
    """The archive with its data changed by ``change(data)`` and the file ``drop`` left out."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(archive)) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for name in source.namelist():
            if name == drop:
                continue
            content = source.read(name)
            if name == "organisation.json" and change:
                data = json.loads(content)
                change(data)
                content = json.dumps(data).encode()
            target.writestr(name, content)
    buffer.seek(0)
    return buffer


@pytest.fixture
def organisation():
    organisation = OrganisationFactory(slug="musterdorf", ags="")
    department = DepartmentFactory(organisation=organisation, name="Bürgerbüro")
    MembershipFactory(
        organisation=organisation,
        user=UserFactory(email="Chefin@Musterdorf.example"),
        role="admin",
        department=department,
    )
    return organisation


def invitation(organisation, email, **fields):
    return Invitation.objects.create(
        organisation=organisation,
        email=email,
        token_hash=email.ljust(64, "0")[:64],
        expires_at=timezone.now() + datetime.timedelta(days=7),
        **fields,
    )


def test_the_archive_names_users_by_email_and_leaves_secrets_out(organisation):
    invitation(organisation, "pending@example.org")
    invitation(organisation, "accepted@example.org", accepted_at=timezone.now())
    data = archive_data(export_bytes(organisation))
    assert data["format"] == "kommunalkompass-organisation" and data["format_version"] == 1
    assert data["users"] == [
        {"email": "chefin@musterdorf.example", "full_name": User.objects.get().full_name}
    ]
    membership = data["models"]["organisations.membership"][0]["fields"]
    assert membership["user"] == "chefin@musterdorf.example"
    invitations = [row["fields"] for row in data["models"]["organisations.invitation"]]
    # A pending invitation's link lets anyone join: it is not exported; a used one is history.
    assert [i["email"] for i in invitations] == ["accepted@example.org"]
    assert "token_hash" not in invitations[0]
    text = json.dumps(data)
    assert "md5$" not in text and "password" not in text


def test_import_matches_users_by_email_and_creates_the_others_without_a_password(organisation):
    known = UserFactory(email="someone@example.org")
    MembershipFactory(organisation=organisation, user=known)
    archive = export_bytes(organisation)
    organisation.delete()
    User.objects.filter(email__iexact="chefin@musterdorf.example").delete()

    result = organisation_import(source=io.BytesIO(archive))

    assert result.users_created == ["chefin@musterdorf.example"]
    assert result.users_matched == ["someone@example.org"]
    created = User.objects.get(email="chefin@musterdorf.example")
    assert not created.has_usable_password()
    assert known.memberships.get().organisation == result.organisation
    membership = Membership.objects.get(user=created)
    assert membership.role == "admin"
    assert membership.department == Department.objects.get(organisation=result.organisation)


def test_import_with_a_new_slug_beside_the_original(organisation):
    organisation.logo = b"\x89PNG\r\n\x1a\nlogo"
    organisation.save()
    result = organisation_import(source=io.BytesIO(export_bytes(organisation)), slug="neu")
    copy = result.organisation
    assert copy.pk != organisation.pk and copy.slug == "neu"
    assert bytes(copy.logo) == b"\x89PNG\r\n\x1a\nlogo"
    assert copy.created_at == organisation.created_at
    assert copy.updated_at == Organisation.objects.get(pk=organisation.pk).updated_at
    assert Department.objects.filter(organisation=copy).count() == 1


@pytest.mark.parametrize(
    ("change", "drop", "message"),
    [
        (lambda d: d.update(format_version=2), None, "format version 2; this installation reads"),
        (lambda d: d.update(format="other"), None, "not an organisation export"),
        (
            lambda d: d["models"].update({"procurement.tender": []}),
            None,
            "rows of procurement.tender, a model this installation does not have",
        ),
        (
            lambda d: d["models"].update({"accounts.user": []}),
            None,
            "accounts.user, which is not part of an organisation",
        ),
        (
            lambda d: d["models"]["organisations.department"][0]["fields"].update(colour="red"),
            None,
            "field 'colour' does not exist here",
        ),
        (
            lambda d: d["models"]["organisations.membership"][0]["fields"].update(department=999),
            None,
            "organisations.department 999 is not in the archive",
        ),
        (
            lambda d: d["models"]["organisations.membership"][0]["fields"].update(
                user="nobody@example.org"
            ),
            None,
            "the user 'nobody@example.org' is not among the archive's users",
        ),
        (
            lambda d: d["models"]["organisations.department"][0]["fields"].update(name="x" * 201),
            None,
            "field name: Ensure this value has at most 200 characters",
        ),
        (None, "files/", "the file files/organisations.organisation/"),
        (None, "organisation.json", "has no organisation.json"),
    ],
)
def test_a_bad_archive_is_refused_naming_the_fault_and_nothing_is_written(
    organisation, change, drop, message
):
    organisation.logo = b"\x89PNG\r\n\x1a\nlogo"
    organisation.save()
    archive = export_bytes(organisation)
    if drop == "files/":
        drop = next(n for n in zipfile.ZipFile(io.BytesIO(archive)).namelist() if "logo" in n)
    before = {model: model.objects.count() for model in (Organisation, Department, Membership)}
    with pytest.raises(ArchiveError, match=message.replace("(", r"\(")):
        organisation_import(source=rebuilt(archive, change, drop), slug="kopie")
    assert before == {model: model.objects.count() for model in before}


def test_a_file_that_is_no_archive_is_refused():
    with pytest.raises(ArchiveError, match="not a ZIP archive"):
        organisation_import(source=io.BytesIO(b"name;value\n"))


def test_a_decompression_bomb_is_refused_before_it_is_unpacked(organisation):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("organisation.json", export_bytes_json_start() + b" " * 50_000_000)
    Organisation.objects.filter(pk=organisation.pk).delete()
    with pytest.raises(ArchiveError, match="unpacks to .* times its packed size"):
        organisation_import(source=io.BytesIO(buffer.getvalue()))
    assert not Organisation.objects.exists()


def export_bytes_json_start() -> bytes:
    return b'{"format": "kommunalkompass-organisation"'


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("musterdorf", "'musterdorf' exists already in this installation: choose another"),
        ("nicht gültig", "is not a valid short name"),
    ],
)
def test_a_taken_or_invalid_slug_is_refused(organisation, slug, message):
    with pytest.raises(ArchiveError, match=message):
        organisation_import(source=io.BytesIO(export_bytes(organisation)), slug=slug)


def test_an_ags_of_another_organisation_is_refused(organisation):
    organisation.ags = "09162000"
    organisation.state = "09"
    organisation.save()
    with pytest.raises(
        ArchiveError, match="'musterdorf' of this installation has the AGS 09162000"
    ):
        organisation_import(source=io.BytesIO(export_bytes(organisation)), slug="kopie")


def test_admins_download_the_export_from_the_settings_page_and_it_is_recorded(client, organisation):
    admin = Membership.objects.get(organisation=organisation).user
    client.force_login(admin)
    settings_page = client.get(reverse("organisations:settings", args=[organisation.slug]))
    url = reverse("organisations:export", args=[organisation.slug])
    assert f'action="{url}"' in settings_page.content.decode()
    assert url == "/o/musterdorf/export.zip"

    response = client.post(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert "musterdorf-" in response["Content-Disposition"]
    data = archive_data(b"".join(response.streaming_content))
    assert data["models"]["organisations.organisation"][0]["fields"]["slug"] == "musterdorf"
    event = AuditEvent.objects.get(action="export")
    assert (event.actor, event.organisation) == (admin, organisation)
    log = client.get(reverse("organisations:audit", args=[organisation.slug]))
    assert "exported" in log.content.decode()
    # A GET writes nothing and downloads nothing.
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_only_admins_may_export(client, organisation, role):
    member = MembershipFactory(organisation=organisation, role=role).user
    client.force_login(member)
    assert client.post(reverse("organisations:export", args=[organisation.slug])).status_code == 403
    assert not AuditEvent.objects.filter(action="export").exists()
    page = client.get(reverse("organisations:home", args=[organisation.slug])).content.decode()
    assert "export.zip" not in page


def test_the_commands_export_and_import(organisation, tmp_path):
    path = tmp_path / "musterdorf.zip"
    call_command("export_organisation", "musterdorf", "-o", str(path), stdout=StringIO())
    output = StringIO()
    call_command("import_organisation", str(path), "--slug", "musterdorf-2", stdout=output)
    assert "Imported" in output.getvalue() and "/o/musterdorf-2/" in output.getvalue()
    assert Organisation.objects.filter(slug="musterdorf-2").exists()

    with pytest.raises(CommandError, match="exists already.*Nothing was imported"):
        call_command("import_organisation", str(path), stdout=StringIO())
    with pytest.raises(CommandError, match="no organisation with the short name"):
        call_command("export_organisation", "unknown", stdout=StringIO())
    with pytest.raises(CommandError, match="There is no file"):
        call_command("import_organisation", str(tmp_path / "missing.zip"), stdout=StringIO())
