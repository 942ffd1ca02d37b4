"""Reads of the OZG module; an organisation's list and dashboard cost a fixed number of
queries whatever the number of services."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from kommunalkompass.audit.models import AuditEvent
from kommunalkompass.audit.selectors import audit_event_list
from kommunalkompass.core.language import content_language
from kommunalkompass.documents.formatting import format_percent
from kommunalkompass.organisations.models import Organisation
from kommunalkompass.organisations.selectors import department_list
from kommunalkompass.strategy.public import PublicFigure

from .duties import BOUND_LABELS, keys_not_binding, shipped_duties
from .execution import (
    LEVEL_LABELS,
    Group,
    catalog_groups,
    execution_for,
    load_execution_list,
)
from .levels import COMPLIANT_LEVEL, MAX_LEVEL, ONLINE_LEVEL
from .models import (
    DutyState,
    Jurisdiction,
    Lebenslage,
    LegalDuty,
    OzgLeistung,
    OzgSettings,
    ServiceState,
    Snapshot,
    Themenfeld,
    UsageCount,
    Verwaltungsleistung,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from kommunalkompass.strategy.models import Measure

DUE_WITHIN = datetime.timedelta(days=90)


def ozg_settings(*, organisation: Organisation) -> OzgSettings:
    """The organisation's OZG settings: the saved ones, or, for an organisation that never
    saved any, an unsaved ``OzgSettings`` with the defaults (model 1.1, not shared). A read
    writes nothing; the row is created by ``services.ozg_settings_update``. One query."""
    found = OzgSettings.objects.for_organisation(organisation).first()
    return found if found is not None else OzgSettings(organisation=organisation)


def catalog_search(q: str) -> QuerySet[OzgLeistung]:
    """OZG-Leistungen whose name, OZG-ID or one of whose LeiKa keys or names matches ``q``."""
    q = (q or "").strip()
    leistungen = OzgLeistung.objects.select_related("themenfeld", "lebenslage")
    if not q:
        return leistungen
    by_leika = Verwaltungsleistung.objects.filter(leistung=OuterRef("pk")).filter(
        Q(leika_key__startswith=q) | Q(name__icontains=q)
    )
    return leistungen.filter(Q(name__icontains=q) | Q(ozg_id__startswith=q) | Exists(by_leika))


def service_states(
    *,
    organisation: Organisation,
    q: str = "",
    themenfeld: int | None = None,
    lebenslage: int | None = None,
    status: str = "",
    level: int | None = None,
    department: int | None = None,
    jurisdiction: str = "",
) -> QuerySet[ServiceState]:
    """The organisation's service states, filtered, ordered by Themenfeld and name."""
    states = ServiceState.objects.for_organisation(organisation).select_related(
        "leistung__themenfeld", "leistung__lebenslage", "department"
    )
    if q:
        states = states.filter(leistung__in=catalog_search(q).values("pk"))
    if themenfeld:
        states = states.filter(leistung__themenfeld=themenfeld)
    if lebenslage:
        states = states.filter(leistung__lebenslage=lebenslage)
    if status:
        states = states.filter(status=status)
    if level is not None:
        states = states.filter(level=level)
    if department:
        states = states.filter(department=department)
    if jurisdiction:
        states = states.filter(leistung__jurisdiction=jurisdiction)
    return states.order_by("leistung__themenfeld__position", "leistung__themenfeld__name",
                           "leistung__name")  # fmt: skip


def service_states_by_id(
    *, organisation: Organisation, ids: Iterable[int]
) -> QuerySet[ServiceState]:
    """The organisation's service states among ``ids`` (ids of another organisation are left
    out), with their OZG-Leistung, for bulk work."""
    return (
        ServiceState.objects.for_organisation(organisation)
        .filter(pk__in=list(ids))
        .select_related("leistung")
    )


def service_states_by_ozg_id(
    *, organisation: Organisation, ozg_ids: Iterable[str]
) -> QuerySet[ServiceState]:
    """The organisation's service states of the OZG-Leistungen ``ozg_ids`` that it tracks,
    with their OZG-Leistung."""
    return (
        ServiceState.objects.for_organisation(organisation)
        .filter(leistung__ozg_id__in=list(ozg_ids))
        .select_related("leistung")
    )


def service_filter_choices(*, organisation: Organisation) -> dict[str, list[tuple[object, object]]]:
    """The choices of each filter of the service list, ``(value, label)`` in the order
    shown: Themenfelder and Lebenslagen of the catalog, statuses, the levels of every
    maturity model, the organisation's departments and the jurisdictions (three queries)."""
    return {
        "themenfeld": list(Themenfeld.objects.values_list("pk", "name")),
        "lebenslage": list(Lebenslage.objects.values_list("pk", "name")),
        "status": list(ServiceState.Status.choices),
        "level": [(n, n) for n in range(max(MAX_LEVEL.values()) + 1)],
        "department": [(d.pk, d.name) for d in department_list(organisation=organisation)],
        "jurisdiction": list(Jurisdiction.choices),
    }


def service_state_history(*, state: ServiceState, limit: int = 30) -> list[AuditEvent]:
    """The latest ``limit`` audit events of one service state, newest first, with actor and
    type loaded (``audit.presentation.present_events`` turns them into text)."""
    return list(
        audit_event_list(organisation=state.organisation_id).filter(
            content_type__app_label="ozg",
            content_type__model="servicestate",
            object_id=str(state.pk),
        )[:limit]
    )


def usage_list(*, state: ServiceState, months: int = 12) -> QuerySet[UsageCount]:
    """The service's recorded monthly uses, the latest ``months`` months, newest first."""
    return state.usage.order_by("-month")[:months]


def share(part: int, whole: int) -> float | None:
    """``part`` as a fraction of ``whole`` (0.66, not 66), or None without a whole. Pages,
    the API and documents format it with ``documents.formatting.format_percent``."""
    return part / whole if whole else None


@dataclass(frozen=True)
class Headline:
    """The headline of the OZG state: the relevant services and how many of them count as
    online (level 2 or more, the national counting rule) and as OZG-compliant (level 3 or
    more). The dashboard, its API, the status report and the Ablaufplan read it here."""

    relevant: int
    online_national: int
    compliant: int

    @property
    def share_online(self) -> float | None:
        return share(self.online_national, self.relevant)

    @property
    def share_compliant(self) -> float | None:
        return share(self.compliant, self.relevant)


def headline(*, organisation: Organisation) -> Headline:
    """The two counting rules over the organisation's relevant services (one query)."""
    counts = (
        ServiceState.objects.for_organisation(organisation)
        .filter(relevant=True)
        .aggregate(
            relevant=Count("pk"),
            online=Count("pk", filter=Q(level__gte=ONLINE_LEVEL)),
            compliant=Count("pk", filter=Q(level__gte=COMPLIANT_LEVEL)),
        )
    )
    return Headline(
        relevant=counts["relevant"],
        online_national=counts["online"],
        compliant=counts["compliant"],
    )


@dataclass(frozen=True)
class Dashboard(Headline):
    by_level: list[tuple[str, int]]
    by_status: list[tuple[str, StrOrPromise, int]]
    by_themenfeld: list[dict]
    by_department: list[dict]
    due: list[ServiceState]
    overdue: list[ServiceState]
    highest_level: int


def dashboard(
    *, organisation: Organisation, today: datetime.date, highest_level: int = 4
) -> Dashboard:
    """Shares of the relevant services per level and status, per Themenfeld and department,
    the two counting rules, and the services due within 90 days or overdue."""
    states = list(
        ServiceState.objects.for_organisation(organisation).select_related(
            "leistung__themenfeld", "department"
        )
    )
    relevant = [s for s in states if s.relevant]
    levels = Counter(s.level for s in relevant)
    by_level = [(str(n), levels.get(n, 0)) for n in range(highest_level + 1)]
    if levels.get(None):
        by_level.append(("–", levels[None]))
    statuses = Counter(s.status for s in states)
    by_status: list[tuple[str, StrOrPromise, int]] = [
        (value, label, statuses.get(value, 0)) for value, label in ServiceState.Status.choices
    ]

    def summary(group: list[ServiceState]) -> dict:
        shown = [s for s in group if s.relevant]
        return {
            "relevant": len(shown),
            "online": sum(1 for s in shown if (s.level or 0) >= ONLINE_LEVEL),
            "compliant": sum(1 for s in shown if (s.level or 0) >= COMPLIANT_LEVEL),
        }

    themes: dict[str, list[ServiceState]] = defaultdict(list)
    departments: dict[str, list[ServiceState]] = defaultdict(list)
    for state in states:
        theme = state.leistung.themenfeld
        themes[theme.name if theme else ""].append(state)
        departments[state.department.name if state.department else ""].append(state)
    order = {t.name: t.position for t in Themenfeld.objects.all()}
    by_themenfeld = [
        {"name": name, **summary(group)}
        for name, group in sorted(
            themes.items(), key=lambda item: (order.get(item[0], 99), item[0])
        )
    ]
    by_department = [
        {"name": name, **summary(group)}
        for name, group in sorted(departments.items(), key=lambda item: (item[0] == "", item[0]))
    ]
    open_target = sorted(
        (
            (s.target_date, s)
            for s in relevant
            if s.target_date is not None
            and s.target_level is not None
            and (s.level or 0) < s.target_level
        ),
        key=lambda pair: pair[0],
    )
    overdue = [s for target, s in open_target if target < today]
    due = [s for target, s in open_target if today <= target <= today + DUE_WITHIN]
    counts = headline(organisation=organisation)
    return Dashboard(
        relevant=counts.relevant,
        online_national=counts.online_national,
        compliant=counts.compliant,
        by_level=by_level,
        by_status=by_status,
        by_themenfeld=by_themenfeld,
        by_department=by_department,
        due=due,
        overdue=overdue,
        highest_level=highest_level,
    )


def phase_facts(organisation: Organisation) -> list[str]:
    """The OZG state for the Ablaufplan's implementation phase: the dashboard's headline
    (one query)."""
    counts = headline(organisation=organisation)
    if not counts.relevant:
        return []
    return [
        _("OZG: %(online)d of %(relevant)d relevant services online (level 2 or more)")
        % {"online": counts.online_national, "relevant": counts.relevant}
    ]


def snapshot_figures(*, organisation: Organisation) -> dict:
    """The figures a monthly snapshot keeps: relevant, online (level ≥ 2), compliant
    (level ≥ 3), and the relevant services per level and per status (one query)."""
    relevant = online = compliant = 0
    levels: dict[str, int] = {}
    statuses: dict[str, int] = {}
    for is_relevant, level, status in ServiceState.objects.for_organisation(
        organisation
    ).values_list("relevant", "level", "status"):
        statuses[status] = statuses.get(status, 0) + 1
        if not is_relevant:
            continue
        relevant += 1
        online += (level or 0) >= ONLINE_LEVEL
        compliant += (level or 0) >= COMPLIANT_LEVEL
        key = "none" if level is None else str(level)
        levels[key] = levels.get(key, 0) + 1
    return {
        "relevant": relevant,
        "online": online,
        "compliant": compliant,
        "levels": levels,
        "statuses": statuses,
    }


def progress(*, organisation: Organisation, months: int = 18) -> list[dict]:
    """The monthly snapshots of the last ``months`` months, oldest first."""
    rows = list(Snapshot.objects.for_organisation(organisation).order_by("-month")[:months])
    return [{"month": s.month, **s.figures} for s in reversed(rows)]


# The duty state a linked measure's status stands for; a dropped measure says nothing.
DUTY_STATUS_FOR_MEASURE = {
    "idea": DutyState.Status.OPEN,
    "planned": DutyState.Status.OPEN,
    "in_progress": DutyState.Status.IN_PROGRESS,
    "done": DutyState.Status.FULFILLED,
}


def duty_status_from_measure_status(measure_status: str) -> str | None:
    """The duty status that a linked measure of ``measure_status`` stands for, or None."""
    return DUTY_STATUS_FOR_MEASURE.get(measure_status)


@dataclass(frozen=True)
class DutyRow:
    duty: LegalDuty
    state: DutyState | None
    title: str
    applies_to: str
    description: str
    evidence_hint: str
    # A shipped duty's source link, the date it was checked against it ("Stand") and whom
    # it binds (the labels in the active language); empty for an installation's own duty.
    source: str = ""
    as_of: datetime.date | None = None
    binds: tuple[str, ...] = ()
    for_companies: bool = False  # binds municipal companies only

    @property
    def source_site(self) -> str:
        """The host of the source link, as the link's text."""
        return urlsplit(self.source).hostname or ""

    @property
    def status(self) -> str:
        return self.state.status if self.state else "open"

    @property
    def measure(self) -> Measure | None:
        """The linked strategy measure, or None."""
        return self.state.measure if self.state else None

    @property
    def status_from_measure(self) -> str | None:
        """The status the linked measure stands for, when it differs from the duty's own
        (so that "take over the measure's status" is worth offering); else None."""
        if self.measure is None:
            return None
        status = duty_status_from_measure_status(self.measure.status)
        return status if status and status != self.status else None

    @property
    def status_from_measure_label(self) -> StrOrPromise:
        status = self.status_from_measure
        return DutyState.Status(status).label if status else ""


def _duty_row(duty: LegalDuty, state: DutyState | None, language: str) -> DutyRow:
    data = shipped_duties().get(duty.key) if duty.shipped else None
    return DutyRow(
        duty=duty,
        state=state,
        title=data.title.get(language) if data else duty.title,
        applies_to=data.applies_to.get(language) if data else duty.applies_to,
        description=data.description.get(language) if data else duty.description,
        evidence_hint=data.evidence.get(language) if data else "",
        source=data.source if data else "",
        as_of=data.as_of if data else None,
        binds=tuple(str(BOUND_LABELS[b]) for b in data.binds) if data else (),
        for_companies=data.for_companies if data else False,
    )


def _applying_duties(organisation: Organisation) -> QuerySet[LegalDuty]:
    """The legal duties of every state and those of the organisation's own state, without
    the shipped duties that bind no organisation of its kind (``ShippedDuty.binds``; a
    municipality sees its municipal companies' duties, which it checks as their owner)."""
    return LegalDuty.objects.filter(Q(state="") | Q(state=organisation.state)).exclude(
        shipped=True, key__in=keys_not_binding(organisation.kind)
    )


def duty_rows(*, organisation: Organisation, language: str) -> list[DutyRow]:
    """The legal duties that apply to the organisation's state, with its records (2 queries)."""
    states = {
        s.duty_id: s
        for s in DutyState.objects.for_organisation(organisation).select_related("measure")
    }
    return [
        _duty_row(duty, states.get(duty.pk), language)
        for duty in _applying_duties(organisation).order_by("deadline", "title")
    ]


def legal_duty(*, organisation: Organisation, pk: int) -> LegalDuty | None:
    """The legal duty ``pk`` if it applies to the organisation (a duty of another state's
    law does not), else None."""
    return _applying_duties(organisation).filter(pk=pk).first()


def duty_state(*, organisation: Organisation, duty: LegalDuty) -> DutyState | None:
    """The organisation's record of ``duty``, with its linked measure; None while the duty
    is open and nobody has saved anything for it."""
    return (
        DutyState.objects.for_organisation(organisation)
        .select_related("measure")
        .filter(duty=duty)
        .first()
    )


def duty_row(*, organisation: Organisation, duty: LegalDuty, language: str) -> DutyRow:
    """The row of one legal duty, as ``duty_rows`` gives it (one query)."""
    return _duty_row(duty, duty_state(organisation=organisation, duty=duty), language)


@dataclass(frozen=True)
class TakeOverOffer:
    """What "take over the catalog" would add for an organisation: the OZG-Leistungen it
    does not track yet, by group (see ``execution``)."""

    kind_label: str
    own: int
    undecided: int
    other_municipal: int
    non_municipal: int
    tracked: int
    stand: datetime.date

    @property
    def untracked(self) -> int:
        return self.own + self.undecided + self.other_municipal + self.non_municipal


def take_over_offer(*, organisation: Organisation) -> TakeOverOffer:
    """How many OZG-Leistungen of each group the organisation could still take over (three
    queries, whatever the size of the catalog)."""
    groups = catalog_groups(organisation=organisation)
    return TakeOverOffer(
        kind_label=organisation.get_kind_display(),
        own=len(groups[Group.OWN]),
        undecided=len(groups[Group.UNDECIDED]),
        other_municipal=len(groups[Group.OTHER_MUNICIPAL]),
        non_municipal=len(groups[Group.NON_MUNICIPAL]),
        tracked=ServiceState.objects.for_organisation(organisation).count(),
        stand=load_execution_list().stand,
    )


@dataclass(frozen=True)
class Execution:
    """Who executes an OZG-Leistung, as far as the catalog and the default list say."""

    jurisdiction: str  # the label, "" when none is set
    levels: list[str]  # the default list's levels, as labels
    authority: str
    stand: datetime.date | None


def service_execution(*, leistung: OzgLeistung, language: str) -> Execution:
    """The jurisdiction of an OZG-Leistung and the default list's entry for it (no query)."""
    entry = execution_for(leistung)
    return Execution(
        jurisdiction=leistung.get_jurisdiction_display() if leistung.jurisdiction else "",
        levels=[str(LEVEL_LABELS[level]) for level in entry.executed_by] if entry else [],
        authority=entry.authority.get(language) if entry else "",
        stand=load_execution_list().stand if entry else None,
    )


def public_figure(organisation: Organisation) -> PublicFigure | None:
    """The share of relevant OZG services online, for the public strategy page when the
    organisation chooses to show it (registered in ``OzgConfig.ready``; one query). Nothing
    without relevant services."""
    counts = headline(organisation=organisation)
    if counts.share_online is None:
        return None
    return PublicFigure(
        value=format_percent(counts.share_online, language=content_language()),
        label=_("OZG services online"),
        note=_("%(online)d of %(relevant)d relevant OZG services can be used online.")
        % {"online": counts.online_national, "relevant": counts.relevant},
    )
