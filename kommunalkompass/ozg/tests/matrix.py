"""Arguments of the OZG URLs for the tenancy matrix (organisations/tests)."""

from .factories import ServiceStateFactory

URL_KWARGS = {
    name: (lambda organisation: {"pk": ServiceStateFactory(organisation=organisation).pk})
    for name in ("ozg:service", "ozg:service_edit")
}
