import datetime
from decimal import Decimal

import pytest

from kommunalkompass.documents.formatting import (
    format_cell,
    format_date,
    format_euro,
    format_number,
    format_percent,
    labels,
)
from kommunalkompass.documents.model import Column, NumberFormat

NBSP = "\u00a0"
MINUS = "\u2212"


@pytest.mark.parametrize(
    ("value", "decimals", "german", "english"),
    [
        (48250, 0, "48.250", "48,250"),
        (1234567.891, 2, "1.234.567,89", "1,234,567.89"),
        (Decimal("3.25"), 1, "3,3", "3.3"),  # half up, not to even
        (0.1 + 0.2, 2, "0,30", "0.30"),  # no binary noise
        (-1234.5, 0, f"{MINUS}1.235", f"{MINUS}1,235"),
        (-0.004, 2, "0,00", "0.00"),  # no "−0,00"
        (0, 0, "0", "0"),
    ],
)
def test_numbers_are_grouped_and_rounded_half_up(value, decimals, german, english):
    assert format_number(value, decimals, "de") == german
    assert format_number(value, decimals, "en") == english


def test_euro_amounts_put_the_sign_where_each_language_expects_it():
    assert format_euro(Decimal("1234.5")) == f"1.234,50{NBSP}€"
    assert format_euro(Decimal("1234.5"), language="en") == "€1,234.50"
    assert format_euro(-20, 0, "de") == f"{MINUS}20{NBSP}€"
    assert format_euro(-20, 0, "en") == f"{MINUS}€20"


def test_percentages_are_shares_of_one():
    assert format_percent(0.42) == f"42{NBSP}%"
    assert format_percent(0.42, language="en") == "42%"
    assert format_percent(Decimal("0.1234"), 1, "de") == f"12,3{NBSP}%"


def test_dates_short_and_long():
    day = datetime.date(2026, 3, 5)
    assert format_date(day) == "05.03.2026"
    assert format_date(day, long=True) == "5. März 2026"
    assert format_date(day, "en") == "5 Mar 2026"
    assert format_date(day, "en-GB", long=True) == "5 March 2026"
    assert format_date(datetime.datetime(2026, 3, 5, 23, 59, tzinfo=datetime.UTC)) == "05.03.2026"


@pytest.mark.parametrize(
    ("value", "column", "expected"),
    [
        (None, Column("x", NumberFormat.EURO), ""),
        ("k. A.", Column("x", NumberFormat.EURO), "k. A."),
        (2026, Column("Jahr"), "2026"),
        (7.0, Column("x", NumberFormat.INTEGER, decimals=3), "7"),
        (Decimal("3.14159"), Column("x", NumberFormat.DECIMAL), "3,1"),
        (Decimal("3.14159"), Column("x", NumberFormat.DECIMAL, decimals=3), "3,142"),
        (Decimal("99999.5"), Column("x", NumberFormat.EURO, decimals=0), f"100.000{NBSP}€"),
        (0.5, Column("x", NumberFormat.PERCENT), f"50{NBSP}%"),
        (datetime.date(2027, 1, 1), Column("x", NumberFormat.DATE), "01.01.2027"),
        (float("nan"), Column("x", NumberFormat.DECIMAL), "nan"),
    ],
)
def test_cells_follow_their_column_format(value, column, expected):
    assert format_cell(value, column) == expected


def test_labels_exist_in_both_languages_with_the_same_keys():
    assert labels("de")["page"] == "Seite {page} von {pages}"
    assert labels("en")["page"] == "Page {page} of {pages}"
    assert labels("fr") == labels("de")
    assert labels("de").keys() == labels("en").keys()
