"""Arguments of the assessments URLs for the tenancy matrix (tests/test_tenancy_matrix.py)."""

from .factories import AssessmentFactory


def _assessment(org):
    return {"pk": AssessmentFactory(organisation=org).pk}


URL_KWARGS = {
    name: _assessment
    for name in (
        "assessments:detail",
        "assessments:open",
        "assessments:close",
        "assessments:targets",
        "assessments:sharing",
        "assessments:group_sizes",
        "assessments:invite",
        "assessments:delete",
        "assessments:results",
        "assessments:responses_csv",
        "assessments:responses_xlsx",
        "assessments:report_pdf",
        "assessments:report_docx",
        "assessments:information_sheet_pdf",
        "assessments:information_sheet_docx",
        "assessments:end_date",
        "assessments:remind",
        "assessments:paper_entry",
        "assessments:notice_pdf",
        "assessments:paper_questionnaire_pdf",
    )
}

API_PARAMS = {"assessment_id": lambda org: AssessmentFactory(organisation=org).pk}
