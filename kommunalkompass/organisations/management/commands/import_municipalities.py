"""``manage.py import_municipalities FILE``: load the Destatis municipality register."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from kommunalkompass.organisations.register import RegisterError, register_import


class Command(BaseCommand):
    help = (
        "Import the municipality register from a Destatis GV-ISys extract "
        "('Gemeindeverzeichnis, Auszug') as .csv or .xlsx. All or nothing: with any bad row "
        "nothing is changed and every bad row is listed. Running it again updates in place."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="the extract, a .csv or .xlsx file")
        parser.add_argument(
            "--delete-missing",
            action="store_true",
            help="delete register entries that the file no longer contains",
        )

    # The register's messages are written for operators, in English: no German line prefix
    # or summary in front of English reasons.
    @no_translations
    def handle(self, *args, file: Path, delete_missing: bool, verbosity: int, **options) -> None:
        try:
            summary = register_import(path=file, delete_missing=delete_missing)
        except RegisterError as error:
            raise CommandError(str(error)) from error
        if verbosity >= 1:
            self.stdout.write(summary.as_text())
