"""Random secrets that are stored only as a hash (API tokens, invitation links)."""

import hashlib
import secrets


def new_secret(prefix: str = "") -> str:
    """A URL-safe random secret with 256 bits of entropy."""
    return f"{prefix}{secrets.token_urlsafe(32)}"


def secret_hash(secret: str) -> str:
    """SHA-256 hex digest; enough for high-entropy secrets, and a fast indexed lookup."""
    return hashlib.sha256(secret.encode()).hexdigest()
