from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "kommunalkompass.strategy"
    label = "strategy"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from kommunalkompass.organisations.context_processors import register_nav_item
        from kommunalkompass.organisations.journey import register_phase_provider

        from .phases import implementation_phase, reassessment_phase, strategy_phase
        from .portfolio import register_portfolio

        register_phase_provider("strategy", strategy_phase)
        register_phase_provider("implementation", implementation_phase)
        register_phase_provider("reassessment", reassessment_phase)
        from .extensions import register_measure_section
        from .workshops import measure_origin_section

        register_measure_section("workshop", measure_origin_section)
        register_nav_item(20, "strategy:home", _("Strategy"), "strategy.view_strategy")
        register_portfolio()
