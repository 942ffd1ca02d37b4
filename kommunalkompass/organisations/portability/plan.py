"""What an organisation export holds: the models, found in the app registry, the rows of
each, the order that imports them, and how references outside the archive are named."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ..models import Invitation, Organisation

FORMAT = "kommunalkompass-organisation"
FORMAT_VERSION = 1
DATA_NAME = "organisation.json"
README_NAME = "README.txt"
FILES_PREFIX = "files/"
BATCH_SIZE = 500

README = """\
Kommunalkompass: export of one organisation (format {format}, version {version})
===============================================================================

organisation.json   every row the organisation owns, by model ("app_label.model"):
                    {{"id": id in this archive, "fields": {{field: value}}}}.
                    References: a row of this archive by its id, a user by e-mail
                    address, a catalog entry (OZG-Leistung, legal duty) by its key,
                    a content type as "app_label.model".
files/              contents of binary fields (e.g. the logo), named in organisation.json
                    as {{"file": "files/..."}}.

Not included: passwords, second factors, API tokens, pending invitations and the hashes
of survey links. Import into another installation: manage.py import_organisation FILE.

Kommunalkompass: Export einer Organisation. organisation.json enthält alle Daten der
Organisation, files/ die Dateien (z. B. das Logo). Nicht enthalten sind Passwörter,
zweite Faktoren, API-Tokens, offene Einladungen und die Prüfwerte der Umfragelinks.
Import in eine andere Installation: manage.py import_organisation DATEI.
"""


class ArchiveError(Exception):
    """The archive is broken or does not fit this installation; the message says what."""


# The plan: which models an export holds, in an order that imports them ------------------


@dataclass(frozen=True)
class ModelPlan:
    """How one model is exported: its rows, and how each field is written."""

    model: type[models.Model]
    # Foreign keys to the organisation itself (rows are selected by them).
    owner_fields: tuple[str, ...]
    # Foreign keys to another exported model (rows are selected by them if not owned).
    parent_fields: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


def is_credential(model_field: models.Field) -> bool:
    """Hashes of secrets that open something (survey links, resume cookies, invitations)."""
    return model_field.name.endswith("_hash")


def is_installation_judgement(model_field: models.Field) -> bool:
    """The verification of the organisation: made by the installation it is in, not part of
    the organisation's data. Not exported; an import leaves it unset, so that another
    installation verifies the organisation itself (docs/operations.md, "Leaving")."""
    return (
        getattr(model_field, "model", None) is Organisation
        and model_field.name in Organisation.VERIFICATION_FIELDS
    )


# Models whose rows are computed from other rows of the organisation (the OZG service
# states counted per Themenfeld and level): not exported; after an import the app that owns
# them computes them for the new organisation. Registered in the app's AppConfig.ready().
_derived: dict[type[models.Model], Callable[[Organisation], object]] = {}


def register_derived_model(
    model: type[models.Model], rebuild: Callable[[Organisation], object]
) -> None:
    """Leave ``model`` out of exports; ``rebuild(organisation)`` fills it after an import."""
    _derived[model] = rebuild


def derived_models() -> dict[type[models.Model], Callable[[Organisation], object]]:
    return dict(_derived)


def relations(model: type[models.Model]) -> list[models.ForeignKey]:
    return [
        f for f in model._meta.concrete_fields if f.is_relation and (f.many_to_one or f.one_to_one)
    ]


def export_plan() -> list[ModelPlan]:
    """Every model an organisation export holds, the organisation first, each model after
    the models its foreign keys point to (where the keys allow an order)."""
    candidates = [
        m
        for m in apps.get_models()
        if not m._meta.proxy and m is not Organisation and m not in _derived
    ]
    owned: dict[type[models.Model], tuple[str, ...]] = {}
    for model in candidates:
        names = tuple(f.name for f in relations(model) if f.related_model is Organisation)
        if names:
            # The key named ``organisation`` says whose a row is; other keys to an
            # organisation (none yet) would name another one.
            owned[model] = ("organisation",) if "organisation" in names else names
    included: set[type[models.Model]] = {Organisation, *owned}
    changed = True
    while changed:  # rows hanging off exported rows, transitively
        changed = False
        for model in candidates:
            if model in included:
                continue
            if any(f.related_model in included for f in relations(model)):
                included.add(model)
                changed = True
    plans = {
        model: ModelPlan(
            model=model,
            owner_fields=owned.get(model, ()),
            parent_fields=tuple(
                f.name
                for f in relations(model)
                if f.related_model in included and f.related_model is not Organisation
            ),
        )
        for model in included
    }
    return [plans[model] for model in _import_order(included)]


def _import_order(included: set[type[models.Model]]) -> list[type[models.Model]]:
    """Parents before children; a cycle is broken at a nullable key (filled in afterwards)."""
    depends = {
        model: {
            (f.related_model, f.null)
            for f in relations(model)
            if f.related_model in included and f.related_model is not model
        }
        for model in included
    }
    order: list[type[models.Model]] = []
    remaining = sorted(included, key=lambda m: (m is not Organisation, m._meta.label_lower))
    while remaining:
        ready = [m for m in remaining if all(t in order for t, _null in depends[m])]
        if not ready:  # a cycle: take a model whose missing parents are all nullable
            ready = [m for m in remaining if all(t in order or null for t, null in depends[m])][:1]
            if not ready:
                raise ArchiveError(
                    "The models "
                    + ", ".join(m._meta.label_lower for m in remaining)
                    + " depend on each other through required keys and cannot be imported."
                )
        for model in ready:
            order.append(model)
            remaining.remove(model)
    return order


def selection(plan: ModelPlan, selected: dict[type[models.Model], models.QuerySet]):
    manager = plan.model._base_manager
    if plan.model is Organisation:
        return selected[Organisation]
    condition = Q()
    organisation = selected[Organisation].get()
    for name in plan.owner_fields:
        condition |= Q(**{name: organisation})
    if not plan.owner_fields:
        for name in plan.parent_fields:
            target = plan.model._meta.get_field(name).related_model
            if target in selected:
                condition |= Q(**{f"{name}__in": selected[target].values("pk")})
    if not condition:
        return manager.none()
    queryset = manager.filter(condition)
    if plan.model is Invitation:
        # A pending invitation's link is a secret that lets anyone join: it stays here.
        queryset = queryset.exclude(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
    return queryset.order_by("pk")


# References to rows outside the archive ------------------------------------------------------


def account_model() -> type[models.Model]:
    return get_user_model()


def natural_key_field(model: type[models.Model]) -> str:
    """The field that names a catalog row in every installation (a unique field)."""
    for model_field in model._meta.concrete_fields:
        if model_field.unique and not model_field.primary_key and not model_field.is_relation:
            return model_field.name
    raise ArchiveError(
        f"Rows of {model._meta.label_lower} are referred to but have no unique field to name "
        "them by in another installation."
    )


def content_type_label(content_type_id: int | None) -> str | None:
    if content_type_id is None:
        return None
    content_type = ContentType.objects.get_for_id(content_type_id)
    return f"{content_type.app_label}.{content_type.model}"


def generic_object_fields(model: type[models.Model]) -> tuple[str, str] | None:
    """(content type field, object id field) of a model that names any object that way."""
    names = {f.name: f for f in model._meta.concrete_fields}
    content_type = names.get("content_type")
    if (
        content_type is not None
        and content_type.related_model is ContentType
        and "object_id" in names
    ):
        return "content_type", "object_id"
    return None


def as_key(object_id: str) -> Any:
    try:
        return int(object_id)
    except ValueError:
        return object_id
