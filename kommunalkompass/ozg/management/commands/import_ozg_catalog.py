"""``manage.py import_ozg_catalog FILE``: load the OZG catalog (CSV or XLSX)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kommunalkompass.ozg.catalog import (
    ERROR_LISTING_LIMIT,
    CatalogError,
    CatalogRowsError,
    catalog_import,
    load_shipped_catalog,
)


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a property: argparse cannot format a lazy string
        return _(
            "Import the OZG catalog (Themenfelder, Lebenslagen, OZG-Leistungen and their "
            "Verwaltungsleistungen) from a .csv or .xlsx file, or the catalog shipped with the "
            "product (--shipped). Running it again updates in place and never deletes. All or "
            "nothing: with any bad row nothing is saved, unless --skip-invalid is given; every "
            "bad row is listed with its line and the reason."
        )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "file", nargs="?", type=Path, help=_("the catalog, a .csv or .xlsx file")
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help=_("import the valid rows and report the others"),
        )
        parser.add_argument(
            "--shipped",
            action="store_true",
            help=_("load the small catalog that ships with the product"),
        )

    def handle(
        self,
        *args,
        file: Path | None,
        skip_invalid: bool,
        shipped: bool,
        verbosity: int,
        **options,
    ) -> None:
        if shipped == (file is not None):
            raise CommandError(_("Give either a catalog file or --shipped."))
        limit = None if verbosity >= 2 else ERROR_LISTING_LIMIT
        try:
            if shipped:
                summary = load_shipped_catalog()
            else:
                summary = catalog_import(path=file, skip_invalid=skip_invalid)
        except CatalogRowsError as error:
            lines = [error.as_text(limit=limit)]
            if limit is not None and len(error.errors) > limit:
                lines.append(_("Run the command with -v 2 to list every row."))
            lines.append(
                _(
                    "Correct these rows, or run the command with --skip-invalid to import the "
                    "others."
                )
            )
            raise CommandError("\n".join(lines)) from error
        except CatalogError as error:
            raise CommandError(str(error)) from error
        if verbosity >= 1:
            self.stdout.write(summary.as_text(error_limit=limit))
            if limit is not None and max(len(summary.rejected), len(summary.notes)) > limit:
                self.stdout.write(_("Run the command with -v 2 to list every row."))
