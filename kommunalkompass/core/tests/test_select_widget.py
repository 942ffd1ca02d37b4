"""The project's drop-down template writes each option itself (a list of every department
can be long) with the markup of Django's own option template."""

import re

from django import forms
from django.forms.renderers import DjangoTemplates

CHOICES = [("", "–"), ("1", "Amt für Digitales"), ("2", 'Bürgerbüro "Mitte" & Co.')]
GROUPED = [("Dezernat I", [("1", "Amt 10")]), ("Dezernat II", [("2", "Amt 20")])]


def _djangos_own(widget: forms.Select, value: str, attrs: dict | None = None) -> str:
    """Django's markup (its own templates), in KERN's wrapper, without the blank lines its
    option template leaves."""
    html = re.sub(r"\n\s*\n", "\n", widget.render("department", value, attrs, DjangoTemplates()))
    return f'<div class="kern-form-input__select-wrapper">{html}</div>'


def test_a_drop_down_writes_the_options_django_writes():
    attrs = {"id": "id_department", "required": True}
    for value in ("", "2"):
        widget = forms.Select(choices=CHOICES)
        ours = widget.render("department", value, attrs)
        assert ours == _djangos_own(widget, value, attrs)
    assert '<option value="2" selected>Bürgerbüro &quot;Mitte&quot; &amp; Co.</option>' in ours


def test_a_drop_down_keeps_its_groups():
    widget = forms.Select(choices=GROUPED)
    assert widget.render("department", "2") == _djangos_own(widget, "2")
    assert '<optgroup label="Dezernat II">' in widget.render("department", "2")


def test_a_multiple_selection_list_has_no_wrapper():
    widget = forms.SelectMultiple(choices=CHOICES)
    ours = widget.render("departments", ["1", "2"])
    assert not ours.startswith("<div")
    assert ours.count(" selected>") == 2
