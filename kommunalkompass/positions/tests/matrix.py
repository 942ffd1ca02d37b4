"""Arguments of the positions URLs for the tenancy matrix (tests/test_tenancy_matrix.py)."""

from kommunalkompass.strategy.models import Strategy
from kommunalkompass.strategy.tests.factories import MeasureFactory, StrategyFactory

from .factories import RoleNeedFactory, described_post


def _post(organisation) -> dict:
    return {"pk": described_post(organisation).pk}


def _new_measure(organisation):
    strategy = Strategy.objects.filter(
        organisation=organisation, is_current=True
    ).first() or StrategyFactory(organisation=organisation)
    return MeasureFactory(strategy=strategy)


def _measure(organisation) -> dict:
    return {"pk": _new_measure(organisation).pk}


def _need(organisation) -> dict:
    return {"pk": RoleNeedFactory(measure=_new_measure(organisation)).pk}


URL_KWARGS = {
    **{
        name: _post
        for name in (
            "positions:detail",
            "positions:edit",
            "positions:delete",
            "positions:advertisement_page",
            "positions:advertisement_txt",
            "positions:description_pdf",
            "positions:description_docx",
            "positions:advertisement_docx",
        )
    },
    "positions:version": lambda organisation: {**_post(organisation), "number": 1},
    "positions:measure_needs": _measure,
    "positions:need_create": _measure,
    "positions:need_edit": _need,
    "positions:need_delete": _need,
    "positions:need_post": _need,
}

API_PARAMS = {"post_id": lambda organisation: described_post(organisation).pk}
