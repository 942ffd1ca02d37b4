"""Tenant scoping, in one place.

Every domain row belongs to exactly one organisation. Views reach an organisation only
through ``organisation_view`` (web) or ``api_organisation`` (API), which answer 404 for
anyone who is not a member, and read rows only through ``for_organisation`` or
``get_scoped_or_404``. Nothing else in the code base filters by organisation by hand.
The reads across organisations are ``assessments/peers.py`` (summarised dimension scores
of assessments shared for peer benchmarks) and ``ozg/aggregates.py`` (counts of service
states of organisations that share them); neither returns single rows of another
organisation.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse

if TYPE_CHECKING:
    from .models import Membership, Organisation

M = TypeVar("M", bound=models.Model)


class OrganisationQuerySet(models.QuerySet):
    def for_organisation(self, organisation: Organisation) -> Self:
        return self.filter(organisation=organisation)


class OrganisationOwned(models.Model):
    """Base for every row that belongs to one organisation (indexed by it)."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="%(app_label)s_%(class)s_set",
        related_query_name="%(app_label)s_%(class)s",
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        abstract = True


def get_scoped_or_404(
    queryset: models.QuerySet[M] | type[M], organisation: Organisation, **lookup: Any
) -> M:
    """The object matching ``lookup`` inside ``organisation``; 404 for any other."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    try:
        return queryset.filter(organisation=organisation).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def membership_for(user: Any, organisation: Organisation) -> Membership | None:
    """The user's membership in ``organisation``, cached on the user object per request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    cache: dict[int, Membership | None] = user.__dict__.setdefault("_membership_cache", {})
    if organisation.pk not in cache:
        from .models import Membership

        cache[organisation.pk] = (
            Membership.objects.filter(organisation=organisation, user=user)
            .select_related("department")
            .first()
        )
    return cache[organisation.pk]


def organisation_for_member(user: Any, slug: str) -> tuple[Organisation, Membership]:
    """The organisation ``slug`` and the user's membership; 404 unless the user is a member."""
    from .models import Membership

    membership = (
        Membership.objects.select_related("organisation")
        .filter(organisation__slug=slug, user=user)
        .first()
        if getattr(user, "is_authenticated", False) and user.is_active
        else None
    )
    if membership is None:
        raise Http404
    user.__dict__.setdefault("_membership_cache", {})[membership.organisation_id] = membership
    return membership.organisation, membership


def organisation_view(permission: str) -> Callable:
    """Decorate a view under ``/o/<slug>/``.

    Anonymous users are sent to the log-in page, non-members get 404, members without
    ``permission`` (a django-rules permission checked against the organisation) get 403.
    The view receives ``request.organisation`` and ``request.membership``.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            organisation, membership = organisation_for_member(request.user, slug)
            if not request.user.has_perm(permission, organisation):
                raise PermissionDenied
            request.organisation = organisation  # type: ignore[attr-defined]
            request.membership = membership  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        wrapper.organisation_permission = permission  # type: ignore[attr-defined]
        return wrapper

    return decorator


def api_organisation(request: HttpRequest, slug: str, permission: str) -> Organisation:
    """The organisation for an API call: 404 for non-members, 403 without ``permission``."""
    user = request.auth if getattr(request, "auth", None) is not None else request.user
    organisation, _membership = organisation_for_member(user, slug)
    if not user.has_perm(permission, organisation):
        raise PermissionDenied
    return organisation


def requires(permission: str) -> dict[str, str]:
    """``openapi_extra`` for an organisation endpoint: names the permission it checks.

    The tenancy test matrix reads it to know who must be let in.
    """
    return {"x-permission": permission}
