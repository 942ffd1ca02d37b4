"""Background work of the organisations app (run by django-tasks)."""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def send_invitation_email(*, invitation_id: int, accept_url: str, language: str) -> None:
    """E-mail the one-use invitation link."""
    from .models import Invitation

    invitation = Invitation.objects.select_related("organisation", "invited_by").get(
        pk=invitation_id
    )
    with translation.override(language):
        context = {"invitation": invitation, "accept_url": accept_url}
        send_mail(
            subject=_("Invitation to %(organisation)s on Kommunalkompass")
            % {"organisation": invitation.organisation.name},
            message=render_to_string("organisations/email/invitation.txt", context),
            from_email=None,
            recipient_list=[invitation.email],
        )
