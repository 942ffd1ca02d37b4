"""The project's date widgets: every date field of every form uses one of them.

A browser's ``<input type="date">`` accepts only ISO 8601 (``2025-12-31``) and
``type="month"`` only ``2025-12``. Django's own ``DateInput`` writes the value in the active
language's format (``31.12.2025`` in German): the browser shows an empty field and the
next save erases the date. These widgets always write ISO; reading stays localised, and
Django adds the ISO formats to every language's ``DATE_INPUT_FORMATS``, so ``2025-12-31``
is read in German as well. ``core/tests/test_date_inputs.py`` checks every form.
"""

from __future__ import annotations

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_MONTH = "%Y-%m"
# A DateField with MonthInput reads "2025-12" (what the browser sends) and a full date.
MONTH_INPUT_FORMATS = [ISO_MONTH, ISO_DATE]


class DateInput(forms.DateInput):
    """A browser date picker (``type="date"``); the value always ISO (``2025-12-31``)."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None, format: str | None = None):  # noqa: A002
        super().__init__(attrs, format=format or ISO_DATE)


class MonthInput(forms.DateInput):
    """A browser month picker (``type="month"``); the value always ``2025-12``.

    Give the field ``input_formats=MONTH_INPUT_FORMATS``.
    """

    input_type = "month"

    def __init__(self, attrs: dict | None = None, format: str | None = None):  # noqa: A002
        super().__init__(attrs, format=format or ISO_MONTH)


class FilterableCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in a scrolling list with a search field above (``data-filter-list`` in
    kompass.js hides the entries that do not match); for long lists such as a measure's
    dependencies. Without JavaScript every entry stays visible."""

    template_name = "core/widgets/filterable_checkboxes.html"

    def __init__(self, attrs: dict | None = None, choices=(), search_label: str = ""):
        super().__init__(attrs, choices)
        self.search_label = search_label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_label"] = self.search_label
        return context
