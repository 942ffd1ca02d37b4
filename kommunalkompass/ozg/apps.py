from django.apps import AppConfig


class OzgConfig(AppConfig):
    name = "kommunalkompass.ozg"
    label = "ozg"
    verbose_name = "OZG"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from kommunalkompass.organisations.context_processors import register_nav_item
        from kommunalkompass.organisations.journey import register_phase_facts
        from kommunalkompass.organisations.portability.plan import register_derived_model
        from kommunalkompass.strategy.public import register_public_figure

        from .models import OzgLevelCount
        from .portfolio import register_portfolio
        from .selectors import phase_facts, public_figure
        from .services import level_counts_recount

        register_nav_item(30, "ozg:dashboard", _("OZG services"), "ozg.view_services")
        register_phase_facts("implementation", phase_facts)
        register_public_figure("ozg", public_figure)
        register_portfolio()
        # Counts of the service states: left out of an organisation export, counted anew
        # after an import (in the target installation's catalog).
        register_derived_model(
            OzgLevelCount,
            lambda organisation: level_counts_recount(organisations=[organisation]),
        )
