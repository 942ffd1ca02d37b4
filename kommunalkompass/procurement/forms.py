from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kommunalkompass.strategy.models import Measure

from . import catalogs
from .models import Evaluation, Procurement, Requirement


def _measures(organisation) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Strategy measures served"),
        queryset=Measure.objects.for_organisation(organisation)
        .filter(strategy__is_current=True)
        .order_by("number"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The measures of the current strategy this procurement serves."),
    )


def _evb_it_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("EVB-IT contract type"),
        choices=[("", _("– as the catalog suggests –")), *catalogs.evb_it_choices()],
        required=False,
    )


class ProcurementCreateForm(forms.Form):
    catalog_key = forms.ChoiceField(label=_("Requirement catalog"), required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    subject = forms.CharField(label=_("Subject"), widget=forms.Textarea, required=False)
    estimated_value = forms.DecimalField(
        label=_("Estimated value (net, euro)"), min_value=0, max_digits=12, decimal_places=2,
        help_text=_("The total value over the whole term, without VAT (§ 3 VgV)."),
    )  # fmt: skip
    evb_it_type = forms.ChoiceField(required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["catalog_key"].choices = [
            ("", _("– start without a catalog –")),
            *((c.key, c.title.de) for c in catalogs.shipped_catalogs()),
        ]
        self.fields["evb_it_type"] = _evb_it_field()
        self.fields["measures"] = _measures(organisation)


class ProcurementForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Procurement
        fields = [
            "title", "subject", "situation", "buyer_contributions", "project_terms",
            "estimated_value", "evb_it_type", "measures",
        ]  # fmt: skip

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evb_it_type"] = _evb_it_field()
        self.fields["measures"] = _measures(organisation)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class RequirementForm(forms.ModelForm):
    class Meta:
        model = Requirement
        fields = ["key", "group", "kind", "weight", "text", "text_en", "evidence", "non_functional"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}),
                   "text_en": forms.Textarea(attrs={"rows": 2})}  # fmt: skip
        help_texts = {
            "weight": _("B requirements: 1 to 100. A requirements carry no weight (0)."),
        }


class LotForm(forms.Form):
    title = forms.CharField(label=_("Lot"), max_length=200)


class BidUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Filled answer sheet (XLSX)"),
        help_text=_("The answer sheet of the published version, filled in by the bidder."),
    )


class MethodForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=Evaluation.Method.choices)
    tolerance = forms.DecimalField(
        label=_("Tolerance band (%)"), required=False, min_value=0, max_value=100,
        help_text=_("Erweiterte Richtwertmethode: bids within this share below the best "
                    "Z are decided by the criterion below."),
    )  # fmt: skip
    decision = forms.ChoiceField(
        label=_("Decision criterion within the band"), required=False,
        choices=[("performance", _("Best performance (L)")), ("price", _("Lowest price (P)"))],
    )  # fmt: skip
    reference = forms.ChoiceField(
        label=_("Reference"), required=False,
        choices=[("median", _("Median of the bids")), ("value", _("Reference values announced")),
                 ("mean", _("Mean of the bids (advised against)"))],
    )  # fmt: skip
    weight_performance = forms.DecimalField(
        label=_("Weight of performance G_L"), required=False, min_value=0, max_value=1,
        help_text=_("Gewichtete Richtwertmethode: G_L + G_P = 1, e.g. 0.6 and 0.4."),
    )  # fmt: skip
    weight_price = forms.DecimalField(
        label=_("Weight of price G_P"), required=False, min_value=0, max_value=1
    )
    reference_performance = forms.DecimalField(
        label=_("Reference performance L_ref"), required=False, min_value=0
    )
    reference_price = forms.DecimalField(
        label=_("Reference price P_ref (euro)"), required=False, min_value=0
    )
    formula = forms.ChoiceField(
        label=_("Price points formula"), required=False,
        choices=[("ratio", "max · Pmin / P"), ("difference", "max · (2 − P / Pmin)"),
                 ("linear", "max · (Pmax − P) / (Pmax − Pmin)")],
    )  # fmt: skip
    max_price_points = forms.DecimalField(
        label=_("Maximum price points"), required=False, min_value=0
    )

    def parameters(self) -> dict:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name != "method" and value not in (None, "")
        }


class ScoreForm(forms.Form):
    """One field per B requirement: the points 0–10 for one bid."""

    def __init__(self, *args, requirements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.requirements = list(requirements)
        for requirement in self.requirements:
            self.fields[f"points_{requirement.pk}"] = forms.IntegerField(
                label=f"{requirement.key} ({requirement.weight})",
                required=False,
                min_value=0,
                max_value=10,
                help_text=requirement.text,
            )

    def points(self) -> dict[int, int | None]:
        return {r.pk: self.cleaned_data.get(f"points_{r.pk}") for r in self.requirements}


class ExclusionForm(forms.Form):
    requirement = forms.ModelChoiceField(
        label=_("A requirement not met"), queryset=Requirement.objects.none(), required=False
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, specification=None, **kwargs):
        super().__init__(*args, **kwargs)
        if specification is not None:
            self.fields["requirement"].queryset = specification.requirements.filter(kind="A")
