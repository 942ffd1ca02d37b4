from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChangeConfig(AppConfig):
    name = "kommunalkompass.change"
    label = "change"
    verbose_name = _("Change and coaching")

    def ready(self) -> None:
        from kommunalkompass.organisations.context_processors import register_nav_item
        from kommunalkompass.organisations.journey import register_phase_facts
        from kommunalkompass.strategy.extensions import register_measure_section

        from .selectors import measure_section, phase_facts

        register_nav_item(45, "change:overview", _("Change"), "change.view_change")
        register_phase_facts("implementation", phase_facts)
        register_measure_section("change", measure_section)
