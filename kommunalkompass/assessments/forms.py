from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kommunalkompass.core.language import content_language
from kommunalkompass.core.widgets import DateInput

from .maturity import GROUP_KEYS, QUICK_CHECK_MODEL, current_models

GROUP_LABELS = {
    "leaders": _("Leaders (Führungskräfte)"),
    "staff": _("Staff (Mitarbeitende)"),
    "it": _("IT"),
}


def model_choices() -> list[tuple[str, str]]:
    language = content_language()
    return [
        (ident, f"{model.name.get(language)} ({model.minutes} min, {len(model.questions())})")
        for ident, model in current_models().items()
    ]


DONT_KNOW = "dontknow"  # the answer "Weiß nicht / trifft nicht zu"
LEVEL_VALUES = ("1", "2", "3", "4", "5")


class SurveyAnswersForm(forms.Form):
    """The answers to questions of a maturity model as a survey page posts them: a level
    from 1 to 5, or "don't know", per question key. The one parser of answers, for the
    staff survey and the public Quick-Check alike.

    With ``required`` (the Quick-Check) every question needs an answer; without (a page of
    the staff survey, which keeps what was given) an unanswered question is left out. A
    value that is not one of the answers offered is an error either way.
    """

    def __init__(self, data=None, *, questions, required: bool, **kwargs):
        super().__init__(data, **kwargs)
        for question in questions:
            self.fields[question.key] = forms.ChoiceField(
                choices=[(value, value) for value in (*LEVEL_VALUES, DONT_KNOW)],
                required=required,
                error_messages={
                    "required": _("Please choose an answer (or “don’t know”)."),
                    "invalid_choice": _("This is not one of the answers offered."),
                },
            )

    def answers(self) -> dict[str, int | None]:
        """The valid answers by question key: a level as a number, "don't know" as ``None``;
        questions left unanswered or answered with a value not offered are not in it."""
        cleaned = getattr(self, "cleaned_data", {})
        return {
            key: None if value == DONT_KNOW else int(value)
            for key, value in cleaned.items()
            if value
        }

    def answer_errors(self) -> dict[str, str]:
        """One message per question whose answer is missing or not one of those offered."""
        return {key: str(messages[0]) for key, messages in self.errors.items()}


def question_rows(
    questions, *, language: str, values: dict, errors: dict, numbered: bool = False
) -> list[dict]:
    """The questions as ``assessments/_question.html`` shows them: text in ``language``, the
    answer chosen (``value``; ``values``: question key → level, ``None`` for "don't know"),
    the error, if any, and the radio buttons (``options``: value, element id, label,
    checked), "don't know" last; ``numbered``: each level's label starts with its number, as
    on the paper questionnaire ("3 – …"). Everything the template prints is a ready string, so a
    survey page renders without a number format or a nested loop per answer."""
    dont_know = gettext("Don’t know / does not apply")
    rows = []
    for q in questions:
        value = (
            DONT_KNOW if q.key in values and values[q.key] is None else str(values.get(q.key) or "")
        )
        options = [
            (
                str(a.level),
                f"{a.level} – {a.text.get(language)}" if numbered else a.text.get(language),
            )
            for a in q.answers
        ]
        options.append((DONT_KNOW, dont_know))
        rows.append(
            {
                "key": q.key,
                "text": q.text.get(language),
                "value": value,
                "error": errors.get(q.key, ""),
                "options": [
                    {
                        "value": option,
                        "id": f"{q.key}-{option}",
                        "label": label,
                        "checked": option == value,
                        "dont_know": option == DONT_KNOW,
                    }
                    for option, label in options
                ],
            }
        )
    return rows


class AssessmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    model_ident = forms.ChoiceField(label=_("Maturity model"), choices=())
    groups = forms.MultipleChoiceField(
        label=_("Respondent groups"),
        choices=[(key, GROUP_LABELS[key]) for key in GROUP_KEYS],
        initial=list(GROUP_KEYS),
        widget=forms.CheckboxSelectMultiple,
    )
    use_departments = forms.BooleanField(
        label=_("Ask respondents for their department"),
        required=False,
        help_text=_(
            "Departments are shown only where at least as many people answered as the threshold."
        ),
    )
    anonymity_threshold = forms.IntegerField(
        label=_("Anonymity threshold"),
        min_value=2,
        max_value=50,
        help_text=_("No result is shown for a group or department with fewer respondents."),
    )

    share_for_benchmark = forms.BooleanField(
        label=_("Share the results for comparisons with similar organisations"),
        required=False,
        help_text=_(
            "Only the score of each dimension is shared, never answers or groups, and only "
            "summarised over at least five organisations. Sharing also shows you the "
            "comparison."
        ),
    )

    def __init__(self, *args, model_ident: str = "", **kwargs):
        """``model_ident`` preselects a model (the Quick-Check unless it names another)."""
        super().__init__(*args, **kwargs)
        choices = model_choices()
        self.fields["model_ident"].choices = choices
        offered = {ident for ident, _name in choices}
        self.fields["model_ident"].initial = (
            model_ident if model_ident in offered else QUICK_CHECK_MODEL
        )
        self.fields["anonymity_threshold"].initial = settings.ANONYMITY_THRESHOLD


class TargetsForm(forms.Form):
    """One optional target level per dimension."""

    def __init__(self, *args, model, targets, language, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("no target"))] + [
            (str(level.level), f"{level.level} – {level.name.get(language)}")
            for level in model.levels
        ]
        for dimension in model.dimensions:
            self.fields[dimension.key] = forms.TypedChoiceField(
                label=dimension.name.get(language),
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=targets.get(dimension.key),
            )


class GroupSizesForm(forms.Form):
    """How many people each respondent group has (optional), for the response rate."""

    def __init__(self, *args, groups, sizes, **kwargs):
        super().__init__(*args, **kwargs)
        for key in groups:
            self.fields[key] = forms.IntegerField(
                label=GROUP_LABELS.get(key, key),
                min_value=1,
                max_value=1_000_000,
                required=False,
                initial=sizes.get(key),
            )


class InvitationsForm(forms.Form):
    group = forms.ChoiceField(label=_("Respondent group"), choices=())
    addresses = forms.CharField(
        label=_("E-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line, or separated by commas or semicolons."),
    )
    file = forms.FileField(
        label=_("… or a CSV file with the addresses"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
    )

    remind = forms.BooleanField(
        label=_("Remind those who have not answered a few days before the end date"),
        required=False,
        initial=True,
        help_text=_(
            "The addresses are then kept, apart from the answers, until each person has "
            "submitted or the survey closes; nobody can see who has answered."
        ),
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [(key, GROUP_LABELS.get(key, key)) for key in groups]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        text = cleaned.get("addresses") or ""
        if upload:
            if upload.size > 2 * 1024 * 1024:
                self.add_error("file", _("The file may be at most 2 MB."))
                return cleaned
            try:
                text += "\n" + upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("file", _("The file must be a CSV or text file in UTF-8."))
                return cleaned
        cleaned["text"] = text
        return cleaned


class EndDateForm(forms.Form):
    """The last day of the survey; empty for none."""

    ends_on = forms.DateField(
        label=_("End date"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "The last day on which answers can be given; afterwards the links show that the "
            "survey is closed. The results stay as they are."
        ),
    )
