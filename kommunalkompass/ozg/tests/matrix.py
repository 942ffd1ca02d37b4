"""Arguments of the OZG URLs for the tenancy matrix (tests/test_tenancy_matrix.py)."""

from kommunalkompass.ozg.models import LegalDuty

from .factories import ServiceStateFactory


def _state(organisation) -> dict:
    return {"pk": ServiceStateFactory(organisation=organisation).pk}


def _duty(organisation) -> dict:
    duty, _created = LegalDuty.objects.get_or_create(
        key="matrix-duty",
        defaults={"title": "Pflicht", "legal_basis": "§ 1", "applies_to": "alle"},
    )
    return {"pk": duty.pk}


URL_KWARGS = {
    **{
        name: _state
        for name in (
            "ozg:service",
            "ozg:service_edit",
            "ozg:service_measure",
            "ozg:service_criteria",
            "ozg:service_usage",
        )
    },
    **{
        name: _duty
        for name in ("ozg:duty", "ozg:duty_edit", "ozg:duty_measure", "ozg:duty_measure_status")
    },
}

# Legal duties belong to the installation's catalog, not to an organisation.
SHARED_OBJECTS = {"ozg:duty", "ozg:duty_edit", "ozg:duty_measure", "ozg:duty_measure_status"}
