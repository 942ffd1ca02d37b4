import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from kommunalkompass.audit.models import AuditEvent
from kommunalkompass.documents.images import image_header
from kommunalkompass.documents.tests.images import png
from kommunalkompass.organisations import services
from kommunalkompass.organisations.models import Invitation, Membership, Organisation, Role

from .factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _link(token: str) -> str:
    return f"https://kompass.example/invitations/{token}/"


def _token_from_mail() -> str:
    body = mail.outbox[-1].body
    return body.split("/invitations/")[1].split("/")[0]


class TestOrganisationCreate:
    def test_creator_becomes_admin_and_slug_is_derived(self, django_user_model):
        user = django_user_model.objects.create_user(email="cdo@example.org", password="x")
        organisation = services.organisation_create(
            creator=user, name="Stadt Bad Dürkheim", kind="stadt", ags="07332003", state="07"
        )
        assert organisation.slug == "stadt-bad-duerkheim"
        assert Membership.objects.get(organisation=organisation, user=user).role == Role.ADMIN
        assert AuditEvent.objects.filter(organisation=organisation, action="create").exists()

    @pytest.mark.parametrize(
        ("ags", "message"),
        [
            ("1234567", "exactly 8 digits"),
            ("0324100A", "exactly 8 digits"),
            ("17000000", "state key from 01 to 16"),
            ("00000000", "state key from 01 to 16"),
        ],
    )
    def test_wrong_ags_is_refused_and_nothing_saved(self, django_user_model, ags, message):
        user = django_user_model.objects.create_user(email="cdo@example.org", password="x")
        with pytest.raises(ValidationError) as error:
            services.organisation_create(
                creator=user, name="Irgendwo", kind="gemeinde", ags=ags, state="03"
            )
        assert message in str(error.value.message_dict["ags"])
        assert not Organisation.objects.exists()
        assert not Membership.objects.exists()

    def test_state_must_match_the_ags(self, django_user_model):
        user = django_user_model.objects.create_user(email="cdo@example.org", password="x")
        with pytest.raises(ValidationError) as error:
            services.organisation_create(
                creator=user, name="Hannover", kind="stadt", ags="03241001", state="09"
            )
        assert "state" in error.value.message_dict
        assert not Organisation.objects.exists()

    def test_an_ags_belongs_to_one_organisation(self, django_user_model):
        user = django_user_model.objects.create_user(email="cdo@example.org", password="x")
        OrganisationFactory(ags="03241001", state="03")
        with pytest.raises(ValidationError) as error:
            services.organisation_create(
                creator=user, name="Hannover", kind="stadt", ags="03241001", state="03"
            )
        assert "ags" in error.value.message_dict or "__all__" in error.value.message_dict


class TestOrganisationUpdate:
    def test_stale_version_is_refused(self):
        admin = MembershipFactory(role=Role.ADMIN)
        organisation = admin.organisation
        services.organisation_update(
            actor=admin.user, organisation=organisation, version=1, population=13_000
        )
        organisation.refresh_from_db()
        assert organisation.version == 2
        with pytest.raises(ValidationError) as error:
            services.organisation_update(
                actor=admin.user, organisation=organisation, version=1, population=99
            )
        assert error.value.code == "stale"
        organisation.refresh_from_db()
        assert organisation.population == 13_000

    def test_change_is_audited_with_old_and_new_value(self):
        admin = MembershipFactory(role=Role.ADMIN)
        services.organisation_update(
            actor=admin.user, organisation=admin.organisation, name="Neuer Name"
        )
        event = AuditEvent.objects.get(organisation=admin.organisation, action="update")
        assert event.changes["name"][1] == "Neuer Name"
        assert event.actor == admin.user


class TestMemberships:
    def test_last_admin_cannot_be_demoted_or_removed(self):
        admin = MembershipFactory(role=Role.ADMIN)
        with pytest.raises(ValidationError):
            services.membership_change_role(actor=admin.user, membership=admin, role=Role.VIEWER)
        with pytest.raises(ValidationError):
            services.membership_remove(actor=admin.user, membership=admin)
        admin.refresh_from_db()
        assert admin.role == Role.ADMIN

    def test_admin_can_step_down_when_another_admin_exists(self):
        admin = MembershipFactory(role=Role.ADMIN)
        MembershipFactory(organisation=admin.organisation, role=Role.ADMIN)
        services.membership_change_role(actor=admin.user, membership=admin, role=Role.EDITOR)
        admin.refresh_from_db()
        assert admin.role == Role.EDITOR

    def test_unknown_role_is_refused(self):
        member = MembershipFactory(role=Role.VIEWER)
        with pytest.raises(ValidationError):
            services.membership_change_role(actor=member.user, membership=member, role="owner")


class TestInvitations:
    def test_invitation_is_mailed_and_accepted_once(
        self, django_user_model, django_capture_on_commit_callbacks
    ):
        admin = MembershipFactory(role=Role.ADMIN)
        with django_capture_on_commit_callbacks(execute=True):
            invitation = services.invitation_create(
                actor=admin.user,
                organisation=admin.organisation,
                email="New.Person@Example.org",
                role=Role.EDITOR,
                link_for=_link,
            )
        assert invitation.email == "new.person@example.org"
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["new.person@example.org"]
        token = _token_from_mail()
        # Only the hash is stored.
        assert token not in invitation.token_hash
        membership = services.invitation_accept(
            token=token,
            user=None,
            new_user={"full_name": "Neue Person", "password": "Sonne-Mond-42!"},
        )
        assert membership.role == Role.EDITOR
        assert membership.user.email == "new.person@example.org"
        with pytest.raises(ValidationError) as error:
            services.invitation_accept(token=token, user=membership.user)
        assert error.value.code == "used"

    def test_expired_invitation_is_refused(self, django_capture_on_commit_callbacks):
        admin = MembershipFactory(role=Role.ADMIN)
        with django_capture_on_commit_callbacks(execute=True):
            invitation = services.invitation_create(
                actor=admin.user,
                organisation=admin.organisation,
                email="late@example.org",
                role=Role.VIEWER,
                link_for=_link,
            )
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        with pytest.raises(ValidationError) as error:
            services.invitation_accept(
                token=_token_from_mail(), user=None, new_user={"password": "Sonne-Mond-42!"}
            )
        assert error.value.code == "expired"
        assert Membership.objects.filter(organisation=admin.organisation).count() == 1

    def test_invitation_is_valid_for_seven_days(self):
        admin = MembershipFactory(role=Role.ADMIN)
        invitation = services.invitation_create(
            actor=admin.user,
            organisation=admin.organisation,
            email="a@example.org",
            role=Role.VIEWER,
            link_for=_link,
        )
        assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=7)

    def test_members_cannot_be_invited_again(self):
        admin = MembershipFactory(role=Role.ADMIN)
        with pytest.raises(ValidationError) as error:
            services.invitation_create(
                actor=admin.user,
                organisation=admin.organisation,
                email=admin.user.email.upper(),
                role=Role.VIEWER,
                link_for=_link,
            )
        assert "email" in error.value.message_dict
        assert not Invitation.objects.exists()

    def test_new_invitation_replaces_the_open_one(self, django_capture_on_commit_callbacks):
        admin = MembershipFactory(role=Role.ADMIN)
        with django_capture_on_commit_callbacks(execute=True):
            services.invitation_create(
                actor=admin.user,
                organisation=admin.organisation,
                email="a@example.org",
                role=Role.VIEWER,
                link_for=_link,
            )
        first_token = _token_from_mail()
        with django_capture_on_commit_callbacks(execute=True):
            services.invitation_create(
                actor=admin.user,
                organisation=admin.organisation,
                email="a@example.org",
                role=Role.EDITOR,
                link_for=_link,
            )
        with pytest.raises(ValidationError) as error:
            services.invitation_accept(token=first_token, user=None, new_user={"password": "x"})
        assert error.value.code == "revoked"

    def test_unknown_token_is_refused(self):
        with pytest.raises(ValidationError) as error:
            services.invitation_accept(token="nonsense", user=None, new_user={"password": "x"})
        assert error.value.code == "invalid"


class TestDepartments:
    def test_names_are_unique_per_organisation(self):
        admin = MembershipFactory(role=Role.ADMIN)
        services.department_create(
            actor=admin.user, organisation=admin.organisation, name="Hauptamt"
        )
        with pytest.raises(ValidationError):
            services.department_create(
                actor=admin.user, organisation=admin.organisation, name="Hauptamt"
            )
        # Another organisation may use the same name.
        other = MembershipFactory(role=Role.ADMIN)
        services.department_create(
            actor=other.user, organisation=other.organisation, name="Hauptamt"
        )


class TestSettingsPage:
    """What the settings page saves, master data and logo, is saved together or not at all."""

    PNG = png(4, 2)

    def test_a_refused_logo_saves_no_master_data(self):
        admin = MembershipFactory(role=Role.ADMIN)
        organisation = admin.organisation
        stored_name = organisation.name
        with pytest.raises(ValidationError) as error:
            services.organisation_settings_update(
                actor=admin.user,
                organisation=organisation,
                version=1,
                name="Neuer Name",
                logo=b"GIF89a" + b"\x00" * 10,
            )
        assert "logo" in error.value.message_dict
        stored = Organisation.objects.get(pk=organisation.pk)
        assert (stored.name, stored.version, stored.logo) == (stored_name, 1, None)
        assert organisation.name == stored_name  # the caller's copy too
        assert not AuditEvent.objects.filter(organisation=organisation).exists()

    def test_master_data_and_logo_are_saved_and_audited(self):
        admin = MembershipFactory(role=Role.ADMIN)
        organisation = admin.organisation
        services.organisation_settings_update(
            actor=admin.user, organisation=organisation, version=1, name="Neu", logo=self.PNG
        )
        stored = Organisation.objects.get(pk=organisation.pk)
        assert (stored.name, stored.version, stored.logo_content_type) == ("Neu", 2, "image/png")
        changes = AuditEvent.objects.filter(organisation=organisation).values_list(
            "changes", flat=True
        )
        assert sorted(key for change in changes for key in change) == ["logo", "name"]
        services.organisation_settings_update(
            actor=admin.user, organisation=organisation, version=2, name="Neu", remove_logo=True
        )
        assert Organisation.objects.get(pk=organisation.pk).logo is None

    def test_the_callers_copy_is_reloaded_before_the_change(self):
        """A bound form sets the submitted values on its instance; a stale edit leaves the
        caller's organisation with the stored values, not the refused ones."""
        admin = MembershipFactory(role=Role.ADMIN)
        organisation = admin.organisation
        stored_name = organisation.name
        organisation.name = "Abgelehnt"
        with pytest.raises(ValidationError):
            services.organisation_settings_update(
                actor=admin.user, organisation=organisation, version=7, name="Abgelehnt"
            )
        assert organisation.name == stored_name


class TestLogo:
    PNG = png(4, 2)

    def test_png_is_stored_and_can_be_removed(self):
        admin = MembershipFactory(role=Role.ADMIN)
        services.organisation_set_logo(
            actor=admin.user, organisation=admin.organisation, data=self.PNG
        )
        organisation = Organisation.objects.get(pk=admin.organisation.pk)
        assert image_header(bytes(organisation.logo)) == image_header(self.PNG)
        assert organisation.logo_content_type == "image/png"
        services.organisation_set_logo(actor=admin.user, organisation=organisation, data=None)
        assert Organisation.objects.get(pk=organisation.pk).logo is None

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "PNG or JPEG"),
            (b"GIF89a" + b"\x00" * 10, "PNG or JPEG"),
            (b"\x89PNG\r\n\x1a\n" + b"\x00" * (600 * 1024), "at most 512 KB"),
        ],
    )
    def test_wrong_files_are_refused(self, data, message):
        admin = MembershipFactory(role=Role.ADMIN)
        with pytest.raises(ValidationError) as error:
            services.organisation_set_logo(
                actor=admin.user, organisation=admin.organisation, data=data
            )
        assert message in str(error.value.message_dict["logo"])
        assert Organisation.objects.get(pk=admin.organisation.pk).logo is None
