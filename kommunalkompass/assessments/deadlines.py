"""When a survey takes answers: its status and its end date (docs/scoring.md, "Survey
administration").

An open assessment whose end date has passed takes no more answers at once, before
``manage.py survey_deadlines`` (run daily) closes it formally; nothing here writes.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from .models import Assessment

# Those invited personally and not done get their reminder this many days before the end.
REMINDER_DAYS = 3


def has_ended(assessment: Assessment, today: datetime.date | None = None) -> bool:
    """The assessment's end date has passed (the end date itself is the last day)."""
    today = today or timezone.localdate()
    return assessment.ends_on is not None and assessment.ends_on < today


def is_accepting(assessment: Assessment, today: datetime.date | None = None) -> bool:
    """The survey takes answers: open, and its end date (if any) not passed."""
    return assessment.status == Assessment.Status.OPEN and not has_ended(assessment, today)


def reminder_due(assessment: Assessment, today: datetime.date | None = None) -> bool:
    """The automatic reminder is due: the survey takes answers and ends within
    ``REMINDER_DAYS`` days."""
    today = today or timezone.localdate()
    return (
        is_accepting(assessment, today)
        and assessment.ends_on is not None
        and assessment.ends_on - today <= datetime.timedelta(days=REMINDER_DAYS)
    )
