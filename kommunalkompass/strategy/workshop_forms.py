"""Forms of the vision workshops: the facilitator's and the participants'."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from kommunalkompass.core.widgets import DateInput

from .forms import _dimension_choices
from .models import CARD_MAX_LENGTH, FieldOfAction, Workshop, WorkshopAdoption


class WorkshopForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Workshop
        fields = ["title", "held_on", "facilitator", "question", "votes_per_participant"]
        widgets = {"held_on": DateInput()}
        help_texts = {
            "question": _("For example: How does our administration work in 2030?"),
            "votes_per_participant": _("Each participant spends them on clusters or cards."),
        }


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=Workshop.Phase.choices)


class ClusterForm(forms.Form):
    name = forms.CharField(label=_("Name of the new cluster"), max_length=120)


class AdoptForm(forms.Form):
    """Adopt a cluster or a card into the strategy: what it becomes, in which words."""

    kind = forms.ChoiceField(label=_("Becomes"), choices=WorkshopAdoption.Kind.choices)
    text = forms.CharField(label=_("Wording in the strategy"), max_length=300)
    dimensions = forms.MultipleChoiceField(
        label=_("Maturity dimensions (for a field of action)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    field = forms.ModelChoiceField(
        label=_("Field of action (for a goal or a measure)"),
        queryset=FieldOfAction.objects.none(),
        required=False,
    )

    def __init__(self, *args, strategy, wording_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not wording_required:
            self.fields["text"].required = False
            self.fields["text"].help_text = _("Empty: the card's own text.")
        self.fields["dimensions"].choices = _dimension_choices()
        self.fields["field"].queryset = FieldOfAction.objects.filter(strategy=strategy)


class JoinForm(forms.Form):
    named = forms.BooleanField(
        label=_("Show my name in the workshop protocol"),
        required=False,
        help_text=_("Your votes stay anonymous either way."),
    )


class CardForm(forms.Form):
    text = forms.CharField(
        label=_("Your idea"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": CARD_MAX_LENGTH}),
        help_text=_("At most 280 characters. Several cards are welcome."),
    )
    # A new key each time the form is shown: the same form sent twice stores one card.
    client_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("client_key", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
