from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from kommunalkompass.organisations.models import Organisation
from kommunalkompass.ozg.models import ServiceState
from kommunalkompass.ozg.services import snapshot_take


class Command(BaseCommand):
    help = _(
        "Keep this month's OZG figures of every organisation that tracks services (run it "
        "once a month, e.g. on the last day; running it again replaces the month's figures)."
    )

    def handle(self, *args, **options):
        tracking = Organisation.objects.filter(
            pk__in=ServiceState.objects.values("organisation_id").distinct()
        )
        count = 0
        for organisation in tracking:
            snapshot_take(organisation=organisation)
            count += 1
        self.stdout.write(_("Snapshots taken for %(count)d organisations.") % {"count": count})
