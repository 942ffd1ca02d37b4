"""The public self-check ``/quick-check/``: no log-in, nothing kept without consent."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from kommunalkompass.core import ratelimit
from kommunalkompass.core.language import content_language
from kommunalkompass.documents.downloads import document_response
from kommunalkompass.organisations.models import State
from kommunalkompass.organisations.sizes import SizeClass

from . import selectors, selfcheck, services
from .advice import AdviceContext
from .charts import benchmark_figure, result_figures
from .forms import DONT_KNOW, SurveyAnswersForm, question_rows
from .maturity import FULL_MODEL, get_model


def _questions(language: str, answers: dict, errors: dict) -> list[dict]:
    """The Quick-Check by dimension, each question with its answer and error, if any."""
    return [
        {
            "name": dimension.name.get(language),
            "questions": question_rows(
                dimension.questions, language=language, values=answers, errors=errors
            ),
        }
        for dimension in selfcheck.model().dimensions
    ]


def _answers(request: HttpRequest) -> tuple[dict[str, int | None], dict[str, str]]:
    """The posted answers to every Quick-Check question, and an error per question that is
    unanswered or answered with a value not offered."""
    form = SurveyAnswersForm(request.POST, questions=selfcheck.model().questions(), required=True)
    form.is_valid()
    return form.answers(), form.answer_errors()


@never_cache
@require_http_methods(["GET", "POST"])
def quick_check(request: HttpRequest) -> HttpResponse:
    """The questions; sending them shows the profile at once (and keeps it only if agreed)."""
    language = content_language()
    quick = selfcheck.model()
    answers: dict = {}
    errors: dict = {}
    if request.method == "POST":
        answers, errors = _answers(request)
        share = request.POST.get("share") == "1"
        size, state = request.POST.get("size_class", ""), request.POST.get("state", "")
        if size and size not in SizeClass.values:
            errors["size_class"] = selfcheck.invalid_choice()
        if not errors:
            results = selfcheck.score(answers)
            stored = False
            if share:
                # Bursts from one address are refused before anything is kept, so that no
                # client can flood the comparison (docs/security.md, "Anonymous writes").
                limited = ratelimit.refused(request, "quick_check")
                if limited is not None:
                    return limited
                try:
                    stored = (
                        services.self_check_store(
                            answers=answers,
                            results=results,
                            size=size,
                            state=state,
                            key=request.POST.get("submission", ""),
                        )
                        is not None
                    )
                except ValidationError as error:
                    errors = {key: messages[0] for key, messages in error.message_dict.items()}
            if not errors:
                return _result(request, answers, results, size, shared=share, stored=stored)
    return TemplateResponse(
        request,
        "assessments/quick_check.html",
        {
            "model": quick,
            "minutes": quick.minutes,
            "dimensions": _questions(language, answers, errors),
            "errors": errors,
            "error_count": len(errors),
            "submission": selfcheck.new_submission_key(),
            "size_classes": SizeClass.choices,
            "states": State.choices,
            "chosen": {
                "size_class": request.POST.get("size_class", ""),
                "state": request.POST.get("state", ""),
                "share": request.POST.get("share") == "1",
            },
        },
        status=400 if errors else 200,
    )


def _result(request, answers, results, size, *, shared: bool, stored: bool) -> HttpResponse:
    language = content_language()
    quick = selfcheck.model()
    comparison = selfcheck.comparison(size=size, results=results)
    profile = selfcheck.profile(quick)
    return TemplateResponse(
        request,
        "assessments/quick_check_result.html",
        {
            "results": results,
            "full_questions": len(get_model(FULL_MODEL).questions()),
            "overall_level_name": quick.level(results.level).name.get(language)
            if results.level
            else "",
            "dimensions": selectors.dimension_rows(
                model=quick,
                results=results,
                language=language,
                context=AdviceContext.of_answers(answers, small_town=size == SizeClass.UNDER_5K),
            ),
            "language": language,
            "figures": result_figures(assessment=profile, results=results, language=language),
            "answers": [
                (key, DONT_KNOW if level is None else level) for key, level in answers.items()
            ],
            "size_label": SizeClass(size).label if size else "",
            "size_class": size,
            "comparison": comparison,
            "min_peers": selfcheck.MIN_PEERS,
            "comparison_figure": benchmark_figure(
                assessment=profile,
                benchmark=comparison,
                language=language,
                own_name=selfcheck.own_label(language),
            ),
            "shared": shared,
            "stored": stored,
        },
    )


@never_cache
@require_POST
def quick_check_report(request: HttpRequest) -> HttpResponse:
    """The profile as PDF, from the answers the result page posts back (nothing is kept)."""
    answers, errors = _answers(request)
    if errors:
        return TemplateResponse(
            request,
            "assessments/quick_check.html",
            {
                "model": selfcheck.model(),
                "minutes": selfcheck.model().minutes,
                "dimensions": _questions(content_language(), answers, errors),
                "errors": errors,
                "error_count": len(errors),
                "submission": selfcheck.new_submission_key(),
                "size_classes": SizeClass.choices,
                "states": State.choices,
                "chosen": {},
            },
            status=400,
        )
    # The size class travels with the answers, so that the PDF gives the page's advice.
    small_town = request.POST.get("size_class") == SizeClass.UNDER_5K
    # The municipality's name, if given, is printed on the PDF and kept nowhere.
    municipality = request.POST.get("municipality", "")
    return document_response(
        selfcheck.document(
            answers=answers,
            language=content_language(),
            small_town=small_town,
            municipality=municipality,
        ),
        "pdf",
    )
