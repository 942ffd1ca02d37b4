"""What the assessment's documents share: the organisation's logo and the words for what
is hidden for anonymity."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..charts import group_name
from ..maturity import MaturityModel


def document_logo(organisation) -> bytes | None:
    return bytes(organisation.logo) if organisation.logo else None


def not_reported() -> str:
    # Said the same way in every table and sentence, so a reader learns it once.
    return _("not reported")


def groups_text(model: MaturityModel, keys, language: str) -> str:
    return ", ".join(group_name(model, key, language) for key in keys)
