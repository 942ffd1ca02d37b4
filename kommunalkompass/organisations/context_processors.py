from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# (order, URL name, label, permission); modules add theirs with ``register_nav_item``.
# Items from ``ADMINISTRATION_ORDER`` on (team, departments, audit log, settings) sit in a
# menu of their own at the end of the line, so that the work of the journey (Ablaufplan and
# the modules) fits on one line at 1366 px for every role.
ADMINISTRATION_ORDER = 80
NAV_ITEMS = [
    (0, "organisations:home", _("Ablaufplan"), "organisations.view_organisation"),
    (80, "organisations:members", _("Team"), "organisations.view_members"),
    (85, "organisations:departments", _("Departments"), "organisations.view_departments"),
    (90, "organisations:audit", _("Audit log"), "organisations.view_audit_log"),
    (95, "organisations:settings", _("Settings"), "organisations.change_organisation"),
]


def register_nav_item(order: int, url_name: str, label, permission: str) -> None:
    """Add a module's page to the organisation navigation (from its ``AppConfig.ready``)."""
    if all(item[1] != url_name for item in NAV_ITEMS):
        NAV_ITEMS.append((order, url_name, label, permission))
        NAV_ITEMS.sort(key=lambda item: item[0])


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
        current_namespace = match.namespace if match else ""
        items = [
            (
                order,
                {
                    "url": reverse(name, args=[current.slug]),
                    "label": label,
                    "active": name == current_name
                    or (name.split(":")[0] == current_namespace != "organisations"),
                },
            )
            for order, name, label, permission in NAV_ITEMS
            if user.has_perm(permission, current)
        ]
        context["organisation_nav"] = [
            item for order, item in items if order < ADMINISTRATION_ORDER
        ]
        administration = [item for order, item in items if order >= ADMINISTRATION_ORDER]
        context["organisation_nav_administration"] = administration
        context["organisation_nav_administration_active"] = any(
            item["active"] for item in administration
        )
    return context
