"""Reads and the form of the copy page (``/o/<slug>/strategy/copy/``): which of the user's
organisations a strategy can be copied from, and the parts of its current strategy.

The writes are ``services.strategy_copy_parts``; this module only offers what the user may
read (a member of the source organisation, any role) and lets the service decide the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kommunalkompass.organisations.models import Membership, Organisation

from .models import FieldOfAction, Strategy


def copy_sources(*, user, target: Organisation) -> list[Organisation]:
    """The other organisations of ``user`` that have a current strategy, by name (one
    query): where a copy can come from."""
    return [
        membership.organisation
        for membership in Membership.objects.filter(user=user)
        .exclude(organisation=target)
        .filter(organisation__in=Strategy.objects.filter(is_current=True).values("organisation_id"))
        .select_related("organisation")
        .order_by("organisation__name")
    ]


@dataclass(frozen=True)
class CopyPart:
    field: FieldOfAction
    goals: int
    measures: int

    @property
    def summary(self) -> str:
        """“2 goals and 3 measures”: what a copy of the field takes along."""
        return _("%(goals)s and %(measures)s") % {
            "goals": ngettext("%(count)d goal", "%(count)d goals", self.goals)
            % {"count": self.goals},
            "measures": ngettext("%(count)d measure", "%(count)d measures", self.measures)
            % {"count": self.measures},
        }


def copy_parts(*, organisation: Organisation) -> list[CopyPart]:
    """The fields of action of the organisation's current strategy with how many goals and
    measures a copy would take along (one query)."""
    fields = (
        FieldOfAction.objects.filter(organisation=organisation, strategy__is_current=True)
        .annotate(
            goal_count=Count("goals", distinct=True),
            measure_count=Count("measures", distinct=True),
        )
        .order_by("position", "pk")
    )
    return [CopyPart(field, field.goal_count, field.measure_count) for field in fields]


class CopySourceForm(forms.Form):
    """Step 1 (GET): the organisation to copy from."""

    source = forms.ChoiceField(label=gettext_lazy("Copy from"))

    def __init__(self, *args, sources: list[Organisation] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", "—")] + [(o.slug, o.name) for o in sources or []]


class CopyPartsForm(forms.Form):
    """Step 2 (POST): the fields of action to copy and what to take along."""

    source = forms.CharField(widget=forms.HiddenInput)
    fields_of_action = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Fields of action"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one field of action to copy.")},
    )
    with_goals = forms.BooleanField(
        label=gettext_lazy("with their goals"), required=False, initial=True
    )
    with_measures = forms.BooleanField(
        label=gettext_lazy("with the measures assigned to them (as ideas, without dates or lead)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, parts: list[CopyPart] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fields_of_action"].choices = [
            (part.field.pk, part.field.name) for part in parts or []
        ]
