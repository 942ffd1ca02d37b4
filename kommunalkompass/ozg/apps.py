from django.apps import AppConfig


class OzgConfig(AppConfig):
    name = "kommunalkompass.ozg"
    label = "ozg"
    verbose_name = "OZG"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from kommunalkompass.organisations.context_processors import register_nav_item
        from kommunalkompass.organisations.journey import register_phase_facts
        from kommunalkompass.strategy.public import register_public_figure

        from .portfolio import register_portfolio
        from .selectors import phase_facts, public_figure

        register_nav_item(30, "ozg:dashboard", _("OZG services"), "ozg.view_services")
        register_phase_facts("implementation", phase_facts)
        register_public_figure("ozg", public_figure)
        register_portfolio()
