"""A hostile "logo" is refused with a message, and never breaks a document.

A file that was a PNG signature followed by HTML used to be stored as the logo, after which
the team list PDF and the strategy PDF answered 500. Uploads are now decoded and drawn anew
(documents.images); a logo stored before that is left out of a PDF instead.
"""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kommunalkompass.documents.images import image_header
from kommunalkompass.documents.tests.images import JPEG, png
from kommunalkompass.organisations import services
from kommunalkompass.organisations.models import Organisation, Role
from kommunalkompass.organisations.tests.factories import MembershipFactory
from kommunalkompass.strategy.tests.factories import StrategyFactory

pytestmark = pytest.mark.django_db

PNG_SIGNATURE_AND_HTML = b"\x89PNG\r\n\x1a\n<html><body><script>alert(1)</script></body></html>"


@pytest.fixture
def admin(client):
    membership = MembershipFactory(role=Role.ADMIN)
    client.force_login(membership.user)
    return membership


def _settings(organisation) -> dict:
    return {
        "name": organisation.name,
        "kind": organisation.kind,
        "ags": organisation.ags,
        "state": organisation.state,
        "slug": organisation.slug,
        "version": organisation.version,
    }


def test_a_png_signature_followed_by_html_is_refused_with_a_message(client, admin):
    organisation = admin.organisation
    url = reverse("organisations:settings", args=[organisation.slug])
    upload = SimpleUploadedFile("logo.png", PNG_SIGNATURE_AND_HTML, content_type="image/png")

    response = client.post(
        url, {**_settings(organisation), "logo": upload}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert response.context["form"].errors["logo"] == [
        "The logo cannot be read as a PNG or JPEG image; the file may be damaged. "
        "Save it again as PNG in a graphics program and upload that."
    ]
    assert Organisation.objects.get(pk=organisation.pk).logo is None


def test_an_image_is_stored_as_the_png_the_decoder_drew(admin):
    services.organisation_set_logo(
        actor=admin.user, organisation=admin.organisation, data=png(40, 20) + b"<html>"
    )
    stored = Organisation.objects.get(pk=admin.organisation.pk)
    assert stored.logo_content_type == "image/png"
    assert b"<html>" not in bytes(stored.logo)
    header = image_header(bytes(stored.logo))
    assert (header.kind, header.width, header.height) == ("png", 40, 20)

    services.organisation_set_logo(actor=admin.user, organisation=stored, data=JPEG)
    stored = Organisation.objects.get(pk=admin.organisation.pk)
    assert (stored.logo_content_type, image_header(bytes(stored.logo)).kind) == ("image/png", "png")


def test_a_logo_with_too_many_pixels_is_refused_naming_its_size(admin, settings):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(ValidationError) as error:
        services.organisation_set_logo(
            actor=admin.user, organisation=admin.organisation, data=png(5000, 1)
        )
    assert error.value.message_dict["logo"] == [
        "The logo may be at most 4096 pixels wide and high; this image is 5000 × 1 pixels."
    ]


@pytest.mark.parametrize(
    ("url_name", "needs_strategy"),
    [("organisations:team_document_pdf", False), ("strategy:document_pdf", True)],
)
def test_a_logo_stored_before_the_check_is_left_out_of_the_pdf(
    client, admin, url_name, needs_strategy
):
    organisation = admin.organisation
    if needs_strategy:
        StrategyFactory(organisation=organisation)
    Organisation.objects.filter(pk=organisation.pk).update(
        logo=PNG_SIGNATURE_AND_HTML, logo_content_type="image/png"
    )

    response = client.get(reverse(url_name, args=[organisation.slug]))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
