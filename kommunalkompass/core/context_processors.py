from django.conf import settings


def footer(request) -> dict:
    """The operator's Impressum and privacy notice for the footer of every page."""
    return {"imprint_url": settings.IMPRINT_URL, "privacy_url": settings.PRIVACY_URL}
