"""Every form renders KERN's markup: the classes on the widgets (core.forms.KernBoundField)
and the label, hint and error around them (includes/form.html)."""

import re

from django import forms
from django.template.loader import render_to_string

from kommunalkompass.core.widgets import FilterableCheckboxes


class SampleForm(forms.Form):
    title = forms.CharField(help_text="Short")
    notes = forms.CharField(widget=forms.Textarea(attrs={"class": "own"}), required=False)
    status = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
    urgent = forms.BooleanField(required=False)
    fields = forms.MultipleChoiceField(
        choices=[("x", "X"), ("y", "Y")], widget=FilterableCheckboxes, required=False
    )
    kind = forms.ChoiceField(choices=[("p", "P")], widget=forms.RadioSelect, required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)


def test_widgets_carry_kern_classes_and_keep_their_own():
    html = render_to_string("includes/form.html", {"form": SampleForm()})

    assert 'aria-describedby="id_title_helptext" class="kern-form-input__input"' in html
    assert 'class="kern-form-input__input own"' in html
    assert (
        '<div class="kern-form-input__select-wrapper"><select name="status" '
        'class="kern-form-input__select"'
    ) in html
    assert 'class="kern-form-check__checkbox" id="id_urgent"' in html
    assert html.count('class="kern-form-check__checkbox"') == 3  # urgent, X, Y
    # Options as KERN lays them out: the input, then its own label, in a kern-form-check.
    assert (
        '<div class="kern-form-check"><input type="radio" name="kind" value="p" '
        'class="kern-form-check__radio" id="id_kind_0">'
        '<label class="kern-label" for="id_kind_0">P</label>'
    ) in re.sub(r">\s+<", "><", html)
    assert '<div id="id_kind" class="kern-fieldset__body">' in html
    assert '<li class="kern-form-check">' in html
    assert '<legend class="kern-label">' in html
    assert '<div class="kern-hint" id="id_title_helptext">Short</div>' in html
    assert 'type="hidden" name="token" id="id_token"' in html


def test_a_field_with_an_error_shows_kern_error_markup():
    form = SampleForm(data={"status": "a"})

    html = render_to_string("includes/form.html", {"form": form})

    assert 'class="field kern-form-input kern-form-input--error"' in html
    assert "kern-form-input__input kern-form-input__input--error" in html
    assert '<p class="kern-error" id="id_title_error">' in html
    assert 'class="kern-form-input__select"' in html  # the valid field stays as it was
