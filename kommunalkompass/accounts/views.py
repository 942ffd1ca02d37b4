import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device

from kommunalkompass.core.forms import add_service_errors

from . import selectors, services
from .forms import (
    ApiTokenForm,
    EmailAuthenticationForm,
    EmailPasswordResetForm,
    ProfileForm,
    TwoFactorCodeForm,
    TwoFactorLoginForm,
)
from .models import ApiToken
from .two_factor import (
    totp_qr_svg,
    totp_secret_groups,
    two_factor_mandatory,
    two_factor_pending,
    two_factor_required,
)


def _next_url(request: HttpRequest, default: str) -> str:
    """The ``next`` address of the request if it stays on this site, else ``default``."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return resolve_url(default)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


# Log-in, log-out, passwords


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        # Straight on to the second factor, rather than through a page that would refuse.
        url = super().get_success_url()
        user = self.request.user
        if user_has_device(user, confirmed=True) and not getattr(user, "otp_device", None):
            return _with_next("accounts:two_factor_verify", url)
        if two_factor_required(user):
            return _with_next("accounts:two_factor_setup", url)
        return url


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have been logged out."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    form_class = EmailPasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        self.extra_email_context = {
            "valid_hours": math.ceil(settings.PASSWORD_RESET_TIMEOUT / 3600)
        }
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # The new password is proof enough: a lock-out from earlier guesses ends here.
        services.user_login_failures_reset(user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


# Profile and API tokens


def _profile_page(
    request: HttpRequest,
    *,
    profile_form: ProfileForm | None = None,
    token_form: ApiTokenForm | None = None,
    status: int = 200,
) -> TemplateResponse:
    user = request.user
    return TemplateResponse(
        request,
        "accounts/profile.html",
        {
            "profile_form": profile_form or ProfileForm(initial={"full_name": user.full_name}),
            "token_form": token_form or ApiTokenForm(),
            "memberships": selectors.membership_list(user=user),
            "tokens": selectors.api_token_list(user=user),
            "two_factor_device": selectors.two_factor_device(user=user),
            "two_factor_mandatory": two_factor_mandatory(user),
            "backup_codes_left": user.backup_codes.filter(used_at__isnull=True).count(),
        },
        status=status,
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _profile_page(request)
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            services.user_profile_update(
                user=request.user, full_name=form.cleaned_data["full_name"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your name has been saved."))
            return redirect("accounts:profile")
    return _profile_page(request, profile_form=form, status=400)


@login_required
@require_POST
def api_token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            token, secret = services.api_token_create(
                user=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            response = TemplateResponse(
                request, "accounts/token_created.html", {"token": token, "secret": secret}
            )
            # The secret must not stay in any cache or in the browser's history.
            add_never_cache_headers(response)
            return response
    return _profile_page(request, token_form=form, status=400)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        token = services.api_token_revoke(user=request.user, token_id=pk)
    except ApiToken.DoesNotExist:
        raise Http404 from None
    messages.success(
        request,
        _("The token “%(name)s” has been revoked and no longer works.") % {"name": token.name},
    )
    return redirect(f"{reverse('accounts:profile')}#api-tokens")


# Two-factor authentication


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if selectors.two_factor_device(user=user) is not None:
        messages.info(request, _("Two-factor authentication is already set up for your account."))
        return redirect("accounts:profile")
    form = TwoFactorCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                device = services.totp_device_confirm(user=user, code=form.cleaned_data["code"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                request.session.cycle_key()
                otp_login(request, device)
                messages.success(request, _("Two-factor authentication is now switched on."))
                return redirect(_next_url(request, "accounts:profile"))
        status = 400
    device = services.totp_device_start(user=user)
    return TemplateResponse(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": totp_qr_svg(device),
            "secret_groups": totp_secret_groups(device),
            "mandatory": two_factor_mandatory(user),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
        status=status,
    )


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request, settings.LOGIN_REDIRECT_URL)
    if not two_factor_pending(request):
        return redirect(next_url)
    form = TwoFactorLoginForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                device = services.two_factor_verify(
                    user=request.user, code=form.cleaned_data["code"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                request.session.cycle_key()
                otp_login(request, device)
                return redirect(next_url)
        status = 400
    return TemplateResponse(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
        status=status,
    )


@login_required
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    user = request.user
    if selectors.two_factor_device(user=user) is None:
        messages.info(request, _("Two-factor authentication is not switched on for your account."))
        return redirect("accounts:profile")
    mandatory = two_factor_mandatory(user)
    form = TwoFactorCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if mandatory:
            status = 403
        elif form.is_valid():
            try:
                services.two_factor_disable(user=user, code=form.cleaned_data["code"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Two-factor authentication is now switched off."))
                return redirect("accounts:profile")
            status = 400
        else:
            status = 400
    return TemplateResponse(
        request,
        "accounts/two_factor_disable.html",
        {"form": form, "mandatory": mandatory},
        status=status,
    )


@login_required
@require_POST
def backup_codes_create(request: HttpRequest) -> HttpResponse:
    """New backup codes, shown this once (the page is not stored by the browser)."""
    try:
        codes = services.backup_codes_create(user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("accounts:profile")
    response = TemplateResponse(request, "accounts/backup_codes.html", {"codes": codes})
    response["Cache-Control"] = "private, no-store"
    return response
