from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PositionsConfig(AppConfig):
    name = "kommunalkompass.positions"
    label = "positions"
    verbose_name = _("Job descriptions")

    def ready(self) -> None:
        from kommunalkompass.organisations.context_processors import register_nav_item
        from kommunalkompass.strategy.extensions import (
            register_document_section,
            register_measure_section,
            register_staff_capacity,
        )

        from .extensions import measure_section, planned_posts_blocks, staff_capacity

        register_nav_item(40, "positions:list", _("Job descriptions"), "positions.view_posts")
        register_measure_section("positions", measure_section)
        register_staff_capacity("positions", staff_capacity)
        register_document_section("positions", planned_posts_blocks)
