"""API for assessments (mounted under /api/v1/)."""

import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from kommunalkompass.core.api import Pagination
from kommunalkompass.core.language import content_language
from kommunalkompass.organisations.tenancy import api_organisation, get_scoped_or_404, requires

from . import selectors, services
from .maturity import FULL_MODEL, QUICK_CHECK_MODEL
from .models import Assessment
from .scoring import shown_score

router = Router(tags=["assessments"])


class AssessmentOut(Schema):
    id: int
    title: str
    model: str = Field(..., alias="model_ident")
    status: Literal["draft", "open", "ended", "closed"] = Field(
        ...,
        description=(
            "draft (not yet opened), open (takes answers), ended (the end date has passed: "
            "takes no more answers and is closed overnight), closed"
        ),
    )
    ends_on: datetime.date | None = Field(
        None, description="The survey's last day (ISO date); it closes by itself afterwards"
    )
    respondents: int = 0
    groups: list[str]
    anonymity_threshold: int
    share_for_benchmark: bool = False


class AssessmentIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    model: str = Field(
        QUICK_CHECK_MODEL,
        description=(
            f"{QUICK_CHECK_MODEL} or {FULL_MODEL}; an earlier version (quick-1.0, full-1.0) "
            "repeats a survey on its questions"
        ),
    )
    groups: list[str] | None = None
    use_departments: bool = False
    anonymity_threshold: int | None = Field(None, ge=2, le=50)
    share_for_benchmark: bool = False


class OpenLinks(Schema):
    links: dict[str, str]


SHOWN = "rounded half up to one decimal, as the results page and the report show it"


class GroupCell(Schema):
    respondents: int
    score: float | None = Field(None, description=f"The group's score, {SHOWN}")
    suppressed: bool


class DimensionOut(Schema):
    key: str
    name: str
    score: float | None = Field(None, description=f"The dimension score (1–5), {SHOWN}")
    level: int | None = Field(None, description="The shown score rounded down (1–5)")
    target: int | None
    gap: float | None = Field(None, description="Target level minus the shown score")
    respondents: int
    spread: float | None = Field(None, description=f"Standard deviation, {SHOWN}")
    groups: dict[str, GroupCell]


class Overall(Schema):
    score: float | None = Field(None, description=f"Mean of the shown dimension scores, {SHOWN}")
    level: int | None


class ResultsOut(Schema):
    overall: Overall
    respondents: int
    dimensions: list[DimensionOut]


def _out(assessment: Assessment, respondents: int | None = None) -> dict:
    return {
        "id": assessment.pk,
        "title": assessment.title,
        "model_ident": assessment.model_ident,
        "status": assessment.current_status,
        "ends_on": assessment.ends_on,
        "respondents": respondents
        if respondents is not None
        else getattr(assessment, "respondents", 0),
        "groups": assessment.groups,
        "anonymity_threshold": assessment.anonymity_threshold,
        "share_for_benchmark": assessment.share_for_benchmark,
    }


@router.get(
    "/organisations/{slug}/assessments",
    response=list[AssessmentOut],
    openapi_extra=requires("assessments.view_assessment"),
)
@paginate(Pagination)
def assessment_list(request: HttpRequest, slug: str):
    organisation = api_organisation(request, slug, "assessments.view_assessment")
    return [_out(a) for a in selectors.assessment_list(organisation=organisation)]


@router.post(
    "/organisations/{slug}/assessments",
    response={201: AssessmentOut},
    openapi_extra=requires("assessments.manage_assessment"),
)
def assessment_create(request: HttpRequest, slug: str, payload: AssessmentIn):
    organisation = api_organisation(request, slug, "assessments.manage_assessment")
    assessment = services.assessment_create(
        actor=request.auth,
        organisation=organisation,
        title=payload.title,
        model_ident=payload.model,
        groups=payload.groups,
        use_departments=payload.use_departments,
        anonymity_threshold=payload.anonymity_threshold,
        share_for_benchmark=payload.share_for_benchmark,
    )
    return Status(201, _out(assessment, 0))


@router.post(
    "/organisations/{slug}/assessments/{assessment_id}/open",
    response=OpenLinks,
    openapi_extra=requires("assessments.manage_assessment"),
)
def assessment_open(request: HttpRequest, slug: str, assessment_id: int):
    organisation = api_organisation(request, slug, "assessments.manage_assessment")
    assessment = get_scoped_or_404(selectors.maturity_assessments(), organisation, pk=assessment_id)
    tokens = services.assessment_open(actor=request.auth, assessment=assessment)
    return {
        "links": {
            group: request.build_absolute_uri(f"/s/{token}/") for group, token in tokens.items()
        }
    }


class InvitationsIn(Schema):
    group: str = Field(..., description="The respondent group the links are for, e.g. staff")
    emails: list[str] = Field(..., min_length=1, description="One address per entry")
    language: str = Field("de", pattern="^(de|en)$", description="Language of the e-mail")


class InvitationsOut(Schema):
    queued: int


@router.post(
    "/organisations/{slug}/assessments/{assessment_id}/invitations",
    response={202: InvitationsOut},
    openapi_extra=requires("assessments.manage_assessment"),
    summary="Send personal survey links by e-mail",
    description=(
        "Queues one e-mail with a one-use link per address (a background task). Nothing is "
        "sent unless every entry is a valid address; errors name the entry by number "
        '("Line 3"). The addresses are not stored.'
    ),
)
def assessment_invitations(
    request: HttpRequest, slug: str, assessment_id: int, payload: InvitationsIn
):
    organisation = api_organisation(request, slug, "assessments.manage_assessment")
    assessment = get_scoped_or_404(selectors.maturity_assessments(), organisation, pk=assessment_id)
    count = services.invitations_send(
        actor=request.auth,
        assessment=assessment,
        text="\n".join(address.replace("\n", " ") for address in payload.emails),
        group=payload.group,
        language=payload.language,
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    return Status(202, {"queued": count})


@router.post(
    "/organisations/{slug}/assessments/{assessment_id}/close",
    response=AssessmentOut,
    openapi_extra=requires("assessments.manage_assessment"),
)
def assessment_close(request: HttpRequest, slug: str, assessment_id: int):
    organisation = api_organisation(request, slug, "assessments.manage_assessment")
    assessment = get_scoped_or_404(selectors.maturity_assessments(), organisation, pk=assessment_id)
    assessment = services.assessment_close(actor=request.auth, assessment=assessment)
    submitted = sum(c["submitted"] for c in selectors.group_counts(assessment=assessment).values())
    return _out(assessment, submitted)


@router.get(
    "/organisations/{slug}/assessments/{assessment_id}/results",
    response=ResultsOut,
    openapi_extra=requires("assessments.view_assessment"),
)
def assessment_results(request: HttpRequest, slug: str, assessment_id: int):
    organisation = api_organisation(request, slug, "assessments.view_assessment")
    assessment = get_scoped_or_404(selectors.maturity_assessments(), organisation, pk=assessment_id)
    results = selectors.assessment_results(assessment=assessment)
    rows = selectors.dimension_rows(
        model=assessment.model,
        results=results,
        language=content_language(),
        groups=assessment.groups,
    )
    # Scores as the results page and the report show them (one decimal); the level is the
    # floor of that score and the gap is target minus it (docs/scoring.md, "What is shown").
    return {
        "overall": {"score": results.shown_score, "level": results.level},
        "respondents": results.respondents,
        "dimensions": [
            {
                "key": row.key,
                "name": row.name,
                "score": row.result.shown_score,
                "level": row.result.level,
                "target": row.result.target,
                "gap": row.result.gap,
                "respondents": row.result.respondents,
                "spread": shown_score(row.result.spread),
                "groups": {
                    group: {
                        "respondents": cell.respondents,
                        "score": cell.shown_score,
                        "suppressed": cell.suppressed,
                    }
                    for group, cell in row.result.groups.items()
                },
            }
            for row in rows
        ],
    }
