"""Writing an organisation's archive (reads only, but for the audit event of a download)."""

from __future__ import annotations

import io
import json
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from kommunalkompass.audit.services import audit_record

from ..models import Organisation
from .plan import (
    DATA_NAME,
    FILES_PREFIX,
    FORMAT,
    FORMAT_VERSION,
    README,
    README_NAME,
    ArchiveError,
    ModelPlan,
    account_model,
    as_key,
    content_type_label,
    export_plan,
    generic_object_fields,
    is_credential,
    is_installation_judgement,
    natural_key_field,
    relations,
    selection,
)


def _sniffed_suffix(data: bytes) -> str:
    for signature, suffix in ((b"\x89PNG", ".png"), (b"\xff\xd8\xff", ".jpg"), (b"GIF8", ".gif")):
        if data.startswith(signature):
            return suffix
    return ".bin"


def _plain(model_field: models.Field, obj: models.Model) -> Any:
    value = model_field.value_from_object(obj)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(model_field, models.JSONField):
        return value
    return model_field.value_to_string(obj)


@dataclass
class _Exporter:
    organisation: Organisation
    plans: list[ModelPlan]
    files: dict[str, bytes] = field(default_factory=dict)
    users: dict[str, dict[str, str]] = field(default_factory=dict)
    ids: dict[str, set[Any]] = field(default_factory=dict)

    def write(self, out: IO[str]) -> None:
        """Write ``organisation.json`` to ``out`` row by row, so that a large organisation
        (hundreds of thousands of answers) is never held in memory whole."""
        selected: dict[type[models.Model], models.QuerySet] = {
            Organisation: Organisation._base_manager.filter(pk=self.organisation.pk)
        }
        querysets = {}
        for plan in self.plans:
            querysets[plan.label] = selected[plan.model] = selection(plan, selected)
        for plan in self.plans:
            self.ids[plan.label] = set(querysets[plan.label].values_list("pk", flat=True))
        head = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "exported_at": timezone.now().isoformat(),
            "organisation": self.organisation.slug,
        }
        out.write(json.dumps(head, ensure_ascii=False)[:-1] + ',\n "models": {')
        for number, plan in enumerate(self.plans):
            out.write(("," if number else "") + f"\n {json.dumps(plan.label)}: [")
            for place, row in enumerate(self._rows(plan, querysets[plan.label])):
                out.write(("," if place else "") + "\n  " + json.dumps(row, ensure_ascii=False))
            out.write("]")
        users = [self.users[email] for email in sorted(self.users)]  # known once rows are out
        out.write('},\n "users": ' + json.dumps(users, ensure_ascii=False) + "\n}\n")

    def _user(self, user: Any) -> str:
        email = user.email.lower()
        self.users.setdefault(
            email, {"email": email, "full_name": getattr(user, "full_name", "") or ""}
        )
        return email

    def _rows(self, plan: ModelPlan, queryset: models.QuerySet) -> Iterator[dict[str, Any]]:
        model = plan.model
        user_model = account_model()
        related = [
            f.name
            for f in relations(model)
            if f.related_model is user_model or self._label(f.related_model) not in self.ids
        ]
        related = [n for n in related if model._meta.get_field(n).related_model is not ContentType]
        many = self._many_to_many(model, queryset)
        generic = generic_object_fields(model)
        for obj in queryset.select_related(*related).iterator(chunk_size=2000):
            fields: dict[str, Any] = {}
            for model_field in model._meta.concrete_fields:
                if (
                    model_field.primary_key
                    or is_credential(model_field)
                    or is_installation_judgement(model_field)
                ):
                    continue
                fields[model_field.name] = self._value(model_field, obj, plan)
            for name, links in many.items():
                fields[name] = sorted(links.get(obj.pk, []), key=_sort_key)
            if generic:
                fields[generic[1]] = self._object_id(obj, *generic)
            yield {"id": obj.pk, "fields": fields}

    @staticmethod
    def _label(model: type[models.Model]) -> str:
        return model._meta.label_lower

    def _value(self, model_field: models.Field, obj: models.Model, plan: ModelPlan) -> Any:
        if model_field.is_relation:
            value = getattr(obj, model_field.attname)
            if value is None:
                return None
            target = model_field.related_model
            if target is ContentType:
                return content_type_label(value)
            if target is account_model():
                return self._user(getattr(obj, model_field.name))
            label = self._label(target)
            if label in self.ids:
                if value not in self.ids[label]:
                    raise ArchiveError(
                        f"{plan.label} {obj.pk}: {model_field.name} points to {label} {value}, "
                        "which does not belong to this organisation."
                    )
                return value
            key = natural_key_field(target)
            return {key: getattr(getattr(obj, model_field.name), key)}
        if isinstance(model_field, models.BinaryField):
            data = model_field.value_from_object(obj)
            if data is None:
                return None
            data = bytes(data)
            name = f"{FILES_PREFIX}{plan.label}/{obj.pk}/{model_field.name}{_sniffed_suffix(data)}"
            self.files[name] = data
            return {"file": name}
        if isinstance(model_field, models.FileField):
            stored = getattr(obj, model_field.name)
            if not stored:
                return ""
            with stored.open("rb") as handle:
                data = handle.read()
            name = (
                f"{FILES_PREFIX}{plan.label}/{obj.pk}/{model_field.name}/{Path(stored.name).name}"
            )
            self.files[name] = data
            return {"file": name, "name": stored.name}
        return _plain(model_field, obj)

    def _object_id(self, obj: models.Model, content_type_name: str, object_id_name: str) -> str:
        label = content_type_label(getattr(obj, f"{content_type_name}_id"))
        object_id = getattr(obj, object_id_name)
        if label not in self.ids or not object_id:
            return ""  # an object outside the organisation, or gone: its id means nothing elsewhere
        key = as_key(object_id)
        return str(key) if key in self.ids[label] else ""

    def _many_to_many(
        self, model: type[models.Model], queryset: models.QuerySet
    ) -> dict[str, dict[Any, list[Any]]]:
        user_model = account_model()
        links: dict[str, dict[Any, list[Any]]] = {}
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            if not through._meta.auto_created:
                continue  # an explicit through model is exported as a model of its own
            source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            related = m2m.related_model
            label = self._label(related)
            key = None if related is user_model or label in self.ids else natural_key_field(related)
            column = f"{target}__{key}" if key else f"{target}_id"
            pairs = list(
                through._base_manager.filter(
                    **{f"{source}__in": queryset.values("pk")}
                ).values_list(f"{source}_id", column)
            )
            users = (
                user_model._default_manager.in_bulk({value for _source, value in pairs})
                if related is user_model
                else {}
            )
            by_source: dict[Any, list[Any]] = defaultdict(list)
            for source_id, value in pairs:
                if related is user_model:
                    value = self._user(users[value])
                elif key:
                    value = {key: value}
                elif value not in self.ids[label]:
                    raise ArchiveError(
                        f"{self._label(model)} {source_id}: {m2m.name} points to {label} "
                        f"{value}, which does not belong to this organisation."
                    )
                by_source[source_id].append(value)
            links[m2m.name] = by_source
        return links


def _sort_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True) if not isinstance(value, int) else f"{value:020d}"


def write_archive(organisation: Organisation, target: IO[bytes]) -> None:
    """Write the export of ``organisation`` as a ZIP archive to ``target`` (reads only)."""
    exporter = _Exporter(organisation=organisation, plans=export_plan())
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(README_NAME, README.format(format=FORMAT, version=FORMAT_VERSION))
        with io.TextIOWrapper(
            archive.open(DATA_NAME, "w", force_zip64=True), encoding="utf-8"
        ) as out:
            exporter.write(out)
        for name, content in sorted(exporter.files.items()):
            archive.writestr(name, content)


def archive_filename(organisation: Organisation) -> str:
    return f"{organisation.slug}-{timezone.localdate():%Y-%m-%d}.zip"


def organisation_export(*, actor: Any, organisation: Organisation, target: IO[bytes]) -> None:
    """Write the whole organisation as a ZIP archive to ``target`` and record who took it
    (the export itself is not part of the archive)."""
    write_archive(organisation, target)
    audit_record(actor=actor, organisation=organisation, action="export", obj=organisation)


def export_bytes(organisation: Organisation) -> bytes:
    """The archive as bytes (for tests and small organisations)."""
    buffer = io.BytesIO()
    write_archive(organisation, buffer)
    return buffer.getvalue()


def exported_row_counts(organisation: Organisation) -> dict[str, int]:
    """How many rows of each model an export of ``organisation`` holds (reads only)."""
    selected: dict[type[models.Model], models.QuerySet] = {
        Organisation: Organisation._base_manager.filter(pk=organisation.pk)
    }
    counts = {}
    for plan in export_plan():
        selected[plan.model] = queryset = selection(plan, selected)
        counts[plan.label] = queryset.count()
    return counts
