"""The content files of the positions module (``positions/data/``), validated on load.

``grades/*.yaml`` hold the pay-grade rules of one ladder each (TVöD VKA IT features, the
general administration ladder; TV-L or TVöD Bund are added as further files of the same
shape); ``roles.yaml`` the role templates. Both are read with ``core.content.load_content``:
a broken file fails naming the file, the entry and the fault, e.g.
``tvoed-vka-it.yaml: grades: grade 9a of the ladder has no entry (a gap between 8 and 9b)``.
"""

from __future__ import annotations

import datetime
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints, ValidationInfo, field_validator, model_validator

from kommunalkompass.core.content import (
    ITEM_LABELS,
    Content,
    ContentError,
    I18n,
    Text,
    duplicate_values,
    load_content,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
GRADES_DIR = DATA_DIR / "grades"
ROLES_FILE = DATA_DIR / "roles.yaml"
DEFAULT_RULES = "tvoed-vka-it"

# List items are named by these fields in a fault's entry ("grades › 9a › cases › item 1").
LABELS = (("key", "{}"), ("grade", "{}"), ("feature", "{}"), *ITEM_LABELS)

Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
Share = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]*/[1-9][0-9]*$")]


class Feature(Content):
    """A Tätigkeitsmerkmal an Arbeitsvorgang can meet; ``implies`` the features it builds on."""

    key: Key
    label: I18n
    implies: tuple[Key, ...] = ()
    verified: bool = True
    note: I18n | None = None


class Requirement(Content):
    """A feature that Arbeitsvorgänge taking at least ``share`` of the time must meet."""

    feature: Key
    share: Share = "1/2"

    @property
    def fraction(self) -> Fraction:
        return Fraction(self.share)

    @model_validator(mode="after")
    def _share(self) -> Requirement:
        if not 0 < Fraction(self.share) <= 1:
            raise ValueError(f"the share {self.share} must lie between 0 and 1")
        return self


class Case(Content):
    """A Fallgruppe: the grade is met when ``builds_on`` is met and every requirement is."""

    number: int = Field(ge=1)
    builds_on: str | None = None
    requires: tuple[Requirement, ...] = Field(min_length=1)
    personal: I18n | None = None
    verified: bool = True
    note: I18n | None = None


class Grade(Content):
    grade: Text
    cases: tuple[Case, ...] = Field(min_length=1)


class GradeRules(Content):
    """The pay-grade rules of one ladder of one collective agreement."""

    key: Key
    agreement: I18n
    agreement_short: Text
    title: I18n
    source: Text
    source_url: Annotated[str, StringConstraints(pattern=r"^https://\S+$", max_length=400)]
    as_of: datetime.date
    ladder: tuple[Text, ...] = Field(min_length=1)
    features: tuple[Feature, ...] = Field(min_length=1)
    grades: tuple[Grade, ...] = Field(min_length=1)

    @field_validator("ladder")
    @classmethod
    def _ladder(cls, ladder: tuple[str, ...]) -> tuple[str, ...]:
        duplicates = duplicate_values(ladder)
        if duplicates:
            raise ValueError(f"ladder grades must be unique: {', '.join(duplicates)}")
        return ladder

    @field_validator("features")
    @classmethod
    def _features(cls, features: tuple[Feature, ...]) -> tuple[Feature, ...]:
        keys = [f.key for f in features]
        duplicates = duplicate_values(keys)
        if duplicates:
            raise ValueError(f"feature keys must be unique: {', '.join(duplicates)}")
        for feature in features:
            unknown = sorted(set(feature.implies) - set(keys))
            if unknown:
                raise ValueError(f"feature {feature.key} implies unknown {', '.join(unknown)}")
        return features

    @field_validator("grades")
    @classmethod
    def _grades(cls, grades: tuple[Grade, ...], info: ValidationInfo) -> tuple[Grade, ...]:
        ladder = tuple(info.data.get("ladder") or ())
        keys = {f.key for f in info.data.get("features") or ()}
        listed = [g.grade for g in grades]
        duplicates = duplicate_values(listed)
        if duplicates:
            raise ValueError(f"grades must be unique: {', '.join(duplicates)}")
        for grade in listed:
            if grade not in ladder:
                raise ValueError(f"grade {grade} is not on the ladder ({', '.join(ladder)})")
        for index, grade in enumerate(ladder):
            if grade not in listed:
                before = ladder[index - 1] if index else "the start"
                after = ladder[index + 1] if index + 1 < len(ladder) else "the end"
                raise ValueError(
                    f"grade {grade} of the ladder has no entry (a gap between {before} and {after})"
                )
        if listed != list(ladder):
            raise ValueError(f"grades must follow the ladder's order: {', '.join(ladder)}")
        for position, grade in enumerate(grades):
            for case in grade.cases:
                if case.builds_on is not None and case.builds_on not in ladder[:position]:
                    raise ValueError(
                        f"grade {grade.grade} case {case.number} builds on {case.builds_on}, "
                        "which is not a lower grade of the ladder"
                    )
                for requirement in case.requires:
                    if keys and requirement.feature not in keys:
                        raise ValueError(
                            f"grade {grade.grade} case {case.number} requires the unknown "
                            f"feature {requirement.feature}"
                        )
        return grades

    @cached_property
    def feature_map(self) -> dict[str, Feature]:
        return {f.key: f for f in self.features}

    @cached_property
    def grade_map(self) -> dict[str, Grade]:
        return {g.grade: g for g in self.grades}

    def closure(self, features: frozenset[str] | set[str]) -> frozenset[str]:
        """``features`` with every feature they imply, transitively (unknown keys dropped)."""
        result: set[str] = set()
        stack = [key for key in features if key in self.feature_map]
        while stack:
            key = stack.pop()
            if key not in result:
                result.add(key)
                stack.extend(self.feature_map[key].implies)
        return frozenset(result)

    def label(self, language: str) -> str:
        return f"{self.agreement.get(language)} – {self.title.get(language)}"


# Role templates -------------------------------------------------------------------------------


class TemplateProcess(Content):
    """A typical Arbeitsvorgang of a role: its time share and the features it usually meets."""

    title: I18n
    share: int = Field(ge=1, le=100)
    tasks: tuple[I18n, ...] = Field(min_length=1)
    features: tuple[Key, ...] = ()


class Competence(Content):
    name: I18n
    level: int = Field(ge=1, le=3)


class RoleTemplate(Content):
    key: Key
    title: I18n
    purpose: I18n
    rules: Key = DEFAULT_RULES
    grade_from: Text
    grade_to: Text
    grade_basis: I18n
    education: I18n
    experience: I18n
    competences: tuple[Competence, ...] = Field(min_length=1)
    driving_licence: bool = False
    processes: tuple[TemplateProcess, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _shares(self) -> RoleTemplate:
        total = sum(p.share for p in self.processes)
        if total != 100:
            raise ValueError(
                f"the time shares of the Arbeitsvorgänge add up to {total} %, not 100 %"
            )
        return self


class RoleTemplates(Content):
    roles: tuple[RoleTemplate, ...] = Field(min_length=12)

    @model_validator(mode="after")
    def _unique(self) -> RoleTemplates:
        duplicates = duplicate_values(r.key for r in self.roles)
        if duplicates:
            raise ValueError(f"role keys must be unique: {', '.join(duplicates)}")
        return self


def load_grade_rules(path: Path) -> GradeRules:
    """The grade rules in ``path``; ``ContentError`` naming file, entry and fault if broken."""
    rules = load_content(path, GradeRules, item_labels=LABELS)
    if rules.key != path.stem:
        raise ContentError(path, "key", f"the key {rules.key} must be the file name {path.stem}")
    return rules


def all_grade_rules(directory: Path = GRADES_DIR) -> dict[str, GradeRules]:
    """Every shipped set of grade rules by key, in file name order."""
    return {path.stem: load_grade_rules(path) for path in sorted(directory.glob("*.yaml"))}


def grade_rules(key: str) -> GradeRules:
    """The grade rules ``key``; ``KeyError`` for an unknown key."""
    return all_grade_rules()[key]


def load_role_templates(path: Path = ROLES_FILE) -> RoleTemplates:
    """The role templates in ``path``, each checked against its grade rules."""
    templates = load_content(path, RoleTemplates, item_labels=LABELS)
    rules = all_grade_rules()
    for role in templates.roles:
        if role.rules not in rules:
            raise ContentError(path, f"roles › {role.key} › rules", f"unknown rules {role.rules}")
        ladder = rules[role.rules].ladder
        for field in ("grade_from", "grade_to"):
            if getattr(role, field) not in ladder:
                raise ContentError(
                    path, f"roles › {role.key} › {field}", f"{getattr(role, field)} is not a grade"
                )
        if ladder.index(role.grade_from) > ladder.index(role.grade_to):
            raise ContentError(path, f"roles › {role.key} › grade_to", "lies below grade_from")
        known = rules[role.rules].feature_map
        for process in role.processes:
            unknown = sorted(set(process.features) - set(known))
            if unknown:
                raise ContentError(
                    path,
                    f"roles › {role.key} › processes › {process.title.de}",
                    f"unknown features {', '.join(unknown)}",
                )
    return templates


def role_templates() -> tuple[RoleTemplate, ...]:
    return load_role_templates().roles


def role_template(key: str) -> RoleTemplate | None:
    return next((role for role in role_templates() if role.key == key), None)
