"""Saving a strategy form unchanged writes nothing: no new version, no audit event, no report."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kommunalkompass.audit.models import AuditEvent
from kommunalkompass.organisations.tests.factories import MembershipFactory
from kommunalkompass.strategy import services
from kommunalkompass.strategy.models import MeasureUpdate, Strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return MembershipFactory(role="editor")


@pytest.fixture
def measure(editor, strategy):
    return services.measure_create(actor=editor.user, strategy=strategy, title="E-Akte")


def test_a_measure_saved_unchanged_keeps_its_version_and_leaves_no_trace(editor, measure):
    events = AuditEvent.objects.count()
    saved = services.measure_update(
        actor=editor.user, measure=measure, version=measure.version, title="E-Akte"
    )
    assert saved.version == measure.version
    assert AuditEvent.objects.count() == events


def test_a_measure_with_a_changed_relation_is_saved(editor, strategy, measure):
    other = services.measure_create(actor=editor.user, strategy=strategy, title="Scanstraße")
    saved = services.measure_update(
        actor=editor.user, measure=measure, version=measure.version, depends_on=[other]
    )
    assert saved.version == measure.version + 1
    assert list(saved.depends_on.all()) == [other]


def test_a_status_report_without_news_is_refused(editor, measure):
    with pytest.raises(ValidationError) as error:
        services.measure_report(
            actor=editor.user, measure=measure, status=measure.status, progress=measure.progress
        )
    assert "nothing to report" in error.value.messages[0]
    assert not MeasureUpdate.objects.exists()
    # A comment alone is news.
    services.measure_report(
        actor=editor.user, measure=measure, status=measure.status, progress=measure.progress,
        comment="Angebote liegen vor.",
    )  # fmt: skip
    assert MeasureUpdate.objects.count() == 1


def test_the_agreed_status_saved_unchanged_writes_nothing(editor, strategy):
    agreed = services.strategy_set_status(
        actor=editor.user, strategy=strategy, status=Strategy.Status.AGREED,
        agreed_on=datetime.date(2026, 11, 19), agreed_by="Stadtrat",
    )  # fmt: skip
    events, version = AuditEvent.objects.count(), agreed.version
    again = services.strategy_set_status(
        actor=editor.user, strategy=agreed, status=Strategy.Status.AGREED,
        agreed_on=datetime.date(2026, 11, 19), agreed_by="Stadtrat",
    )  # fmt: skip
    assert again.version == version
    assert AuditEvent.objects.count() == events


def test_weights_saved_unchanged_are_not_recorded(editor, strategy):
    events = AuditEvent.objects.count()
    services.strategy_set_weights(
        actor=editor.user, strategy=strategy, weights=strategy.benefit_weights()
    )
    assert AuditEvent.objects.count() == events
