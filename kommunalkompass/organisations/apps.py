from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "kommunalkompass.organisations"
    label = "organisations"

    def ready(self) -> None:
        from .journey import register_phase_provider
        from .phases import setup_phase

        register_phase_provider("setup", setup_phase)
