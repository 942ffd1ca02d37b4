"""Reads for organisations; each returns what its page needs in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from kommunalkompass.accounts.models import User
from kommunalkompass.accounts.tokens import secret_hash

from .models import Department, Invitation, Membership, Organisation, RegisterEntry, Role


def membership_list_for_user(*, user: User, query: str = "") -> QuerySet[Membership]:
    """The user's memberships with their organisations, by organisation name."""
    memberships = Membership.objects.filter(user=user).select_related("organisation")
    if query:
        memberships = memberships.filter(
            Q(organisation__name__icontains=query) | Q(organisation__ags__startswith=query)
        )
    return memberships.order_by("organisation__name")


def user_administers_an_organisation(user: User) -> bool:
    """The user is an administrator of at least one organisation (one query).

    The two-factor policy of ``REQUIRE_2FA_FOR_ADMINS``, registered with the accounts app in
    ``OrganisationsConfig.ready()``.
    """
    return Membership.objects.filter(user=user, role=Role.ADMIN).exists()


def member_list(*, organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.for_organisation(organisation)
        .select_related("user", "department")
        .order_by("user__full_name", "user__email")
    )


def invitation_list_pending(*, organisation: Organisation) -> QuerySet[Invitation]:
    return (
        Invitation.objects.for_organisation(organisation)
        .filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("invited_by")
    )


def invitation_by_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=secret_hash(token or ""))
        .first()
    )


def department_list(*, organisation: Organisation) -> QuerySet[Department]:
    """The organisation's departments by name, each with its ``member_count`` (one query).

    Ordered explicitly: ``Meta.ordering`` does not apply to a query with ``GROUP BY``."""
    return (
        Department.objects.for_organisation(organisation)
        .annotate(member_count=Count("memberships"))
        .order_by("name", "pk")
    )


def organisation_counts(*, organisation: Organisation) -> dict[str, int]:
    """Members, admins, departments and open invitations: four small counting queries
    (one query joining them all would multiply the rows: members × departments)."""
    members = Membership.objects.for_organisation(organisation)
    return {
        "members": members.count(),
        "admins": members.filter(role="admin").count(),
        "departments": Department.objects.for_organisation(organisation).count(),
        "open_invitations": invitation_list_pending(organisation=organisation).count(),
    }


def organisation_size_counts(*, organisations: list[Organisation]) -> dict[int, dict[str, int]]:
    """Members and departments of each organisation (two queries, whatever their number)."""
    ids = [organisation.pk for organisation in organisations]
    members = dict(
        Membership.objects.filter(organisation_id__in=ids)
        .values_list("organisation_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    departments = dict(
        Department.objects.filter(organisation_id__in=ids)
        .values_list("organisation_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {
        pk: {"members": members.get(pk, 0), "departments": departments.get(pk, 0)} for pk in ids
    }


SEARCHABLE_RECORD_TYPES = (
    RegisterEntry.RecordType.MUNICIPALITY,
    RegisterEntry.RecordType.MUNICIPAL_ASSOCIATION,
    RegisterEntry.RecordType.DISTRICT,
)


def register_search(*, query: str, limit: int = 10) -> QuerySet[RegisterEntry]:
    """Register entries whose name contains ``query`` or whose AGS/ARS starts with it."""
    query = (query or "").strip()
    if len(query) < 2:
        return RegisterEntry.objects.none()
    # A verbandsfreie Gemeinde, an erfüllende Gemeinde and a kreisfreie Stadt appear again
    # as a Gemeinde record.
    entries = RegisterEntry.objects.filter(record_type__in=SEARCHABLE_RECORD_TYPES).exclude(
        Q(record_type=RegisterEntry.RecordType.MUNICIPAL_ASSOCIATION, text_code__in=["50", "58"])
        | Q(record_type=RegisterEntry.RecordType.DISTRICT, text_code__in=["41", "42"])
    )
    if query.isdigit():
        entries = entries.filter(Q(ags__startswith=query) | Q(ars__startswith=query))
    else:
        entries = entries.filter(search_name__contains=query.casefold())
    return entries.order_by(F("population").desc(nulls_last=True), "name")[:limit]
