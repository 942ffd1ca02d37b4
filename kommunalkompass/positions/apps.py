from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PositionsConfig(AppConfig):
    name = "kommunalkompass.positions"
    label = "positions"
    verbose_name = _("Job descriptions")

    def ready(self) -> None:
        from kommunalkompass.organisations.context_processors import register_nav_item
        from kommunalkompass.strategy.extensions import register_measure_section

        from .extensions import measure_section

        register_nav_item(40, "positions:list", _("Job descriptions"), "positions.view_posts")
        register_measure_section("positions", measure_section)
