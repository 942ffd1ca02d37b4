"""Context for rendering the assessments templates in tests/test_templates.py."""

from kommunalkompass.assessments import selectors, services
from kommunalkompass.assessments.charts import result_figures
from kommunalkompass.assessments.forms import EndDateForm, InvitationsForm, TargetsForm
from kommunalkompass.assessments.maturity import recommendations
from kommunalkompass.assessments.paper import qr_svg

from .factories import AssessmentFactory


def extend(context: dict) -> None:
    organisation = context["current_organisation"]
    assessment = AssessmentFactory(organisation=organisation)
    links = services.assessment_open(actor=context["user"], assessment=assessment)
    assessment.refresh_from_db()
    model = assessment.model
    response, _token = services.survey_start(token=links["staff"])
    results = selectors.assessment_results(assessment=assessment)
    dimension = model.dimensions[0]
    context.update(
        {
            "assessment": assessment,
            "assessments": [assessment],
            "assessment_rows": selectors.assessment_overview(
                organisation=organisation, language="de"
            ),
            "model": model,
            "model_name": model.name.de,
            "language": "de",
            "results": results,
            "overall_level_name": "",
            "dimensions": [
                {
                    "definition": dimension,
                    "name": dimension.name.de,
                    "result": results.dimension(dimension.key),
                    "level_name": model.level(1).name.de,
                    "groups": [],
                    "recommendations": recommendations().for_level(dimension.key, 1),
                }
            ],
            "gaps": [],
            "figures": result_figures(assessment=assessment, results=results, language="de"),
            "open_links": [
                {
                    "key": "staff",
                    "group": "Mitarbeitende",
                    "url": "https://kompass.example/s/x/",
                    "qr": qr_svg("https://kompass.example/s/x/", title="QR"),
                }
            ],
            "accepting": True,
            "ended": False,
            "end_date_form": EndDateForm(),
            "reminder_days": 3,
            "reminders_pending": None,
            "can_remind": True,
            "ended_on": None,
            "group": "staff",
            "group_label": "Mitarbeitende",
            "entry_key": "k",
            "group_rows": [{"name": "Mitarbeitende", "submitted": 1, "started": 2, "invited": 0}],
            "targets_form": TargetsForm(model=model, targets={}, language="de"),
            "invitations_form": InvitationsForm(groups=["staff"]),
            "response": response,
            "dimension": dimension,
            "dimension_name": dimension.name.de,
            "dimension_count": 8,
            "page": 1,
            "token": "abc",
            "questions": [
                {"key": "q", "text": "Frage", "answers": [(1, "eins"), (2, "zwei")], "value": "1"}
            ],
            "errors": [],
            "is_last": False,
            "progress": 10,
            "threshold": 5,
            "groups": [("staff", "Mitarbeitende")],
            "departments": context["departments"],
            "minutes": 10,
        }
    )
    # The public Quick-Check's result names the number of questions of the full model.
    context["full_questions"] = 71
