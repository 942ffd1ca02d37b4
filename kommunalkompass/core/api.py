"""What the apps' API routers share (``api`` only mounts them; apps import no ``api``).

``Pagination``: the one pagination of every API list, ``{"items": [...], "count": N}`` with
bounded ``limit`` and ``offset``. ninja's ``LimitOffsetPagination`` takes any offset; one
beyond 64 bits reached the database and ended in a 500
(``?offset=442298237103196935462846464000``). Here both are bounded, so a request outside
the bounds is a 422 naming the parameter, as any schema error.
"""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
# Far beyond any list of the installation (the OZG catalog per organisation for all of
# Germany is some 6 million rows), far below what overflows a database integer.
MAX_OFFSET = 10**9


class Pagination(LimitOffsetPagination):
    """``limit`` (1 to 1,000, default 100) and ``offset`` (0 to 1,000,000,000)."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
