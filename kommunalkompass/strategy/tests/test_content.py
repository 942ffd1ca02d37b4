"""The strategy's content files: the shipped ones load, broken ones name file, entry, fault."""

from pathlib import Path

import pytest

from kommunalkompass.assessments.maturity import DIMENSION_KEYS
from kommunalkompass.core.content import ContentError
from kommunalkompass.strategy.content import load_starter_fields, starter_fields


def test_the_starter_set_names_each_field_in_both_languages_with_model_dimensions():
    fields = load_starter_fields().fields
    assert len(fields) == 9
    assert starter_fields("de")[0] == (
        "Verwaltung & Services",
        ("services", "organisation", "data"),
    )
    assert starter_fields("en")[-1] == ("Staff & culture", ("people", "strategy"))
    assert all(set(f.dimensions) <= set(DIMENSION_KEYS) for f in fields)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "starter-fields.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_starter_field_with_an_unknown_dimension_is_named(tmp_path):
    path = write(
        tmp_path,
        "fields:\n"
        "  - key: bildung\n"
        "    name: {de: Bildung, en: Education}\n"
        "    dimensions: [infrastructure, schools]\n",
    )
    with pytest.raises(ContentError) as error:
        load_starter_fields(path)
    assert str(error.value).startswith(
        "starter-fields.yaml: fields › bildung › dimensions › item 2: "
    )
    assert "'infrastructure'" in error.value.fault  # the keys allowed are listed


def test_starter_fields_without_english_or_twice_the_same_are_refused(tmp_path):
    path = write(
        tmp_path, "fields:\n  - key: bildung\n    name: {de: Bildung}\n    dimensions: [data]\n"
    )
    with pytest.raises(ContentError, match=r"fields › bildung › name › en: Field required"):
        load_starter_fields(path)
    twice = "  - key: {key}\n    name: {{de: Bildung, en: Education}}\n    dimensions: [data]\n"
    path = write(tmp_path, "fields:\n" + twice.format(key="a") + twice.format(key="b"))
    with pytest.raises(ContentError, match="starter field German names must be unique: bildung"):
        load_starter_fields(path)
