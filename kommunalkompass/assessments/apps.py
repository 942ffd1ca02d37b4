from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "kommunalkompass.assessments"
    label = "assessments"

    def ready(self) -> None:
        from kommunalkompass.organisations.journey import register_phase_provider

        from .phases import assessment_phase, reassessment_phase

        register_phase_provider("assessment", assessment_phase)
        register_phase_provider("reassessment", reassessment_phase)
