"""API of the positions module (mounted under /api/v1/)."""

from ninja import Router

router = Router(tags=["positions"])
