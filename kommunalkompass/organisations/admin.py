from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Department, Invitation, Membership, Organisation, RegisterEntry


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Installation admins verify organisations here, and only here (docs/scoring.md, "Peer
    benchmarks"): the actions check the AGS against the register and record the change."""

    list_display = ["name", "kind", "ags", "state", "population", "slug", "verified"]
    search_fields = ["name", "ags", "slug"]
    list_filter = ["verified", "kind", "state"]
    readonly_fields = ["verified", "verified_at", "verified_by", "verification_note"]
    actions = ["mark_verified", "revoke_verification"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and obj.verified and "ags" in form.changed_data:
            # The verification confirmed the old AGS (as organisation_update does).
            services.organisation_revoke_verification(actor=request.user, organisation=obj)

    @admin.action(description=_("Mark as verified"))
    def mark_verified(self, request, queryset) -> None:
        done = 0
        for organisation in queryset.order_by("name"):
            if organisation.verified:
                continue
            try:
                services.organisation_verify(actor=request.user, organisation=organisation)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d organisation marked as verified.",
                    "%(count)d organisations marked as verified.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )

    @admin.action(description=_("Revoke verification"))
    def revoke_verification(self, request, queryset) -> None:
        done = 0
        for organisation in queryset.filter(verified=True).order_by("name"):
            services.organisation_revoke_verification(actor=request.user, organisation=organisation)
            done += 1
        self.message_user(
            request,
            ngettext(
                "Verification revoked for %(count)d organisation.",
                "Verification revoked for %(count)d organisations.",
                done,
            )
            % {"count": done},
            messages.SUCCESS,
        )


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "organisation"]
    search_fields = ["name", "organisation__name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation__name"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    readonly_fields = ["token_hash"]


@admin.register(RegisterEntry)
class RegisterEntryAdmin(admin.ModelAdmin):
    list_display = ["name", "record_type", "ags", "ars", "state", "population"]
    list_filter = ["record_type", "state"]
    search_fields = ["name", "ags", "ars"]
