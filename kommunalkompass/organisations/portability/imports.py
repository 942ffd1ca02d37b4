"""Taking over an organisation's archive: new ids, every reference mapped, all or nothing."""

from __future__ import annotations

import json
import secrets
import zipfile
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_slug
from django.db import DatabaseError, connection, models, transaction
from django.utils import translation

from ..models import Organisation
from .plan import (
    BATCH_SIZE,
    DATA_NAME,
    FORMAT,
    FORMAT_VERSION,
    ArchiveError,
    ModelPlan,
    account_model,
    as_key,
    derived_models,
    export_plan,
    generic_object_fields,
    is_credential,
    is_installation_judgement,
    natural_key_field,
)


@dataclass
class ImportResult:
    organisation: Organisation
    rows: dict[str, int]
    users_created: list[str]
    users_matched: list[str]


# Bounds of an archive, judged from its ZIP directory before anything is unpacked (zipfile
# never unpacks more than a member's stated size): an export's JSON compresses about 10 to
# 20 times; a member packed far tighter than that is a decompression bomb, not an export.
MAX_MEMBERS = 10_000
MAX_UNPACKED_BYTES = 8 * 1024**3
MAX_COMPRESSION_RATIO = 200
_RATIO_CHECKED_FROM = 1024**2


def _check_sizes(archive: zipfile.ZipFile) -> None:
    """Refuse an archive whose directory promises more than an export can hold."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ArchiveError(
            f"The archive has {len(members)} files; an organisation export has at most "
            f"{MAX_MEMBERS}."
        )
    if sum(info.file_size for info in members) > MAX_UNPACKED_BYTES:
        raise ArchiveError(
            f"The archive unpacks to more than {MAX_UNPACKED_BYTES // 1024**3} GB; it is not "
            "an organisation export."
        )
    for info in members:
        if info.file_size > _RATIO_CHECKED_FROM and info.file_size > MAX_COMPRESSION_RATIO * max(
            info.compress_size, 1
        ):
            ratio = info.file_size // max(info.compress_size, 1)
            raise ArchiveError(
                f"{info.filename} in the archive unpacks to {ratio} times its packed size (at "
                f"most {MAX_COMPRESSION_RATIO}); it is not an organisation export."
            )


def read_archive(source: IO[bytes] | Path | str) -> tuple[dict[str, Any], zipfile.ZipFile]:
    """The archive's data, checked for its format; raises ``ArchiveError`` otherwise."""
    try:
        archive = zipfile.ZipFile(source)
    except FileNotFoundError:
        raise ArchiveError(f"There is no file {source}.") from None
    except (zipfile.BadZipFile, OSError) as error:
        raise ArchiveError(
            f"This is not an organisation export (not a ZIP archive): {error}"
        ) from None
    _check_sizes(archive)
    try:
        raw = archive.read(DATA_NAME)
    except KeyError:
        raise ArchiveError(
            f"The archive has no {DATA_NAME}: it is not an organisation export."
        ) from None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as error:
        raise ArchiveError(f"{DATA_NAME} in the archive is damaged: {error}") from None
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise ArchiveError(f"{DATA_NAME} is not valid JSON: {error}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ArchiveError(f"{DATA_NAME} is not an organisation export (format is not {FORMAT}).")
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        raise ArchiveError(
            f"The archive has format version {version!r}; this installation reads version "
            f"{FORMAT_VERSION}."
        )
    if not isinstance(data.get("models"), dict) or not isinstance(data.get("users"), list):
        raise ArchiveError(f"{DATA_NAME} lacks its 'models' or 'users'.")
    return data, archive


@dataclass
class _Importer:
    data: dict[str, Any]
    archive: zipfile.ZipFile
    slug: str | None
    plans: list[ModelPlan] = field(default_factory=export_plan)
    ids: dict[str, dict[Any, Any]] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    catalog: dict[tuple[str, str, Any], Any] = field(default_factory=dict)
    fixes: list[tuple[type[models.Model], Any, str, str, Any]] = field(default_factory=list)
    links: list[tuple[type[models.Model], Any, str, list[Any]]] = field(default_factory=list)
    users_created: list[str] = field(default_factory=list)

    def run(self) -> ImportResult:
        by_label = {plan.label: plan for plan in self.plans}
        for label, rows in self.data["models"].items():
            if label not in by_label:
                try:
                    apps.get_model(label)
                except (LookupError, ValueError):
                    raise ArchiveError(
                        f"The archive holds rows of {label}, a model this installation does "
                        "not have (is a module missing or older here?)."
                    ) from None
                raise ArchiveError(
                    f"The archive holds rows of {label}, which is not part of an organisation "
                    "in this installation."
                )
            if not isinstance(rows, list):
                raise ArchiveError(f"The rows of {label} are not a list.")
        organisations = self.data["models"].get(Organisation._meta.label_lower) or []
        if len(organisations) != 1 or not isinstance(organisations[0], dict):
            raise ArchiveError("The archive must hold exactly one organisation.")
        self._check_organisation(organisations[0].get("fields") or {})
        self._check_catalog()
        self._users()
        counts = {}
        for plan in self.plans:
            rows = self.data["models"].get(plan.label, [])
            self._insert(plan, rows)
            counts[plan.label] = len(rows)
        self._apply_fixes()
        organisation = Organisation._base_manager.get(
            pk=self.ids[Organisation._meta.label_lower][organisations[0]["id"]]
        )
        for rebuild in derived_models().values():
            rebuild(organisation)
        return ImportResult(
            organisation=organisation,
            rows=counts,
            users_created=self.users_created,
            users_matched=sorted(set(self.users) - set(self.users_created)),
        )

    def _users(self) -> None:
        user_model = account_model()
        for entry in self.data["users"]:
            email = str(entry.get("email", "")).strip().lower() if isinstance(entry, dict) else ""
            if not email:
                raise ArchiveError(f"A user in {DATA_NAME} has no e-mail address: {entry!r}")
            user = user_model._default_manager.filter(email__iexact=email).first()
            if user is None:
                extra = {}
                if any(f.name == "full_name" for f in user_model._meta.fields):
                    extra["full_name"] = str(entry.get("full_name") or "")[:150]
                # No password: the person sets one with "Passwort vergessen".
                user = user_model._default_manager.create_user(email=email, password=None, **extra)
                self.users_created.append(email)
            self.users[email] = user

    def _where(self, plan: ModelPlan, row: Any) -> str:
        return f"{plan.label} {row.get('id') if isinstance(row, dict) else row!r}"

    def _insert(self, plan: ModelPlan, rows: list[Any]) -> None:
        model = plan.model
        fields_by_name = {f.name: f for f in model._meta.concrete_fields if not f.primary_key}
        m2m_names = {
            f.name for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created
        }
        objects, old_ids, seen = [], [], set()
        for row in rows:
            if (
                not isinstance(row, dict)
                or "id" not in row
                or not isinstance(row.get("fields"), dict)
            ):
                raise ArchiveError(f"A row of {plan.label} lacks its 'id' or 'fields': {row!r}")
            if not isinstance(row["id"], int | str) or row["id"] in seen:
                raise ArchiveError(f"{self._where(plan, row)}: the id is missing or used twice.")
            seen.add(row["id"])
            obj = model()
            for name, value in row["fields"].items():
                if name in m2m_names:
                    if not isinstance(value, list):
                        raise ArchiveError(f"{self._where(plan, row)}: {name} is not a list.")
                    self.links.append((model, row["id"], name, value))
                    continue
                model_field = fields_by_name.get(name)
                if model_field is None:
                    raise ArchiveError(
                        f"{self._where(plan, row)}: the field {name!r} does not exist here "
                        "(is the archive from a newer version?)."
                    )
                if is_credential(model_field) or is_installation_judgement(model_field):
                    # An archive that names a verification (edited by hand, or of another
                    # version) does not bring it along: this installation verifies anew.
                    continue
                self._set(plan, row, obj, model_field, value)
            for model_field in fields_by_name.values():
                if is_credential(model_field):
                    setattr(obj, model_field.attname, _fresh_secret(model_field))
            objects.append(obj)
            old_ids.append(row["id"])
        try:
            with transaction.atomic():
                self._save(model, objects)
        except DatabaseError as error:
            raise ArchiveError(
                f"The rows of {plan.label} do not fit this installation: {error}"
            ) from None
        self.ids[plan.label] = {old: obj.pk for old, obj in zip(old_ids, objects, strict=True)}

    def _save(self, model: type[models.Model], objects: list[models.Model]) -> None:
        if not objects:
            return
        automatic = [
            f
            for f in model._meta.concrete_fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        kept = [{f.attname: getattr(obj, f.attname) for f in automatic} for obj in objects]
        if connection.features.can_return_rows_from_bulk_insert:
            model._base_manager.bulk_create(objects, batch_size=BATCH_SIZE)
        else:
            for obj in objects:
                obj.save(force_insert=True)
        if automatic:
            # bulk_create stamps auto_now fields with the time of the import; keep the
            # archive's (bulk_update does not stamp them).
            for obj, values in zip(objects, kept, strict=True):
                for attname, value in values.items():
                    setattr(obj, attname, value)
            model._base_manager.bulk_update(
                objects, [f.name for f in automatic], batch_size=BATCH_SIZE
            )

    def _set(
        self, plan: ModelPlan, row: dict, obj: models.Model, model_field: models.Field, value: Any
    ) -> None:
        where = f"{self._where(plan, row)}, field {model_field.name}"
        if model_field.is_relation:
            setattr(obj, model_field.attname, self._reference(plan, row, model_field, value))
            return
        if isinstance(model_field, models.BinaryField | models.FileField) and value:
            value = self._file(where, model_field, value)
        elif model_field.name == "slug" and plan.model is Organisation and self.slug:
            value = self.slug
        try:
            value = model_field.to_python(value)
            if value not in model_field.empty_values:
                model_field.run_validators(value)
        except ValidationError as error:
            raise ArchiveError(f"{where}: {'; '.join(error.messages)}") from None
        setattr(obj, model_field.attname, value)

    def _file(self, where: str, model_field: models.Field, value: Any) -> Any:
        if not isinstance(value, dict) or not isinstance(value.get("file"), str):
            raise ArchiveError(f"{where}: expected {{'file': name}}, found {value!r}.")
        try:
            content = self.archive.read(value["file"])
        except KeyError:
            raise ArchiveError(f"{where}: the file {value['file']} is missing.") from None
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as error:
            raise ArchiveError(f"{where}: the file {value['file']} is damaged: {error}") from None
        if isinstance(model_field, models.BinaryField):
            return content
        stored = model_field.storage.save(
            str(value.get("name") or Path(value["file"]).name), ContentFile(content)
        )
        return stored

    def _reference(self, plan: ModelPlan, row: dict, model_field: models.Field, value: Any) -> Any:
        where = f"{self._where(plan, row)}, field {model_field.name}"
        if value is None:
            return None
        target = model_field.related_model
        if target is ContentType:
            try:
                app_label, model_name = str(value).split(".", 1)
                return ContentType.objects.get_by_natural_key(app_label, model_name).pk
            except (ValueError, ContentType.DoesNotExist):
                raise ArchiveError(f"{where}: unknown content type {value!r}.") from None
        if target is account_model():
            user = self.users.get(str(value).lower())
            if user is None:
                raise ArchiveError(f"{where}: the user {value!r} is not among the archive's users.")
            return user.pk
        label = target._meta.label_lower
        if any(p.model is target for p in self.plans):
            if label not in self.ids or target is plan.model:
                # A parent imported later (a cycle) or a row of the same model: filled in
                # once every row exists.
                self.fixes.append((plan.model, row["id"], model_field.attname, label, value))
                return None
            return self._new_id(where, label, value)
        return self._catalog(where, target, value)

    def _new_id(self, where: str, label: str, old: Any) -> Any:
        try:
            return self.ids[label][old]
        except (KeyError, TypeError):
            raise ArchiveError(f"{where}: {label} {old!r} is not in the archive.") from None

    def _catalog(self, where: str, target: type[models.Model], value: Any) -> Any:
        key = natural_key_field(target)
        if not isinstance(value, dict) or set(value) != {key}:
            raise ArchiveError(f"{where}: expected {{{key!r}: …}} naming a catalog entry.")
        cache_key = (target._meta.label_lower, key, value[key])
        if cache_key not in self.catalog:
            pk = target._base_manager.filter(**{key: value[key]}).values_list("pk", flat=True)
            self.catalog[cache_key] = pk.first()
        if self.catalog[cache_key] is None:  # _check_catalog names every one up front
            raise ArchiveError(f"{where}: {_catalog_entry(target, key, [value[key]])} is missing.")
        return self.catalog[cache_key]

    def _check_catalog(self) -> None:
        """Every catalog entry the archive names exists here; else one message names all
        that are missing, before anything is written."""
        wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        for plan in self.plans:
            references = {
                f.name: f.related_model
                for f in [*plan.model._meta.concrete_fields, *plan.model._meta.many_to_many]
                if f.is_relation and _is_catalog(f.related_model, self.plans)
            }
            if not references:
                continue
            for row in self.data["models"].get(plan.label, []):
                for name, target in references.items():
                    values = row.get("fields", {}).get(name) if isinstance(row, dict) else None
                    for value in values if isinstance(values, list) else [values]:
                        if isinstance(value, dict) and len(value) == 1:
                            wanted[target].add(next(iter(value.values())))
        missing = []
        for target, values in wanted.items():
            key = natural_key_field(target)
            found = set(
                target._base_manager.filter(**{f"{key}__in": values}).values_list(key, flat=True)
            )
            if absent := sorted(values - found, key=str):
                missing.append(_catalog_entry(target, key, absent))
        if missing:
            raise ArchiveError(
                "The archive refers to catalog entries this installation does not have: "
                + "; ".join(missing)
                + ". Add them to this installation first (docs/operations.md, “Leaving”)."
            )

    def _check_organisation(self, fields: dict[str, Any]) -> None:
        """A free, valid short name and a free AGS, checked before anything is written."""
        slug = self.slug or str(fields.get("slug") or "")
        max_length = Organisation._meta.get_field("slug").max_length or 0
        try:
            validate_slug(slug)
        except ValidationError:
            raise ArchiveError(
                f"{slug!r} is not a valid short name (slug): letters, digits, hyphens."
            ) from None
        if len(slug) > max_length:
            raise ArchiveError(f"The short name {slug!r} is longer than {max_length} characters.")
        if Organisation._base_manager.filter(slug=slug).exists():
            raise ArchiveError(
                f"An organisation with the short name (slug) {slug!r} exists already in this "
                "installation: choose another with --slug."
            )
        ags = fields.get("ags") or ""
        other = Organisation._base_manager.filter(ags=ags).first() if ags else None
        if other is not None:
            raise ArchiveError(
                f"The organisation {other.slug!r} of this installation has the AGS {ags} "
                "already; an AGS belongs to one organisation only."
            )

    def _apply_fixes(self) -> None:
        by_model: dict[type[models.Model], dict[Any, dict[str, Any]]] = defaultdict(dict)
        for model, old_id, attname, label, old in self.fixes:
            where = f"{model._meta.label_lower} {old_id}, field {attname}"
            new = self._new_id(where, label, old)
            by_model[model].setdefault(old_id, {})[attname] = new
        for plan in self.plans:
            generic = generic_object_fields(plan.model)
            if generic is None:
                continue
            content_type_name, object_id_name = generic
            for row in self.data["models"].get(plan.label, []):
                object_id = row["fields"].get(object_id_name)
                content_type = row["fields"].get(content_type_name)
                if not object_id or content_type not in self.ids:
                    continue
                where = f"{plan.label} {row['id']}, field {object_id_name}"
                new = self._new_id(where, content_type, as_key(object_id))
                by_model[plan.model].setdefault(row["id"], {})[object_id_name] = str(new)
        for model, changes in by_model.items():
            ids = self.ids[model._meta.label_lower]
            objects = model._base_manager.in_bulk([ids[old] for old in changes])
            for old, values in changes.items():
                for attname, value in values.items():
                    setattr(objects[ids[old]], attname, value)
            names = sorted({a for values in changes.values() for a in values})
            model._base_manager.bulk_update(
                list(objects.values()),
                [model._meta.get_field(n).name for n in names],
                batch_size=BATCH_SIZE,
            )
        for model, old_id, name, values in self.links:
            m2m = model._meta.get_field(name)
            through = m2m.remote_field.through
            source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            where = f"{model._meta.label_lower} {old_id}, field {name}"
            new_source = self.ids[model._meta.label_lower][old_id]
            rows = []
            for value in values:
                target_id = self._m2m_target(where, m2m, value)
                rows.append(through(**{f"{source}_id": new_source, f"{target}_id": target_id}))
            through._base_manager.bulk_create(rows, batch_size=BATCH_SIZE)

    def _m2m_target(self, where: str, m2m: models.ManyToManyField, value: Any) -> Any:
        related = m2m.related_model
        if related is account_model():
            user = self.users.get(str(value).lower())
            if user is None:
                raise ArchiveError(f"{where}: the user {value!r} is not among the archive's users.")
            return user.pk
        label = related._meta.label_lower
        if label in self.ids:
            return self._new_id(where, label, value)
        return self._catalog(where, related, value)


def _fresh_secret(model_field: models.Field) -> str:
    # The hash of nothing anybody holds: no link or cookie of the old installation opens it.
    return secrets.token_hex(32)[: model_field.max_length or 64]


def organisation_import(*, source: IO[bytes] | Path | str, slug: str | None = None) -> ImportResult:
    """Import an organisation export as a new organisation, with new ids, all or nothing.

    Users are matched by e-mail address or created without a usable password; catalog
    entries must exist here. Raises ``ArchiveError`` naming what is wrong, and then has
    changed nothing.
    """
    data, archive = read_archive(source)
    with archive, transaction.atomic():
        return _Importer(data=data, archive=archive, slug=slug).run()


def _is_catalog(model: type[models.Model], plans: list[ModelPlan]) -> bool:
    """A shared row named by its key: not of the archive, not a user, not a content type."""
    return (
        model is not ContentType
        and model is not account_model()
        and not any(plan.model is model for plan in plans)
    )


def _catalog_entry(model: type[models.Model], key: str, values: list[Any], shown: int = 10) -> str:
    """“OZG-Leistung with OZG-ID 10001, 10002 (and 3 more)”, in English like every message
    of the commands."""
    with translation.override("en"):
        name = str(model._meta.verbose_name)
        key_name = str(model._meta.get_field(key).verbose_name)
    listed = ", ".join(str(value) for value in values[:shown])
    more = f" (and {len(values) - shown} more)" if len(values) > shown else ""
    return f"{name} with {key_name} {listed}{more}"
