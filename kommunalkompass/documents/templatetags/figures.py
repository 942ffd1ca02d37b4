"""Figures on web pages formatted as in the documents (``documents.formatting``), so that a
page and its PDF never round or write a number differently.

``{% load figures %}``, then ``{{ share|percent }}`` turns the fraction 0.66 into
"66 %" (German) or "66%" (English); ``None`` becomes "–".
"""

from django import template

from kommunalkompass.core.language import content_language
from kommunalkompass.documents.formatting import format_percent

register = template.Library()


@register.filter
def percent(value, decimals: int = 0) -> str:
    """A fraction (0–1) as a percentage in the page's language."""
    if value is None or value == "":
        return "–"
    return format_percent(value, int(decimals), content_language())
