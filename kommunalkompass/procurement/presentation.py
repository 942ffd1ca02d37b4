"""The evaluation as text: one place formats the ranking, its calculation and the
sensitivity for the page, the evaluation report and the API, so that they never disagree."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from kommunalkompass.documents.formatting import format_euro, format_number

from .evaluation import Parameters
from .selectors import EvaluationResult


def decimal_of(value: Fraction, places: int) -> Decimal:
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        quantum, rounding=ROUND_HALF_UP
    )


def _places(value: Fraction) -> int:
    """Enough decimals to show four significant digits of a small number (Z = L / P)."""
    if value == 0 or abs(value) >= 1:
        return 2 if value.denominator != 1 else 0
    places, probe = 2, abs(value) * 100
    while probe < 100 and places < 12:
        probe *= 10
        places += 1
    return places


def number(value: Fraction | int | Decimal, language: str, places: int | None = None) -> str:
    value = Fraction(value)
    places = _places(value) if places is None else places
    return format_number(decimal_of(value, places), places, language)


def euro(value: Fraction | Decimal, language: str) -> str:
    return format_euro(decimal_of(Fraction(value), 2), 2, language)


@dataclass(frozen=True)
class CalculationRow:
    rank: int | None
    bidder: str
    performance: str
    price: str
    score: str
    calculation: str
    in_band: bool | None
    excluded: str  # the reason, or ""


def method_text(parameters: Parameters, language: str) -> str:
    """The method with its announced parameters, as a sentence."""
    if parameters.method == "simple":
        return _("Einfache Richtwertmethode: Z = L / P; the highest Z wins.")
    if parameters.method == "extended":
        criterion = (_("the best performance (L)") if parameters.decision == "performance"
                     else _("the lowest price (P)"))  # fmt: skip
        return _(
            "Erweiterte Richtwertmethode: Z = L / P; among the bids within %(band)s %% below "
            "the best Z, %(criterion)s wins."
        ) % {"band": number(parameters.tolerance, language), "criterion": criterion}
    if parameters.method == "weighted":
        reference = {
            "mean": _("the mean of the admitted bids"),
            "median": _("the median of the admitted bids"),
            "value": _("the reference values announced"),
        }[parameters.reference]
        return _(
            "Gewichtete Richtwertmethode: Z = G_L · L / L_ref + G_P · P_ref / P with G_L = "
            "%(gl)s and G_P = %(gp)s, the references being %(reference)s; the highest Z wins."
        ) % {
            "gl": number(parameters.weight_performance, language),
            "gp": number(parameters.weight_price, language),
            "reference": reference,
        }
    formula = {
        "ratio": "PP = max · Pmin / P",
        "difference": "PP = max · (2 − P / Pmin)",
        "linear": "PP = max · (Pmax − P) / (Pmax − Pmin)",
    }[parameters.formula]
    return _("Price points: L + PP with %(formula)s and max = %(max)s; the highest sum wins.") % {
        "formula": formula,
        "max": number(parameters.max_price_points, language),
    }


def calculation_rows(result: EvaluationResult, language: str) -> list[CalculationRow]:
    """Every bid of the ranking with its full calculation, then the excluded ones."""
    if result.ranking is None:
        return []
    rows = []
    references = result.ranking.references
    for line, bid_row in result.ranked:
        performance = number(line.performance, language)
        price = euro(line.price, language)
        if line.excluded:
            reason = bid_row.excluded.reason if bid_row.excluded else ""
            rows.append(CalculationRow(None, line.key, performance, price, "–", "", None, reason))
            continue
        terms = line.terms
        if "G_L·L/L_ref" in terms:
            params = result.ranking.parameters
            calc = (
                f"Z = {number(params.weight_performance, language)} · {performance} / "
                f"{number(references['L_ref'], language)} + "
                f"{number(params.weight_price, language)} · {euro(references['P_ref'], language)}"
                f" / {price} = {number(terms['G_L·L/L_ref'], language, 4)} + "
                f"{number(terms['G_P·P_ref/P'], language, 4)}"
                f" = {number(terms['Z'], language, 4)}"
            )
            score = number(terms["Z"], language, 4)
        elif "PP" in terms:
            calc = (
                f"PP = {number(terms['PP'], language, 2)}; L + PP = {performance} + "
                f"{number(terms['PP'], language, 2)} = {number(terms['L+PP'], language, 2)}"
            )
            score = number(terms["L+PP"], language, 2)
        else:
            score = number(terms["Z"], language)
            calc = f"Z = {performance} / {price} = {score}"
        rows.append(
            CalculationRow(line.rank, line.key, performance, price, score, calc, line.in_band, "")
        )
    return rows


@dataclass(frozen=True)
class SensitivityRow:
    what: str
    current: str
    needed: str
    change: str
    runner_up: str


def sensitivity_rows(
    result: EvaluationResult, language: str, limit: int = 12
) -> list[SensitivityRow]:
    """The inputs whose smallest change would change the winner, narrowest first; then how
    many inputs could not change it at all."""
    rows = []
    for margin in result.margins:
        if margin.needed is None:
            continue
        change = margin.change or Fraction(0)
        sign = "+" if change > 0 else "−"
        rows.append(
            SensitivityRow(
                margin.what,
                number(margin.current, language, 0),
                number(margin.needed, language, 0),
                f"{sign}{number(abs(change), language, 0)}",
                margin.runner_up or "",
            )
        )
    return rows[:limit]


def robust_count(result: EvaluationResult) -> int:
    """How many inputs no change within their range would make the winner lose."""
    return sum(1 for margin in result.margins if margin.needed is None)
