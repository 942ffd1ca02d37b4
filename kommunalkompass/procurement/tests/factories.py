"""Procurements for tests, made through the services as a user makes them."""

from decimal import Decimal

from kommunalkompass.organisations.tests.factories import OrganisationFactory
from kommunalkompass.procurement import services, sheets
from kommunalkompass.procurement.models import Procurement, SpecificationVersion


def make_procurement(organisation=None, *, catalog_key="videokonferenz", **values) -> Procurement:
    organisation = organisation or OrganisationFactory()
    values.setdefault("title", "Videokonferenzlösung")
    values.setdefault("estimated_value", Decimal("150000"))
    return services.procurement_create(
        actor=None, organisation=organisation, catalog_key=catalog_key, **values
    )


def make_published(organisation=None, **values) -> SpecificationVersion:
    procurement = make_procurement(organisation, **values)
    return services.specification_publish(
        actor=None, specification=procurement.versions.get(number=1)
    )


def import_bid(specification, bidder, price, **fill):
    data = sheets.fill_answer_sheet(
        sheets.build_answer_sheet(specification), bidder=bidder, prices={1: price}, **fill
    )
    parsed = sheets.parse_answer_sheet(
        procurement=specification.procurement, data=data, filename="bid.xlsx"
    )
    return services.bid_import(actor=None, procurement=specification.procurement, parsed=parsed)
