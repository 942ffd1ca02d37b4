from django import forms
from django.utils.translation import gettext_lazy as _

from kommunalkompass.assessments.maturity import FULL_MODEL, get_model
from kommunalkompass.core.language import content_language
from kommunalkompass.core.widgets import DateInput, FilterableCheckboxes
from kommunalkompass.organisations.models import Department

from .models import BENEFIT_CRITERIA, FieldOfAction, Indicator, Measure, Strategy
from .selectors import closed_assessments


def _dimension_choices() -> list[tuple[str, str]]:
    language = content_language()
    return [(d.key, d.name.get(language)) for d in get_model(FULL_MODEL).dimensions]


class StrategyForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Strategy
        fields = [
            "title",
            "start_year",
            "horizon_years",
            "vision",
            "principles",
            "foreword",
            "assessments",
        ]
        widgets = {
            "vision": forms.Textarea(attrs={"rows": 4}),
            "principles": forms.Textarea(attrs={"rows": 5}),
            "foreword": forms.Textarea(attrs={"rows": 5}),
            "assessments": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessments"].queryset = closed_assessments(organisation=organisation)
        self.fields["assessments"].required = False


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Strategy.Status.choices)
    agreed_on = forms.DateField(label=_("Agreed on"), required=False, widget=DateInput())
    agreed_by = forms.CharField(
        label=_("Agreed by"),
        required=False,
        max_length=200,
        help_text=_("For example: council, decision no. 2027/041."),
    )


class FieldForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    dimensions = forms.MultipleChoiceField(
        label=_("Maturity dimensions"),
        widget=forms.CheckboxSelectMultiple,
        choices=(),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dimensions"].choices = _dimension_choices()


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=200)
    field = forms.ModelChoiceField(
        label=_("Field of action"),
        queryset=FieldOfAction.objects.none(),
        required=False,
        help_text=_("Leave empty for a goal across the fields of action."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = strategy.fields.all()


# What each step of the rating scales means (priority.py weighs them; docs/strategy.md).
BENEFIT_SCALE = [
    (0, _("0 – none")),
    (1, _("1 – very low")),
    (2, _("2 – low")),
    (3, _("3 – medium")),
    (4, _("4 – high")),
    (5, _("5 – very high")),
]
COST_SCALE = BENEFIT_SCALE[1:]
RATING_SCALES = {
    "benefit_citizens": (
        BENEFIT_SCALE,
        _(
            "0: citizens and businesses notice nothing; 5: many of them are served "
            "noticeably faster, more simply or around the clock."
        ),
    ),
    "benefit_staff": (
        BENEFIT_SCALE,
        _("0: no relief; 5: noticeable relief for many staff in their daily work."),
    ),
    "benefit_efficiency": (
        BENEFIT_SCALE,
        _("0: saves nothing; 5: saves much time or money in many cases."),
    ),
    "benefit_legal": (
        BENEFIT_SCALE,
        _("0: no legal duty; 5: a legal duty whose deadline is near or has passed."),
    ),
    "benefit_goals": (
        BENEFIT_SCALE,
        _("0: serves no goal of the strategy; 5: decisive for reaching a goal."),
    ),
    "effort": (
        COST_SCALE,
        _(
            "1: a few person-days, no procurement; 5: a large project over several years, "
            "with procurement."
        ),
    ),
    "risk": (
        COST_SCALE,
        _(
            "1: a proven solution with few dependencies; 5: something new, with many "
            "parties and dependencies."
        ),
    ),
}


class MeasureForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Measure
        fields = [
            "title",
            "description",
            "fields",
            "goals",
            "lead_department",
            "lead_person",
            "participants",
            "status",
            "progress",
            "start",
            "end",
            "duration_quarters",
            "earliest_start",
            "one_time_cost",
            "annual_cost",
            "person_days",
            "funding_source",
            "benefit_citizens",
            "benefit_staff",
            "benefit_efficiency",
            "benefit_legal",
            "benefit_goals",
            "effort",
            "risk",
            "depends_on",
            "priority_override",
            "priority_reason",
            "dimension",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "fields": forms.CheckboxSelectMultiple,
            "goals": forms.CheckboxSelectMultiple,
            "depends_on": FilterableCheckboxes(search_label=_("Search measures")),
            "start": DateInput(),
            "end": DateInput(),
            "earliest_start": DateInput(),
        }

    def __init__(self, *args, strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fields"].queryset = strategy.fields.all()
        self.fields["goals"].queryset = strategy.goals.all()
        others = strategy.measures.all()
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["depends_on"].queryset = others
        self.fields["lead_department"].queryset = Department.objects.for_organisation(
            strategy.organisation
        )
        self.fields["dimension"] = forms.ChoiceField(
            label=_("Maturity dimension"),
            required=False,
            choices=[("", "–"), *_dimension_choices()],
        )
        for name in ("fields", "goals", "depends_on"):
            self.fields[name].required = False
        for name, (scale, help_text) in RATING_SCALES.items():
            self.fields[name].widget = forms.Select(choices=scale)
            self.fields[name].help_text = help_text


class ReportForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Measure.Status.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    spent = forms.DecimalField(
        label=_("Spent since the last report (EUR)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LimitsForm(forms.Form):
    """Budget (euro) and staff capacity (person-days) for each year of the horizon."""

    def __init__(self, *args, strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = strategy.years
        for year in self.years:
            self.fields[f"budget_{year}"] = forms.DecimalField(
                label=_("Budget %(year)d (EUR)") % {"year": year},
                required=False,
                min_value=0,
                max_digits=12,
                decimal_places=2,
                initial=strategy.budgets.get(str(year)),
            )
            self.fields[f"capacity_{year}"] = forms.IntegerField(
                label=_("Staff capacity %(year)d (person-days)") % {"year": year},
                required=False,
                min_value=0,
                initial=strategy.capacities.get(str(year)),
            )

    def budgets(self) -> dict:
        return {y: self.cleaned_data.get(f"budget_{y}") for y in self.years}

    def capacities(self) -> dict:
        return {y: self.cleaned_data.get(f"capacity_{y}") for y in self.years}


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "direction", "baseline", "baseline_date", "target", "target_date"]
        widgets = {
            "baseline_date": DateInput(),
            "target_date": DateInput(),
        }


class ValueForm(forms.Form):
    measured_on = forms.DateField(label=_("Measured on"), widget=DateInput())
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    source = forms.CharField(label=_("Source"), max_length=200, required=False)


class WeightsForm(forms.Form):
    """The weight (0–100) of each benefit criterion in this strategy."""

    def __init__(self, *args, strategy, **kwargs):
        super().__init__(*args, **kwargs)
        weights = strategy.benefit_weights()
        for key, label in BENEFIT_CRITERIA:
            self.fields[key] = forms.IntegerField(
                label=label, min_value=0, max_value=100, initial=weights[key]
            )


class PublicationForm(forms.Form):
    """Whether the current strategy is public at ``/p/<slug>/``, and what the page shows."""

    published = forms.BooleanField(
        label=_("Publish the current strategy"),
        required=False,
        help_text=_(
            "Anybody can open the public page without logging in: vision, fields of action, "
            "goals with their indicators and measures with their status and timing. It names "
            "no person. Switch it off to withdraw the page at once."
        ),
    )
    show_costs = forms.BooleanField(label=_("Show the costs of the measures"), required=False)
    show_ozg = forms.BooleanField(label=_("Show the share of OZG services online"), required=False)
