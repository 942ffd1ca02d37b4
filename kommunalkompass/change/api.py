"""API of the change module (mounted under /api/v1/)."""

from ninja import Router

router = Router(tags=["change"])
