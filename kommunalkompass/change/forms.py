"""Forms of the change module; they check input, the services decide and write."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kommunalkompass.assessments.maturity import readiness_models
from kommunalkompass.core.language import content_language
from kommunalkompass.core.widgets import DateInput
from kommunalkompass.organisations.models import Department
from kommunalkompass.strategy.models import Measure

from .models import (
    ActionItem,
    Attitude,
    CoachingSession,
    CommunicationItem,
    Initiative,
    InitiativeStep,
    Risk,
    Stakeholder,
)
from .selectors import member_choices

SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]


def _scoped(form: forms.BaseForm, organisation) -> None:
    """Limit every choice of rows to the organisation's own."""
    members = member_choices(organisation=organisation)
    for name in ("owner", "coach", "coachee"):
        if name in form.fields:
            form.fields[name].queryset = members
    if "measures" in form.fields:
        form.fields["measures"].queryset = Measure.objects.for_organisation(organisation).order_by(
            "number"
        )
    if "department" in form.fields:
        form.fields["department"].queryset = Department.objects.for_organisation(organisation)
    if "initiative" in form.fields:
        form.fields["initiative"].queryset = Initiative.objects.for_organisation(organisation)


class InitiativeForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Initiative
        fields = ["title", "description", "status", "owner", "start", "end", "measures"]
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "measures": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        _scoped(self, organisation)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class StepForm(forms.ModelForm):
    class Meta:
        model = InitiativeStep
        fields = ["done", "evidence", "done_on"]
        widgets = {"done_on": DateInput(), "evidence": forms.Textarea(attrs={"rows": 2})}


class RiskForm(forms.ModelForm):
    class Meta:
        model = Risk
        fields = ["kind", "title", "owner", "response", "status"]
        widgets = {"response": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        _scoped(self, organisation)


class StakeholderForm(forms.ModelForm):
    """The stakeholder's sheet; on creation also the first assessment."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    power = forms.TypedChoiceField(label=_("Power"), choices=SCORE_CHOICES, coerce=int)
    interest = forms.TypedChoiceField(label=_("Interest"), choices=SCORE_CHOICES, coerce=int)
    attitude = forms.ChoiceField(label=_("Attitude"), choices=Attitude.choices)

    class Meta:
        model = Stakeholder
        fields = [
            "name",
            "kind",
            "role",
            "department",
            "initiative",
            "wanted_quadrant",
            "engagement",
            "owner",
            "measures",
        ]
        widgets = {
            "engagement": forms.Textarea(attrs={"rows": 2}),
            "measures": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        _scoped(self, organisation)
        if self.instance.pk:
            # Power, interest and attitude change by a new assessment, not by an edit.
            for name in ("power", "interest", "attitude"):
                del self.fields[name]
            self.fields["version"].initial = self.instance.version


class AssessForm(forms.Form):
    power = forms.TypedChoiceField(label=_("Power"), choices=SCORE_CHOICES, coerce=int)
    interest = forms.TypedChoiceField(label=_("Interest"), choices=SCORE_CHOICES, coerce=int)
    attitude = forms.ChoiceField(label=_("Attitude"), choices=Attitude.choices)
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class PulseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    model_ident = forms.ChoiceField(label=_("Readiness model"))
    initiative = forms.ModelChoiceField(
        label=_("Initiative"), queryset=Initiative.objects.none(), required=False
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        required=False,
        help_text=_("For a pulse of one department; otherwise choose the initiative."),
    )
    anonymity_threshold = forms.IntegerField(
        label=_("Anonymity threshold"),
        min_value=2,
        max_value=50,
        help_text=_("Results with fewer respondents than this are not shown."),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        _scoped(self, organisation)
        self.fields["model_ident"].choices = [
            (ident, model.name.get(content_language()))
            for ident, model in readiness_models().items()
        ]
        self.fields["anonymity_threshold"].initial = settings.ANONYMITY_THRESHOLD


class CommunicationForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CommunicationItem
        fields = ["date", "audience", "message", "channel", "owner", "status", "initiative"]
        widgets = {"date": DateInput(), "message": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        _scoped(self, organisation)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class SessionForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CoachingSession
        fields = ["date", "coach", "coachee", "initiative", "participants", "topics", "agreements"]
        widgets = {
            "date": DateInput(),
            "topics": forms.Textarea(attrs={"rows": 3}),
            "agreements": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        _scoped(self, organisation)
        self.fields["coach"].required = True
        self.fields["coachee"].required = True
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Private notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Only the coach and the coachee can read these notes."),
    )


class ActionForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["title", "owner", "due", "status"]
        widgets = {"due": DateInput()}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        _scoped(self, organisation)
