"""API of the positions module (mounted under /api/v1/): posts, their current description and
its pay-grade hint; a post from a role template; a new version of a description."""

from __future__ import annotations

import datetime

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from kommunalkompass.core.api import Pagination
from kommunalkompass.core.language import content_language
from kommunalkompass.organisations.tenancy import api_organisation, get_scoped_or_404, requires

from . import selectors, services
from .documents import hint_sentence
from .grading import GradeHint
from .models import Post

router = Router(tags=["positions"])
VIEW, MANAGE = "positions.view_posts", "positions.manage_posts"


class PostSummary(Schema):
    id: int
    number: str
    title: str
    status: str
    role_key: str
    department: int | None
    scope: str
    hours: float
    available_from: datetime.date | None
    version: int
    description_version: int | None
    grade_hint: str | None = Field(None, description="The hinted Entgeltgruppe, e.g. '11'")


class ProcessOut(Schema):
    title: str
    share: int
    tasks: list[str]
    features: list[str]


class GroupOut(Schema):
    grade: str | None
    share: int
    processes: list[str]


class HintOut(Schema):
    rules: str
    grade: str | None
    label: str
    notice: str = Field(description="Always a hint for HR and the staff council, no decision")
    groups: list[GroupOut]
    personal: str


class DescriptionOut(Schema):
    number: int
    created_at: datetime.datetime
    note: str
    signing_authority: str
    budget_authority: str
    education: str
    experience: str
    competences: list[dict]
    driving_licence: str
    other_requirements: str
    working_conditions: str
    processes: list[ProcessOut]


class PostDetail(PostSummary):
    reports_to: int | None
    deputises_for: int | None
    leads: str
    purpose: str
    description: DescriptionOut | None
    hint: HintOut


def _hint_out(hint: GradeHint) -> dict:
    return {
        "rules": hint.rules_key,
        "grade": hint.grade,
        "label": hint.label,
        "notice": hint_sentence(hint),
        "groups": [
            {"grade": g.grade, "share": g.share, "processes": [p.label for p in g.processes]}
            for g in hint.groups
        ],
        "personal": hint.personal,
    }


def _summary(row: selectors.PostRow) -> dict:
    post = row.post
    return {
        "id": post.pk,
        "number": post.number,
        "title": post.title,
        "status": post.status,
        "role_key": post.role_key,
        "department": post.department_id,
        "scope": post.scope,
        "hours": float(post.hours),
        "available_from": post.available_from,
        "version": post.version,
        "description_version": row.description.number if row.description else None,
        "grade_hint": row.hint.grade,
    }


def _detail(post: Post) -> dict:
    language = content_language()
    description = selectors.current_description(post)
    hint = selectors.hint_for(post, description, language)
    data = _summary(selectors.PostRow(post, description, hint))
    data.update(
        {
            "reports_to": post.reports_to_id,
            "deputises_for": post.deputises_for_id,
            "leads": post.leads,
            "purpose": post.purpose,
            "hint": _hint_out(hint),
            "description": None,
        }
    )
    if description is not None:
        data["description"] = {
            **{
                name: getattr(description, name)
                for name in (
                    "number",
                    "created_at",
                    "note",
                    "signing_authority",
                    "budget_authority",
                    "education",
                    "experience",
                    "competences",
                    "driving_licence",
                    "other_requirements",
                    "working_conditions",
                )
            },  # fmt: skip
            "processes": [
                {"title": p.title, "share": p.share, "tasks": p.task_list, "features": p.features}
                for p in description.processes.all()
            ],
        }
    return data


@router.get(
    "/organisations/{slug}/positions", response=list[PostSummary], openapi_extra=requires(VIEW)
)
@paginate(Pagination)
def post_list(request: HttpRequest, slug: str):
    """The organisation's posts with their current description version and grade hint."""
    organisation = api_organisation(request, slug, VIEW)
    rows = selectors.post_rows(organisation=organisation, language=content_language())
    return [_summary(row) for row in rows]


class PostIn(Schema):
    role_key: str = Field(description="Key of a role template, e.g. 'sysadmin'")
    number: str
    title: str = ""
    status: str = Post.Status.EXISTING
    available_from: datetime.date | None = None


@router.post("/organisations/{slug}/positions", response=PostDetail, openapi_extra=requires(MANAGE))
def post_create(request: HttpRequest, slug: str, payload: PostIn):
    """A post from a role template; the template's description is its first version."""
    organisation = api_organisation(request, slug, MANAGE)
    if payload.status not in Post.Status.values:
        from django.core.exceptions import ValidationError

        raise ValidationError({"status": _("Choose one of the statuses offered.")})
    post = services.post_create_from_template(
        actor=request.auth,
        organisation=organisation,
        role_key=payload.role_key,
        number=payload.number,
        title=payload.title,
        status=payload.status,
        available_from=payload.available_from,
        language=content_language(),
    )
    return _detail(_post(organisation, post.pk))


def _post(organisation, post_id: int) -> Post:
    return get_scoped_or_404(
        selectors.post_queryset(organisation=organisation), organisation, pk=post_id
    )


@router.get(
    "/organisations/{slug}/positions/{post_id}",
    response=PostDetail,
    openapi_extra=requires(VIEW),
)
def post_detail(request: HttpRequest, slug: str, post_id: int):
    """A post with its current description and the pay-grade hint with its explanation."""
    organisation = api_organisation(request, slug, VIEW)
    return _detail(_post(organisation, post_id))


class ProcessIn(Schema):
    title: str
    share: int
    tasks: list[str] = []
    features: list[str] = []


class CompetenceIn(Schema):
    name: str
    level: int = Field(ge=1, le=3)


class DescriptionIn(Schema):
    version: int | None = Field(None, description="The post's version the change starts from")
    note: str = ""
    processes: list[ProcessIn]
    signing_authority: str = ""
    budget_authority: str = ""
    education: str = ""
    experience: str = ""
    competences: list[CompetenceIn] = []
    driving_licence: str = ""
    other_requirements: str = ""
    working_conditions: str = ""


@router.put(
    "/organisations/{slug}/positions/{post_id}/description",
    response=PostDetail,
    openapi_extra=requires(MANAGE),
)
def description_update(request: HttpRequest, slug: str, post_id: int, payload: DescriptionIn):
    """A new version of the description (the same content saves nothing): shares must add up
    to exactly 100, each Arbeitsvorgang needs a description."""
    organisation = api_organisation(request, slug, MANAGE)
    post = _post(organisation, post_id)
    data = payload.dict()
    processes = [
        services.ProcessInput(
            title=p["title"], share=p["share"], tasks="\n".join(p["tasks"]),
            features=tuple(p["features"]),
        )
        for p in data.pop("processes")
    ]  # fmt: skip
    version, note = data.pop("version"), data.pop("note")
    services.post_update(
        actor=request.auth,
        organisation=organisation,
        post=post,
        version=version,
        fields={},
        description=data,
        processes=processes,
        note=note,
    )
    found = selectors.post_queryset(organisation=organisation).filter(pk=post.pk).first()
    if found is None:
        raise Http404
    return _detail(found)
