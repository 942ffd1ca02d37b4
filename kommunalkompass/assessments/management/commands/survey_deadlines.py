"""Close surveys whose end date has passed and enqueue the reminders that are due.

Run once a day (cron or a systemd timer), e.g. shortly after midnight:
``manage.py survey_deadlines``. The reminders are sent by the task worker
(``manage.py db_worker``), or at once where tasks run inline.
"""

from django.core.management.base import BaseCommand

from kommunalkompass.assessments import services


class Command(BaseCommand):
    help = "Close surveys after their end date and enqueue the reminders that are due."

    def handle(self, *args, **options):
        closed, reminded = services.surveys_process_deadlines()
        self.stdout.write(f"{closed} survey(s) closed, {reminded} reminder(s) enqueued.")
