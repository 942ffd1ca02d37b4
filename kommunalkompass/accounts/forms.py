import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, User

CODE_PATTERN = re.compile(r"^\d{6}$")
BACKUP_CODE_PATTERN = re.compile(r"^[a-z0-9]{10}$")


class EmailAuthenticationForm(AuthenticationForm):
    """Log-in with e-mail address and password."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        "invalid_login": _(
            "The e-mail address or the password is not correct. Please check both and try again."
        ),
        "inactive": _("This account has been deactivated."),
    }

    def clean_username(self) -> str:
        # One spelling per address, so the lock-out counts "Anna@…" and "anna@…" together.
        return self.cleaned_data["username"].strip().lower()


class EmailPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class ProfileForm(forms.Form):
    full_name = forms.CharField(
        label=_("Name"),
        max_length=User._meta.get_field("full_name").max_length,
        required=False,
        help_text=_("Shown to the other members of your organisations."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name"]
        labels = {"name": _("Name of the new token")}
        help_texts = {
            "name": _("What the token is for, for example “Monthly report script”."),
        }


class TwoFactorCodeForm(forms.Form):
    """The six-digit code shown by the authenticator app."""

    code = forms.CharField(
        label=_("Six-digit code"),
        help_text=_("The code in your authenticator app changes every 30 seconds."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
            }
        ),
        error_messages={"required": _("Enter the six-digit code from your authenticator app.")},
    )

    allow_backup_code = False

    def clean_code(self) -> str:
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"]).lower()
        if CODE_PATTERN.match(code):
            return code
        if self.allow_backup_code and BACKUP_CODE_PATTERN.match(code):
            return code
        raise forms.ValidationError(self.format_message(), code="format")

    def format_message(self) -> str:
        return _("The code has exactly six digits, for example 123456.")


class TwoFactorLoginForm(TwoFactorCodeForm):
    """At log-in, a backup code (ten letters and digits) may stand in for the app's code."""

    allow_backup_code = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Six-digit code or backup code")
        self.fields["code"].help_text = _(
            "The code in your authenticator app changes every 30 seconds. Without your phone, "
            "enter one of your backup codes; each works once."
        )
        self.fields["code"].widget.attrs["inputmode"] = "text"

    def format_message(self) -> str:
        return _(
            "Enter the six-digit code of your app, for example 123456, or a backup code of "
            "ten letters and digits."
        )
