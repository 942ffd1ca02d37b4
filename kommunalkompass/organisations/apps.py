from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "kommunalkompass.organisations"
    label = "organisations"

    def ready(self) -> None:
        from kommunalkompass.accounts.two_factor import register_two_factor_policy

        from .journey import register_phase_provider
        from .phases import setup_phase
        from .selectors import user_administers_an_organisation

        register_phase_provider("setup", setup_phase)
        # REQUIRE_2FA_FOR_ADMINS: whoever administers an organisation must use two-factor.
        register_two_factor_policy(user_administers_an_organisation)
