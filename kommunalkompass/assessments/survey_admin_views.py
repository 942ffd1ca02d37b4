"""Pages of the survey's administration: the end date, reminders, and the entry of paper
questionnaires (docs/scoring.md, "Survey administration"). Thin: writes in
``services.survey_admin``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kommunalkompass.core.language import content_language
from kommunalkompass.organisations.selectors import department_list
from kommunalkompass.organisations.tenancy import get_scoped_or_404, organisation_view

from . import selectors, services
from .charts import group_name
from .deadlines import REMINDER_DAYS, has_ended, is_accepting
from .forms import EndDateForm, SurveyAnswersForm, question_rows
from .models import Assessment


def _assessment(request: HttpRequest, pk: int) -> Assessment:
    return get_scoped_or_404(Assessment, request.organisation, pk=pk)


def survey_admin_context(request: HttpRequest, assessment: Assessment, *, can_manage: bool) -> dict:
    """What the assessment's page shows of its administration."""
    return {
        "accepting": is_accepting(assessment),
        "ended": has_ended(assessment),
        "end_date_form": EndDateForm(initial={"ends_on": assessment.ends_on}),
        "reminder_days": REMINDER_DAYS,
        "reminders_pending": selectors.reminders_pending(assessment=assessment)
        if can_manage
        else None,
        "can_remind": can_manage
        and is_accepting(assessment)
        and selectors.has_invitations(assessment=assessment),
    }


@organisation_view("assessments.manage_assessment")
@require_POST
def assessment_end_date(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    form = EndDateForm(request.POST)
    if form.is_valid():
        try:
            changed = services.assessment_set_end_date(
                actor=request.user, assessment=assessment, ends_on=form.cleaned_data["ends_on"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if changed.ends_on != assessment.ends_on:
                messages.success(request, _("The end date has been saved."))
    else:
        messages.error(request, _("End date: enter a date such as 31.12.2030, or nothing."))
    return redirect("assessments:detail", request.organisation.slug, pk)


@organisation_view("assessments.manage_assessment")
@require_POST
def assessment_remind(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    try:
        services.reminders_send(
            actor=request.user,
            assessment=assessment,
            language=content_language(),
            base_url=request.build_absolute_uri("/").rstrip("/"),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        # The same words whatever the number: it could tell who has answered.
        messages.success(
            request,
            _(
                "Reminders are being sent to everyone invited who has not answered and has "
                "not been reminded yet, if anyone."
            ),
        )
    return redirect("assessments:detail", request.organisation.slug, pk)


@organisation_view("assessments.manage_assessment")
def paper_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter paper questionnaires one by one: choose the group (and department), then the
    answers; each form carries a one-time key, so sending it twice stores one."""
    assessment = _assessment(request, pk)
    language = content_language()
    model = assessment.model
    group = request.POST.get("group") or request.GET.get("group", "")
    if group not in assessment.groups:
        group = ""
    questions = [q for q in model.questions() if group in q.groups] if group else []
    errors: list[str] = []
    answer_errors: dict[str, str] = {}
    values: dict = {}
    status = 200
    if request.method == "POST" and group:
        form = SurveyAnswersForm(request.POST, questions=questions, required=False)
        form.is_valid()
        values, answer_errors = form.answers(), form.answer_errors()
        department = request.POST.get("department") or ""
        if answer_errors:
            errors = list(dict.fromkeys(answer_errors.values()))
        else:
            try:
                stored = services.paper_questionnaire_enter(
                    actor=request.user,
                    assessment=assessment,
                    group=group,
                    department_id=int(department) if department.isdigit() else None,
                    answers=values,
                    key=request.POST.get("entry_key", ""),
                )
            except ValidationError as error:
                errors = error.messages
            else:
                if stored is None:
                    messages.info(request, _("This questionnaire had already been entered."))
                else:
                    messages.success(
                        request, _("The paper questionnaire has been entered. Next one:")
                    )
                return redirect("assessments:paper_entry", request.organisation.slug, pk)
        status = 400
    return TemplateResponse(
        request,
        "assessments/paper_entry.html",
        {
            "assessment": assessment,
            "accepting": is_accepting(assessment),
            "groups": [(g, group_name(model, g, language)) for g in assessment.groups],
            "group": group,
            "group_label": group_name(model, group, language) if group else "",
            "departments": list(department_list(organisation=assessment.organisation))
            if assessment.use_departments
            else [],
            # Numbered as on paper ("3 – …"), for entering at a glance.
            "questions": question_rows(
                questions, language=language, values=values, errors=answer_errors, numbered=True
            ),
            "errors": errors,
            "entry_key": services.paper_entry_key(),
        },
        status=status,
    )
