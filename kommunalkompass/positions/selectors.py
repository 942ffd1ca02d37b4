"""Reads of the positions module. One selector feeds the page, the document and the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from kommunalkompass.organisations.models import Organisation
from kommunalkompass.strategy.models import Measure, Strategy

from .content import DEFAULT_RULES, GradeRules, all_grade_rules, role_templates
from .grading import GradeHint, Process, grade_hint
from .models import Description, PositionSettings, Post, RoleNeed, WorkProcess


def position_settings(*, organisation: Organisation) -> PositionSettings:
    """The organisation's settings; unsaved defaults when it has none (nothing is written)."""
    found = PositionSettings.objects.for_organisation(organisation).first()
    return found or PositionSettings(organisation=organisation)


def rules_for(post: Post) -> GradeRules:
    """The grade rules of ``post`` (the default ladder when its key is no longer shipped)."""
    rules = all_grade_rules()
    return rules.get(post.rules_key) or rules[DEFAULT_RULES]


def role_titles(language: str) -> dict[str, str]:
    """Role template key → its title in ``language``."""
    return {role.key: role.title.get(language) for role in role_templates()}


@dataclass(frozen=True)
class TemplateRow:
    key: str
    title: str
    grade_from: str
    grade_to: str
    purpose: str
    basis: str
    processes: tuple[tuple[str, int], ...]
    education: str


def templates(language: str) -> list[TemplateRow]:
    """The role templates in ``language``: usual grade range with its basis, Arbeitsvorgänge."""
    return [
        TemplateRow(
            key=r.key,
            title=r.title.get(language),
            grade_from=r.grade_from,
            grade_to=r.grade_to,
            purpose=r.purpose.get(language),
            basis=r.grade_basis.get(language),
            processes=tuple((p.title.get(language), p.share) for p in r.processes),
            education=r.education.get(language),
        )
        for r in role_templates()
    ]


def _process_prefetch() -> Prefetch:
    return Prefetch("processes", queryset=WorkProcess.objects.order_by("position", "pk"))


def post_queryset(*, organisation: Organisation) -> QuerySet[Post]:
    return (
        Post.objects.for_organisation(organisation)
        .select_related("department", "reports_to", "deputises_for", "need__measure")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=Description.objects.order_by("-number").prefetch_related(
                    _process_prefetch()
                ),
            )
        )
    )


def current_description(post: Post) -> Description | None:
    """The newest version of the post's description (from the prefetch when there is one)."""
    versions = list(post.versions.all())
    return max(versions, key=lambda v: v.number) if versions else None


def hint_for(post: Post, description: Description | None, language: str) -> GradeHint:
    """The pay-grade hint of one description version of ``post``."""
    processes = list(description.processes.all()) if description else []
    return grade_hint(
        rules_for(post),
        [Process(p.title, p.share, frozenset(p.features)) for p in processes],
        language,
    )


@dataclass(frozen=True)
class PostRow:
    post: Post
    description: Description | None
    hint: GradeHint

    @property
    def year(self) -> int | None:
        return self.post.available_from.year if self.post.available_from else None


def post_rows(*, organisation: Organisation, language: str) -> list[PostRow]:
    """Every post with its current description and grade hint, by post number."""
    rows = []
    for post in post_queryset(organisation=organisation):
        description = current_description(post)
        rows.append(PostRow(post, description, hint_for(post, description, language)))
    return rows


def version_list(*, post: Post) -> list[Description]:
    """Every version of the post's description, newest first, with who saved it."""
    return list(
        Description.objects.filter(post=post).select_related("created_by").order_by("-number")
    )


def version_of(*, post: Post, number: int) -> Description | None:
    return (
        Description.objects.filter(post=post, number=number)
        .prefetch_related(_process_prefetch())
        .select_related("created_by")
        .first()
    )


@dataclass(frozen=True)
class NeedRow:
    need: RoleNeed
    title: str

    @property
    def fte(self) -> Decimal:
        """The FTE without trailing zeros (0.5, 1), shown in the locale's format."""
        return self.need.fte.normalize() + Decimal(0)


@dataclass
class YearPlan:
    """What a year brings: planned posts, and role needs of the roadmap without a post."""

    year: int | None
    posts: list[PostRow] = field(default_factory=list)
    needs: list[NeedRow] = field(default_factory=list)


def open_needs(*, organisation: Organisation) -> list[RoleNeed]:
    """Role needs of the current strategy's measures that no post is planned for yet."""
    return list(
        RoleNeed.objects.for_organisation(organisation)
        .filter(measure__strategy__is_current=True, posts__isnull=True)
        .select_related("measure")
        .order_by("needed_from", "pk")
    )


def planned_by_year(
    *, organisation: Organisation, rows: list[PostRow], language: str = "de"
) -> list[YearPlan]:
    """Planned posts and open role needs of the roadmap, by the year they start in."""
    titles = role_titles(language)
    years: dict[int | None, YearPlan] = {}
    for row in rows:
        if row.post.status == Post.Status.PLANNED:
            years.setdefault(row.year, YearPlan(row.year)).posts.append(row)
    for need in open_needs(organisation=organisation):
        year = need.needed_from.year
        title = titles.get(need.role_key, need.role_key)
        years.setdefault(year, YearPlan(year)).needs.append(NeedRow(need, title))
    return sorted(years.values(), key=lambda plan: (plan.year is None, plan.year or 0))


def post_fte(post: Post, full_time_hours: Decimal) -> Decimal:
    """A post's full-time equivalents: its weekly hours over the full-time hours."""
    if post.scope == Post.Scope.FULL or not full_time_hours:
        return Decimal(1)
    return (post.hours / full_time_hours).quantize(Decimal("0.01"))


def staff_fte_by_year(*, organisation: Organisation, years: list[int]) -> dict[int, Decimal]:
    """FTE available in each year: existing and planned posts from the year they start
    (existing posts without a date from the start), plus open role needs of the roadmap."""
    settings = position_settings(organisation=organisation)
    totals = {year: Decimal(0) for year in years}
    for post in Post.objects.for_organisation(organisation).only(
        "scope", "hours", "status", "available_from"
    ):
        start = post.available_from.year if post.available_from else None
        if start is None and post.status == Post.Status.PLANNED:
            continue  # a planned post without a date counts nowhere yet
        for year in years:
            if start is None or start <= year:
                totals[year] += post_fte(post, settings.full_time_hours)
    for need in open_needs(organisation=organisation):
        for year in years:
            if need.needed_from.year <= year:
                totals[year] += need.fte
    return totals


def staff_capacity(*, strategy: Strategy) -> dict[int, int]:
    """The roadmap's staff capacity per year (person-days) derived from the posts."""
    organisation = strategy.organisation
    settings = position_settings(organisation=organisation)
    fte = staff_fte_by_year(organisation=organisation, years=strategy.years)
    return {year: int(value * settings.person_days_per_fte) for year, value in fte.items()}


def measure_needs(*, measure: Measure, language: str = "de") -> list[NeedRow]:
    """The roles ``measure`` needs, with their template titles and planned posts."""
    titles = role_titles(language)
    needs = RoleNeed.objects.filter(measure=measure).prefetch_related("posts")
    return [NeedRow(need, titles.get(need.role_key, need.role_key)) for need in needs]


def planned_posts_for_strategy(*, strategy: Strategy, language: str) -> list[tuple]:
    """(year, title, measure code or "", FTE) of every planned post and open role need, for the
    strategy document."""
    rows = post_rows(organisation=strategy.organisation, language=language)
    lines = []
    plans = planned_by_year(organisation=strategy.organisation, rows=rows, language=language)
    for plan in plans:
        for row in plan.posts:
            measure = row.post.need.measure.code if row.post.need else ""
            lines.append((plan.year, f"{row.post.number} {row.post.title}", measure, Decimal(1)))
        for need_row in plan.needs:
            lines.append((plan.year, need_row.title, need_row.need.measure.code, need_row.need.fte))
    return lines
