from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from .models import Department, Organisation, Role


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "ags", "state", "population", "slug", "notes"]
        widgets = {
            "ags": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class OrganisationCreateForm(OrganisationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "Lower-case letters, digits and hyphens; leave empty to derive it from the name."
        )


class OrganisationUpdateForm(OrganisationForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    logo = forms.FileField(
        label=_("Logo for printed documents"),
        required=False,
        help_text=_(
            "PNG or JPEG, at most 512 KB and 4,096 × 4,096 pixels. It appears in the header "
            "of every document."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "short_name"]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.VIEWER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class AccountForInvitationForm(forms.Form):
    """A new account for an invited person; the e-mail address comes from the invitation."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password_repeat = forms.CharField(
        label=_("Repeat password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        password, repeat = cleaned.get("password"), cleaned.get("password_repeat")
        if password and repeat and password != repeat:
            self.add_error("password_repeat", _("The two passwords do not match."))
        elif password:
            from kommunalkompass.accounts.models import User

            try:
                validate_password(
                    password, User(email=self.email, full_name=cleaned.get("full_name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned
