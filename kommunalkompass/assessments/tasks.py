"""Background work of the assessments app (django-tasks)."""

from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from kommunalkompass.core.links import absolute_url


@task()
def send_survey_invitations(
    *, assessment_id: int, emails: list[str], group: str, language: str, base_url: str = ""
) -> int:
    """Create one personal survey link per address and e-mail it.

    The link is created here and only its hash is stored; which address got which link is
    known only while this task runs, so no answer can be traced back to an address. The
    links are on ``base_url``, the address of the request that sent the invitations; without
    one, on ``SITE_URL``.
    """
    from .models import Assessment
    from .services import invitation_access_create

    def link(token: str) -> str:
        path = reverse("assessments:survey", args=[token])
        return base_url.rstrip("/") + path if base_url else absolute_url(path)

    assessment = Assessment.objects.select_related("organisation").get(pk=assessment_id)
    messages = []
    with translation.override(language):
        subject = _("Survey: how digital is %(organisation)s?") % {
            "organisation": assessment.organisation.name
        }
        for email in emails:
            token = invitation_access_create(assessment=assessment, group=group)
            body = render_to_string(
                "assessments/email/invitation.txt",
                {"assessment": assessment, "url": link(token)},
            )
            messages.append((subject, body, None, [email]))
    send_mass_mail(messages, fail_silently=False)
    return len(messages)
