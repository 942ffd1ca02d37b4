"""Export an organisation whole, and import it into another installation (the exit strategy).

One ZIP archive holds everything an organisation owns: ``organisation.json`` with every row
of every model that belongs to it, and ``files/`` with the contents of binary and file
fields (the logo). Which models belong is read from the app registry, not listed here, so
that a new module's models join without editing this file (and ``organisations`` imports
no domain app):

* every model with a foreign key to ``Organisation`` (every ``OrganisationOwned`` model,
  and the audit log), the rows pointing at the organisation;
* every model with a foreign key to one of those (answers of responses and the like),
  transitively, the rows pointing at an exported row;
* many-to-many links between them, as lists of the rows they point to.

Rows computed from other rows (the OZG service states counted per Themenfeld and level) are
not exported: the app that keeps them registers the model with
``plan.register_derived_model`` and computes the rows anew after an import.

References are written so that another installation can resolve them: a row of the archive
by its id in the archive (new ids are given on import), a user by e-mail address, a content
type as ``app_label.model``, and a row of a shared catalog (an OZG-Leistung, a legal duty)
by its natural key, never copied. An audit event's object id is remapped like a foreign key
when it names a row of the archive, and left empty when the object is gone.

Left out on purpose: users' passwords, second factors, API tokens and backup codes (users
are named by e-mail only); pending invitations (their links are secrets); and every field
whose name ends in ``_hash`` (hashes of survey links and resume secrets): the import gives
such a field a fresh random value that no link matches.

The package: ``plan`` (which models and rows, in which order), ``export`` (writing the
archive) and ``imports`` (taking it over). docs/operations.md, "Leaving", says how to use it.
"""

from .export import (
    archive_filename,
    export_bytes,
    exported_row_counts,
    organisation_export,
    write_archive,
)
from .imports import ImportResult, organisation_import, read_archive
from .plan import FORMAT, FORMAT_VERSION, ArchiveError, ModelPlan, export_plan

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "ArchiveError",
    "ImportResult",
    "ModelPlan",
    "archive_filename",
    "export_bytes",
    "export_plan",
    "exported_row_counts",
    "organisation_export",
    "organisation_import",
    "read_archive",
    "write_archive",
]
