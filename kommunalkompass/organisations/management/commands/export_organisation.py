"""``manage.py export_organisation SLUG [-o FILE]``: the whole organisation as one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kommunalkompass.organisations.models import Organisation
from kommunalkompass.organisations.portability import ArchiveError, archive_filename, write_archive


class Command(BaseCommand):
    help = (
        "Export everything an organisation holds (its data, team by e-mail address, "
        "assessments with every answer, strategies, OZG state, audit log, logo) as one ZIP "
        "archive that manage.py import_organisation reads in another installation. "
        "Passwords, second factors, API tokens and pending invitations are left out."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="the organisation's short name (as in /o/<slug>/)")
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            help="where to write the archive (default: <slug>-<date>.zip in this folder)",
        )

    def handle(self, *args, slug: str, output: Path | None, verbosity: int, **options) -> None:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(f"There is no organisation with the short name (slug) {slug!r}.")
        path = output or Path(archive_filename(organisation))
        try:
            with path.open("wb") as target:
                write_archive(organisation, target)
        except ArchiveError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"Cannot write the archive: {error}") from error
        if verbosity >= 1:
            self.stdout.write(f"{organisation.name}: exported to {path}")
