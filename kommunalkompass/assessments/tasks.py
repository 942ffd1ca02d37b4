"""Background work of the assessments app (django-tasks)."""

from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from kommunalkompass.core.links import absolute_url


def _link(token: str, base_url: str) -> str:
    path = reverse("assessments:survey", args=[token])
    return base_url.rstrip("/") + path if base_url else absolute_url(path)


@task()
def send_survey_invitations(
    *,
    assessment_id: int,
    emails: list[str],
    group: str,
    language: str,
    base_url: str = "",
    remind: bool = False,
) -> int:
    """Create one personal survey link per address and e-mail it.

    The link is created here and only its hash is stored; which address got which link is
    known only while this task runs, so no answer can be traced back to an address. The
    links are on ``base_url``, the address of the request that sent the invitations; without
    one, on ``SITE_URL``. With ``remind``, each address is kept for one reminder, apart from
    the answers (``services.survey_admin``).
    """
    from .models import Assessment
    from .services import invitation_access_create, invitee_register

    assessment = Assessment.objects.select_related("organisation").get(pk=assessment_id)
    messages = []
    with translation.override(language):
        subject = _("Survey: how digital is %(organisation)s?") % {
            "organisation": assessment.organisation.name
        }
        for email in emails:
            token = invitation_access_create(assessment=assessment, group=group)
            if remind:
                invitee_register(assessment=assessment, email=email, token=token)
            body = render_to_string(
                "assessments/email/invitation.txt",
                {"assessment": assessment, "url": _link(token, base_url), "remind": remind},
            )
            messages.append((subject, body, None, [email]))
    send_mass_mail(messages, fail_silently=False)
    return len(messages)


@task()
def send_survey_reminders(*, assessment_id: int, language: str, base_url: str = "") -> int:
    """Remind everyone invited personally who has not submitted and not been reminded, with
    their own link again (enqueued by ``services.reminders_send``). Nobody who has submitted
    is reminded: their address was forgotten when they submitted."""
    from .deadlines import is_accepting
    from .models import Assessment
    from .services import invitees_reminded, reminder_recipients

    assessment = Assessment.objects.select_related("organisation").get(pk=assessment_id)
    if not is_accepting(assessment):
        return 0
    recipients = reminder_recipients(assessment=assessment)
    messages = []
    with translation.override(language):
        subject = _("Reminder: survey of %(organisation)s") % {
            "organisation": assessment.organisation.name
        }
        for invitee, token in recipients:
            body = render_to_string(
                "assessments/email/reminder.txt",
                {"assessment": assessment, "url": _link(token, base_url)},
            )
            messages.append((subject, body, None, [invitee.email]))
    send_mass_mail(messages, fail_silently=False)
    invitees_reminded(invitees=[invitee for invitee, _token in recipients])
    return len(messages)
