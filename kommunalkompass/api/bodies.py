"""A request body must be a JSON object, for every operation that takes one.

JSON allows a body of ``null``, a list or a number. The schemas of the API are objects,
but django-ninja reads such a body as an object without members: ``PATCH null`` answered
200 and changed nothing — a client that sent the wrong thing was told it had succeeded,
and under JSON Merge Patch (RFC 7396) ``null`` would even mean “remove the whole object”.
``refuse_body_that_is_not_an_object`` is added to every operation (``api/urls.py``); after
authentication and the schema's own checks, a JSON body that is not an object is a 422
like any schema error. ``{}`` stays a patch that changes nothing (200 with the object).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable

from django.utils.translation import gettext as _
from ninja.errors import ValidationError

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH"})


def body_is_not_an_object(request) -> bool:
    """The request sends JSON that parses, and it is not an object."""
    if request.method not in WRITE_METHODS or request.content_type != "application/json":
        return False
    if not request.body.strip():
        return False
    try:
        data = json.loads(request.body)
    except ValueError:
        return False  # the schema check has answered already
    return not isinstance(data, dict)


def refuse_body_that_is_not_an_object(operation: Callable) -> Callable:
    """Decorator for every API operation: a 422 for a JSON body that is not an object."""

    @functools.wraps(operation)
    def checked(request, *args, **kwargs):
        if body_is_not_an_object(request):
            raise ValidationError(
                [
                    {
                        "loc": ["body"],
                        "msg": _('The request body must be a JSON object, such as {"name": "…"}.'),
                    }
                ]
            )
        return operation(request, *args, **kwargs)

    return checked
