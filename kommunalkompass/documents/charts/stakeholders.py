"""Power/interest grid (Einfluss-Interesse-Matrix) of the stakeholders of a change."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..model import Column, NumberFormat, Table
from . import svg as draw
from .base import nice_ticks, tick_decimals
from .quadrants import Point, QuadrantChart, check_items

RADIUS = 11.0


@dataclass(frozen=True)
class Stakeholder:
    name: str
    power: float | Decimal  # Einfluss
    interest: float | Decimal  # Interesse
    group: str = ""  # e.g. internal / external, or the attitude (Haltung); colours the marker


@dataclass(frozen=True)
class PowerInterestGrid(QuadrantChart):
    """Interest to the right, power upwards (both 1–5 by default).

    Quadrants: Eng einbinden / manage closely (high power, high interest), Zufriedenstellen /
    keep satisfied (high power, low interest), Informieren / keep informed (low power, high
    interest), Beobachten / monitor (low, low). A value on the middle counts as high.
    """

    title: str
    stakeholders: Sequence[Stakeholder]
    language: str = "de"
    scale_min: float = 1
    scale_max: float = 5
    decimals: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "stakeholders", tuple(self.stakeholders))
        self._check_basics()
        self._check_scale(self.scale_min, self.scale_max)
        check_items(self, self.stakeholders, "stakeholders")
        for person in self.stakeholders:
            where = f"stakeholder {person.name!r}"
            self._number(person.power, f"{where}, power", self.scale_min, self.scale_max)
            self._number(person.interest, f"{where}, interest", self.scale_min, self.scale_max)

    def quadrant(self, stakeholder: Stakeholder) -> str:
        """How to engage ``stakeholder``, in the chart's language (the quadrant's name)."""
        return self._t(self._quadrant_key(float(stakeholder.interest), float(stakeholder.power)))

    # -- hooks ------------------------------------------------------------------------
    def _axis_titles(self) -> tuple[str, str]:
        return self._t("interest"), self._t("power")

    def _quadrant_keys(self) -> tuple[str, str, str, str]:
        return "keep_satisfied", "manage_closely", "monitor", "keep_informed"

    def _points(self) -> list[Point]:
        return [
            Point(
                number,
                person.name,
                float(person.interest),
                float(person.power),
                RADIUS,
                draw.clean(person.group),
            )
            for number, person in enumerate(self.stakeholders, start=1)
        ]

    # -- text alternatives ------------------------------------------------------------
    def alt_text(self) -> str:
        places = tick_decimals(nice_ticks(self.scale_min, self.scale_max))
        summary = self._t(
            "grid_summary",
            count=len(self.stakeholders),
            low=self._n(self.scale_min, places),
            high=self._n(self.scale_max, places),
        )
        # the quadrant that needs the most attention first
        order = ["manage_closely", "keep_satisfied", "keep_informed", "monitor"]
        sentences = dict(zip(self._quadrant_keys(), self._quadrant_summary(), strict=True))
        return " ".join([summary, *(sentences[key] for key in order)])

    def data_table(self) -> Table:
        grouped = any(person.group for person in self.stakeholders)
        columns = [
            Column(self._t("number"), NumberFormat.INTEGER),
            Column(self._t("stakeholder")),
            Column(self._t("power"), NumberFormat.DECIMAL, decimals=self.decimals),
            Column(self._t("interest"), NumberFormat.DECIMAL, decimals=self.decimals),
            *([Column(self._t("group"))] if grouped else []),
            Column(self._t("quadrant")),
        ]
        rows = [
            [
                number,
                draw.clean(person.name),
                float(person.power),
                float(person.interest),
                *([draw.clean(person.group)] if grouped else []),
                self.quadrant(person),
            ]
            for number, person in enumerate(self.stakeholders, start=1)
        ]
        return Table(columns=columns, rows=rows, caption=draw.clean(self.title))
