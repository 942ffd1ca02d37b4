from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "kommunalkompass.assessments"
    label = "assessments"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from kommunalkompass.documents.model import NumberFormat
        from kommunalkompass.organisations.context_processors import register_nav_item
        from kommunalkompass.organisations.journey import (
            register_phase_provider,
            register_phase_states,
        )
        from kommunalkompass.organisations.portfolio import register_portfolio_column

        from .phases import assessment_phase
        from .portfolio import assessment_states, maturity_column

        register_phase_provider("assessment", assessment_phase)
        register_phase_states("assessment", assessment_states)
        register_portfolio_column(
            "maturity",
            _("Maturity score"),
            maturity_column,
            order=20,
            number_format=NumberFormat.DECIMAL,
        )
        register_nav_item(
            10, "assessments:list", _("Quick-Check & maturity"), "assessments.view_assessment"
        )
        # How the audit log names what survey administration records beside the fields
        # (services/survey_admin.py): a fact, with no number, group or address.
        from kommunalkompass.audit.presentation import EXTRA_LABELS

        EXTRA_LABELS.setdefault("reminders_sent", _("reminders sent"))
        EXTRA_LABELS.setdefault("paper_questionnaire_entered", _("paper questionnaire entered"))
