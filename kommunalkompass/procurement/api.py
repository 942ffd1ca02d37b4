"""API of the procurement module (mounted under /api/v1/)."""

from ninja import Router

router = Router(tags=["procurement"])
