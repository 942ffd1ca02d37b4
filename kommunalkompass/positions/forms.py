from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from kommunalkompass.core.language import content_language
from kommunalkompass.core.widgets import DateInput
from kommunalkompass.organisations.models import Department

from .content import all_grade_rules, role_templates
from .models import Description, Post
from .services import ProcessInput

LEVELS = {1: _("basic knowledge"), 2: _("sound knowledge"), 3: _("expert knowledge")}


def _role_choices() -> list[tuple[str, str]]:
    language = content_language()
    return [(role.key, role.title.get(language)) for role in role_templates()]


def _rules_choices() -> list[tuple[str, str]]:
    language = content_language()
    return [(key, rules.label(language)) for key, rules in all_grade_rules().items()]


def competences_text(competences: list[dict]) -> str:
    """The competences as the form shows them: one ``name: level`` a line."""
    return "\n".join(f"{c['name']}: {c['level']}" for c in competences)


def parse_competences(text: str) -> list[dict]:
    """``name: level`` lines into competences; ``ValidationError`` naming the bad line."""
    result = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        name, _sep, level = line.rpartition(":")
        if not name.strip() or level.strip() not in {"1", "2", "3"}:
            raise forms.ValidationError(
                _(
                    "Line %(n)s: write “competence: level” with a level from 1 (basic) "
                    "to 3 (expert)."
                ),
                params={"n": number},
                code="competence",
            )
        result.append({"name": name.strip(), "level": int(level.strip())})
    return result


class NewPostForm(forms.Form):
    """A post from a role template: the template's description is the first version."""

    role_key = forms.ChoiceField(label=_("Role template"))
    number = forms.CharField(label=_("Post number"), max_length=40)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the template's title."),
    )
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=Post.Status.choices)
    available_from = forms.DateField(label=_("From"), required=False, widget=DateInput())

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role_key"].choices = _role_choices()
        self.fields["department"].queryset = Department.objects.filter(organisation=organisation)


class PostForm(forms.Form):
    """The post and its description (not the Arbeitsvorgänge: see ``ProcessFormSet``)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    number = forms.CharField(label=_("Post number"), max_length=40)
    title = forms.CharField(label=_("Title"), max_length=200)
    status = forms.ChoiceField(label=_("Status"), choices=Post.Status.choices)
    available_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    reports_to = forms.ModelChoiceField(
        label=_("Reports to"), queryset=Post.objects.none(), required=False
    )
    deputises_for = forms.ModelChoiceField(
        label=_("Deputises for"), queryset=Post.objects.none(), required=False
    )
    leads = forms.CharField(
        label=_("Leads"),
        max_length=300,
        required=False,
        help_text=_("The units or staff the post leads, e.g. “IT team, 4 staff”."),
    )
    scope = forms.ChoiceField(label=_("Scope"), choices=Post.Scope.choices)
    hours = forms.DecimalField(
        label=_("Weekly hours"), max_digits=4, decimal_places=2, min_value=Decimal(1)
    )
    purpose = forms.CharField(
        label=_("Purpose of the post"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    rules_key = forms.ChoiceField(label=_("Grade rules"))
    signing_authority = forms.CharField(
        label=_("Signing authority"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    budget_authority = forms.CharField(
        label=_("Budget authority"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    education = forms.CharField(
        label=_("Education"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    experience = forms.CharField(
        label=_("Experience"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    competences = forms.CharField(
        label=_("Competences with required level"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line: “competence: level”, level 1 (basic) to 3 (expert)."),
    )
    driving_licence = forms.CharField(label=_("Driving licence"), max_length=100, required=False)
    other_requirements = forms.CharField(
        label=_("Other requirements"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    working_conditions = forms.CharField(
        label=_("Working conditions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(
        label=_("What changed"),
        max_length=300,
        required=False,
        help_text=_("Saved with the new version of the description."),
    )

    def __init__(
        self,
        *args,
        organisation,
        post: Post | None = None,
        description: Description | None = None,
        **kw,
    ):
        if post is not None and not args and "initial" not in kw:
            kw["initial"] = {
                "version": post.version,
                **{
                    name: getattr(post, name)
                    for name in (
                        "number",
                        "title",
                        "status",
                        "available_from",
                        "leads",
                        "scope",
                        "hours",
                        "purpose",
                        "rules_key",
                    )
                },  # fmt: skip
                "department": post.department_id,
                "reports_to": post.reports_to_id,
                "deputises_for": post.deputises_for_id,
            }
            if description is not None:
                kw["initial"].update(
                    {
                        name: getattr(description, name)
                        for name in (
                            "signing_authority",
                            "budget_authority",
                            "education",
                            "experience",
                            "driving_licence",
                            "other_requirements",
                            "working_conditions",
                        )
                    }  # fmt: skip
                )
                kw["initial"]["competences"] = competences_text(description.competences)
        super().__init__(*args, **kw)
        self.fields["department"].queryset = Department.objects.filter(organisation=organisation)
        posts = Post.objects.filter(organisation=organisation).order_by("number")
        self.fields["reports_to"].queryset = posts
        self.fields["deputises_for"].queryset = posts
        self.fields["rules_key"].choices = _rules_choices()

    def clean_competences(self) -> list[dict]:
        return parse_competences(self.cleaned_data.get("competences", ""))

    def post_fields(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "number", "title", "status", "available_from", "department", "reports_to",
                "deputises_for", "leads", "scope", "hours", "purpose", "rules_key",
            )
        }  # fmt: skip

    def description_fields(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "signing_authority", "budget_authority", "education", "experience",
                "competences", "driving_licence", "other_requirements", "working_conditions",
            )
        }  # fmt: skip


class ProcessForm(forms.Form):
    title = forms.CharField(
        label=_("Arbeitsvorgang"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    share = forms.IntegerField(label=_("Time share (%)"), required=False)
    tasks = forms.CharField(
        label=_("Tasks (one a line)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    features = forms.MultipleChoiceField(
        label=_("Grading features this Arbeitsvorgang meets as a whole"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, feature_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["features"].choices = list(feature_choices)

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (
            data.get("title") or data.get("share") or data.get("tasks") or data.get("features")
        )


class BaseProcessFormSet(forms.BaseFormSet):
    def processes(self) -> list[ProcessInput]:
        """The filled rows as Arbeitsvorgänge, in order; blank and removed rows left out."""
        result = []
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            if form.is_blank():
                continue
            data = form.cleaned_data
            result.append(
                ProcessInput(
                    title=data.get("title") or "",
                    share=data.get("share"),
                    tasks=data.get("tasks") or "",
                    features=tuple(data.get("features") or ()),
                )
            )
        return result


ProcessFormSet = forms.formset_factory(
    ProcessForm, formset=BaseProcessFormSet, extra=2, can_delete=True, max_num=30
)


def process_formset(*args, rules_key: str, initial=None, prefix: str = "processes"):
    rules = all_grade_rules().get(rules_key)
    language = content_language()
    choices = [(f.key, f.label.get(language)) for f in rules.features] if rules else []
    return ProcessFormSet(
        *args, initial=initial, prefix=prefix, form_kwargs={"feature_choices": choices}
    )


class RoleNeedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    role_key = forms.ChoiceField(label=_("Role"))
    fte = forms.DecimalField(
        label=_("Full-time equivalents"), max_digits=4, decimal_places=2, min_value=Decimal("0.01")
    )
    needed_from = forms.DateField(label=_("Needed from"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role_key"].choices = _role_choices()


class SettingsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    employer_offer = forms.CharField(
        label=_("What we offer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One point a line; shown in every job advertisement under “What we offer”."),
    )
    full_time_hours = forms.DecimalField(
        label=_("Full-time weekly hours"),
        max_digits=4,
        decimal_places=2,
        min_value=Decimal(1),
        help_text=_("Check the hours that apply to your organisation (collective agreement)."),
    )
    person_days_per_fte = forms.IntegerField(
        label=_("Working days per full-time post and year"),
        min_value=1,
        max_value=260,
        help_text=_(
            "Turns posts into the roadmap's staff capacity (person-days). 200 is an "
            "assumption, not a verified standard: set your own figure."
        ),
    )
