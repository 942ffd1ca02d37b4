"""``manage.py import_organisation ARCHIVE [--slug NEW]``: take over an exported organisation."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kommunalkompass.organisations.portability import ArchiveError, organisation_import


class Command(BaseCommand):
    help = (
        "Import an organisation exported by manage.py export_organisation (or the download "
        "on its settings page) as a new organisation, with new ids. All or nothing: with any "
        "fault nothing is changed and the fault is named. Users are matched by e-mail address "
        "or created without a usable password; the catalogs it refers to (OZG-Leistungen, "
        "legal duties) must be imported here first."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path, help="the ZIP archive of the export")
        parser.add_argument(
            "--slug", help="a new short name, if the archive's is taken in this installation"
        )

    def handle(self, *args, archive: Path, slug: str | None, verbosity: int, **options) -> None:
        try:
            result = organisation_import(source=archive, slug=slug)
        except ArchiveError as error:
            raise CommandError(f"{archive}: {error} Nothing was imported.") from error
        if verbosity < 1:
            return
        organisation = result.organisation
        self.stdout.write(
            self.style.SUCCESS(f"Imported {organisation.name} as /o/{organisation.slug}/.")
        )
        rows = sum(result.rows.values())
        self.stdout.write(f"  {rows} rows of {sum(1 for n in result.rows.values() if n)} kinds")
        self.stdout.write(f"  users matched by e-mail address: {len(result.users_matched)}")
        if result.users_created:
            self.stdout.write(
                f"  users created without a password ({len(result.users_created)}); each sets "
                "one with the password reset of the log-in page:"
            )
            for email in result.users_created:
                self.stdout.write(f"    {email}")
