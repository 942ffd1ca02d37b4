"""Content as data: the one loader for the project's validated content files.

Maturity models, recommendations, legal duties, execution levels and demo content live in
YAML files inside the apps (``<app>/data/*.yaml``) and are described by a pydantic schema
in the app that owns them. ``load_content(path, Schema)`` reads such a file safely, validates
it and returns the immutable ``Schema`` instance; a file that cannot be used fails with a
``ContentError`` that names the file, the entry and the fault::

    maturity-1.1.yaml: levels › level 3 › meaning › en: Field required
    duties.yaml: duties: duty keys must be unique: nis2
    recommendations-1.0.yaml: line 12: not valid YAML: mapping values are not allowed here

The entry is the path in the data, joined by `` › ``: mapping keys as they are, list items by
their own name where they carry one (``key``, then ``level``/``number`` as ``level 3``,
see ``ITEM_LABELS``) and else by position (``item 2``, counted from 1); ``(file)`` for the
file as a whole and ``line N`` for a file that is not valid YAML.

A schema derives from ``Content`` (immutable, unknown fields are faults) and may use
``Text`` (a stripped, non-empty string) and ``I18n`` (German and English, both required).
A validator that finds a fault raises ``ValueError`` with a message that says what is wrong
(“criterion keys must be unique: information”); the loader names the field it belongs to.
Checks across files (a model's dimension keys used by another file) belong in the loading
function of the app, raising ``ContentError(path, entry, fault)`` itself.

Loaded content is cached per file, schema and modification time: the same file is parsed
once per process, and a file changed on disk is read again.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

__all__ = [
    "ITEM_LABELS",
    "Content",
    "ContentError",
    "I18n",
    "Text",
    "duplicate_values",
    "load_content",
]


class ContentError(Exception):
    """A content file that cannot be used: ``path``, ``entry`` (where) and ``fault`` (why).

    Its text is ``<file name>: <entry>: <fault>``.
    """

    def __init__(self, path: Path, entry: str, fault: str) -> None:
        self.path, self.entry, self.fault = path, entry, fault
        super().__init__(f"{path.name}: {entry}: {fault}")


class Content(BaseModel):
    """Base of every content schema: immutable, and unknown fields are faults."""

    model_config = ConfigDict(frozen=True, extra="forbid")


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class I18n(Content):
    """A text in German and English; both are required."""

    de: Text
    en: Text

    def get(self, language: str) -> str:
        """The English text for an English language code, else the German one."""
        return self.en if (language or "de")[:2] == "en" else self.de


def duplicate_values(values: Iterable[str]) -> list[str]:
    """The values that occur more than once, sorted (for “keys must be unique” faults)."""
    seen: set[str] = set()
    twice: set[str] = set()
    for value in values:
        (twice if value in seen else seen).add(value)
    return sorted(twice)


# How a list item is named in an entry: the first of these fields it carries, formatted.
ITEM_LABELS: tuple[tuple[str, str], ...] = (
    ("key", "{}"),
    ("level", "level {}"),
    ("number", "level {}"),
)

Schema = TypeVar("Schema", bound=BaseModel)


def _entry(location: Sequence[int | str], data: object, labels: Sequence[tuple[str, str]]) -> str:
    """A readable name for the place of a validation fault in ``data``."""
    parts: list[str] = []
    node = data
    for step in location:
        if isinstance(step, int) and isinstance(node, list) and 0 <= step < len(node):
            item = node[step]
            parts.append(_item_label(item, labels) or f"item {step + 1}")
            node = item
        else:
            parts.append(str(step))
            node = node.get(step) if isinstance(node, dict) else None
    return " › ".join(parts) or "(file)"


def _item_label(item: object, labels: Sequence[tuple[str, str]]) -> str:
    if not isinstance(item, dict):
        return ""
    for field, pattern in labels:
        value = item.get(field)
        if value is not None and value != "" and not isinstance(value, dict | list):
            return pattern.format(value)
    return ""


# libyaml's parser where PyYAML was built with it (its wheels are): the same data as
# yaml.safe_load, about ten times faster, which the first report of a process notices.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_content(
    path: Path,
    schema: type[Schema],
    *,
    item_labels: Sequence[tuple[str, str]] = ITEM_LABELS,
) -> Schema:
    """The content of the YAML file ``path``, validated by ``schema``.

    The file must hold a mapping. Raises ``ContentError`` naming the file, the entry and the
    fault when the file is missing, is not valid YAML or does not fit the schema (the first
    fault pydantic reports). ``item_labels`` names list items in an entry (``ITEM_LABELS``
    unless given: a schema whose items are known by another field passes its own first,
    e.g. ``(("ozg_id", "OZG-ID {}"), *ITEM_LABELS)``). The result is cached per path,
    schema and modification time; it is immutable when the schema derives from ``Content``.
    """
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise ContentError(path, "(file)", "the file does not exist") from None
    return _load_cached(path, schema, tuple(item_labels), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)
def _load_cached(
    path: Path,
    schema: type[Schema],
    item_labels: tuple[tuple[str, str], ...],
    mtime_ns: int,
    size: int,
) -> Schema:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(path, "(file)", "the file does not exist") from None
    except UnicodeDecodeError as error:
        raise ContentError(path, "(file)", f"not UTF-8 text: {error.reason}") from None
    try:
        data = yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(file)"
        raise ContentError(
            path, where, f"not valid YAML: {getattr(error, 'problem', error)}"
        ) from None
    if not isinstance(data, dict):
        raise ContentError(path, "(file)", "the file must contain a mapping")
    try:
        return schema.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        location = tuple(step for step in first["loc"] if not str(step).startswith("function-"))
        fault = first["msg"].removeprefix("Value error, ")
        raise ContentError(path, _entry(location, data, item_labels), fault) from None
