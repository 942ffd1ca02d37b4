"""Context for rendering the OZG templates in the template test (tests/test_templates.py)."""

import datetime

from django.core.paginator import Paginator

from kommunalkompass.ozg import selectors
from kommunalkompass.ozg.aggregates import installation_dashboard
from kommunalkompass.ozg.duties import sync_shipped_duties
from kommunalkompass.ozg.forms import (
    BulkForm,
    CriteriaForm,
    DutyForm,
    SettingsForm,
    StateForm,
    UsageForm,
)
from kommunalkompass.ozg.maturity import get_model
from kommunalkompass.ozg.models import DutyState
from kommunalkompass.strategy.models import Strategy
from kommunalkompass.strategy.tests.factories import MeasureFactory

from .factories import ServiceStateFactory, VerwaltungsleistungFactory


def extend(context: dict) -> None:
    organisation = context["current_organisation"]
    state = ServiceStateFactory(organisation=organisation, level=2, status="online")
    VerwaltungsleistungFactory(leistung=state.leistung)
    sync_shipped_duties()
    first_duty = selectors.duty_rows(organisation=organisation, language="de")[0].duty
    DutyState.objects.create(
        organisation=organisation,
        duty=first_duty,
        # The strategy app's context has made the organisation's strategy already.
        measure=MeasureFactory(
            strategy=Strategy.objects.get(organisation=organisation), number=99, status="done"
        ),
    )
    duty_rows = selectors.duty_rows(organisation=organisation, language="de")
    data = selectors.dashboard(organisation=organisation, today=datetime.date(2026, 11, 27))
    context.update(
        {
            "settings": selectors.ozg_settings(organisation=organisation),
            "dashboard": data,
            "progress": [
                {"month": datetime.date(2026, 10, 1), "relevant": 1, "online": 1, "compliant": 0}
            ],  # fmt: skip
            "rows": data.by_themenfeld,
            "heading": "Themenfeld",
            "page": Paginator([state], 50).get_page(1),
            "filters": {
                "q": "",
                "themenfeld": None,
                "lebenslage": None,
                "status": "",
                "level": None,
                "department": None,
                "jurisdiction": "",
            },  # fmt: skip
            "themenfelder": [state.leistung.themenfeld],
            "lebenslagen": [],
            "statuses": [("open", "Offen")],
            "jurisdictions": [("kommune", "Kommune")],
            "levels": range(5),
            "bulk_form": BulkForm(organisation=organisation),
            "offer": selectors.TakeOverOffer(
                kind_label="Stadt",
                own=3,
                undecided=2,
                other_municipal=1,
                non_municipal=4,
                tracked=1,
                stand=datetime.date(2026, 12, 5),
            ),
            "execution": selectors.service_execution(leistung=state.leistung, language="de"),
            "state": state,
            "leistung": state.leistung,
            "verwaltungsleistungen": state.leistung.verwaltungsleistungen.all(),
            "state_form": StateForm(instance=state, organisation=organisation),
            "history": [],
            "highest_level": 4,
            "duty_rows": duty_rows,
            "company_duty_rows": [row for row in duty_rows if row.for_companies],
            "row": duty_rows[0],
            "duty_form": DutyForm(),
            "settings_form": SettingsForm(),
            "overdue": data.overdue,
            "due": data.due,
            "overdue_more": 3,
            "due_more": 0,
            "criteria_form": CriteriaForm(model=get_model("1.1"), ratings={}),
            "usage_form": UsageForm(),
            "usage": [],
            "shared": True,
            "enough": True,
            "data": installation_dashboard(),
            "min_organisations": 5,
            "same_state": False,
            "today": datetime.date(2026, 11, 27),
        }
    )
