import dataclasses

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from kommunalkompass.core import ratelimit
from kommunalkompass.core.forms import add_service_errors
from kommunalkompass.core.language import content_language
from kommunalkompass.documents.charts import GroupedBarChart, Series
from kommunalkompass.documents.csv import write_csv
from kommunalkompass.documents.downloads import FORMATS
from kommunalkompass.documents.model import (
    Column,
    Document,
    Figure,
    Metadata,
    NumberFormat,
    Table,
)
from kommunalkompass.documents.xlsx import render_xlsx
from kommunalkompass.organisations.downloads import Offer, downloads, serves_document
from kommunalkompass.organisations.selectors import department_list
from kommunalkompass.organisations.tenancy import get_scoped_or_404, organisation_view

from . import paper, selectors, services
from .anonymity import export_note
from .charts import benchmark_figure, group_name, result_figures
from .deadlines import has_ended, is_accepting
from .forms import (
    AssessmentForm,
    GroupSizesForm,
    InvitationsForm,
    SurveyAnswersForm,
    TargetsForm,
    question_rows,
)
from .maturity import QUICK_CHECK_MODEL
from .models import Assessment, SurveyAccess
from .paper import qr_svg
from .peers import MIN_PEERS, peer_benchmark
from .survey_admin_views import survey_admin_context


@organisation_view("assessments.view_assessment")
@require_GET
def assessment_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.assessment_overview(
        organisation=request.organisation, language=content_language()
    )
    return TemplateResponse(
        request,
        "assessments/list.html",
        {
            "assessments": [row.assessment for row in rows],
            "assessment_rows": rows,
            "can_manage": request.user.has_perm(
                "assessments.manage_assessment", request.organisation
            ),
            "quick_check_model": QUICK_CHECK_MODEL,
        },
    )


@organisation_view("assessments.manage_assessment")
def assessment_create(request: HttpRequest) -> HttpResponse:
    form = AssessmentForm(request.POST or None, model_ident=request.GET.get("model", ""))
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_create(
                actor=request.user, organisation=request.organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The assessment has been created as a draft."))
            return redirect("assessments:detail", request.organisation.slug, assessment.pk)
    return TemplateResponse(request, "assessments/create.html", {"form": form})


def _assessment(request: HttpRequest, pk: int) -> Assessment:
    return get_scoped_or_404(selectors.maturity_assessments(), request.organisation, pk=pk)


@organisation_view("assessments.view_assessment")
@require_GET
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _assessment(request, pk))


def _downloads(request: HttpRequest, assessment: Assessment, *, sheet: bool) -> list:
    """The assessment's documents the visitor may download: the staff council's information
    sheet (while the survey is prepared) and, once answers can come in, the report and the
    raw answers (editors only)."""
    pk = {"pk": assessment.pk}
    offers = []
    if sheet:
        offers.append(
            Offer(
                "assessments:information_sheet",
                _("Information for the staff council"),
                pk,
                _(
                    "Purpose, voluntariness, anonymity, who sees what, and every question: for "
                    "the staff council (Personalrat) and everyone asked, before the survey opens."
                ),
            )
        )
    if assessment.status == Assessment.Status.OPEN and sheet:
        offers.append(
            Offer(
                "assessments:notice",
                _("Notice with QR codes"),
                pk,
                _(
                    "One A4 page per group for a notice board: the QR code and address of "
                    "the group's link, the end date and the privacy note."
                ),
            )
        )
    if assessment.status != Assessment.Status.CLOSED and sheet:
        offers += [
            Offer(
                "assessments:paper_questionnaire",
                _("Paper questionnaire"),
                pk,
                _(
                    "For staff without a PC (building yard, day-care centre): filled in "
                    "anonymously, then entered by an editor on the page for paper "
                    "questionnaires."
                ),
            ),
        ]
    if assessment.status != Assessment.Status.DRAFT:
        raw_answers = _(
            "One row per respondent and question, with a random number instead of a name."
        )
        if request.user.has_perm("assessments.view_raw_answers", request.organisation):
            plan = selectors.raw_answer_plan(assessment=assessment)
            language = content_language()
            note = export_note(
                plan, group_name=lambda group: group_name(assessment.model, group, language)
            )
            raw_answers = f"{raw_answers} {note}"
        offers += [
            Offer(
                "assessments:report",
                _("Assessment report"),
                pk,
                _(
                    "Results, perspectives, development potential and recommendations, "
                    "for leadership and council."
                ),
            ),
            Offer(
                "assessments:responses",
                _("Raw answers (anonymous)"),
                pk,
                raw_answers,
            ),
        ]
    return downloads(request, *offers)


def _detail(request: HttpRequest, assessment: Assessment, invitations_form=None, status=200):
    language = content_language()
    can_manage = request.user.has_perm("assessments.manage_assessment", request.organisation)
    counts = selectors.group_counts(assessment=assessment)
    open_links = []
    if can_manage and assessment.status == Assessment.Status.OPEN:
        open_links = [
            {
                "key": group,
                "group": group_name(assessment.model, group, language),
                "url": url,
                "qr": qr_svg(url, title=_("QR code of the link")),
            }
            for group, url in paper.open_link_urls(request, assessment).items()
        ]
    return TemplateResponse(
        request,
        "assessments/detail.html",
        {
            "assessment": assessment,
            "model": assessment.model,
            "model_name": assessment.model.name.get(language),
            "language": language,
            "can_manage": can_manage,
            "open_links": open_links,
            "group_rows": [
                {"name": group_name(assessment.model, group, language), **values}
                for group, values in counts.items()
            ],
            "targets_form": TargetsForm(
                model=assessment.model, targets=assessment.targets, language=language
            ),
            "group_sizes_form": GroupSizesForm(
                groups=assessment.groups, sizes=assessment.group_sizes
            ),
            "invitations_form": invitations_form or InvitationsForm(groups=assessment.groups),
            "downloads": _downloads(request, assessment, sheet=True),
            **survey_admin_context(request, assessment, can_manage=can_manage),
        },
        status=status,
    )


@organisation_view("assessments.manage_assessment")
@require_POST
def assessment_open(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    try:
        services.assessment_open(actor=request.user, assessment=assessment)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The assessment is open. Share the links below."))
    return redirect("assessments:detail", request.organisation.slug, pk)


@organisation_view("assessments.manage_assessment")
@require_POST
def assessment_close(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    try:
        services.assessment_close(actor=request.user, assessment=assessment)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The assessment is closed; its results are final."))
    return redirect("assessments:detail", request.organisation.slug, pk)


@organisation_view("assessments.manage_assessment")
@require_POST
def assessment_invite(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    form = InvitationsForm(request.POST, request.FILES, groups=assessment.groups)
    if form.is_valid():
        try:
            count = services.invitations_send(
                actor=request.user,
                assessment=assessment,
                text=form.cleaned_data["text"],
                group=form.cleaned_data["group"],
                remind=form.cleaned_data["remind"],
                language=content_language(),
                base_url=request.build_absolute_uri("/").rstrip("/"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(count)d invitations are being sent.") % {"count": count},
            )
            return redirect("assessments:detail", request.organisation.slug, pk)
    return _detail(request, assessment, invitations_form=form, status=400)


@organisation_view("assessments.manage_assessment")
@require_POST
def assessment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    if request.POST.get("confirm_title", "").strip() != assessment.title:
        messages.error(request, _("Type the exact title of the assessment to delete it."))
        return redirect("assessments:detail", request.organisation.slug, pk)
    services.assessment_delete(actor=request.user, assessment=assessment)
    messages.success(request, _("The assessment and all its answers have been deleted."))
    return redirect("assessments:list", request.organisation.slug)


@organisation_view("assessments.manage_assessment")
@require_POST
def assessment_targets(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    form = TargetsForm(
        request.POST,
        model=assessment.model,
        targets=assessment.targets,
        language=content_language(),
    )
    if form.is_valid():
        try:
            services.assessment_set_targets(
                actor=request.user, assessment=assessment, targets=form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The target levels have been saved."))
    else:
        messages.error(request, _("Choose a target level from 1 to 5 or no target."))
    return redirect("assessments:detail", request.organisation.slug, pk)


@organisation_view("assessments.manage_assessment")
@require_POST
def assessment_group_sizes(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    form = GroupSizesForm(request.POST, groups=assessment.groups, sizes=assessment.group_sizes)
    if form.is_valid():
        services.assessment_set_group_sizes(
            actor=request.user, assessment=assessment, sizes=form.cleaned_data
        )
        messages.success(request, _("The number of people per group has been saved."))
    else:
        messages.error(
            request, _("Enter the number of people in each group as a whole number, or nothing.")
        )
    return redirect("assessments:detail", request.organisation.slug, pk)


@organisation_view("assessments.manage_assessment")
@require_POST
def assessment_sharing(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    share = request.POST.get("share")
    if share not in ("0", "1"):
        messages.error(request, _("Choose whether to share the results or not."))
        return redirect("assessments:detail", request.organisation.slug, pk)
    try:
        services.assessment_set_sharing(
            actor=request.user, assessment=assessment, share=share == "1"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assessments:detail", request.organisation.slug, pk)
    if share == "1":
        messages.success(request, _("The results are now shared for comparisons."))
    else:
        messages.success(request, _("The results are no longer shared for comparisons."))
    return redirect("assessments:detail", request.organisation.slug, pk)


@organisation_view("assessments.view_assessment")
@require_GET
def assessment_results(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    language = content_language()
    model = assessment.model
    counts = selectors.group_counts(assessment=assessment)
    results = selectors.assessment_results(assessment=assessment, counts=counts)
    rates = selectors.response_rates(assessment=assessment, counts=counts)
    dimensions = selectors.dimension_rows(
        model=model,
        results=results,
        language=language,
        groups=assessment.groups,
        context=selectors.advice_context(assessment=assessment),
    )
    return TemplateResponse(
        request,
        "assessments/results.html",
        {
            "assessment": assessment,
            "model": model,
            "language": language,
            "results": results,
            "overall_level_name": model.level(results.level).name.get(language)
            if results.level
            else "",
            "dimensions": dimensions,
            "response_rates": [
                {**row, "name": group_name(model, row["group"], language)} for row in rates
            ],
            "rates_without_base": any(not row["base"] for row in rates),
            "rates_hidden": any(row["hidden"] for row in rates),
            "gaps": sorted(
                (d for d in dimensions if d.result.gap is not None), key=lambda d: -d.result.gap
            ),
            "figures": result_figures(assessment=assessment, results=results, language=language),
            "downloads": _downloads(request, assessment, sheet=False),
            **_benchmark_context(request, assessment, results, language),
        },
    )


def _benchmark_context(request, assessment, results, language) -> dict:
    same_state = request.GET.get("peers") == "state"
    benchmark = peer_benchmark(assessment=assessment, results=results, same_state=same_state)
    names = {d.key: d.name.get(language) for d in assessment.model.dimensions}
    positions = {
        position: [names[d.key] for d in benchmark.dimensions if d.position == position]
        for position in ("top", "bottom")
    }
    return {
        "can_manage": request.user.has_perm("assessments.manage_assessment", request.organisation),
        "benchmark": benchmark,
        "benchmark_same_state": same_state,
        "benchmark_min_peers": MIN_PEERS,
        "benchmark_size": benchmark.size_class.label if benchmark.size_class else "",
        "benchmark_ahead": positions["top"],
        "benchmark_behind": positions["bottom"],
        "benchmark_figure": benchmark_figure(
            assessment=assessment,
            benchmark=benchmark,
            language=language,
            own_name=request.organisation.name,
        ),
    }


@serves_document
@organisation_view("assessments.view_raw_answers")
@require_GET
def responses_export(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    """Raw answers as CSV or XLSX, for admins and editors: nothing in them singles out fewer
    than *k* respondents (docs/scoring.md, "Raw answers")."""
    assessment = _assessment(request, pk)
    columns, rows = selectors.raw_answer_table(assessment=assessment, language=content_language())
    filename = f"{assessment.title}_{timezone.localdate().isoformat()}_responses.{extension}"
    if extension == "csv":
        response = HttpResponse(write_csv(rows, columns), content_type="text/csv; charset=utf-8")
    else:
        document = Document(
            meta=Metadata(
                title=assessment.title,
                organisation=request.organisation.name,
                language=content_language(),
            ),
            blocks=[
                Table(
                    columns=[
                        Column(
                            name,
                            NumberFormat.INTEGER
                            if name in ("respondent", "level")
                            else NumberFormat.DECIMAL
                            if name == "weight"
                            else NumberFormat.TEXT,
                        )
                        for name in columns
                    ],
                    rows=rows,
                    sheet_name="responses",
                )
            ],
        )
        response = HttpResponse(render_xlsx(document), content_type=FORMATS["xlsx"][1])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    response["Cache-Control"] = "private, no-store"
    return response


@organisation_view("assessments.view_assessment")
@require_GET
def assessment_compare(request: HttpRequest) -> HttpResponse:
    """Compare two assessments, e.g. last year's Quick-Check with today's."""
    language = content_language()
    candidates = list(
        selectors.assessment_list(organisation=request.organisation).exclude(
            status=Assessment.Status.DRAFT
        )
    )
    by_id = {str(a.pk): a for a in candidates}
    if "earlier" in request.GET or "later" in request.GET:
        earlier, later = (
            by_id.get(request.GET.get("earlier", "")),
            by_id.get(request.GET.get("later", "")),
        )
    else:
        earlier, later = selectors.comparison_defaults(candidates)
    same = earlier is not None and earlier == later
    models_differ = bool(earlier and later and earlier.model_ident != later.model_ident)
    rows, figure = [], None
    if earlier and later and not same:
        rows = selectors.assessment_comparison(earlier=earlier, later=later)
        for row in rows:
            row["name"] = row["dimension"].name.get(language)
    # Without a shown score on either side (too few respondents) there is nothing to draw;
    # the table says "not shown".
    if any(row["before"] is not None or row["after"] is not None for row in rows):
        figure = Figure(
            GroupedBarChart(
                title=_("Change per dimension"),
                categories=[row["name"] for row in rows],
                series=[
                    Series(earlier.title, [row["before"] for row in rows]),
                    Series(later.title, [row["after"] for row in rows]),
                ],
                language=language,
            ),
            caption=_("Score of each dimension (1–5) in both assessments."),
        )
    return TemplateResponse(
        request,
        "assessments/compare.html",
        {
            "candidates": candidates,
            "earlier": earlier,
            "later": later,
            "rows": rows,
            "figure": figure,
            "same": same,
            "models_differ": models_differ,
            "model_names": (
                (earlier.model.name.get(language), later.model.name.get(language))
                if models_differ
                else ()
            ),
        },
    )


# The anonymous survey ------------------------------------------------------------------

# Behind an open link, the browser that started keeps the respondent's resume secret in a
# cookie that only this link's pages receive (docs/scoring.md, "The survey").
RESUME_COOKIE = "survey_resume"
RESUME_DAYS = selectors.RESUME_DAYS
# After sending through an open link, the browser keeps a mark (no identifier: the same value
# for everyone who answered through the link) so that opening the link again shows the
# thank-you page instead of a fresh survey, until someone else on the same device asks for
# one (docs/scoring.md, "Answering once").
SENT_COOKIE = "survey_sent"
NEXT_PERSON = "next_person"


def _remember(result: HttpResponse, request: HttpRequest, token: str, secret: str) -> None:
    result.set_cookie(
        RESUME_COOKIE,
        secret,
        max_age=RESUME_DAYS * 24 * 60 * 60,
        path=reverse("assessments:survey", args=[token]),
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def _forget(result: HttpResponse, token: str) -> None:
    result.delete_cookie(
        RESUME_COOKIE, path=reverse("assessments:survey", args=[token]), samesite="Lax"
    )


def _sent_mark(token: str) -> str:
    """The value of the "sent" mark for a link: the same for everyone who answered through
    it (so it identifies nobody), and different for every link."""
    return salted_hmac("kommunalkompass.survey-sent", token).hexdigest()[:16]


def _mark_sent(result: HttpResponse, request: HttpRequest, token: str) -> None:
    result.set_cookie(
        SENT_COOKIE,
        _sent_mark(token),
        max_age=RESUME_DAYS * 24 * 60 * 60,
        path=reverse("assessments:survey", args=[token]),
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def _sent_before(request: HttpRequest, token: str, entry: selectors.SurveyEntry) -> HttpResponse:
    """The thank-you page for a browser that sent its answers through this open link, with
    the way to a fresh survey for the next person on the same device."""
    if request.method == "POST" and request.POST.get("action") == NEXT_PERSON:
        result = redirect("assessments:survey", token)
        result.delete_cookie(
            SENT_COOKIE, path=reverse("assessments:survey", args=[token]), samesite="Lax"
        )
        return result
    context = _survey_context(entry, content_language())
    context.update({"sent_before": True, "token": token, "next_person": NEXT_PERSON})
    return TemplateResponse(request, "assessments/survey_done.html", context)


def _survey_write_scope(entry: selectors.SurveyEntry, page: int) -> str:
    """The rate limit a survey POST counts against: starting, or saving what was started."""
    return "survey_start" if page == 0 and entry.response is None else "survey_save"


def _survey_context(entry: selectors.SurveyEntry, language: str) -> dict:
    model = entry.assessment.model
    return {
        "response": entry.response,
        "assessment": entry.assessment,
        "organisation_name": entry.organisation_name,
        "model": model,
        "language": language,
        "dimension_count": len(model.dimensions),
        "open_link": entry.is_open_link,
        "ended_on": entry.assessment.ends_on if has_ended(entry.assessment) else None,
    }


@never_cache
def survey(request: HttpRequest, token: str, page: int = 0) -> HttpResponse:
    """The anonymous survey behind ``/s/<token>/``: intro, one dimension per page, submit.

    A GET writes nothing: a response is created when the intro page is sent.
    """
    secret = request.COOKIES.get(RESUME_COOKIE, "")
    try:
        entry = selectors.survey_entry(token=token, resume_secret=secret)
    except LookupError:
        raise Http404 from None
    if (
        entry.is_open_link
        and entry.response is None
        and request.COOKIES.get(SENT_COOKIE) == _sent_mark(token)
        and is_accepting(entry.assessment)
    ):
        return _sent_before(request, token, entry)
    if request.method == "POST":
        limited = ratelimit.refused(request, _survey_write_scope(entry, page))
        if limited is not None:
            return limited
    result = _survey(request, token, page, entry, secret)
    resumable = (
        entry.response is not None
        and entry.response.submitted_on is None
        and is_accepting(entry.assessment)
    )
    if entry.is_open_link and secret and not resumable and RESUME_COOKIE not in result.cookies:
        # Answers sent, discarded or closed: the browser no longer needs the secret.
        _forget(result, token)
    return result


@never_cache
@require_GET
def survey_done(request: HttpRequest, token: str) -> HttpResponse:
    """The thank-you page after the answers have been sent."""
    try:
        entry = selectors.survey_entry(token=token)
    except LookupError:
        raise Http404 from None
    return TemplateResponse(
        request, "assessments/survey_done.html", _survey_context(entry, content_language())
    )


def _survey(
    request: HttpRequest, token: str, page: int, entry: selectors.SurveyEntry, secret: str
) -> HttpResponse:
    language = content_language()
    context = _survey_context(entry, language)
    response = entry.response
    if response is not None and response.submitted_on is not None:
        return TemplateResponse(request, "assessments/survey_done.html", context)
    if not is_accepting(entry.assessment):
        return TemplateResponse(request, "assessments/survey_closed.html", context, status=410)
    if page == 0:
        return _survey_intro(request, token, entry, context)
    model = context["model"]
    if response is None or not 1 <= page <= len(model.dimensions) or not response.group:
        return redirect("assessments:survey", token)
    if request.method == "POST":
        dimension = model.dimensions[page - 1]
        questions = [q for q in dimension.questions if response.group in q.groups]
        form = SurveyAnswersForm(request.POST, questions=questions, required=False)
        form.is_valid()
        answers, answer_errors = form.answers(), form.answer_errors()
        if answer_errors:
            # Nothing of the page is saved while an answer is not one of those offered.
            errors = list(dict.fromkeys(answer_errors.values()))
        else:
            try:
                return _survey_save(request, token, page, entry, secret, answers)
            except ValidationError as error:
                errors = error.messages
        return _survey_page(
            request, token, page, entry, context, errors=errors, given=(answers, answer_errors)
        )
    return _survey_page(request, token, page, entry, context)


def _survey_page(
    request: HttpRequest,
    token: str,
    page: int,
    entry: selectors.SurveyEntry,
    context: dict,
    *,
    errors: list[str] | None = None,
    given: tuple[dict, dict] = ({}, {}),
) -> TemplateResponse:
    """One part of the survey with the answers saved so far; after a refused POST, with
    ``errors`` and the answers just ``given`` (answers, errors per question)."""
    language, model, response = context["language"], context["model"], entry.response
    dimension = model.dimensions[page - 1]
    questions = [q for q in dimension.questions if response.group in q.groups]
    saved = selectors.saved_answers(response=response, dimension=dimension.key)
    answers, answer_errors = given
    if errors:
        saved.update(answers)
    context.update(
        {
            "page": page,
            "token": token,
            "dimension": dimension,
            "dimension_name": dimension.name.get(language),
            "questions": question_rows(
                questions, language=language, values=saved, errors=answer_errors
            ),
            "errors": errors or [],
            "is_last": page == len(model.dimensions),
            "progress": round(100 * (page - 1) / len(model.dimensions)),
        }
    )
    return TemplateResponse(
        request, "assessments/survey_page.html", context, status=400 if errors else 200
    )


def _in_place(
    request: HttpRequest, token: str, entry: selectors.SurveyEntry, moved: HttpResponse, page: int
) -> HttpResponse:
    """Where a saved survey page sends the respondent: ``moved``, a redirect to part
    ``page`` (0: the thank-you page). A form sent by htmx (every browser with JavaScript:
    the survey's forms carry ``hx-boost``) gets that page at once, in the same response,
    with its address for the address bar (``HX-Push-Url``) and the cookies of the redirect:
    one request per part instead of two. Without JavaScript, the redirect."""
    if not request.htmx:
        return moved
    context = _survey_context(entry, content_language())
    # The language switch returns to the page shown, not to the address the form was sent to.
    context["page_address"] = moved["Location"]
    if page:
        shown: HttpResponse = _survey_page(request, token, page, entry, context)
    else:
        shown = TemplateResponse(request, "assessments/survey_done.html", context)
    shown.cookies.update(moved.cookies)
    shown["HX-Push-Url"] = moved["Location"]
    return shown


def _survey_save(
    request: HttpRequest,
    token: str,
    page: int,
    entry: selectors.SurveyEntry,
    secret: str,
    answers: dict[str, int | None],
) -> HttpResponse:
    """Save the page's answers and go where the respondent asked: back, on, or, after the
    last part, send the answers."""
    response = entry.response
    last = page == len(entry.assessment.model.dimensions)
    back = request.POST.get("action") == "back"
    services.response_save_answers(response=response, answers=answers, submit=last and not back)
    if back and page == 1:
        result = redirect("assessments:survey", token)
    elif back or not last:
        target = page - 1 if back else page + 1
        result = redirect("assessments:survey_page", token, target)
    else:
        if entry.kind == SurveyAccess.Kind.INVITATION:
            services.invitee_answered(token=token)  # no reminder for those who answered
        result = redirect("assessments:survey_done", token)
        if entry.is_open_link:
            _forget(result, token)
            _mark_sent(result, request, token)
        return _in_place(request, token, entry, result, 0)
    if entry.is_open_link:
        _remember(result, request, token, secret)  # kept for 90 days from now
    if back and page == 1:
        return result  # the intro page: its GET decides what it offers
    return _in_place(request, token, entry, result, target)


def _survey_intro(
    request: HttpRequest, token: str, entry: selectors.SurveyEntry, context: dict
) -> HttpResponse:
    assessment, response = entry.assessment, entry.response
    language = context["language"]
    departments = (
        list(department_list(organisation=assessment.organisation))
        if assessment.use_departments
        else []
    )
    errors = {}
    if request.method == "POST" and request.POST.get("action") == "restart":
        # Only the browser holding the secret gets here with a response: it discards its own
        # unsent answers, e.g. for the next person on a shared computer.
        if response is not None and entry.is_open_link:
            services.response_discard(response=response)
        result = redirect("assessments:survey", token)
        if entry.is_open_link:
            _forget(result, token)
        return result
    if request.method == "POST":
        group = request.POST.get("group", "")
        department = request.POST.get("department") or None
        department_id = int(department) if department and department.isdigit() else None
        secret = None
        try:
            if response is None:
                response, secret = services.survey_start(
                    token=token, group=group, department_id=department_id
                )
            else:
                services.response_set_profile(
                    response=response, group=group or response.group, department_id=department_id
                )
        except ValidationError as error:
            errors = (
                error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            )
        else:
            next_page = 1 if secret else selectors.survey_resume_page(response=response)
            result = redirect("assessments:survey_page", token, next_page)
            if secret:
                _remember(result, request, token, secret)
            started = dataclasses.replace(entry, response=response)
            return _in_place(request, token, started, result, next_page)
    context.update(
        {
            "token": token,
            "threshold": assessment.anonymity_threshold,
            "groups": [(g, group_name(assessment.model, g, language)) for g in assessment.groups],
            # The link's group, or the one chosen before: asked only when neither is known.
            "fixed_group": response.group if response else entry.link_group,
            "departments": departments,
            "errors": errors,
            "minutes": assessment.model.minutes,
            # A change-readiness pulse speaks of itself, not of the digital maturity.
            "readiness": assessment.model.kind == "readiness",
            "model_name": assessment.model.name.get(language),
            "model_description": assessment.model.description.get(language),
            "resume_page": selectors.survey_resume_page(response=response) if response else None,
            "resume_days": RESUME_DAYS,
        }
    )
    return TemplateResponse(
        request, "assessments/survey_intro.html", context, status=400 if errors else 200
    )
