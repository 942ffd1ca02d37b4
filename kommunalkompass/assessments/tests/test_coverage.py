"""The coverage table of docs/scoring.md ("Coverage") names questions that exist."""

from __future__ import annotations

import re
from pathlib import Path

from kommunalkompass.assessments.maturity import get_model

SCORING_MD = Path(__file__).resolve().parents[3] / "docs" / "scoring.md"

# Every dimension of both frameworks and every municipal topic of issue 13 has a row.
EXPECTED_ROWS = {
    ("EU DMA", "Digital strategy and investments"),
    ("EU DMA", "Digital readiness"),
    ("EU DMA", "Human-centric digitalisation"),
    ("EU DMA", "Data management and security"),
    ("EU DMA", "Interoperability"),
    ("EU DMA", "Green digitalisation"),
    ("OECD DGI", "Digital by design"),
    ("OECD DGI", "Data-driven public sector"),
    ("OECD DGI", "Government as a platform"),
    ("OECD DGI", "Open by default"),
    ("OECD DGI", "User-driven"),
    ("OECD DGI", "Proactiveness"),
    ("municipal topic", "Rules for the use of AI"),
    ("municipal topic", "AI literacy (Art. 4 AI Act)"),
    ("municipal topic", "Automated decisions (§ 35a VwVfG)"),
    ("municipal topic", "Green IT"),
    ("municipal topic", "Services without an application (proactive)"),
    ("municipal topic", "Open data by default"),
    ("municipal topic", "School IT (the municipality as Schulträger)"),
    ("municipal topic", "E-procurement (E-Vergabe)"),
    ("municipal topic", "The 115 service number"),
    ("municipal topic", "Digital archiving (records offered to the archive)"),
}


def coverage_table(text: str) -> tuple[list[str], list[list[str]]]:
    """The header (the model idents of the question columns) and the rows of the table
    under "### Coverage"."""
    section = text.split("### Coverage", 1)[1].split("\n\n")
    block = next(part for part in section if part.startswith("|"))
    table = [[cell.strip() for cell in line.strip("|").split("|")] for line in block.splitlines()]
    header, _rule, *rows = table
    idents = [re.search(r"\(([a-z]+-\d+\.\d+)\)", cell).group(1) for cell in header[2:]]
    return idents, rows


def unknown_questions(text: str) -> list[str]:
    """``row › model › key`` for every key the table names that its model does not have."""
    idents, rows = coverage_table(text)
    faults = []
    for row in rows:
        for ident, cell in zip(idents, row[2:], strict=True):
            model = get_model(ident)
            faults += [
                f"{row[1]} › {ident} › {key}"
                for key in re.findall(r"`([^`]+)`", cell)
                if model.question(key) is None
            ]
    return faults


def test_every_question_the_coverage_table_names_exists():
    assert unknown_questions(SCORING_MD.read_text(encoding="utf-8")) == []


def test_a_question_that_does_not_exist_fails_the_check():
    text = SCORING_MD.read_text(encoding="utf-8").replace(
        "| `strategy-9` |", "| `strategy-9`, `strategy-99` |", 1
    )
    assert unknown_questions(text) == ["Rules for the use of AI › full-1.1 › strategy-99"]
    # A key of the full model is not a key of the Quick-Check.
    text = SCORING_MD.read_text(encoding="utf-8").replace(
        "| Green IT | — |", "| Green IT | `infrastructure-10` |", 1
    )
    assert unknown_questions(text) == ["Green IT › quick-1.1 › infrastructure-10"]


def test_every_framework_dimension_and_topic_has_a_question_of_the_full_model():
    idents, rows = coverage_table(SCORING_MD.read_text(encoding="utf-8"))
    assert idents == ["quick-1.1", "full-1.1"]
    assert {(row[0], row[1]) for row in rows} == EXPECTED_ROWS
    for row in rows:
        assert re.findall(r"`([^`]+)`", row[3]), row[1]
