from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from kommunalkompass.core.language import content_language
from kommunalkompass.core.widgets import MONTH_INPUT_FORMATS, DateInput, MonthInput
from kommunalkompass.organisations.models import Department

from .maturity import available_models
from .models import DutyState, ServiceState


def _https_urls(field, **kwargs):
    """Addresses typed without a scheme are read as https:// (Django 6's default)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class StateForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ServiceState
        formfield_callback = _https_urls
        fields = [
            "relevant",
            "relevance_reason",
            "status",
            "level",
            "target_level",
            "target_date",
            "department",
            "responsible_person",
            "solution",
            "solution_name",
            "solution_provider",
            "solution_url",
            "go_live",
            "online_url",
            "notes",
        ]
        widgets = {
            "target_date": DateInput(),
            "go_live": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.for_organisation(organisation)


class BulkForm(forms.Form):
    """What to set for the chosen services; empty choices are left as they are."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", "–"), *ServiceState.Status.choices]
    )
    department = forms.ModelChoiceField(
        label=_("Responsible department"), required=False, queryset=Department.objects.none()
    )
    solution = forms.ChoiceField(
        label=_("Solution"), required=False, choices=[("", "–"), *ServiceState.Solution.choices]
    )
    solution_name = forms.CharField(label=_("Solution name"), required=False, max_length=200)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.for_organisation(organisation)

    def changes(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}


class DutyForm(forms.ModelForm):
    class Meta:
        model = DutyState
        fields = ["status", "responsible_person", "deadline", "evidence", "notes"]
        widgets = {
            "deadline": DateInput(),
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


class SettingsForm(forms.Form):
    model_version = forms.ChoiceField(label=_("Maturity model"), choices=())
    share_for_aggregation = forms.BooleanField(
        label=_("Share the figures for views across organisations"),
        required=False,
        help_text=_(
            "Others see only figures summed over all sharing organisations, never one "
            "organisation's services, departments or people."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model_version"].choices = [
            (version, model.name.get(content_language()))
            for version, model in available_models().items()
        ]


class CriteriaForm(forms.Form):
    """Each criterion of the model: fulfilled, not fulfilled or does not apply."""

    def __init__(self, *args, model, ratings: dict, **kwargs):
        super().__init__(*args, **kwargs)
        language = content_language()
        choices = [
            ("na", _("does not apply / not rated")),
            ("yes", _("fulfilled")),
            ("no", _("not fulfilled")),
        ]
        for criterion in model.criteria:
            rating = ratings.get(criterion.key)
            initial = "na" if rating is None else ("yes" if rating >= criterion.level else "no")
            self.fields[criterion.key] = forms.ChoiceField(
                label=criterion.name.get(language),
                help_text=criterion.description.get(language),
                choices=choices,
                initial=initial,
            )


class UsageForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        input_formats=MONTH_INPUT_FORMATS,
        widget=MonthInput(),
    )
    # The column's range (PositiveIntegerField) on every database: larger is a message here,
    # not an overflow in the database.
    count = forms.IntegerField(label=_("Uses"), min_value=0, max_value=2_147_483_647)
