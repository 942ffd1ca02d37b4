"""System checks of the installation's own settings (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.urls, deploy=True)
def site_url_check(app_configs, **kwargs):
    """Links outside a request need ``SITE_URL`` (or a named host to derive it from)."""
    if settings.SITE_URL:
        return []
    return [
        Warning(
            "SITE_URL is not set and ALLOWED_HOSTS names no host to derive it from.",
            hint="Set SITE_URL to the address people use, e.g. https://kompass.example.de.",
            id="kommunalkompass.W001",
        )
    ]
