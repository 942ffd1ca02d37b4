"""Verified organisations (issue 14, finding 2): only an installation admin verifies, only an
AGS of the register can be verified, every change is audited, organisations cannot verify
themselves, a changed AGS or an import takes the verification back, and the demo's made-up
organisations are verified by the demo loader so that its comparisons show."""

from __future__ import annotations

import io
import json
import zipfile
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from kommunalkompass.accounts.tests.factories import UserFactory
from kommunalkompass.audit.models import AuditEvent
from kommunalkompass.organisations import services
from kommunalkompass.organisations.models import Membership, Organisation, RegisterEntry, Role
from kommunalkompass.organisations.portability import export_bytes, organisation_import

from .factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def register_entry(ags: str, name: str = "Hannover", state: str = "03") -> RegisterEntry:
    return RegisterEntry.objects.create(
        record_type=RegisterEntry.RecordType.MUNICIPALITY,
        key=ags,
        ags=ags,
        name=name,
        text_code="63",
        state=state,
    )


@pytest.fixture
def operator():
    return UserFactory(email="betrieb@kompass.example", is_staff=True, is_superuser=True)


def audit_changes(organisation) -> list[dict]:
    return [
        event.changes
        for event in AuditEvent.objects.filter(
            organisation=organisation, content_type__model="organisation"
        ).order_by("id")
    ]


def test_an_ags_of_the_register_is_verified_and_recorded(operator):
    register_entry("03241001")
    organisation = OrganisationFactory(ags="03241001", state="03")
    assert not organisation.verified
    verified = services.organisation_verify(actor=operator, organisation=organisation)
    verified.refresh_from_db()
    assert verified.verified and verified.verified_by == operator
    assert verified.verified_at is not None
    assert verified.verification_note == "Hannover (Stadt, AGS 03241001)"
    assert audit_changes(organisation)[-1]["verified"] == [False, True]
    # Verifying again changes nothing and records nothing.
    services.organisation_verify(actor=operator, organisation=organisation)
    assert len(audit_changes(organisation)) == 1


@pytest.mark.parametrize(
    ("ags", "state", "message"),
    [
        ("", "03", "has no AGS"),
        ("03241999", "03", "is not in the municipality register"),
        ("05241001", "05", "is not in the municipality register"),
    ],
)
def test_only_an_ags_of_the_register_can_be_verified(operator, ags, state, message):
    register_entry("03241001")
    organisation = OrganisationFactory(ags=ags, state=state)
    with pytest.raises(ValidationError, match=message):
        services.organisation_verify(actor=operator, organisation=organisation)
    organisation.refresh_from_db()
    assert not organisation.verified and organisation.verified_by is None
    assert audit_changes(organisation) == []


def test_the_register_state_must_match(operator):
    register_entry("03241001", state="03")
    organisation = OrganisationFactory(ags="03241001", state="03")
    Organisation.objects.filter(pk=organisation.pk).update(state="05")
    with pytest.raises(ValidationError, match="places the AGS 03241001 in Niedersachsen"):
        services.organisation_verify(actor=operator, organisation=organisation)


def test_installation_admins_verify_and_revoke_in_the_admin(client, operator):
    register_entry("03241001")
    good = OrganisationFactory(ags="03241001", state="03", name="Stadt Hannover")
    made_up = OrganisationFactory(ags="03999999", state="03", name="Stadt Erfunden")
    client.force_login(operator)
    url = reverse("admin:organisations_organisation_changelist")
    page = client.post(
        url,
        {"action": "mark_verified", "_selected_action": [good.pk, made_up.pk]},
        follow=True,
    ).content.decode()
    assert "1 organisation marked as verified." in page
    assert "The AGS 03999999 of Stadt Erfunden is not in the municipality register" in page
    good.refresh_from_db()
    made_up.refresh_from_db()
    assert good.verified and not made_up.verified
    page = client.post(
        url, {"action": "revoke_verification", "_selected_action": [good.pk]}, follow=True
    ).content.decode()
    assert "Verification revoked for 1 organisation." in page
    good.refresh_from_db()
    assert not good.verified and good.verified_at is None and good.verification_note == ""
    events = AuditEvent.objects.filter(organisation=good, actor=operator).order_by("id")
    assert [e.changes["verified"] for e in events] == [[False, True], [True, False]]
    # The change form shows the verification but does not let it be ticked.
    change = client.get(reverse("admin:organisations_organisation_change", args=[good.pk]))
    assert 'name="verified"' not in change.content.decode()


def test_organisation_admins_cannot_verify_their_own(client):
    admin = MembershipFactory(role=Role.ADMIN, organisation__ags="03241001")
    organisation = admin.organisation
    client.force_login(admin.user)
    url = reverse("organisations:settings", args=[organisation.slug])
    page = client.get(url).content.decode()
    assert "Not verified" in page
    assert "ask the people who run this installation to verify it" in page
    assert 'name="verified"' not in page
    saved = client.post(
        url,
        {
            "name": organisation.name,
            "kind": organisation.kind,
            "ags": organisation.ags,
            "state": organisation.state,
            "population": organisation.population,
            "slug": organisation.slug,
            "version": organisation.version,
            "verified": "on",
            "verified_at": "2026-01-01T00:00:00Z",
            "verification_note": "self-made",
            "notes": "Saved with a claim to be verified.",
        },
    )
    assert saved.status_code == 302  # saved, and the claim ignored
    organisation.refresh_from_db()
    assert organisation.notes == "Saved with a claim to be verified."
    assert not organisation.verified and organisation.verification_note == ""
    # Nor does a (privileged) member reach the admin.
    assert client.get(reverse("admin:organisations_organisation_changelist")).status_code == 302


def test_the_settings_page_shows_the_verification(client, operator):
    register_entry("03241001")
    admin = MembershipFactory(role=Role.ADMIN, organisation__ags="03241001")
    services.organisation_verify(actor=operator, organisation=admin.organisation)
    client.force_login(admin.user)
    page = client.get(reverse("organisations:settings", args=[admin.organisation.slug]))
    text = page.content.decode()
    assert "Verified" in text and "Hannover (Stadt, AGS 03241001)" in text
    assert "Changing the AGS takes the verification back." in text


def test_changing_the_ags_takes_the_verification_back(operator):
    register_entry("03241001")
    admin = MembershipFactory(role=Role.ADMIN, organisation__ags="03241001")
    organisation = services.organisation_verify(actor=operator, organisation=admin.organisation)
    # Other master data keeps it.
    services.organisation_update(
        actor=admin.user, organisation=organisation, population=13_000, version=None
    )
    organisation.refresh_from_db()
    assert organisation.verified
    services.organisation_update(
        actor=admin.user, organisation=organisation, ags="03241002", version=None
    )
    organisation.refresh_from_db()
    assert not organisation.verified and organisation.verified_by is None
    assert audit_changes(organisation)[-1]["verified"] == [True, False]


def test_an_imported_organisation_is_not_verified(operator):
    """The verification belongs to the installation: an export does not carry it, and an
    import never takes it over, even from an archive that names it."""
    register_entry("03241001")
    admin = MembershipFactory(role=Role.ADMIN, organisation__ags="03241001")
    organisation = services.organisation_verify(actor=operator, organisation=admin.organisation)
    archive = export_bytes(organisation)
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        data = json.loads(zipped.read("organisation.json"))
    fields = data["models"]["organisations.organisation"][0]["fields"]
    assert not set(fields) & set(Organisation.VERIFICATION_FIELDS)

    # An archive edited to claim a verification.
    fields.update(
        verified=True,
        verified_at="2026-01-01T00:00:00Z",
        verified_by=operator.email,
        verification_note="trust me",
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "organisation.json":
                content = json.dumps(data).encode()
            target.writestr(name, content)
    organisation.delete()
    buffer.seek(0)
    imported = organisation_import(source=buffer).organisation
    imported.refresh_from_db()
    assert not imported.verified
    assert imported.verified_at is None and imported.verified_by is None
    assert imported.verification_note == ""
    assert Membership.objects.filter(organisation=imported).count() == 1


def test_the_demo_marks_its_made_up_organisations_verified_and_shows_comparisons(client):
    call_command("demo", stdout=StringIO())
    demo = Organisation.objects.filter(ags__contains="999")
    assert demo.count() >= 14
    assert not demo.filter(verified=False).exists()
    assert all(o.verification_note.startswith("Demo-Daten") for o in demo)
    # Their AGS are in no register: the admin action would refuse them.
    assert not RegisterEntry.objects.filter(ags__in=demo.values("ags")).exists()
    membership = Membership.objects.get(user__email="admin@musterstadt.example")
    client.force_login(membership.user)
    slug = membership.organisation.slug
    assessment = membership.organisation.assessments_assessment_set.get(
        title__startswith="Reifegrad"
    )
    results = client.get(reverse("assessments:results", args=[slug, assessment.pk]))
    assert "organisations contribute." in results.content.decode()
    across = client.get(reverse("ozg:across", args=[slug])).content.decode()
    assert "verified organisations share their figures." in across
