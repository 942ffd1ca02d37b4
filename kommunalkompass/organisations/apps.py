from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "kommunalkompass.organisations"
    label = "organisations"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from kommunalkompass.accounts.two_factor import register_two_factor_policy

        from .journey import register_phase_provider, register_phase_states
        from .phases import setup_phase, setup_states
        from .portfolio import phase_column, register_portfolio_column
        from .selectors import user_administers_an_organisation

        register_phase_provider("setup", setup_phase)
        register_phase_states("setup", setup_states)
        register_portfolio_column("phase", _("Ablaufplan phase"), phase_column, order=10)
        # REQUIRE_2FA_FOR_ADMINS: whoever administers an organisation must use two-factor.
        register_two_factor_policy(user_administers_an_organisation)
