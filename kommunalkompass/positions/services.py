"""Writes of the positions module: posts, description versions, role needs, settings.

Every write records the audit log; an edit starts from the stored row, locked, and is
refused when someone saved in between (``lock_for_edit``); an edit that changes nothing
writes nothing. Bad input raises ``ValidationError`` naming the field and nothing is stored.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kommunalkompass.audit.services import (
    audit_record,
    lock_for_edit,
    save_edit,
    snapshot,
)
from kommunalkompass.organisations.models import Department, Organisation
from kommunalkompass.strategy.models import Measure

from .content import DEFAULT_RULES, all_grade_rules, role_template
from .models import Description, PositionSettings, Post, RoleNeed, WorkProcess

POST_FIELDS = (
    "number",
    "title",
    "rules_key",
    "department",
    "reports_to",
    "deputises_for",
    "leads",
    "scope",
    "hours",
    "purpose",
    "status",
    "available_from",
)
DESCRIPTION_FIELDS = (
    "signing_authority",
    "budget_authority",
    "education",
    "experience",
    "competences",
    "driving_licence",
    "other_requirements",
    "working_conditions",
)
NEED_FIELDS = ("role_key", "fte", "needed_from", "note")
SETTINGS_FIELDS = ("employer_offer", "full_time_hours", "person_days_per_fte")


def _stale() -> str:
    return _(
        "Someone else has changed this in the meantime. Reload the page and apply your "
        "change again."
    )


def _text(value: Any) -> str:
    """Text as stored: browsers send CRLF line ends; stored text has LF and no outer blanks."""
    return str(value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _normalised(description: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {
        name: _text(description.get(name)) for name in DESCRIPTION_FIELDS if name != "competences"
    }
    values["competences"] = _competences(description.get("competences") or [])
    return values


@dataclass(frozen=True)
class ProcessInput:
    """An Arbeitsvorgang as entered: description, share in %, tasks (one a line), features."""

    title: str
    share: int | None
    tasks: str = ""
    features: tuple[str, ...] = field(default_factory=tuple)

    def key(self) -> tuple:
        return (self.title.strip(), self.share, self.tasks.strip(), tuple(sorted(self.features)))


def check_processes(processes: Sequence[ProcessInput], rules_key: str) -> list[ProcessInput]:
    """The Arbeitsvorgänge cleaned, or ``ValidationError`` on ``processes`` naming each fault:
    a missing description or share, an unknown feature, shares not adding to exactly 100 %."""
    rules = all_grade_rules().get(rules_key)
    known = set(rules.feature_map) if rules else set()
    errors: list[str] = []
    cleaned: list[ProcessInput] = []
    for number, process in enumerate(processes, start=1):
        title = _text(process.title)
        if not title:
            errors.append(_("Arbeitsvorgang %(n)s: the description is missing.") % {"n": number})
        if process.share is None or not 1 <= process.share <= 100:
            errors.append(
                _("Arbeitsvorgang %(n)s: the time share must lie between 1 and 100 %%.")
                % {"n": number}
            )
        unknown = sorted(set(process.features) - known)
        if unknown:
            errors.append(
                _("Arbeitsvorgang %(n)s: unknown grading features: %(keys)s.")
                % {"n": number, "keys": ", ".join(unknown)}
            )
        cleaned.append(
            ProcessInput(
                title, process.share, (process.tasks or "").strip(), tuple(process.features)
            )
        )
    if not processes:
        errors.append(_("A description needs at least one Arbeitsvorgang."))
    total = sum(p.share or 0 for p in processes)
    if processes and total != 100:
        errors.append(
            _("The time shares of the Arbeitsvorgänge add up to %(total)s %%, not 100 %%.")
            % {"total": total}
        )
    if errors:
        raise ValidationError({"processes": errors})
    return cleaned


def _check_post(post: Post, organisation: Organisation) -> None:
    """The post's own fields, its number unique, its reporting lines without a cycle."""
    errors: dict[str, Any] = {}
    try:
        post.full_clean(exclude=["organisation", "need"], validate_unique=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    if post.rules_key not in all_grade_rules():
        errors["rules_key"] = _("Choose grade rules from the list.")
    same_number = Post.objects.filter(organisation=organisation, number=post.number)
    if post.number and same_number.exclude(pk=post.pk).exists():
        errors["number"] = _("Another post already has this post number.")
    for name in ("department", "reports_to", "deputises_for"):
        related = getattr(post, name)
        if related is not None and related.organisation_id != organisation.pk:
            errors[name] = _("Choose one of this organisation's entries.")
    if post.reports_to is not None and post.pk and post.reports_to.pk == post.pk:
        errors["reports_to"] = _("A post cannot report to itself.")
    elif post.reports_to is not None and post.pk:
        chain = [post.reports_to]
        while chain[-1].reports_to_id is not None and len(chain) < 1000:
            if chain[-1].reports_to_id == post.pk:
                names = " → ".join(p.number for p in [post, *chain, post])
                errors["reports_to"] = _(
                    "This reporting line would go round in a circle: %(chain)s."
                ) % {"chain": names}
                break
            chain.append(Post.objects.get(pk=chain[-1].reports_to_id))
    if post.deputises_for is not None and post.pk and post.deputises_for.pk == post.pk:
        errors["deputises_for"] = _("A post cannot deputise for itself.")
    if post.scope == Post.Scope.PART and post.hours is not None:
        settings = position_settings(organisation)
        if post.hours >= settings.full_time_hours:
            errors["hours"] = _("A part-time post has fewer hours than full time (%(hours)s).") % {
                "hours": settings.full_time_hours
            }
    if errors:
        raise ValidationError(errors)


def position_settings(organisation: Organisation) -> PositionSettings:
    """The organisation's settings, unsaved defaults when it has none (a read writes nothing)."""
    found = PositionSettings.objects.filter(organisation=organisation).first()
    return found or PositionSettings(organisation=organisation)


def _competences(value: Sequence[dict]) -> list[dict]:
    return [{"name": str(c["name"]).strip(), "level": int(c["level"])} for c in value]


def _add_version(
    *,
    actor: Any,
    organisation: Organisation,
    post: Post,
    number: int,
    note: str,
    description: dict[str, Any],
    processes: Sequence[ProcessInput],
) -> Description:
    version = Description(
        organisation=organisation,
        post=post,
        number=number,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        note=_text(note),
        **_normalised(description),
    )
    version.full_clean(exclude=["organisation", "post", "created_by"])
    version.save()
    WorkProcess.objects.bulk_create(
        WorkProcess(
            organisation=organisation,
            description=version,
            position=position,
            title=process.title,
            share=process.share or 0,
            tasks=process.tasks,
            features=list(process.features),
        )
        for position, process in enumerate(processes)
    )
    return version


@transaction.atomic
def post_create(
    *,
    actor: Any,
    organisation: Organisation,
    number: str,
    title: str,
    processes: Sequence[ProcessInput],
    description: dict[str, Any] | None = None,
    role_key: str = "",
    rules_key: str = DEFAULT_RULES,
    department: Department | None = None,
    reports_to: Post | None = None,
    deputises_for: Post | None = None,
    leads: str = "",
    scope: str = Post.Scope.FULL,
    hours: Decimal = Decimal("39"),
    purpose: str = "",
    status: str = Post.Status.EXISTING,
    available_from: datetime.date | None = None,
    need: RoleNeed | None = None,
) -> Post:
    """Create a post with the first version of its description."""
    post = Post(
        organisation=organisation,
        number=(number or "").strip(),
        title=(title or "").strip(),
        role_key=role_key,
        rules_key=rules_key,
        department=department,
        reports_to=reports_to,
        deputises_for=deputises_for,
        leads=leads,
        scope=scope,
        hours=hours,
        purpose=purpose,
        status=status,
        available_from=available_from,
        need=need,
    )
    errors: dict[str, Any] = {}
    try:
        _check_post(post, organisation)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        cleaned = check_processes(processes, rules_key)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    post.save()
    _add_version(
        actor=actor, organisation=organisation, post=post, number=1, note="",
        description=description or {}, processes=cleaned,
    )  # fmt: skip
    audit_record(
        actor=actor, organisation=organisation, action="create", obj=post,
        changes=snapshot(post, (*POST_FIELDS, "role_key")),
    )  # fmt: skip
    return post


def template_description(role_key: str, language: str = "de") -> dict[str, Any]:
    """The description fields and Arbeitsvorgänge a role template suggests."""
    role = role_template(role_key)
    if role is None:
        raise ValidationError({"role_key": _("Choose a role template from the list.")})
    return {
        "title": role.title.get(language),
        "purpose": role.purpose.get(language),
        "rules_key": role.rules,
        "description": {
            "education": role.education.get(language),
            "experience": role.experience.get(language),
            "competences": [
                {"name": c.name.get(language), "level": c.level} for c in role.competences
            ],
            "driving_licence": _("Class B") if role.driving_licence else "",
        },
        "processes": [
            ProcessInput(
                title=p.title.get(language),
                share=p.share,
                tasks="\n".join(task.get(language) for task in p.tasks),
                features=tuple(p.features),
            )
            for p in role.processes
        ],
    }


@transaction.atomic
def post_create_from_template(
    *,
    actor: Any,
    organisation: Organisation,
    role_key: str,
    number: str,
    title: str = "",
    department: Department | None = None,
    status: str = Post.Status.EXISTING,
    available_from: datetime.date | None = None,
    need: RoleNeed | None = None,
    language: str = "de",
) -> Post:
    """Create a post whose first description is the role template ``role_key``."""
    suggested = template_description(role_key, language)
    return post_create(
        actor=actor,
        organisation=organisation,
        number=number,
        title=(title or "").strip() or suggested["title"],
        purpose=suggested["purpose"],
        rules_key=suggested["rules_key"],
        role_key=role_key,
        description=suggested["description"],
        processes=suggested["processes"],
        department=department,
        status=status,
        available_from=available_from,
        need=need,
    )


def current_version(post: Post) -> Description:
    return post.versions.order_by("-number").first()  # type: ignore[return-value]


def _version_content(version: Description) -> tuple:
    return (
        tuple(
            _competences(version.competences) if name == "competences" else getattr(version, name)
            for name in DESCRIPTION_FIELDS
        ),
        tuple(
            ProcessInput(p.title, p.share, p.tasks, tuple(p.features)).key()
            for p in version.processes.order_by("position", "pk")
        ),
    )


@transaction.atomic
def post_update(
    *,
    actor: Any,
    organisation: Organisation,
    post: Post,
    version: int | None,
    fields: dict[str, Any],
    description: dict[str, Any],
    processes: Sequence[ProcessInput],
    note: str = "",
) -> Post:
    """Change a post and its description. A changed description (any of its fields or its
    Arbeitsvorgänge) is saved as the next version; the earlier versions stay as they were.
    Refused when someone saved the post since ``version``; nothing changed writes nothing."""
    post = lock_for_edit(post, version, stale_message=_stale())
    before = snapshot(post, POST_FIELDS)
    for name in POST_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(post, name, _text(value) if isinstance(value, str) else value)
    errors: dict[str, Any] = {}
    try:
        _check_post(post, organisation)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        cleaned = check_processes(processes, post.rules_key)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    current = current_version(post)
    proposed = _normalised(description)
    new_content = (
        tuple(proposed[name] for name in DESCRIPTION_FIELDS),
        tuple(p.key() for p in cleaned),
    )
    also_changed: dict[str, Any] = {}
    if current is None or _version_content(current) != new_content:
        number = (current.number if current else 0) + 1
        _add_version(
            actor=actor, organisation=organisation, post=post, number=number,
            note=(note or "").strip(), description=description, processes=cleaned,
        )  # fmt: skip
        also_changed["description_version"] = [number - 1, number]
    save_edit(
        actor=actor, organisation=organisation, obj=post, before=before, fields=POST_FIELDS,
        also_changed=also_changed,
    )  # fmt: skip
    return post


@transaction.atomic
def post_delete(*, actor: Any, organisation: Organisation, post: Post) -> None:
    """Delete a post with all versions of its description."""
    audit_record(
        actor=actor, organisation=organisation, action="delete", obj=post,
        changes={"number": [post.number, None], "title": [post.title, None]},
    )  # fmt: skip
    post.delete()


# Role needs of the roadmap -------------------------------------------------------------------


def _check_need(need: RoleNeed) -> None:
    errors: dict[str, Any] = {}
    if role_template(need.role_key) is None:
        errors["role_key"] = _("Choose a role template from the list.")
    try:
        need.full_clean(exclude=["organisation", "measure", "role_key"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def role_need_create(
    *,
    actor: Any,
    organisation: Organisation,
    measure: Measure,
    role_key: str,
    fte: Decimal,
    needed_from: datetime.date,
    note: str = "",
) -> RoleNeed:
    """Record that ``measure`` needs ``fte`` of the role ``role_key`` from ``needed_from``."""
    if measure.organisation_id != organisation.pk:
        raise ValidationError({"measure": _("Choose a measure of this organisation.")})
    need = RoleNeed(
        organisation=organisation, measure=measure, role_key=role_key, fte=fte,
        needed_from=needed_from, note=(note or "").strip(),
    )  # fmt: skip
    _check_need(need)
    need.save()
    audit_record(
        actor=actor, organisation=organisation, action="create", obj=need,
        changes=snapshot(need, NEED_FIELDS),
    )  # fmt: skip
    return need


@transaction.atomic
def role_need_update(
    *,
    actor: Any,
    organisation: Organisation,
    need: RoleNeed,
    version: int | None,
    role_key: str,
    fte: Decimal,
    needed_from: datetime.date,
    note: str = "",
) -> RoleNeed:
    """Change a role need; refused when someone changed it since ``version``."""
    need = lock_for_edit(need, version, stale_message=_stale())
    before = snapshot(need, NEED_FIELDS)
    need.role_key, need.fte, need.needed_from, need.note = role_key, fte, needed_from, note.strip()
    _check_need(need)
    save_edit(actor=actor, organisation=organisation, obj=need, before=before, fields=NEED_FIELDS)
    return need


@transaction.atomic
def role_need_delete(*, actor: Any, organisation: Organisation, need: RoleNeed) -> None:
    """Delete a role need; a post planned for it stays, without the link."""
    audit_record(
        actor=actor, organisation=organisation, action="delete", obj=need,
        changes=snapshot(need, NEED_FIELDS),
    )  # fmt: skip
    need.delete()


@transaction.atomic
def post_create_from_need(
    *, actor: Any, organisation: Organisation, need: RoleNeed, number: str, language: str = "de"
) -> Post:
    """A planned post for a measure's role need, described by its role template."""
    return post_create_from_template(
        actor=actor,
        organisation=organisation,
        role_key=need.role_key,
        number=number,
        status=Post.Status.PLANNED,
        available_from=need.needed_from,
        need=need,
        language=language,
    )


@transaction.atomic
def position_settings_update(
    *,
    actor: Any,
    organisation: Organisation,
    version: int | None,
    employer_offer: str,
    full_time_hours: Decimal,
    person_days_per_fte: int,
) -> PositionSettings:
    """Change what the organisation offers in advertisements, its full-time hours and the
    working days a full-time post gives the roadmap per year."""
    settings = PositionSettings.objects.filter(organisation=organisation).first()
    values = {
        "employer_offer": (employer_offer or "").strip(),
        "full_time_hours": full_time_hours,
        "person_days_per_fte": person_days_per_fte,
    }
    if settings is None:
        settings = PositionSettings(organisation=organisation, **values)
        defaults = PositionSettings()
        if all(getattr(settings, n) == getattr(defaults, n) for n in SETTINGS_FIELDS):
            return settings  # the defaults: nothing to store
        settings.full_clean(exclude=["organisation"])
        settings.save()
        audit_record(
            actor=actor, organisation=organisation, action="create", obj=settings,
            changes=snapshot(settings, SETTINGS_FIELDS),
        )  # fmt: skip
        return settings
    settings = lock_for_edit(settings, version, stale_message=_stale())
    before = snapshot(settings, SETTINGS_FIELDS)
    for name, value in values.items():
        setattr(settings, name, value)
    settings.full_clean(exclude=["organisation"])
    save_edit(
        actor=actor, organisation=organisation, obj=settings, before=before,
        fields=SETTINGS_FIELDS,
    )  # fmt: skip
    return settings
