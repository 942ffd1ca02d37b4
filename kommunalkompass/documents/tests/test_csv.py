"""CSV exports: German Excel dialect and the formula-injection guard."""

import csv
import datetime
import io
from decimal import Decimal

import pytest

from kommunalkompass.documents.csv import safe_csv_cell, write_csv
from kommunalkompass.documents.model import Column, NumberFormat
from kommunalkompass.documents.tests.samples import HOSTILE


def parse(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=SUMME(A1:A9)", "'=SUMME(A1:A9)"),
        ("+49 30 1234", "'+49 30 1234"),
        ("-1", "'-1"),
        ("@home", "'@home"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ],
)
def test_formula_like_text_gets_an_apostrophe(text, expected):
    assert safe_csv_cell(text) == expected


@pytest.mark.parametrize("text", ["Straße", "a=b", "E-Mail", "", " =1", "'quoted"])
def test_ordinary_text_is_unchanged(text):
    assert safe_csv_cell(text) == text


def test_numbers_use_the_decimal_comma_and_are_not_guarded():
    assert safe_csv_cell(-1) == "-1"
    assert safe_csv_cell(48250) == "48250"
    assert safe_csv_cell(Decimal("-1234.50")) == "-1234,50"
    assert safe_csv_cell(0.42) == "0,42"
    assert safe_csv_cell(1e-7) == "0,0000001"
    assert safe_csv_cell(float("nan")) == ""
    assert safe_csv_cell(None) == ""


def test_dates_are_iso():
    assert safe_csv_cell(datetime.date(2026, 11, 26)) == "2026-11-26"
    assert safe_csv_cell(datetime.datetime(2026, 11, 26, 9, 5)) == "2026-11-26 09:05"  # noqa: DTZ001


def test_write_csv_is_semicolon_separated_with_bom_and_crlf():
    text = write_csv(
        [["Rathaus; Nord", Decimal("1234.5"), datetime.date(2027, 1, 1)]],
        [Column("Ort"), Column("Kosten", NumberFormat.EURO), "Start"],
    )
    assert text == '\ufeffOrt;Kosten;Start\r\n"Rathaus; Nord";1234,5;2027-01-01\r\n'
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")


def test_hostile_text_survives_literally_except_for_the_guard():
    text = write_csv([[value] for value in HOSTILE], ["=Kopf"])
    rows = parse(text)
    assert rows[0] == ["'=Kopf"]
    for value, (cell,) in zip(HOSTILE, rows[1:], strict=True):
        if value[0] in "=+-@":
            assert cell == "'" + value
        else:
            assert cell == value


def test_german_characters_emoji_newlines_and_quotes_round_trip():
    value = 'Äpfel „Öfen“ ß 🚀🏛️\nzweite Zeile; "zitiert"'
    assert parse(write_csv([[value]]))[0] == [value]


def test_nul_characters_are_dropped():
    assert parse(write_csv([["a\x00b"]]))[0] == ["ab"]


def test_a_long_table_has_one_line_per_row():
    rows = [[f"Maßnahme {n}", n] for n in range(80)]
    assert len(parse(write_csv(rows, ["Maßnahme", "Nr."]))) == 81
