"""The change plan and the coaching summary: contents, and no private note anywhere."""

from __future__ import annotations

import random
from io import StringIO

import pytest
from django.core.management import call_command

from kommunalkompass.change import services
from kommunalkompass.change.documents import change_plan, coaching_summary
from kommunalkompass.change.models import Initiative, Pulse, Stakeholder, StakeholderAssessment
from kommunalkompass.change.responses import add_responses
from kommunalkompass.documents.docx import render_docx
from kommunalkompass.documents.model import Figure, Table
from kommunalkompass.organisations.models import Organisation, Role
from kommunalkompass.organisations.tests.factories import (
    DepartmentFactory,
    MembershipFactory,
    OrganisationFactory,
)
from kommunalkompass.strategy.extensions import measure_sections
from kommunalkompass.strategy.tests.factories import MeasureFactory

from .factories import (
    CoachingSessionFactory,
    CommunicationFactory,
    InitiativeFactory,
    StakeholderFactory,
    pulse_with_answers,
)

pytestmark = pytest.mark.django_db


def _texts(document) -> str:
    parts = []
    for block in document.blocks:
        if isinstance(block, Table):
            parts += [str(cell) for row in block.rows for cell in row]
            parts.append(block.caption)
        else:
            parts.append(str(getattr(block, "text", getattr(block, "content", ""))))
    return " ".join(parts)


def test_the_plan_holds_initiatives_grid_trend_and_communications_without_small_cells():
    organisation = OrganisationFactory()
    initiative = InitiativeFactory(organisation=organisation, title="E-Akte")
    StakeholderFactory(organisation=organisation, name="Personalrat", initiative=initiative)
    CommunicationFactory(organisation=organisation, audience="Alle Beschäftigten")
    small = pulse_with_answers(
        organisation, department=DepartmentFactory(organisation=organisation)
    )
    add_responses(small.assessment, 3, rng=random.Random(1), levels=[1])
    document = change_plan(organisation=organisation, language="en")
    text = _texts(document)
    assert "E-Akte" in text and "Personalrat" in text and "Alle Beschäftigten" in text
    assert any(isinstance(block, Figure) for block in document.blocks)
    trend = [b for b in document.blocks if isinstance(b, Table) and "Readiness" in b.caption]
    assert trend and all(cell == "–" for row in trend[0].rows for cell in row[1:])
    assert render_docx(document)[:2] == b"PK"


def test_the_coaching_summary_never_holds_private_notes():
    session = CoachingSessionFactory(topics="Rolle klären", agreements="Jour fixe")
    services.coaching_notes_update(actor=session.coach, session=session, notes="Geheim 1234")
    document = coaching_summary(organisation=session.organisation, language="de")
    text = _texts(document)
    assert "Rolle klären" in text and "Jour fixe" in text
    assert "Geheim" not in text
    assert b"Geheim" not in render_docx(document)


def test_a_measure_page_shows_its_stakeholders():
    measure = MeasureFactory()
    StakeholderFactory(organisation=measure.organisation, name="Poststelle", measures=[measure])
    viewer = MembershipFactory(organisation=measure.organisation, role=Role.VIEWER).user
    [section] = [s for s in measure_sections(measure, viewer) if s.key == "change"]
    assert [p.name for p in section.context["stakeholders"]] == ["Poststelle"]


def test_the_demo_builds_the_e_akte_roll_out_and_runs_twice():
    for _ in range(2):
        call_command("demo", stdout=StringIO())
    organisation = Organisation.objects.get(slug="musterstadt")
    initiative = Initiative.objects.get(organisation=organisation)
    assert Stakeholder.objects.filter(initiative=initiative).count() == 12
    assert StakeholderAssessment.objects.filter(organisation=organisation).count() == 24
    assert Pulse.objects.filter(organisation=organisation).count() == 2
    from kommunalkompass.change import selectors

    first = selectors.pulse_results(
        pulse=Pulse.objects.order_by("created_at").first(), language="de"
    )
    assert not first.suppressed
    assert len(first.departments) < 4, "a department below the threshold is hidden"
