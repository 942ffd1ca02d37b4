from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kommunalkompass.organisations.models import Organisation
from kommunalkompass.ozg.services import level_counts_recount


class Command(BaseCommand):
    help = _(
        "Count the OZG service states per organisation, Themenfeld and level anew, from the "
        "service states (the counts that the figures across organisations read; the "
        "services keep them, so this only repairs)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--organisation",
            action="append",
            default=[],
            metavar="SLUG",
            help=_("Only this organisation (may be given more than once)."),
        )

    def handle(self, *args, **options):
        organisations = None
        if options["organisation"]:
            organisations = list(Organisation.objects.filter(slug__in=options["organisation"]))
            unknown = sorted(set(options["organisation"]) - {o.slug for o in organisations})
            if unknown:
                raise CommandError(
                    _("No organisation with the address %(slugs)s.") % {"slugs": ", ".join(unknown)}
                )
        rows = level_counts_recount(organisations=organisations)
        self.stdout.write(_("%(rows)d count rows written.") % {"rows": rows})
