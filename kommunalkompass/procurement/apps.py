from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "kommunalkompass.procurement"
    label = "procurement"
    verbose_name = _("Procurement")

    def ready(self) -> None:
        from kommunalkompass.organisations.context_processors import register_nav_item
        from kommunalkompass.organisations.journey import register_phase_facts
        from kommunalkompass.strategy.extensions import register_measure_section

        from .extensions import measure_section
        from .selectors import phase_facts

        register_nav_item(35, "procurement:list", _("Procurement"), "procurement.view_procurements")
        register_phase_facts("implementation", phase_facts)
        register_measure_section("procurement", measure_section)
