"""Writes of the public Quick-Check: a self-check kept with the person's consent.

Anonymous by design: no actor, no organisation and no audit event; only the answers, the
scores, size class, state and month are kept (docs/scoring.md, "The public self-check").
"""

from __future__ import annotations

import datetime
import hashlib

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kommunalkompass.organisations.models import State
from kommunalkompass.organisations.sizes import SizeClass

from ..models import SelfCheck
from ..scoring import Results
from ..selfcheck import MODEL_IDENT, SALT, plausible


def self_check_store(
    *, answers: dict[str, int | None], results: Results, size: str, state: str, key: str
) -> SelfCheck | None:
    """Keep a consented self-check; ``None`` when this form was sent before (``key``, the
    form's signed one-time key, is kept only as a hash).

    Raises ValidationError for an unknown size class or state, a forged or expired key, or
    answers that do not pass ``selfcheck.plausible`` (not every question answered): only a
    self-check that may count toward the comparison is kept.
    """
    errors = {}
    if not plausible(answers):
        if isinstance(answers, dict) and answers and all(v is None for v in answers.values()):
            errors["submission"] = _(
                "A Quick-Check answered with “don’t know” throughout is not kept: it has "
                "nothing to compare. Send it without keeping it to see your result."
            )
        else:
            errors["submission"] = _(
                "Only a Quick-Check with an answer to every question can be kept for the "
                "comparison."
            )
    if size not in SizeClass.values:
        errors["size_class"] = _("Choose the size of your municipality.")
    if state not in State.values:
        errors["state"] = _("Choose your state.")
    try:
        nonce = signing.loads(key, salt=SALT, max_age=datetime.timedelta(days=1))
    except signing.BadSignature:
        errors["submission"] = _("The form has expired. Please answer again.")
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    try:
        with transaction.atomic():
            return SelfCheck.objects.create(
                model_ident=MODEL_IDENT,
                size_class=size,
                state=state,
                answers=answers,
                scores={d.key: d.score for d in results.dimensions if d.score is not None},
                month=today.replace(day=1),
                submission_hash=hashlib.sha256(nonce.encode()).hexdigest(),
            )
    except IntegrityError:
        return None
