from django.core.management.base import BaseCommand
from django.utils import timezone

from kommunalkompass.change.tasks import send_action_reminders


class Command(BaseCommand):
    help = (
        "Remind the owners of open coaching actions that are due (run daily, e.g. from cron): "
        "one e-mail per owner and organisation, once per due date."
    )

    def handle(self, *args, **options):
        result = send_action_reminders.enqueue(today=timezone.localdate().isoformat())
        self.stdout.write(f"Reminders queued ({result.id}).")
