from django.urls import reverse
from django.utils.translation import gettext_lazy as _

NAV_ITEMS = (
    ("organisations:home", _("Ablaufplan"), "organisations.view_organisation"),
    ("organisations:members", _("Team"), "organisations.view_members"),
    ("organisations:departments", _("Departments"), "organisations.view_departments"),
    ("organisations:audit", _("Audit log"), "organisations.view_audit_log"),
    ("organisations:settings", _("Settings"), "organisations.change_organisation"),
)


def organisation(request):
    """The current organisation, its navigation and the user's memberships for the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    current = getattr(request, "organisation", None)
    context = {
        "current_organisation": current,
        "user_memberships": user.memberships.select_related("organisation").order_by(
            "organisation__name"
        ),
    }
    if current is not None:
        match = getattr(request, "resolver_match", None)
        current_name = f"{match.namespace}:{match.url_name}" if match else ""
        context["organisation_nav"] = [
            {
                "url": reverse(name, args=[current.slug]),
                "label": label,
                "active": name == current_name,
            }
            for name, label, permission in NAV_ITEMS
            if user.has_perm(permission, current)
        ]
    return context
