"""The OZG demo: Musterstadt tracks the shipped catalog with a realistic spread."""

import pytest
from django.utils import timezone

from kommunalkompass.organisations import demo as organisations_demo
from kommunalkompass.organisations.models import Organisation
from kommunalkompass.ozg import demo, selectors
from kommunalkompass.ozg.models import LegalDuty, OzgLeistung, ServiceState, Snapshot

pytestmark = pytest.mark.django_db


def test_demo_spreads_levels_and_statuses_and_keeps_18_months():
    organisations_demo.load(password="demo-passwort")
    demo.load(password="demo-passwort")
    demo.load(password="demo-passwort")  # idempotent
    musterstadt = Organisation.objects.get(slug="musterstadt")
    states = ServiceState.objects.filter(organisation=musterstadt)
    assert states.count() == OzgLeistung.objects.count() >= 40
    assert set(states.values_list("status", flat=True)) == set(ServiceState.Status.values)
    assert len(set(states.exclude(level=None).values_list("level", flat=True))) == 5
    data = selectors.dashboard(organisation=musterstadt, today=timezone.localdate())
    assert 0 < data.compliant < data.online_national < data.relevant
    assert data.overdue and data.due
    assert Snapshot.objects.filter(organisation=musterstadt).count() == 18
    progress = selectors.progress(organisation=musterstadt)
    assert progress[0]["online"] < progress[-1]["online"] == data.online_national
    assert LegalDuty.objects.count() >= 10
    peers = Organisation.objects.exclude(slug="musterstadt").filter(ozg_servicestate__isnull=False)
    assert peers.distinct().count() >= 5
