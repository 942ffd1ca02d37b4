"""The one loader of content files: validated, cached, and a fault names file, entry and fault."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import Field, field_validator

from kommunalkompass.core.content import (
    ITEM_LABELS,
    Content,
    ContentError,
    I18n,
    Text,
    duplicate_values,
    load_content,
)


class Answer(Content):
    level: int = Field(ge=1, le=5)
    text: I18n


class Question(Content):
    key: Text
    answers: tuple[Answer, ...]


class Catalog(Content):
    version: Text
    questions: tuple[Question, ...]
    notes: tuple[Text, ...] = ()

    @field_validator("questions")
    @classmethod
    def _unique(cls, questions: tuple[Question, ...]) -> tuple[Question, ...]:
        duplicates = duplicate_values(q.key for q in questions)
        if duplicates:
            raise ValueError(f"question keys must be unique: {', '.join(duplicates)}")
        return questions


GOOD = """\
version: "1.0"
questions:
  - key: vision
    answers:
      - level: 1
        text: {de: Keine, en: None}
      - level: 2
        text: {de: Erste, en: First}
"""


def write(tmp_path: Path, text: str, name: str = "catalog.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def fault(path: Path, schema=Catalog, **kwargs) -> ContentError:
    with pytest.raises(ContentError) as caught:
        load_content(path, schema, **kwargs)
    error = caught.value
    assert error.path == path
    assert str(error) == f"{path.name}: {error.entry}: {error.fault}"
    return error


def test_a_good_file_loads_into_the_schema(tmp_path):
    catalog = load_content(write(tmp_path, GOOD), Catalog)
    assert catalog.questions[0].answers[1].text.get("en") == "First"
    assert catalog.questions[0].answers[1].text.get("de-de") == "Erste"
    with pytest.raises(Exception, match="frozen"):
        catalog.version = "2.0"


def test_an_item_is_named_by_its_key_and_level(tmp_path):
    path = write(tmp_path, GOOD.replace("en: First", "en: '  '"))
    error = fault(path)
    assert error.entry == "questions › vision › answers › level 2 › text › en"
    assert "at least 1 character" in error.fault


def test_an_item_without_a_name_is_counted_from_one(tmp_path):
    path = write(tmp_path, GOOD + "notes: [fine, '']\n")
    assert fault(path).entry == "notes › item 2"


def test_a_validator_fault_is_named_without_pydantic_prefix(tmp_path):
    twice = GOOD + GOOD.split("questions:\n", 1)[1]
    error = fault(write(tmp_path, twice))
    assert (error.entry, error.fault) == ("questions", "question keys must be unique: vision")


def test_an_unknown_field_is_a_fault(tmp_path):
    error = fault(write(tmp_path, GOOD + "colour: green\n"))
    assert error.entry == "colour"
    assert "Extra inputs are not permitted" in error.fault


def test_own_item_labels_come_first(tmp_path):
    class Entry(Content):
        ozg_id: Text
        name: Text

    class Listing(Content):
        services: tuple[Entry, ...]

    path = write(tmp_path, "services:\n  - ozg_id: '10124'\n    name: ''\n")
    labels = (("ozg_id", "OZG-ID {}"), *ITEM_LABELS)
    assert fault(path, Listing, item_labels=labels).entry == "services › OZG-ID 10124 › name"
    assert fault(path, Listing).entry == "services › item 1 › name"


def test_broken_yaml_names_the_line(tmp_path):
    error = fault(write(tmp_path, 'version: "1.0"\nquestions: [\n  - key: a\n'))
    assert error.entry.startswith("line ")
    assert error.fault.startswith("not valid YAML")


@pytest.mark.parametrize("text", ["", "- a list\n", "just text\n"])
def test_a_file_without_a_mapping_is_refused(tmp_path, text):
    error = fault(write(tmp_path, text))
    assert (error.entry, error.fault) == ("(file)", "the file must contain a mapping")


def test_a_missing_file_is_named(tmp_path):
    error = fault(tmp_path / "nowhere.yaml")
    assert (error.entry, error.fault) == ("(file)", "the file does not exist")


def test_a_file_that_is_not_utf8_is_named(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("version: Straße\n".encode("latin-1"))
    error = fault(path)
    assert error.entry == "(file)"
    assert error.fault.startswith("not UTF-8 text")


def test_python_tags_are_not_executed(tmp_path):
    path = write(tmp_path, "version: !!python/object/apply:os.getcwd []\nquestions: []\n")
    assert fault(path).entry.startswith("line ")


def test_a_file_is_read_once_until_it_changes(tmp_path):
    path = write(tmp_path, GOOD)
    first = load_content(path, Catalog)
    assert load_content(path, Catalog) is first
    path.write_text(GOOD.replace('"1.0"', '"1.1"'), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_content(path, Catalog).version == "1.1"


def test_duplicate_values_are_sorted_and_named_once():
    assert duplicate_values(["b", "a", "b", "c", "a", "b"]) == ["a", "b"]
    assert duplicate_values([]) == []
