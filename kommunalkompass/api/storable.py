"""Input that fits the schema but cannot be stored is refused in one place, for every operation.

JSON allows what no database column holds: a lone UTF-16 surrogate (``"\\ud800"``) cannot be
encoded as UTF-8 (SQLite and PostgreSQL refuse it), PostgreSQL refuses the NUL character in
text, and an integer beyond 64 bits overflows every integer column and every lookup by id.
The forms never pass such values on (browsers send valid UTF-8, Django's form fields refuse
NUL), but the API's schemas accept them, and they used to end in a 500 deep inside a
service.

``refuse_unstorable_input`` is added to every operation of the API (``api/urls.py``); it looks
at the validated arguments (body, query and path) before the operation runs, and refuses
the first value that cannot be stored with a 422 naming the field, as any schema error.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext as _
from ninja.errors import ValidationError
from pydantic import BaseModel

# The range of a signed 64-bit integer: BigIntegerField, SQLite's INTEGER, PostgreSQL's bigint.
INTEGER_MIN = -(2**63)
INTEGER_MAX = 2**63 - 1


def _is_surrogate(character: str) -> bool:
    return "\ud800" <= character <= "\udfff"


def _surrogate_message() -> str:
    return _(
        "The text contains an unpaired UTF-16 surrogate (a character between "
        "\\ud800 and \\udfff), which is not valid Unicode."
    )


def error_message(error: dict) -> str:
    """The message of one schema error. pydantic refuses a lone surrogate itself where a
    field has a length limit, saying only that the text is not a valid string."""
    if error.get("type") == "string_unicode":
        return _surrogate_message()
    return error.get("msg", "")


def _problem(value: Any) -> str | None:
    """What makes a single value unstorable, in words; None when it can be stored."""
    if isinstance(value, str):
        if "\x00" in value:
            return str(ProhibitNullCharactersValidator.message)
        if any(map(_is_surrogate, value)):
            return _surrogate_message()
    elif isinstance(value, int) and not INTEGER_MIN <= value <= INTEGER_MAX:
        return _("The number is too large: whole numbers must lie between %(min)s and %(max)s.") % {
            "min": INTEGER_MIN,
            "max": INTEGER_MAX,
        }
    return None


def _values(value: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every leaf value (and every key) of validated input, with its path."""
    if isinstance(value, BaseModel):
        for name, field in type(value).model_fields.items():
            yield from _values(getattr(value, name, None), (*path, field.alias or name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield path, key
            yield from _values(item, (*path, str(key)))
    elif isinstance(value, list | tuple | set | frozenset):
        for index, item in enumerate(value):
            yield from _values(item, (*path, str(index)))
    else:
        yield path, value


def unstorable_value(arguments: dict[str, Any]) -> tuple[str, str] | None:
    """``(field, message)`` for the first value of an operation's arguments that cannot be
    stored, or None. A schema (the body, the pagination) names its fields without its own
    argument name, as the schema errors do."""
    for name, argument in arguments.items():
        start = () if isinstance(argument, BaseModel) else (name,)
        for path, value in _values(argument, start):
            message = _problem(value)
            if message:
                return ".".join(path), message
    return None


def refuse_unstorable_input(operation: Callable) -> Callable:
    """Decorator for every API operation: a 422 for a value no database can store."""

    @functools.wraps(operation)
    def checked(request, *args, **kwargs):
        problem = unstorable_value(kwargs)
        if problem:
            field, message = problem
            raise ValidationError([{"loc": ["body", *field.split(".")], "msg": message}])
        return operation(request, *args, **kwargs)

    return checked
